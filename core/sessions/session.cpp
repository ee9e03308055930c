#include "session.h"

#include "common/jsonfieldreader.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>
#include <QStringList>
#include <QUuid>

#include <algorithm>
#include <array>
#include <cmath>

namespace mantle::sessions {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::sessions::Session)
};

constexpr qsizetype kMaxIdLength = 100;

// The keys of the file format (snake_case, as RequestSpec::toJson spells its fields).
constexpr QLatin1String kFormatKey("format");
constexpr QLatin1String kVersionKey("version");
constexpr QLatin1String kIdKey("id");
constexpr QLatin1String kEntriesKey("entries");

/// Usage and errors are stored in the shape of `mantle replay` (Turn::toReplayJson), so that
/// there is one JSON form of each.
QJsonObject usageToJson(const api::Usage &usage)
{
    api::Turn turn;
    turn.usage = usage;
    return turn.toReplayJson().value(QLatin1String("usage")).toObject();
}

QJsonObject turnErrorToJson(const api::TurnError &error)
{
    api::Turn turn;
    turn.error = error;
    return turn.toReplayJson().value(QLatin1String("error")).toObject();
}

void putString(QJsonObject &json, QLatin1String key, const QString &value)
{
    if (!value.isEmpty())
        json.insert(key, value);
}

// An answer's cost split by kind of token; amounts in whole pico-units of `currency`.
constexpr QLatin1String kCostTokenKeys[]
    = {QLatin1String("uncached_input_tokens"), QLatin1String("cached_input_tokens"),
       QLatin1String("cache_write_tokens"), QLatin1String("output_tokens")};
constexpr QLatin1String kCostPicoKeys[]
    = {QLatin1String("uncached_input_pico"), QLatin1String("cached_input_pico"),
       QLatin1String("cache_write_pico"), QLatin1String("output_pico")};

std::array<qint64 mantle::RequestCost::*, 4> costTokenFields()
{
    return {&mantle::RequestCost::uncachedInputTokens, &mantle::RequestCost::cachedInputTokens,
            &mantle::RequestCost::cacheWriteTokens, &mantle::RequestCost::outputTokens};
}

std::array<qint64 mantle::RequestCost::*, 4> costPicoFields()
{
    return {&mantle::RequestCost::uncachedInputPico, &mantle::RequestCost::cachedInputPico,
            &mantle::RequestCost::cacheWritePico, &mantle::RequestCost::outputPico};
}

QJsonObject requestCostToJson(const mantle::RequestCost &cost)
{
    QJsonObject json{{QStringLiteral("currency"), cost.currency}};
    for (std::size_t i = 0; i < costTokenFields().size(); ++i) {
        json.insert(kCostTokenKeys[i], cost.*costTokenFields()[i]);
        json.insert(kCostPicoKeys[i], cost.*costPicoFields()[i]);
    }
    return json;
}

mantle::RequestCost requestCostFromJson(JsonFieldReader &reader)
{
    mantle::RequestCost cost;
    const QString currency = reader.string(QLatin1String("currency"));
    if (!currency.isEmpty())
        cost.currency = currency;
    for (std::size_t i = 0; i < costTokenFields().size(); ++i) {
        cost.*costTokenFields()[i] = reader.optionalInteger(kCostTokenKeys[i]).value_or(0);
        cost.*costPicoFields()[i] = reader.optionalInteger(kCostPicoKeys[i]).value_or(0);
    }
    return cost;
}

