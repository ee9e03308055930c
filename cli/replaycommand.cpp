#include "replaycommand.h"

#include "api/turnreader.h"
#include "mantle/apisurface.h"
#include "net/sseparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::ReplayCommand)
};

int usageError(QTextStream &err, const QString &message)
{
    err << "mantle replay: " << message << '\n'
        << Tr::tr("Run `mantle replay --help` for the options.") << '\n';
    return kExitUsage;
}

int failure(QTextStream &err, const Error &error)
{
    err << "mantle replay: " << error.toDisplayString() << '\n';
    return kExitFailed;
}

constexpr qint64 kChunkBytes = 64 * 1024;

Error readError(const QFile &file)
{
    return makeError(Error::Kind::Io,
                     Tr::tr("Cannot read “%1”: %2.").arg(file.fileName(), file.errorString()));
}

/// The turn a recorded event stream gives, read as the app reads one from the network: in
/// chunks, so memory does not grow with the length of the recording. `head` is what was already
/// read from `file`.
Result<api::Turn> replayStream(mantle::ApiSurface surface, QFile &file, const QByteArray &head)
{
    const std::unique_ptr<api::StreamAccumulator> accumulator
        = api::TurnReader::createAccumulator(surface);
    net::SseParser parser;
    const auto onEvent = [&](const net::SseEventView &event) {
        accumulator->addEvent(event);
    };
    bool ok = parser.feed(head, onEvent);
    QByteArray chunk;
    while (ok && !file.atEnd()) {
        chunk = file.read(kChunkBytes);
        if (file.error() != QFileDevice::NoError)
            return readError(file);
        ok = parser.feed(chunk, onEvent);
    }
    if (ok) {
        parser.finish(onEvent);
        accumulator->finish();
    } else {
        accumulator->abort({QString::fromLatin1(api::kStreamError), parser.error().message, {}});
    }
    return accumulator->turn();
}

} // namespace

QString ReplayCommand::name() const
{
    return QStringLiteral("replay");
}

QString ReplayCommand::summary() const
{
    return Tr::tr("Read a recorded stream or answer body and print the turn as JSON");
}

int ReplayCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("Feeds a recorded server-sent event stream (or a non-streamed JSON answer body)\n"
               "through the parser and accumulator of one API and prints the final turn as\n"
               "JSON: {text, reasoning, tool_calls, usage, stop_reason, response_id, error}.\n"
               "An error the stream reports is part of the turn; the exit code is still 0."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    const QCommandLineOption api(QStringLiteral("api"),
                                 Tr::tr("The API that produced the recording: chat, responses "
                                        "or messages."),
                                 QStringLiteral("API"));
    parser.addOptions({help, api});
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 Tr::tr("The recorded stream or answer body."));

    if (!parser.parse(QStringList{QStringLiteral("mantle replay")} + context.arguments))
        return usageError(err, parser.errorText());
    if (parser.isSet(help)) {
        // The parser's own first line names the program file; ours names the command.
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1")
                   .arg(QLatin1String("mantle replay --api chat|responses|messages FILE"))
            << '\n'
            << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        return kExitOk;
    }
    if (!parser.isSet(api))
        return usageError(err, Tr::tr("--api is required (chat, responses or messages)."));
    const std::optional<mantle::ApiSurface> surface = mantle::apiSurfaceFromName(parser.value(api));
    if (!surface || !api::TurnReader::readsTurns(*surface)) {
        return usageError(
            err,
            Tr::tr("--api “%1” is not one of chat, responses, messages.").arg(parser.value(api)));
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return usageError(err, Tr::tr("name the FILE to replay."));
    if (files.size() > 1)
        return usageError(err, Tr::tr("unexpected argument “%1”.").arg(files.at(1)));

    QFile file(files.first());
    if (!file.open(QIODevice::ReadOnly))
        return failure(err, readError(file));
    // The first bytes tell a stream from a JSON body (which is read whole: bodies are small).
    QByteArray head = file.read(kChunkBytes);
    while (!file.atEnd() && head.trimmed().isEmpty() && file.error() == QFileDevice::NoError)
        head += file.read(kChunkBytes);
    if (file.error() != QFileDevice::NoError)
        return failure(err, readError(file));

    api::Turn turn;
    if (api::TurnReader::looksLikeEventStream(head)) {
        auto replayed = replayStream(*surface, file, head);
        if (!replayed)
            return failure(err, replayed.error());
        turn = std::move(replayed).value();
    } else {
        const QByteArray bytes = head + file.readAll();
        if (file.error() != QFileDevice::NoError)
            return failure(err, readError(file));
        auto parsed = api::TurnReader::parseBody(*surface, bytes);
        if (!parsed)
            return failure(err, parsed.error());
        turn = std::move(parsed).value();
    }
    out << QString::fromUtf8(QJsonDocument(turn.toReplayJson()).toJson(QJsonDocument::Indented));
    return kExitOk;
}

} // namespace mantle::cli
