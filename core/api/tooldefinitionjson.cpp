#include "tooldefinitionjson.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QRegularExpression>

namespace mantle::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::ToolDefinitionJson)
};

Error invalid(const QString &message)
{
    return makeError(Error::Kind::InvalidInput, message);
}

/// The empty object schema: what the surfaces require for a function without arguments.
QJsonObject emptyObjectSchema()
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), QJsonObject()}};
}

/// 1-based line and column of the byte `offset` of `json` (columns count characters).
std::pair<int, int> lineAndColumn(const QByteArray &json, qsizetype offset)
{
    const QByteArray before = json.left(offset);
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    const int line = int(before.count('\n')) + 1;
    const int column = int(QString::fromUtf8(before.mid(lineStart)).size()) + 1;
    return {line, column};
}

} // namespace

Result<ToolDefinition> ToolDefinitionJson::readTool(const QJsonValue &value, qsizetype index,
                                                    const QString &source)
{
    if (!value.isObject())
        return invalid(
            Tr::tr("%1: item %2 is not a JSON object.").arg(source, QString::number(index)));
    QJsonObject object = value.toObject();
    // Chat nests the function; Responses and Messages do not.
    if (object.value(QStringLiteral("function")).isObject())
        object = object.value(QStringLiteral("function")).toObject();

    ToolDefinition tool;
    const QJsonValue description = object.value(QStringLiteral("description"));
    if (!description.isUndefined() && !description.isNull() && !description.isString())
        return invalid(Tr::tr("%1: the description of item %2 is not a JSON string.")
                           .arg(source, QString::number(index)));
    tool.description = description.toString();

    const QString schemaKey = object.contains(QStringLiteral("input_schema"))
        ? QStringLiteral("input_schema")
        : QStringLiteral("parameters");
    const QJsonValue schema = object.value(schemaKey);
    if (!schema.isUndefined() && !schema.isNull() && !schema.isObject())
        return invalid(Tr::tr("%1: the %2 of item %3 is not a JSON object.")
                           .arg(source, schemaKey, QString::number(index)));
    tool.parameters = schema.toObject();

    if (object.value(QStringLiteral("strict")).isBool())
        tool.strict = object.value(QStringLiteral("strict")).toBool();
    // The name last, as the command line always checked it.
    const QJsonValue name = object.value(QStringLiteral("name"));
    if (!name.isUndefined() && !name.isNull() && !name.isString())
        return invalid(Tr::tr("%1: the name of item %2 is not a JSON string.")
                           .arg(source, QString::number(index)));
    tool.name = name.toString();
    if (tool.name.isEmpty())
        return invalid(Tr::tr("%1: item %2 has no name.").arg(source, QString::number(index)));

    return tool;
}

Result<QList<ToolDefinition>> ToolDefinitionJson::readTools(const QJsonArray &array,
                                                            const QString &source)
{
    QList<ToolDefinition> tools;
    tools.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto tool = readTool(array.at(i), i + 1, source);
        if (!tool)
            return tool.error();
        tools.append(std::move(tool).value());
    }
    return tools;
}

Result<QList<ToolDefinition>> ToolDefinitionJson::readToolsDocument(const QByteArray &json,
                                                                    const QString &source)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = lineAndColumn(json, parseError.offset);
        return invalid(Tr::tr("%1: not JSON (%2 at line %3, column %4).")
                           .arg(source, parseError.errorString(), QString::number(line),
                                QString::number(column)));
    }
    if (document.isArray())
        return readTools(document.array(), source);
    const QJsonValue tools = document.object().value(QStringLiteral("tools"));
    if (document.isObject() && tools.isArray())
        return readTools(tools.toArray(), source);
    return invalid(Tr::tr("%1: expected a JSON array of tools, or an object with a \"tools\" "
                          "array.")
                       .arg(source));
}

QJsonObject ToolDefinitionJson::writeTool(const ToolDefinition &tool, mantle::ApiSurface surface)
{
    const QJsonObject schema = tool.parameters.isEmpty() ? emptyObjectSchema() : tool.parameters;
    if (surface == mantle::ApiSurface::Messages || surface == mantle::ApiSurface::CountTokens) {
        QJsonObject json{{QStringLiteral("name"), tool.name},
                         {QStringLiteral("input_schema"), schema}};
        if (!tool.description.isEmpty())
            json.insert(QStringLiteral("description"), tool.description);
        return json;
    }
    QJsonObject function{{QStringLiteral("name"), tool.name},
                         {QStringLiteral("parameters"), schema}};
    if (!tool.description.isEmpty())
        function.insert(QStringLiteral("description"), tool.description);
    if (tool.strict)
        function.insert(QStringLiteral("strict"), *tool.strict);
    if (surface == mantle::ApiSurface::Responses) {
        function.insert(QStringLiteral("type"), QStringLiteral("function"));
        return function;
    }
    return {{QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("function"), function}};
}

QJsonArray ToolDefinitionJson::writeTools(const QList<ToolDefinition> &tools,
                                          mantle::ApiSurface surface)
{
    QJsonArray array;
    for (const ToolDefinition &tool : tools)
        array.append(writeTool(tool, surface));
    return array;
}

bool ToolDefinitionJson::isValidName(const QString &name)
{
    // anchoredPattern: `$` alone would also match before a final line break.
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(QStringLiteral("[a-zA-Z0-9_-]{1,64}")));
    return pattern.match(name).hasMatch();
}

} // namespace mantle::api