QJsonObject entryToJson(const SessionEntry &entry)
{
    QJsonObject json{
        {QStringLiteral("id"), entry.id},
        {QStringLiteral("role"), api::messageRoleName(entry.role)},
        {QStringLiteral("text"), entry.text},
        {QStringLiteral("created_at"), JsonFieldReader::toIsoTime(entry.createdAt)},
    };
    putString(json, QLatin1String("reasoning"), entry.reasoning);
    if (!entry.toolCalls.isEmpty()) {
        QJsonArray calls;
        for (const api::ToolCall &call : entry.toolCalls) {
            calls.append(QJsonObject{{QStringLiteral("id"), call.id},
                                     {QStringLiteral("name"), call.name},
                                     {QStringLiteral("arguments"), call.arguments}});
        }
        json.insert(QStringLiteral("tool_calls"), calls);
    }
    putString(json, QLatin1String("model"), entry.model);
    putString(json, QLatin1String("account"), entry.account);
    putString(json, QLatin1String("region"), entry.region);
    if (entry.usage)
        json.insert(QStringLiteral("usage"), usageToJson(*entry.usage));
    putString(json, QLatin1String("stop_reason"), entry.stopReason);
    putString(json, QLatin1String("response_id"), entry.responseId);
    if (entry.responseDeleted)
        json.insert(QStringLiteral("response_deleted"), true);
    if (entry.error)
        json.insert(QStringLiteral("error"), turnErrorToJson(*entry.error));
    if (entry.stopped)
        json.insert(QStringLiteral("stopped"), true);
    if (entry.costPico)
        json.insert(QStringLiteral("cost_pico"), *entry.costPico);
    if (entry.cost)
        json.insert(QStringLiteral("cost"), requestCostToJson(*entry.cost));
    if (entry.prices)
        json.insert(QStringLiteral("prices"), entry.prices->toJson());
    if (entry.request)
        json.insert(QStringLiteral("request"), entry.request->toJson());
    if (entry.sentSpec) {
        QJsonObject sent = entry.sentSpec->toJson();
        sent.remove(QStringLiteral("messages")); // the entries before the answer
        json.insert(QStringLiteral("sent"), sent);
    }
    putString(json, QLatin1String("tool_call_id"), entry.toolCallId);
    if (entry.isError)
        json.insert(QStringLiteral("is_error"), true);
    return json;
}

std::optional<api::MessageRole> roleFromName(const QString &name)
{
    for (const api::MessageRole role :
         {api::MessageRole::User, api::MessageRole::Assistant, api::MessageRole::Tool}) {
        if (api::messageRoleName(role) == name)
            return role;
    }
    return std::nullopt;
}

SessionEntry entryFromJson(JsonFieldReader &reader)
{
    SessionEntry entry;
    entry.id = reader.string(QLatin1String("id"));
    if (entry.id.isEmpty())
        entry.id = Session::newId(); // lenient: an entry id only has to be unique
    const QLatin1String roleKey("role");
    const std::optional<api::MessageRole> role = roleFromName(reader.string(roleKey));
    if (!role)
        reader.failField(roleKey, Tr::tr("\"user\", \"assistant\" or \"tool\""));
    entry.role = role.value_or(api::MessageRole::User);
    entry.text = reader.string(QLatin1String("text"));
    entry.createdAt = reader.time(QLatin1String("created_at"));
    entry.reasoning = reader.string(QLatin1String("reasoning"));
    const QLatin1String callsKey("tool_calls");
    const QJsonArray calls = reader.array(callsKey);
    for (qsizetype i = 0; i < calls.size(); ++i) {
        JsonFieldReader callReader = reader.element(callsKey, calls, i);
        entry.toolCalls.append({callReader.string(QLatin1String("id")),
                                callReader.string(QLatin1String("name")),
                                callReader.string(QLatin1String("arguments"))});
    }
    entry.model = reader.string(QLatin1String("model"));
    entry.account = reader.string(QLatin1String("account"));
    entry.region = reader.string(QLatin1String("region"));
    if (reader.has(QLatin1String("usage"))) {
        const QJsonObject usage = reader.jsonObject(QLatin1String("usage"));
        entry.usage = api::Turn::fromReplayJson({{QStringLiteral("usage"), usage}}).usage;
    }
    entry.stopReason = reader.string(QLatin1String("stop_reason"));
    entry.responseId = reader.string(QLatin1String("response_id"));
    entry.responseDeleted = reader.boolean(QLatin1String("response_deleted"));
    if (reader.has(QLatin1String("error"))) {
        const QJsonObject error = reader.jsonObject(QLatin1String("error"));
        entry.error = api::Turn::fromReplayJson({{QStringLiteral("error"), error}}).error;
    }
    entry.stopped = reader.boolean(QLatin1String("stopped"));
    entry.costPico = reader.optionalInteger(QLatin1String("cost_pico"));
    if (reader.has(QLatin1String("cost"))) {
        JsonFieldReader costReader = reader.child(QLatin1String("cost"));
        entry.cost = requestCostFromJson(costReader);
    }
    if (reader.has(QLatin1String("prices"))) {
        // Lenient: prices that cannot be read only lose the answer its price source.
        Result<mantle::ModelPrices> prices
            = mantle::ModelPrices::fromJson(reader.jsonObject(QLatin1String("prices")));
        if (prices)
            entry.prices = std::move(prices).value();
    }
    if (reader.has(QLatin1String("request"))) {
        JsonFieldReader requestReader = reader.child(QLatin1String("request"));
        entry.request = pipeline::RequestRecord::fromJson(requestReader);
    }
    if (reader.has(QLatin1String("sent"))) {
        // Lenient: a request that cannot be read only loses the answer its exact export.
        QJsonObject sent = reader.jsonObject(QLatin1String("sent"));
        sent.insert(QStringLiteral("messages"), QJsonArray());
        Result<api::RequestSpec> spec = api::RequestSpec::fromJson(sent);
        if (spec)
            entry.sentSpec = std::move(spec).value();
    }
    entry.toolCallId = reader.string(QLatin1String("tool_call_id"));
    entry.isError = reader.boolean(QLatin1String("is_error"));
    return entry;
}

