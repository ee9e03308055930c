#include "modelscommand.h"

#include "requestoptions.h"
#include "requestrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::ModelsCommand)
};

int usageError(QTextStream &err, const QString &message)
{
    err << "mantle models: " << message << '\n'
        << Tr::tr("Run `mantle models --help` for the options.") << '\n';
    return kExitUsage;
}

} // namespace

QString ModelsCommand::name() const
{
    return QStringLiteral("models");
}

QString ModelsCommand::summary() const
{
    return Tr::tr("List the models of a region: live, catalogue and custom");
}

int ModelsCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;

    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr(
        "Lists the models of a region, one id per line: the models the region serves (its live\n"
        "GET /v1/models), described by the built-in catalogue, plus the custom models and\n"
        "overrides of the account (--account) as the app's Models view shows them. When the\n"
        "live list cannot be fetched the command fails; --offline lists the catalogue and the\n"
        "custom models without a request. --json prints an array of objects (id,\n"
        "displayName, provider, surfaces, routePrefix, region, listedLive, inCatalogue, custom,\n"
        "privatePrices, prices). Credentials come from the account, else from\n"
        "AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and\n"
        "AWS_SESSION_TOKEN."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    parser.addOption(help);
    const QCommandLineOption details(
        QStringLiteral("details"),
        Tr::tr("Print a table: id, surfaces, route prefix, region, source (live, catalogue or "
               "custom), input and output price per million tokens."));
    parser.addOption(details);
    const QCommandLineOption offline(
        QStringLiteral("offline"),
        Tr::tr("Send no request: list the built-in catalogue and the account's custom models."));
    parser.addOption(offline);
    const RequestOptions options;
    options.addTargetOptionsTo(parser);

    if (!parser.parse(QStringList{QStringLiteral("mantle models")} + context.arguments))
        return usageError(err, parser.errorText());
    if (parser.isSet(help)) {
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1")
                   .arg(QLatin1String("mantle models [--account A | --region R] [--endpoint URL] "
                                      "[--details | --json] [--offline]"))
            << '\n'
            << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            err, Tr::tr("unexpected argument “%1”.").arg(parser.positionalArguments().first()));
    const auto target = options.readTarget(parser);
    if (!target)
        return usageError(err, target.error().toDisplayString());

    if (parser.isSet(details) && options.wantsJson(parser))
        return usageError(err, Tr::tr("--details and --json cannot be combined."));
    const auto format = parser.isSet(details) ? RequestRunner::ModelsFormat::Details
        : options.wantsJson(parser)           ? RequestRunner::ModelsFormat::Json
                                              : RequestRunner::ModelsFormat::Ids;

    RequestRunner runner(context, name());
    return runner.runModels(*target, format, parser.isSet(offline));
}

} // namespace mantle::cli
