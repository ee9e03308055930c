#include "snippetcommand.h"

#include "export/snippetlanguage.h"
#include "requestoptions.h"
#include "requestrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::SnippetCommand)
};

const QStringList kSurfaces{QStringLiteral("chat"), QStringLiteral("responses"),
                            QStringLiteral("messages")};

/// The request flags that --spec replaces (the target flags still apply).
const QStringList kSpecReplaces{
    QStringLiteral("model"),       QStringLiteral("prompt"),
    QStringLiteral("system"),      QStringLiteral("max-tokens"),
    QStringLiteral("temperature"), QStringLiteral("reasoning-effort"),
    QStringLiteral("tools"),       QStringLiteral("tool-choice"),
    QStringLiteral("schema"),      QStringLiteral("previous-response-id"),
    QStringLiteral("no-store"),    QStringLiteral("background"),
    QStringLiteral("stream"),
};

Result<api::RequestSpec> readSpecFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("--spec: cannot read “%1”: %2.").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("--spec: “%1” does not hold a JSON object.").arg(path));
    auto spec = api::RequestSpec::fromJson(document.object());
    if (!spec)
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("--spec: %1").arg(spec.error().toDisplayString()));
    return spec;
}

} // namespace

QString SnippetCommand::name() const
{
    return QStringLiteral("snippet");
}

QString SnippetCommand::summary() const
{
    return Tr::tr("Print a request as a program (Python, TypeScript, curl)");
}

int SnippetCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;
    const auto usageError = [&](const QString &message) {
        err << "mantle snippet: " << message << '\n'
            << Tr::tr("Run `mantle snippet --help` for the options.") << '\n';
        return int(kExitUsage);
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("%1.\nThe program reads its credentials from the environment when it runs\n"
               "(AWS_BEARER_TOKEN_BEDROCK, or the AWS_* key variables or AWS_PROFILE for SigV4);\n"
               "this command reads none and sends nothing.")
            .arg(summary()));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    const QCommandLineOption api(QStringLiteral("api"),
                                 Tr::tr("The API: %1.").arg(kSurfaces.join(QStringLiteral(", "))),
                                 QStringLiteral("chat|responses|messages"));
    const QCommandLineOption lang(
        QStringLiteral("lang"),
        Tr::tr("The language: %1.")
            .arg(codeexport::snippetLanguageNames().join(QStringLiteral(", "))),
        QStringLiteral("L"));
    const QCommandLineOption specFile(
        QStringLiteral("spec"),
        Tr::tr("A request description (RequestSpec JSON) instead of the request flags."),
        QStringLiteral("FILE"));
    parser.addOptions({help, api, lang, specFile});
    const RequestOptions options;
    options.addRequestOptionsTo(parser);

    if (!parser.parse(QStringList{QStringLiteral("mantle snippet")} + context.arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1")
                   .arg(QStringLiteral("mantle snippet --api chat|responses|messages --lang L "
                                       "(--model M [options] | --spec FILE)"))
            << '\n'
            << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            Tr::tr("unexpected argument “%1”.").arg(parser.positionalArguments().first()));

    if (!parser.isSet(lang))
        return usageError(Tr::tr("--lang is required (%1).")
                              .arg(codeexport::snippetLanguageNames().join(QStringLiteral(", "))));
    const auto language = codeexport::snippetLanguageFromName(parser.value(lang));
    if (!language)
        return usageError(Tr::tr("--lang takes %1, not “%2”.")
                              .arg(codeexport::snippetLanguageNames().join(QStringLiteral(", ")),
                                   parser.value(lang)));

    std::optional<mantle::ApiSurface> surface;
    if (parser.isSet(api)) {
        const QString name = parser.value(api).trimmed().toLower();
        if (!kSurfaces.contains(name))
            return usageError(Tr::tr("--api takes %1, not “%2”.")
                                  .arg(kSurfaces.join(QStringLiteral(", ")), parser.value(api)));
        surface = mantle::apiSurfaceFromName(name);
    }

    ParsedRequest request;
    if (parser.isSet(specFile)) {
        for (const QString &flag : kSpecReplaces) {
            if (parser.isSet(flag))
                return usageError(Tr::tr("--spec replaces --%1: give one or the other.").arg(flag));
        }
        auto spec = readSpecFile(parser.value(specFile));
        if (!spec)
            return usageError(spec.error().toDisplayString());
        auto target = options.readTarget(parser);
        if (!target)
            return usageError(target.error().toDisplayString());
        request.spec = std::move(spec).value();
        request.target = std::move(target).value();
        if (surface && *surface != request.spec.surface)
            return usageError(Tr::tr("--api %1 does not match the spec's API (%2).")
                                  .arg(mantle::apiSurfaceName(*surface),
                                       mantle::apiSurfaceName(request.spec.surface)));
        if (request.target.region.isEmpty())
            request.target.region = request.spec.region;
        if (request.target.account.isEmpty())
            request.target.account = request.spec.account;
    } else {
        if (!surface)
            return usageError(
                Tr::tr("--api is required (%1).").arg(kSurfaces.join(QStringLiteral(", "))));
        auto parsed = options.readRequest(parser, *surface, context.in);
        if (!parsed)
            return usageError(parsed.error().toDisplayString());
        request = std::move(parsed).value();
    }

    RequestRunner runner(context, name());
    return runner.runSnippet(request, *language);
}

} // namespace mantle::cli
