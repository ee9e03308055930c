#include "requestoptions.h"

#include "api/tooldefinitionjson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTextStream>

#include <cmath>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::RequestOptions)
};

Error usage(const QString &message)
{
    return makeError(Error::Kind::InvalidInput, message);
}

Result<QJsonDocument> readJsonFile(const QString &flag, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return usage(Tr::tr("%1: cannot read “%2”: %3.").arg(flag, path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return usage(Tr::tr("%1: “%2” is not JSON (%3 at byte %4).")
                         .arg(flag, path, parseError.errorString())
                         .arg(parseError.offset));
    return document;
}

Result<QList<api::ToolDefinition>> readTools(const QString &path)
{
    const QString flag = QStringLiteral("--tools");
    const auto document = readJsonFile(flag, path);
    if (!document)
        return document.error();
    if (!document->isArray())
        return usage(Tr::tr("--tools: “%1” must hold a JSON array of tools.").arg(path));
    return api::ToolDefinitionJson::readTools(document->array(), flag);
}

/// The schema's name: the file's base name reduced to the characters the surfaces allow.
QString schemaNameFor(const QString &path)
{
    static const QRegularExpression disallowed(QStringLiteral("[^A-Za-z0-9_-]"));
    QString name = QFileInfo(path).completeBaseName().replace(disallowed, QStringLiteral("_"));
    return name.isEmpty() ? QStringLiteral("answer") : name.left(64);
}

std::optional<api::ReasoningEffort> reasoningEffortFrom(const QString &value)
{
    for (const auto effort :
         {api::ReasoningEffort::Low, api::ReasoningEffort::Medium, api::ReasoningEffort::High}) {
        if (value.compare(api::reasoningEffortName(effort), Qt::CaseInsensitive) == 0)
            return effort;
    }
    return std::nullopt;
}

api::ToolChoice toolChoiceFrom(const QString &value)
{
    api::ToolChoice choice;
    if (value == QLatin1String("auto"))
        choice.mode = api::ToolChoice::Mode::Auto;
    else if (value == QLatin1String("none"))
        choice.mode = api::ToolChoice::Mode::None;
    else if (value == QLatin1String("required"))
        choice.mode = api::ToolChoice::Mode::Required;
    else {
        choice.mode = api::ToolChoice::Mode::Function;
        choice.functionName = value;
    }
    return choice;
}

} // namespace

RequestOptions::RequestOptions()
    : m_model(QStringLiteral("model"), Tr::tr("The model id, e.g. openai.gpt-oss-120b."),
              QStringLiteral("M"))
    , m_prompt(QStringLiteral("prompt"), Tr::tr("The prompt (read from stdin when absent)."),
               QStringLiteral("TEXT"))
    , m_system(QStringLiteral("system"), Tr::tr("The system prompt."), QStringLiteral("TEXT"))
    , m_maxTokens(QStringLiteral("max-tokens"), Tr::tr("The most tokens to generate."),
                  QStringLiteral("N"))
    , m_temperature(QStringLiteral("temperature"), Tr::tr("The sampling temperature, 0 to 2."),
                    QStringLiteral("T"))
    , m_reasoningEffort(QStringLiteral("reasoning-effort"),
                        Tr::tr("How hard a reasoning model thinks: low, medium or high."),
                        QStringLiteral("E"))
    , m_tools(QStringLiteral("tools"),
              Tr::tr("A JSON file with an array of tools in the API's own shape."),
              QStringLiteral("FILE"))
    , m_toolChoice(QStringLiteral("tool-choice"),
                   Tr::tr("auto, none, required or the name of a tool to call."),
                   QStringLiteral("auto|none|required|NAME"))
    , m_schema(QStringLiteral("schema"),
               Tr::tr("A JSON Schema file the answer must follow (structured output)."),
               QStringLiteral("FILE"))
    , m_previousResponseId(QStringLiteral("previous-response-id"),
                           Tr::tr("Continue from a stored response (responses only)."),
                           QStringLiteral("ID"))
    , m_noStore(QStringLiteral("no-store"),
                Tr::tr("Ask the server not to store the response (responses only)."))
    , m_background(QStringLiteral("background"),
                   Tr::tr("Run the response in the background and follow it until it is done "
                          "(responses only)."))
    , m_stream(QStringLiteral("stream"), Tr::tr("Stream the answer, printing text as it comes."))
    , m_json(QStringLiteral("json"), Tr::tr("Print the final turn as JSON instead of the text."))
    , m_region(QStringLiteral("region"),
               Tr::tr("The AWS region (default: AWS_REGION or AWS_DEFAULT_REGION)."),
               QStringLiteral("R"))
    , m_endpoint(QStringLiteral("endpoint"),
                 Tr::tr("The root URL to send to instead of the region's Mantle host."),
                 QStringLiteral("URL"))
    , m_account(QStringLiteral("account"), Tr::tr("An account of the app (see `mantle accounts`)."),
                QStringLiteral("A"))
{ }

void RequestOptions::addTargetOptionsTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_region, m_endpoint, m_account, m_json});
}

void RequestOptions::addRequestOptionsTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_model, m_prompt, m_system, m_maxTokens, m_temperature, m_reasoningEffort,
                       m_tools, m_toolChoice, m_schema, m_previousResponseId, m_noStore,
                       m_background, m_stream});
    addTargetOptionsTo(parser);
}