/// A code fence longer than any run of backticks in `text`, so the text cannot close it.
QString fenceFor(const QString &text)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return QString(std::max<qsizetype>(3, longest + 1), QLatin1Char('`'));
}

void appendCodeBlock(QString &out, const QString &language, const QString &code)
{
    const QString fence = fenceFor(code);
    out += fence + language + QLatin1Char('\n') + code;
    if (!code.endsWith(QLatin1Char('\n')))
        out += QLatin1Char('\n');
    out += fence + QStringLiteral("\n\n");
}

/// Arguments that are a JSON object or list, indented; anything else as the model wrote it.
QString prettyArguments(const QString &arguments)
{
    const QJsonDocument document = QJsonDocument::fromJson(arguments.toUtf8());
    if (document.isNull())
        return arguments;
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

QString italic(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('*'), QStringLiteral("\\*"));
    return QLatin1Char('*') + escaped + QStringLiteral("*\n\n");
}

void appendQuote(QString &out, const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines)
        out += line.isEmpty() ? QStringLiteral(">\n")
                              : QStringLiteral("> ") + line + QLatin1Char('\n');
    out += QLatin1Char('\n');
}

void appendParagraph(QString &out, const QString &text)
{
    if (text.isEmpty())
        return;
    out += text;
    out += text.endsWith(QLatin1Char('\n')) ? QStringLiteral("\n") : QStringLiteral("\n\n");
}

/// A value for a Markdown marker: no white space, no "--" (which would end the comment).
QString markerValue(const QString &value)
{
    QString out = value.simplified();
    out.replace(QLatin1Char(' '), QLatin1Char('_'));
    out.replace(QStringLiteral("--"), QStringLiteral("-"));
    return out.isEmpty() ? QStringLiteral("-") : out;
}

/// `key=value` pairs of a marker line such as `<!-- mantle-entry role=user -->`.
QHash<QString, QString> markerFields(const QString &line)
{
    QHash<QString, QString> fields;
    const QStringList words = line.mid(4, line.size() - 7).simplified().split(QLatin1Char(' '));
    for (const QString &word : words) {
        const qsizetype equals = word.indexOf(QLatin1Char('='));
        if (equals > 0) {
            const QString value = word.mid(equals + 1);
            fields.insert(word.left(equals), value == QLatin1String("-") ? QString() : value);
        }
    }
    return fields;
}

/// The text of a section's lines: trailing blank lines dropped, lines joined.
QString sectionText(const QStringList &lines)
{
    qsizetype end = lines.size();
    while (end > 0 && lines.at(end - 1).trimmed().isEmpty())
        --end;
    qsizetype begin = 0;
    while (begin < end && lines.at(begin).trimmed().isEmpty())
        ++begin;
    return lines.mid(begin, end - begin).join(QLatin1Char('\n'));
}

/// The role a hand-written `## Heading` names, if it names one.
std::optional<QString> roleOfHeading(const QString &heading)
{
    const QString name = heading.trimmed().toLower();
    if (name == QLatin1String("user") || name == QLatin1String("you")
        || name == Tr::tr("User").toLower())
        return QStringLiteral("user");
    if (name == QLatin1String("assistant") || name == Tr::tr("Assistant").toLower())
        return QStringLiteral("assistant");
    if (name == QLatin1String("system") || name == QLatin1String("system prompt")
        || name == QLatin1String("instructions") || name == Tr::tr("System prompt").toLower())
        return QStringLiteral("system");
    return std::nullopt;
}

