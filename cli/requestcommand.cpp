#include "requestcommand.h"

#include "requestoptions.h"
#include "requestrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::RequestCommand)
};

} // namespace

RequestCommand::RequestCommand(mantle::ApiSurface surface)
    : m_surface(surface)
{ }

QString RequestCommand::name() const
{
    return mantle::apiSurfaceName(m_surface);
}

QString RequestCommand::summary() const
{
    switch (m_surface) {
    case mantle::ApiSurface::ChatCompletions:
        return Tr::tr("Send a prompt with the Chat Completions API and print the answer");
    case mantle::ApiSurface::Responses:
        return Tr::tr("Send a prompt with the Responses API and print the answer");
    case mantle::ApiSurface::Messages:
        return Tr::tr("Send a prompt with the Anthropic Messages API and print the answer");
    case mantle::ApiSurface::CountTokens:
        return Tr::tr("Count the input tokens of a Messages request");
    case mantle::ApiSurface::Models:
        break;
    }
    return {};
}

int RequestCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;
    const QString command = name();
    const auto usageError = [&](const QString &message) {
        err << "mantle " << command << ": " << message << '\n'
            << Tr::tr("Run `mantle %1 --help` for the options.").arg(command) << '\n';
        return int(kExitUsage);
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("%1.\nCredentials come from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID,\n"
               "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.")
            .arg(summary()));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    parser.addOption(help);
    const RequestOptions options;
    options.addRequestOptionsTo(parser);

    if (!parser.parse(QStringList{QStringLiteral("mantle ") + command} + context.arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1").arg(QStringLiteral("mantle %1 --model M [options]").arg(command))
            << '\n';
        if (m_surface == mantle::ApiSurface::Responses)
            out << QStringLiteral("       mantle responses get|delete|cancel ID [--model M] "
                                  "[--region R] [--endpoint URL] [--json]\n");
        out << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        return kExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (m_surface == mantle::ApiSurface::Responses && !positional.isEmpty()) {
        // mantle responses get|delete|cancel ID: a stored response.
        static const QStringList actions{QStringLiteral("get"), QStringLiteral("delete"),
                                         QStringLiteral("cancel")};
        const qsizetype action = actions.indexOf(positional.first());
        if (action < 0)
            return usageError(Tr::tr("unexpected argument “%1” (the stored-response actions are "
                                     "get, delete and cancel).")
                                  .arg(positional.first()));
        if (positional.size() != 2)
            return usageError(Tr::tr("%1 takes exactly one response id.").arg(positional.first()));
        const auto target = options.readTarget(parser);
        if (!target)
            return usageError(target.error().toDisplayString());
        RequestRunner runner(context, command);
        return runner.runStoredResponse(RequestRunner::StoredResponseAction(action),
                                        positional.at(1), options.modelName(parser), *target,
                                        options.wantsJson(parser));
    }
    if (!positional.isEmpty())
        return usageError(Tr::tr("unexpected argument “%1”.").arg(positional.first()));
    if (m_surface == mantle::ApiSurface::CountTokens && options.wantsStream(parser))
        return usageError(Tr::tr("count-tokens does not stream."));

    const auto request = options.readRequest(parser, m_surface, context.in);
    if (!request)
        return usageError(request.error().toDisplayString());

    RequestRunner runner(context, command);
    return m_surface == mantle::ApiSurface::CountTokens ? runner.runCountTokens(*request)
                                                        : runner.runTurn(*request);
}

} // namespace mantle::cli