Result<RequestTarget> RequestOptions::readTarget(const QCommandLineParser &parser) const
{
    RequestTarget target;
    target.account = parser.value(m_account).trimmed();
    if (parser.isSet(m_account) && target.account.isEmpty())
        return usage(Tr::tr("--account must not be empty."));
    target.region = parser.value(m_region).trimmed();
    if (parser.isSet(m_region) && target.region.isEmpty())
        return usage(Tr::tr("--region must not be empty."));
    if (parser.isSet(m_endpoint)) {
        auto endpoint = mantle::Endpoint::parse(parser.value(m_endpoint));
        if (!endpoint)
            return usage(Tr::tr("--endpoint: %1").arg(endpoint.error().toDisplayString()));
        target.endpoint = std::move(endpoint).value();
    }
    return target;
}

bool RequestOptions::wantsJson(const QCommandLineParser &parser) const
{
    return parser.isSet(m_json);
}

QString RequestOptions::modelName(const QCommandLineParser &parser) const
{
    return parser.value(m_model).trimmed();
}

bool RequestOptions::wantsStream(const QCommandLineParser &parser) const
{
    return parser.isSet(m_stream);
}

Result<ParsedRequest> RequestOptions::readRequest(const QCommandLineParser &parser,
                                                  mantle::ApiSurface surface, QTextStream *in,
                                                  bool requireModel) const
{
    auto target = readTarget(parser);
    if (!target)
        return target.error();
    ParsedRequest parsed;
    parsed.target = std::move(target).value();
    parsed.json = parser.isSet(m_json);

    api::RequestSpec &spec = parsed.spec;
    spec.surface = surface;
    spec.region = parsed.target.region;
    spec.model = parser.value(m_model).trimmed();
    if (spec.model.isEmpty() && requireModel)
        return usage(Tr::tr("--model is required."));

    QString prompt = parser.value(m_prompt);
    if (!parser.isSet(m_prompt) && in)
        prompt = in->readAll();
    while (prompt.endsWith(QLatin1Char('\n')) || prompt.endsWith(QLatin1Char('\r')))
        prompt.chop(1);
    if (prompt.trimmed().isEmpty())
        return usage(Tr::tr("give the prompt with --prompt TEXT or on stdin."));
    api::ConversationMessage message;
    message.text = prompt;
    spec.messages.append(message);
    spec.instructions = parser.value(m_system);

    if (parser.isSet(m_maxTokens)) {
        bool ok = false;
        const qint64 maxTokens = parser.value(m_maxTokens).toLongLong(&ok);
        if (!ok || maxTokens < 1)
            return usage(Tr::tr("--max-tokens takes a positive whole number, not “%1”.")
                             .arg(parser.value(m_maxTokens)));
        spec.parameters.maxOutputTokens = maxTokens;
    }
    if (parser.isSet(m_temperature)) {
        bool ok = false;
        const double temperature = parser.value(m_temperature).toDouble(&ok);
        if (!ok || !std::isfinite(temperature) || temperature < 0.0 || temperature > 2.0)
            return usage(Tr::tr("--temperature takes a number from 0 to 2, not “%1”.")
                             .arg(parser.value(m_temperature)));
        spec.parameters.temperature = temperature;
    }
    if (parser.isSet(m_reasoningEffort)) {
        spec.parameters.reasoningEffort = reasoningEffortFrom(parser.value(m_reasoningEffort));
        if (!spec.parameters.reasoningEffort)
            return usage(Tr::tr("--reasoning-effort takes low, medium or high, not “%1”.")
                             .arg(parser.value(m_reasoningEffort)));
    }
    if (parser.isSet(m_tools)) {
        auto tools = readTools(parser.value(m_tools));
        if (!tools)
            return tools.error();
        spec.tools = std::move(tools).value();
    }
    if (parser.isSet(m_toolChoice)) {
        const QString value = parser.value(m_toolChoice).trimmed();
        if (value.isEmpty())
            return usage(Tr::tr("--tool-choice takes auto, none, required or a tool's name."));
        spec.toolChoice = toolChoiceFrom(value);
    }
    if (parser.isSet(m_schema)) {
        const QString path = parser.value(m_schema);
        const auto document = readJsonFile(QStringLiteral("--schema"), path);
        if (!document)
            return document.error();
        if (!document->isObject())
            return usage(Tr::tr("--schema: “%1” must hold a JSON Schema object.").arg(path));
        api::OutputSchema schema;
        schema.name = schemaNameFor(path);
        schema.schema = document->object();
        spec.outputSchema = schema;
    }
    spec.previousResponseId = parser.value(m_previousResponseId).trimmed();
    if (parser.isSet(m_noStore))
        spec.store = false;
    spec.stream = parser.isSet(m_stream);
    if (parser.isSet(m_background)) {
        if (surface != mantle::ApiSurface::Responses)
            return usage(Tr::tr("--background is for the responses command only."));
        if (spec.stream)
            return usage(Tr::tr("--background and --stream do not go together: a background "
                                "response is followed by asking for it until it is done."));
        if (spec.store == false)
            return usage(Tr::tr("--background needs the response stored: drop --no-store."));
        spec.background = true;
    }
    return parsed;
}

} // namespace mantle::cli