/// The tools, tool choice and output schema of a session, under RequestSpec's own JSON names.
const QStringList &requestExtraKeys()
{
    static const QStringList keys{QStringLiteral("tools"), QStringLiteral("tool_choice"),
                                  QStringLiteral("output_schema")};
    return keys;
}

/// Whether `entry` is an answer a Responses request can continue from by its id.
bool isChainable(const SessionEntry &entry, const Session &session)
{
    return entry.role == api::MessageRole::Assistant && !entry.responseId.isEmpty()
        && !entry.responseDeleted && !entry.error && !entry.stopped
        && entry.account == session.account && entry.region == session.region;
}

} // namespace

QJsonObject SessionEntry::toJson() const
{
    return entryToJson(*this);
}

Result<SessionEntry> SessionEntry::fromJson(const QJsonObject &json)
{
    std::optional<Error> error;
    JsonFieldReader reader(json, QStringLiteral("entry"), &error);
    SessionEntry entry = entryFromJson(reader);
    if (error)
        return *error;
    return entry;
}

void Session::compactRequestRecords(int keepFull)
{
    int kept = 0;
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        std::optional<pipeline::RequestRecord> &record = entries[i].request;
        if (!record)
            continue;
        if (kept++ < keepFull)
            continue;
        if (record->requestBody.isEmpty() && record->responseBody.isEmpty()
            && record->events.isEmpty())
            continue;
        record->requestBody.clear();
        record->responseBody.clear();
        record->events.clear();
        record->truncated = true;
    }
}

Session Session::create(mantle::ApiSurface surface)
{
    Session session;
    session.id = newId();
    session.title = Tr::tr("New session");
    session.createdAt = QDateTime::currentDateTimeUtc();
    session.updatedAt = session.createdAt;
    session.surface = surface;
    return session;
}

QString Session::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool Session::isValidId(QStringView id)
{
    if (id.isEmpty() || id.size() > kMaxIdLength)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-');
    });
}

Status Session::checkHeader(const QJsonObject &json)
{
    if (json.value(kFormatKey).toString() != QLatin1String(kFormatName)) {
        return makeError(Error::Kind::Parse,
                         Tr::tr("This is not a Mantle Playground session: the field \"%1\" is not "
                                "\"%2\".")
                             .arg(kFormatKey, QLatin1String(kFormatName)));
    }
    const QJsonValue version = json.value(kVersionKey);
    if (!version.isUndefined()) {
        const double number = version.toDouble();
        // Whole and within a double's exact integers (2^53) before any conversion: converting
        // a larger double to an integer is undefined.
        if (!version.isDouble() || number < 1 || number > 9007199254740992.0
            || number != std::floor(number)) {
            return makeError(
                Error::Kind::Parse,
                Tr::tr("The field \"%1\" is invalid: expected a whole number.").arg(kVersionKey));
        }
        if (number > kFormatVersion) {
            Error error = makeError(
                Error::Kind::Config,
                Tr::tr("This session was written by a newer version of the app (session format "
                       "%1; this version reads up to %2), so it is left untouched.")
                    .arg(qint64(number))
                    .arg(kFormatVersion),
                Tr::tr("Update Mantle Playground to open it."));
            error.code = QLatin1String(kFutureVersionCode);
            return error;
        }
    }
    const QJsonValue id = json.value(kIdKey);
    if (!id.isString() || !isValidId(id.toString())) {
        return makeError(Error::Kind::Parse,
                         Tr::tr("The field \"%1\" is invalid: expected a session id (letters, "
                                "digits and '-').")
                             .arg(kIdKey));
    }
    return {};
}

