#include "emulatorprogram.h"

#include "emulatorserver.h"
#include "localemulator.h"
#include "requestdispatcher.h"
#include "terminationsignals.h"

#include "common/clock.h"
#include "mantle/regions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace mantle::emulator {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::emulator::EmulatorProgram)
};

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int usageError(QTextStream &err, const QString &usage, const QString &message)
{
    err << usage << ": " << message << '\n'
        << Tr::tr("Run `%1 --help` for the options.").arg(usage) << '\n';
    err.flush();
    return kExitUsage;
}

} // namespace

int EmulatorProgram::run(const QStringList &arguments, QTextStream &out, QTextStream &err,
                         const QString &usage)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("A local Amazon Bedrock Mantle on 127.0.0.1, for tests and demos.\n"
               "It accepts SigV4 with the access key id AKIDMANTLEEMULATOR and the secret\n"
               "mantle-emulator-secret, and the API key mantle-emulator-key (Authorization:\n"
               "Bearer, or x-api-key under /anthropic). A request can ask for faults with the\n"
               "header x-emulator-fault (latency=MS; status=CODE; retry-after=S; access-denied;\n"
               "wrong-prefix; drop-after=N; malformed-after=N; stall-after=N) and for a pace\n"
               "between stream events with x-emulator-pace: MS."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    const QCommandLineOption port(
        QStringLiteral("port"), Tr::tr("The port on 127.0.0.1 (0, the default, picks a free one)."),
        QStringLiteral("P"), QStringLiteral("0"));
    const QCommandLineOption region(
        QStringLiteral("region"),
        Tr::tr("The region of requests whose signature or Host names none (default us-east-1)."),
        QStringLiteral("R"), QStringLiteral("us-east-1"));
    const QCommandLineOption pace(
        QStringLiteral("pace-ms"),
        Tr::tr("Milliseconds between two events of a streamed answer (default 0: all at once); "
               "a request's x-emulator-pace header overrides it."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption closeDelimited(
        QStringLiteral("close-delimited"),
        Tr::tr("Stream without chunked encoding, ending each stream by closing the connection."));
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     Tr::tr("Log every request on standard error."));
    parser.addOptions({help, port, region, pace, closeDelimited, verbose});

    if (!parser.parse(QStringList{usage} + arguments))
        return usageError(err, usage, parser.errorText());
    if (parser.isSet(help)) {
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1")
                   .arg(usage + QLatin1String(" [--port P] [--region R] [--pace-ms N]"))
            << '\n'
            << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        out.flush();
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            err, usage,
            Tr::tr("unexpected argument “%1”.").arg(parser.positionalArguments().first()));

    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535)
        return usageError(
            err, usage,
            Tr::tr("--port takes a number from 0 to 65535, not “%1”.").arg(parser.value(port)));
    const QString regionCode = parser.value(region);
    if (!::mantle::mantle::isMantleRegion(regionCode))
        return usageError(err, usage,
                          Tr::tr("--region must be one of the Mantle regions (%1), not “%2”.")
                              .arg(::mantle::mantle::mantleRegionCodes(), regionCode));
    const int paceMs = parser.value(pace).toInt(&ok);
    if (!ok || paceMs < 0 || paceMs > RequestDispatcher::kMaxPaceMs)
        return usageError(
            err, usage,
            Tr::tr("--pace-ms takes milliseconds from 0 to %1, not “%2”.")
                .arg(QString::number(RequestDispatcher::kMaxPaceMs), parser.value(pace)));

    EmulatorServerOptions options;
    options.region = regionCode.toLatin1();
    options.paceMs = paceMs;
    options.closeDelimitedStreams = parser.isSet(closeDelimited);

    const SystemClock clock;
    LocalEmulator emulator(clock, options);
    EmulatorServer &server = emulator.server();
    if (!emulator.start(quint16(portNumber))) {
        err << Tr::tr("%1: cannot listen on 127.0.0.1:%2: %3")
                   .arg(usage, QString::number(portNumber), emulator.errorString())
            << '\n';
        err.flush();
        return kExitFailed;
    }
    if (parser.isSet(verbose)) {
        QObject::connect(&server, &EmulatorServer::requestServed, &server,
                         [&err](const QByteArray &method, const QByteArray &target, int status,
                                const QByteArray &requestId) {
                             err << method << ' ' << target << ' ' << status << ' ' << requestId
                                 << '\n';
                             err.flush();
                         });
    }

    TerminationSignals terminationSignals;
    QObject::connect(&terminationSignals, &TerminationSignals::received,
                     QCoreApplication::instance(), [] { QCoreApplication::exit(kExitOk); });

    // The stable first line that scripts and tests wait for.
    out << "listening on http://127.0.0.1:" << server.port() << '\n';
    out.flush();

    return QCoreApplication::exec() == 0 ? kExitOk : kExitFailed;
}

} // namespace mantle::emulator
