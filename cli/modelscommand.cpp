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
    return Tr::tr("List the models Mantle serves in a region");
}

int ModelsCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("Lists the models Mantle serves, one id per line. Credentials come from\n"
               "AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and\n"
               "AWS_SESSION_TOKEN."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    parser.addOption(help);
    const RequestOptions options;
    options.addTargetOptionsTo(parser);

    if (!parser.parse(QStringList{QStringLiteral("mantle models")} + context.arguments))
        return usageError(err, parser.errorText());
    if (parser.isSet(help)) {
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1").arg(QLatin1String("mantle models [--region R] [--endpoint URL]"))
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

    RequestRunner runner(context, name());
    return runner.runModels(*target, options.wantsJson(parser));
}

} // namespace mantle::cli