QJsonObject Session::toJson() const
{
    QJsonObject json{
        {kFormatKey, QLatin1String(kFormatName)},
        {kVersionKey, kFormatVersion},
        {kIdKey, id},
        {QStringLiteral("title"), title},
        {QStringLiteral("created_at"), JsonFieldReader::toIsoTime(createdAt)},
        {QStringLiteral("updated_at"), JsonFieldReader::toIsoTime(updatedAt)},
        {QStringLiteral("api"), mantle::apiSurfaceName(surface)},
        {QStringLiteral("account"), account},
        {QStringLiteral("region"), region},
        {QStringLiteral("model"), model},
        {QStringLiteral("instructions"), instructions},
        {QStringLiteral("parameters"), api::generationParametersToJson(parameters)},
        {QStringLiteral("stream"), stream},
        {QStringLiteral("draft"), draft},
    };
    if (store)
        json.insert(QStringLiteral("store"), *store);
    api::RequestSpec extras;
    extras.surface = surface;
    extras.tools = tools;
    extras.toolChoice = toolChoice;
    extras.outputSchema = outputSchema;
    const QJsonObject extrasJson = extras.toJson();
    for (const QString &key : requestExtraKeys()) {
        if (extrasJson.contains(key))
            json.insert(key, extrasJson.value(key));
    }
    if (!cannedResults.isEmpty()) {
        QJsonObject canned;
        for (auto it = cannedResults.cbegin(); it != cannedResults.cend(); ++it)
            canned.insert(it.key(), it.value());
        json.insert(QStringLiteral("canned_results"), canned);
    }
    if (!chainResponses)
        json.insert(QStringLiteral("chain_responses"), false);
    if (background)
        json.insert(QStringLiteral("background"), true);
    // Either half alone is kept too: a save must not change what it loaded.
    if (!forkedFromSession.isEmpty() || !forkedFromEntry.isEmpty()) {
        json.insert(QStringLiteral("forked_from"),
                    QJsonObject{{QStringLiteral("session"), forkedFromSession},
                                {QStringLiteral("entry"), forkedFromEntry}});
    }
    QJsonArray entryArray;
    for (const SessionEntry &entry : entries)
        entryArray.append(entryToJson(entry));
    json.insert(kEntriesKey, entryArray);
    return json;
}

Result<Session> Session::fromJson(const QJsonObject &json)
{
    if (Status header = checkHeader(json); !header)
        return header.error();

    std::optional<Error> error;
    JsonFieldReader reader(json, {}, &error);
    Session session;
    session.id = reader.string(kIdKey);
    session.title = reader.string(QLatin1String("title"));
    session.createdAt = reader.time(QLatin1String("created_at"));
    session.updatedAt = reader.time(QLatin1String("updated_at"));
    const QLatin1String apiKey("api");
    if (reader.has(apiKey)) {
        const std::optional<mantle::ApiSurface> surface
            = mantle::apiSurfaceFromName(reader.string(apiKey));
        if (surface)
            session.surface = *surface;
        else
            reader.failField(apiKey, mantle::apiSurfaceNames().join(QStringLiteral(", ")));
    }
    session.account = reader.string(QLatin1String("account"));
    session.region = reader.string(QLatin1String("region"));
    session.model = reader.string(QLatin1String("model"));
    session.instructions = reader.string(QLatin1String("instructions"));
    const QLatin1String parametersKey("parameters");
    if (reader.has(parametersKey)) {
        Result<api::GenerationParameters> parameters = api::generationParametersFromJson(
            reader.jsonObject(parametersKey), reader.fieldPath(parametersKey));
        if (parameters) {
            session.parameters = std::move(parameters).value();
        } else if (!error) {
            error = parameters.error();
            error->kind = Error::Kind::Parse;
        }
    }
    session.stream = reader.boolean(QLatin1String("stream"), true);
    session.store = reader.optionalBoolean(QLatin1String("store"));
    session.draft = reader.string(QLatin1String("draft"));

    QJsonObject extrasJson{{QStringLiteral("api"), mantle::apiSurfaceName(session.surface)}};
    for (const QString &key : requestExtraKeys()) {
        if (json.contains(key))
            extrasJson.insert(key, json.value(key));
    }
    if (extrasJson.size() > 1) {
        Result<api::RequestSpec> extras = api::RequestSpec::fromJson(extrasJson);
        if (extras) {
            session.tools = extras->tools;
            session.toolChoice = extras->toolChoice;
            session.outputSchema = extras->outputSchema;
        } else if (!error) {
            error = extras.error();
        }
    }
    const QJsonObject canned = reader.jsonObject(QLatin1String("canned_results"));
    for (auto it = canned.constBegin(); it != canned.constEnd(); ++it)
        session.cannedResults.insert(it.key(), it.value().toString());
    session.chainResponses = reader.boolean(QLatin1String("chain_responses"), true);
    session.background = reader.boolean(QLatin1String("background"));
    if (reader.has(QLatin1String("forked_from"))) {
        JsonFieldReader fork = reader.child(QLatin1String("forked_from"));
        session.forkedFromSession = fork.string(QLatin1String("session"));
        session.forkedFromEntry = fork.string(QLatin1String("entry"));
    }

    const QJsonArray entryArray = reader.array(kEntriesKey);
    session.entries.reserve(entryArray.size());
    for (qsizetype i = 0; i < entryArray.size() && !error; ++i) {
        JsonFieldReader entryReader = reader.element(kEntriesKey, entryArray, i);
        session.entries.append(entryFromJson(entryReader));
    }
    if (error)
        return *error;
    return session;
}

