#include "regionscommand.h"

#include "requestoptions.h"
#include "requestrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::RegionsCommand)
};

int usageError(QTextStream &err, const QString &message)
{
    err << "mantle regions: " << message << '\n'
        << Tr::tr("Run `mantle regions --help` for the options.") << '\n';
    return kExitUsage;
}

} // namespace

QString RegionsCommand::name() const
{
    return QStringLiteral("regions");
}

QString RegionsCommand::summary() const
{
    return Tr::tr("Which of the 13 regions serve a model, with a latency probe");
}

int RegionsCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;

    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr(
        "Asks all 13 Mantle regions at once for their live model list (GET /v1/models) and\n"
        "prints one row per region: the region, its name, whether it lists the model (--model),\n"
        "how many models it lists, the latency probe (milliseconds to the first byte of the\n"
        "list's answer, connection set-up included) and the error of a region that failed.\n"
        "--json prints {model, shared_endpoint, answered, serving, regions: [{region, name,\n"
        "status, serves_model, models_listed, latency_ms, error}]}. Exit 0 when at least one\n"
        "region answered, else 1. Credentials come from the account, else from\n"
        "AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and\n"
        "AWS_SESSION_TOKEN; with SigV4 each region's request is signed for that region."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    const QCommandLineOption model(QStringLiteral("model"),
                                   Tr::tr("The model to look for in each region's list."),
                                   QStringLiteral("M"));
    const QCommandLineOption account(QStringLiteral("account"),
                                     Tr::tr("An account of the app (see `mantle accounts`)."),
                                     QStringLiteral("A"));
    const QCommandLineOption endpoint(
        QStringLiteral("endpoint"),
        Tr::tr("Send every region's request to this root URL instead of the region's own "
               "(plain http only to loopback)."),
        QStringLiteral("URL"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  Tr::tr("Print the result as JSON instead of a table."));
    parser.addOptions({help, model, account, endpoint, json});

    if (!parser.parse(QStringList{QStringLiteral("mantle regions")} + context.arguments))
        return usageError(err, parser.errorText());
    if (parser.isSet(help)) {
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1")
                   .arg(QLatin1String(
                       "mantle regions [--model M] [--account A] [--endpoint URL] [--json]"))
            << '\n'
            << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            err, Tr::tr("unexpected argument “%1”.").arg(parser.positionalArguments().first()));

    RequestTarget target;
    target.account = parser.value(account).trimmed();
    if (parser.isSet(account) && target.account.isEmpty())
        return usageError(err, Tr::tr("--account must not be empty."));
    if (parser.isSet(endpoint)) {
        auto parsed = mantle::Endpoint::parse(parser.value(endpoint));
        if (!parsed)
            return usageError(err, Tr::tr("--endpoint: %1").arg(parsed.error().toDisplayString()));
        target.endpoint = std::move(parsed).value();
    }
    const QString modelId = parser.value(model).trimmed();
    if (parser.isSet(model) && modelId.isEmpty())
        return usageError(err, Tr::tr("--model must not be empty."));

    RequestRunner runner(context, name());
    return runner.runRegions(target, modelId, parser.isSet(json));
}

} // namespace mantle::cli