QString Session::toMarkdown() const
{
    QString out;
    out += QStringLiteral("# ") + (title.isEmpty() ? Tr::tr("Untitled session") : title)
        + QStringLiteral("\n\n");
    out += QStringLiteral("- ") + Tr::tr("API: %1").arg(mantle::apiSurfaceDisplayName(surface))
        + QLatin1Char('\n');
    if (!model.isEmpty())
        out += QStringLiteral("- ") + Tr::tr("Model: %1").arg(model) + QLatin1Char('\n');
    if (!region.isEmpty())
        out += QStringLiteral("- ") + Tr::tr("Region: %1").arg(region) + QLatin1Char('\n');
    out += QLatin1Char('\n');
    // HTML comments (invisible when rendered) that let fromMarkdown() read the file back.
    out += QStringLiteral("<!-- mantle-session api=%1 model=%2 region=%3 -->\n\n")
               .arg(mantle::apiSurfaceName(surface), markerValue(model), markerValue(region));

    if (!instructions.isEmpty()) {
        out += QStringLiteral("<!-- mantle-entry role=system -->\n");
        out += QStringLiteral("## ") + Tr::tr("System prompt") + QStringLiteral("\n\n");
        appendParagraph(out, instructions);
    }

    for (const SessionEntry &entry : entries) {
        out += QStringLiteral("<!-- mantle-entry role=%1").arg(api::messageRoleName(entry.role));
        if (entry.role == api::MessageRole::Tool)
            out += QStringLiteral(" call=%1 error=%2")
                       .arg(markerValue(entry.toolCallId),
                            entry.isError ? QStringLiteral("1") : QStringLiteral("0"));
        out += QStringLiteral(" -->\n");
        switch (entry.role) {
        case api::MessageRole::User:
            out += QStringLiteral("## ") + Tr::tr("User") + QStringLiteral("\n\n");
            appendParagraph(out, entry.text);
            break;
        case api::MessageRole::Assistant:
            out += QStringLiteral("## ") + Tr::tr("Assistant") + QStringLiteral("\n\n");
            if (!entry.reasoning.isEmpty())
                appendQuote(out, entry.reasoning);
            appendParagraph(out, entry.text);
            if (!entry.toolCalls.isEmpty() || entry.error || entry.stopped)
                out += QStringLiteral("<!-- mantle-notes -->\n");
            for (const api::ToolCall &call : entry.toolCalls) {
                out += Tr::tr("Tool call `%1` (id `%2`):").arg(call.name, call.id)
                    + QStringLiteral("\n\n");
                appendCodeBlock(out, QStringLiteral("json"), prettyArguments(call.arguments));
            }
            if (entry.error) {
                const QString message
                    = entry.error->message.isEmpty() ? entry.error->type : entry.error->message;
                out += italic(Tr::tr("The answer failed: %1").arg(message));
            }
            if (entry.stopped)
                out += italic(Tr::tr("Stopped before the answer was complete."));
            break;
        case api::MessageRole::Tool:
            out += QStringLiteral("## ") + Tr::tr("Tool result") + QStringLiteral("\n\n");
            out += Tr::tr("For the tool call `%1`:").arg(entry.toolCallId) + QStringLiteral("\n\n");
            if (entry.isError)
                out += italic(Tr::tr("The tool reported an error."));
            appendCodeBlock(out, {}, entry.text);
            break;
        }
    }
    return out;
}

Result<Session> Session::fromMarkdown(const QString &markdown, mantle::ApiSurface surface)
{
    Session session = create(surface);
    struct Section
    {
        QHash<QString, QString> fields;
        QStringList lines;
    };
    QList<Section> sections;
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    bool marked = false; // the last line was an entry marker: the heading after it is decoration
    bool titled = false;
    for (QString line : lines) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.startsWith(QLatin1String("<!-- mantle-session "))
            && line.endsWith(QLatin1String("-->"))) {
            const QHash<QString, QString> fields = markerFields(line);
            for (const mantle::ApiSurface known :
                 {mantle::ApiSurface::ChatCompletions, mantle::ApiSurface::Responses,
                  mantle::ApiSurface::Messages}) {
                if (mantle::apiSurfaceName(known) == fields.value(QStringLiteral("api")))
                    session.surface = known;
            }
            session.model = fields.value(QStringLiteral("model"));
            session.region = fields.value(QStringLiteral("region"));
            continue;
        }
        if (line.startsWith(QLatin1String("<!-- mantle-entry "))
            && line.endsWith(QLatin1String("-->"))) {
            sections.append({markerFields(line), {}});
            marked = true;
            continue;
        }
        if (line.startsWith(QLatin1String("## "))) {
            if (marked) {
                marked = false;
                continue;
            }
            if (const std::optional<QString> role = roleOfHeading(line.mid(3))) {
                sections.append({{{QStringLiteral("role"), *role}}, {}});
                continue;
            }
        }
        marked = false;
        if (sections.isEmpty()) {
            if (line.startsWith(QLatin1String("# ")) && !titled) {
                session.title = line.mid(2).trimmed();
                titled = true;
            }
            continue;
        }
        sections.last().lines.append(line);
    }
    const auto noConversation = [] {
        return makeError(Error::Kind::Parse, Tr::tr("The Markdown file has no conversation in it."),
                         Tr::tr("Give each turn a heading: “## User” or “## Assistant”."));
    };
    if (sections.isEmpty())
        return noConversation();

    for (const Section &section : std::as_const(sections)) {
        const QString role = section.fields.value(QStringLiteral("role"));
        if (role == QLatin1String("system")) {
            session.instructions = sectionText(section.lines);
            continue;
        }
        SessionEntry entry;
        entry.id = newId();
        entry.createdAt = QDateTime::currentDateTimeUtc();
        QStringList body = section.lines;
        if (role == QLatin1String("assistant")) {
            entry.role = api::MessageRole::Assistant;
            entry.model = session.model;
            // A leading quote is the reasoning; what follows the notes marker is decoration.
            QStringList reasoning;
            qsizetype i = 0;
            while (i < body.size() && body.at(i).trimmed().isEmpty())
                ++i;
            while (i < body.size() && body.at(i).startsWith(QLatin1Char('>'))) {
                reasoning << body.at(i).mid(body.at(i).startsWith(QLatin1String("> ")) ? 2 : 1);
                ++i;
            }
            entry.reasoning = sectionText(reasoning);
            body = body.mid(i);
            const qsizetype notes = body.indexOf(QStringLiteral("<!-- mantle-notes -->"));
            if (notes >= 0)
                body = body.mid(0, notes);
            entry.text = sectionText(body);
        } else if (role == QLatin1String("tool")) {
            entry.role = api::MessageRole::Tool;
            entry.toolCallId = section.fields.value(QStringLiteral("call"));
            entry.isError = section.fields.value(QStringLiteral("error")) == QLatin1String("1");
            // The result is the section's fenced block.
            const qsizetype open = body.indexOf(QRegularExpression(QStringLiteral("^`{3,}.*$")));
            if (open >= 0) {
                const QString fence
                    = body.at(open).section(QRegularExpression(QStringLiteral("[^`]")), 0, 0);
                const qsizetype close = body.indexOf(fence, open + 1);
                entry.text
                    = body.mid(open + 1, close < 0 ? -1 : close - open - 1).join(QLatin1Char('\n'));
            } else {
                entry.text = sectionText(body);
            }
        } else {
            entry.role = api::MessageRole::User;
            entry.text = sectionText(body);
        }
        session.entries.append(entry);
    }
    // A system prompt alone is not a conversation either.
    if (session.entries.isEmpty())
        return noConversation();
    return session;
}

api::RequestSpec Session::requestSpec(int count) const
{
    api::RequestSpec spec;
    spec.surface = surface;
    spec.account = account;
    spec.region = region;
    spec.model = model;
    spec.instructions = instructions;
    spec.parameters = parameters;
    spec.stream = stream && surface != mantle::ApiSurface::CountTokens;
    if (surface == mantle::ApiSurface::Responses) {
        spec.store = store;
        spec.background = background;
        if (background)
            spec.stream = false; // the answer is polled for, not streamed
    }
    const qsizetype end = count < 0 ? entries.size() : std::min<qsizetype>(count, entries.size());
    if (surface != mantle::ApiSurface::CountTokens) {
        spec.tools = tools;
        spec.toolChoice = tools.isEmpty() ? std::nullopt : toolChoice;
        spec.outputSchema = outputSchema;
        // A forced tool choice made the model call; once the results go back it may answer:
        // forcing it again would only call again, for ever (agent frameworks reset it the
        // same way).
        const bool forced = spec.toolChoice
            && (spec.toolChoice->mode == api::ToolChoice::Mode::Required
                || spec.toolChoice->mode == api::ToolChoice::Mode::Function);
        if (forced && end > 0 && entries.at(end - 1).role == api::MessageRole::Tool)
            spec.toolChoice = api::ToolChoice{api::ToolChoice::Mode::Auto, {}};
    }

    qsizetype begin = 0;
    if (surface == mantle::ApiSurface::Responses && chainResponses && store.value_or(true)) {
        for (qsizetype i = end - 1; i >= 0; --i) {
            const SessionEntry &entry = entries.at(i);
            if (entry.role != api::MessageRole::Assistant)
                continue;
            if (isChainable(entry, *this)
                && (!entry.sentSpec || entry.sentSpec->store.value_or(true))) {
                spec.previousResponseId = entry.responseId;
                begin = i + 1;
            }
            break; // only the last answer: an older one would skip what came after it
        }
    }
    spec.messages.reserve(end - begin);
    for (qsizetype i = begin; i < end; ++i) {
        const SessionEntry &entry = entries.at(i);
        api::ConversationMessage message;
        message.role = entry.role;
        message.text = entry.text;
        switch (entry.role) {
        case api::MessageRole::User:
            break;
        case api::MessageRole::Assistant:
            // An answer that failed or was stopped before anything arrived says nothing the
            // model needs, and every surface refuses an empty assistant message.
            if (entry.text.isEmpty() && entry.toolCalls.isEmpty())
                continue;
            message.toolCalls = entry.toolCalls;
            break;
        case api::MessageRole::Tool:
            message.toolCallId = entry.toolCallId;
            message.isError = entry.isError;
            break;
        }
        spec.messages.append(std::move(message));
    }
    return spec;
}

std::optional<api::RequestSpec> Session::sentRequestSpec(int row) const
{
    if (row < 0 || row >= entries.size())
        return std::nullopt;
    const SessionEntry &answer = entries.at(row);
    if (answer.role != api::MessageRole::Assistant)
        return std::nullopt;
    if (!answer.sentSpec) {
        api::RequestSpec spec = requestSpec(row);
        if (!answer.model.isEmpty())
            spec.model = answer.model;
        if (!answer.account.isEmpty())
            spec.account = answer.account;
        if (!answer.region.isEmpty())
            spec.region = answer.region;
        return spec;
    }
    api::RequestSpec spec = *answer.sentSpec;
    // The messages sent are the entries after the previous response (or all), up to the answer.
    Session conversation = *this;
    conversation.chainResponses = false;
    qsizetype begin = 0;
    if (!spec.previousResponseId.isEmpty()) {
        for (qsizetype i = row - 1; i >= 0; --i) {
            if (entries.at(i).responseId == spec.previousResponseId) {
                begin = i + 1;
                break;
            }
        }
    }
    conversation.entries = entries.mid(begin, row - begin);
    spec.messages = conversation.requestSpec().messages;
    return spec;
}

Session Session::forkAt(int row) const
{
    Session fork = *this;
    const Session fresh = create(surface);
    fork.id = fresh.id;
    fork.createdAt = fresh.createdAt;
    fork.updatedAt = fresh.updatedAt;
    fork.title = Tr::tr("%1 (fork)").arg(title.isEmpty() ? Tr::tr("Untitled session") : title);
    const qsizetype keep = std::clamp<qsizetype>(row + 1, 0, entries.size());
    fork.entries = entries.mid(0, keep);
    fork.draft.clear();
    fork.forkedFromSession = id;
    fork.forkedFromEntry = keep > 0 ? entries.at(keep - 1).id : QString();
    return fork;
}

qint64 Session::totalCostPico() const
{
    qint64 total = 0;
    for (const SessionEntry &entry : entries)
        total += entry.costPico.value_or(0);
    return total;
}

int Session::unpricedAnswers() const
{
    // An answer without a cost is unpriced, except one that failed without any usage: nothing
    // was counted, so there is nothing to price.
    return int(std::count_if(entries.cbegin(), entries.cend(), [](const SessionEntry &entry) {
        return entry.role == api::MessageRole::Assistant && !entry.costPico
            && !(entry.error && !entry.usage);
    }));
}

} // namespace mantle::sessions
