#include "api/tooldefinitionjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using mantle::Error;
using mantle::api::ToolDefinition;
using mantle::api::ToolDefinitionJson;
using mantle::mantle::ApiSurface;

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QJsonValue value(const char *json)
{
    return QJsonDocument::fromJson(QByteArray("[") + json + "]").array().first();
}

ToolDefinition weatherTool(std::optional<bool> strict)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("get_weather");
    tool.description = QStringLiteral("Current weather in a city.");
    tool.parameters = object(R"({"type":"object","properties":{"city":{"type":"string"}},)"
                             R"("required":["city"],"additionalProperties":false})");
    tool.strict = strict;
    return tool;
}

const char kWeatherSchema[] = R"({"type":"object","properties":{"city":{"type":"string"}},)"
                              R"("required":["city"],"additionalProperties":false})";

} // namespace

class TestToolDefinitionJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEachSurfaceShape_data();
    void readsEachSurfaceShape();
    void writesEachSurfaceShape_data();
    void writesEachSurfaceShape();
    void roundTripsThroughEachSurface_data();
    void roundTripsThroughEachSurface();
    void writesEmptyParametersAsEmptyObjectSchema();
    void rejectsMalformedItemsNamingItemAndField_data();
    void rejectsMalformedItemsNamingItemAndField();
    void readsMixedShapesInOneArray();
    void readsDocumentArrayOrRequestBody();
    void reportsParseErrorWithLineAndColumn();
    void rejectsDocumentWithoutTools();
    void checksFunctionNames_data();
    void checksFunctionNames();
};

void TestToolDefinitionJson::readsEachSurfaceShape_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("hasStrict");
    QTest::addColumn<bool>("strict");

    const QByteArray schema(kWeatherSchema);
    QTest::addRow("chat") << QByteArray(R"({"type":"function","function":{"name":"get_weather",)"
                                        R"("description":"Current weather in a city.",)"
                                        R"("strict":true,"parameters":)"
                                        + schema + "}}")
                          << true << true;
    QTest::addRow("responses") << QByteArray(R"({"type":"function","name":"get_weather",)"
                                             R"("description":"Current weather in a city.",)"
                                             R"("strict":false,"parameters":)"
                                             + schema + "}")
                               << true << false;
    QTest::addRow("messages") << QByteArray(R"({"name":"get_weather",)"
                                            R"("description":"Current weather in a city.",)"
                                            R"("input_schema":)"
                                            + schema + "}")
                              << false << false;
}

void TestToolDefinitionJson::readsEachSurfaceShape()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, hasStrict);
    QFETCH(bool, strict);

    const auto tool = ToolDefinitionJson::readTool(QJsonDocument::fromJson(json).object(), 1,
                                                   QStringLiteral("test"));
    QVERIFY2(tool.ok(), qPrintable(tool.ok() ? QString() : tool.error().message));
    const ToolDefinition expected
        = weatherTool(hasStrict ? std::optional<bool>(strict) : std::nullopt);
    QCOMPARE(tool->name, expected.name);
    QCOMPARE(tool->description, expected.description);
    QCOMPARE(tool->parameters, expected.parameters);
    QCOMPARE(tool->strict, expected.strict);
}

void TestToolDefinitionJson::writesEachSurfaceShape_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray schema(kWeatherSchema);
    QTest::addRow("chat") << ApiSurface::ChatCompletions
                          << QByteArray(R"({"type":"function","function":{"name":"get_weather",)"
                                        R"("description":"Current weather in a city.",)"
                                        R"("strict":true,"parameters":)"
                                        + schema + "}}");
    QTest::addRow("responses") << ApiSurface::Responses
                               << QByteArray(R"({"type":"function","name":"get_weather",)"
                                             R"("description":"Current weather in a city.",)"
                                             R"("strict":true,"parameters":)"
                                             + schema + "}");
    QTest::addRow("messages (no strict)")
        << ApiSurface::Messages
        << QByteArray(R"({"name":"get_weather","description":"Current weather in a city.",)"
                      R"("input_schema":)"
                      + schema + "}");
    QTest::addRow("count tokens as messages")
        << ApiSurface::CountTokens
        << QByteArray(R"({"name":"get_weather","description":"Current weather in a city.",)"
                      R"("input_schema":)"
                      + schema + "}");
}

void TestToolDefinitionJson::writesEachSurfaceShape()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QByteArray, expected);

    const QJsonObject written = ToolDefinitionJson::writeTool(weatherTool(true), surface);
    QCOMPARE(written, QJsonDocument::fromJson(expected).object());
}

void TestToolDefinitionJson::roundTripsThroughEachSurface_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("keepsStrict");

    QTest::addRow("chat") << ApiSurface::ChatCompletions << true;
    QTest::addRow("responses") << ApiSurface::Responses << true;
    QTest::addRow("messages") << ApiSurface::Messages << false;
}

void TestToolDefinitionJson::roundTripsThroughEachSurface()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, keepsStrict);

    ToolDefinition noDescription;
    noDescription.name = QStringLiteral("get_time");
    noDescription.parameters = object(R"({"type":"object","properties":{}})");
    const QList<ToolDefinition> tools{weatherTool(false), noDescription};

    // Through text, as an export and an import would go.
    const QByteArray text = QJsonDocument(ToolDefinitionJson::writeTools(tools, surface)).toJson();
    const auto read = ToolDefinitionJson::readToolsDocument(text, QStringLiteral("export.json"));
    QVERIFY(read.ok());
    QList<ToolDefinition> expected = tools;
    if (!keepsStrict)
        expected[0].strict.reset();
    QCOMPARE(read->size(), 2);
    QVERIFY(*read == expected);
}

void TestToolDefinitionJson::writesEmptyParametersAsEmptyObjectSchema()
{
    ToolDefinition tool;
    tool.name = QStringLiteral("ping");
    const QJsonObject emptySchema = object(R"({"type":"object","properties":{}})");
    QCOMPARE(ToolDefinitionJson::writeTool(tool, ApiSurface::ChatCompletions)
                 .value(QStringLiteral("function"))
                 .toObject()
                 .value(QStringLiteral("parameters"))
                 .toObject(),
             emptySchema);
    QCOMPARE(ToolDefinitionJson::writeTool(tool, ApiSurface::Responses)
                 .value(QStringLiteral("parameters"))
                 .toObject(),
             emptySchema);
    const QJsonObject messages = ToolDefinitionJson::writeTool(tool, ApiSurface::Messages);
    QCOMPARE(messages.value(QStringLiteral("input_schema")).toObject(), emptySchema);
    QVERIFY(!messages.contains(QStringLiteral("description")));
}

void TestToolDefinitionJson::rejectsMalformedItemsNamingItemAndField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    QTest::addRow("not an object") << QByteArray(R"([{"name":"a"}, 3])")
                                   << QStringLiteral("tools.json: item 2 is not a JSON object.");
    QTest::addRow("no name") << QByteArray(R"([{"description":"x"}])")
                             << QStringLiteral("tools.json: item 1 has no name.");
    QTest::addRow("empty chat function name")
        << QByteArray(R"([{"type":"function","function":{"name":""}}])")
        << QStringLiteral("tools.json: item 1 has no name.");
    QTest::addRow("name not a string")
        << QByteArray(R"([{"name":42}])")
        << QStringLiteral("tools.json: the name of item 1 is not a JSON string.");
    QTest::addRow("description not a string")
        << QByteArray(R"([{"name":"a"},{"name":"b","description":["x"]}])")
        << QStringLiteral("tools.json: the description of item 2 is not a JSON string.");
    QTest::addRow("parameters not an object")
        << QByteArray(R"([{"type":"function","name":"a","parameters":"object"}])")
        << QStringLiteral("tools.json: the parameters of item 1 is not a JSON object.");
    QTest::addRow("input_schema not an object")
        << QByteArray(R"([{"name":"a"},{"name":"b"},{"name":"c","input_schema":[]}])")
        << QStringLiteral("tools.json: the input_schema of item 3 is not a JSON object.");
}

void TestToolDefinitionJson::rejectsMalformedItemsNamingItemAndField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);

    const auto tools = ToolDefinitionJson::readToolsDocument(json, QStringLiteral("tools.json"));
    QVERIFY(!tools.ok());
    QCOMPARE(tools.error().kind, Error::Kind::InvalidInput);
    QCOMPARE(tools.error().message, message);
}

void TestToolDefinitionJson::readsMixedShapesInOneArray()
{
    const QJsonArray array{
        value(R"({"type":"function","function":{"name":"a"}})"),
        value(R"({"type":"function","name":"b","strict":true})"),
        value(R"({"name":"c","input_schema":{"type":"object"}})"),
    };
    const auto tools = ToolDefinitionJson::readTools(array, QStringLiteral("x"));
    QVERIFY(tools.ok());
    QCOMPARE(tools->size(), 3);
    QCOMPARE(tools->at(0).name, QStringLiteral("a"));
    QCOMPARE(tools->at(1).name, QStringLiteral("b"));
    QCOMPARE(tools->at(1).strict, std::optional<bool>(true));
    QCOMPARE(tools->at(2).name, QStringLiteral("c"));
    QCOMPARE(tools->at(2).parameters, object(R"({"type":"object"})"));
}

void TestToolDefinitionJson::readsDocumentArrayOrRequestBody()
{
    const auto fromBody = ToolDefinitionJson::readToolsDocument(
        R"({"model":"m","tools":[{"name":"a"},{"name":"b"}]})", QStringLiteral("body.json"));
    QVERIFY(fromBody.ok());
    QCOMPARE(fromBody->size(), 2);
    QCOMPARE(fromBody->at(1).name, QStringLiteral("b"));

    const auto empty = ToolDefinitionJson::readToolsDocument("[]", QStringLiteral("e.json"));
    QVERIFY(empty.ok());
    QVERIFY(empty->isEmpty());
}

void TestToolDefinitionJson::reportsParseErrorWithLineAndColumn()
{
    // The missing comma is found at the second key, on line 3.
    const QByteArray json = "[\n {\"name\": \"a\"\n  \"description\": \"x\"}\n]";
    const auto tools = ToolDefinitionJson::readToolsDocument(json, QStringLiteral("bad.json"));
    QVERIFY(!tools.ok());
    QVERIFY2(tools.error().message.startsWith(QStringLiteral("bad.json: not JSON (")),
             qPrintable(tools.error().message));
    QVERIFY2(tools.error().message.contains(QStringLiteral(" at line 3, column ")),
             qPrintable(tools.error().message));
}

void TestToolDefinitionJson::rejectsDocumentWithoutTools()
{
    for (const QByteArray &json :
         {QByteArray(R"({"model":"m"})"), QByteArray(R"({"tools":{"name":"a"}})")}) {
        const auto tools = ToolDefinitionJson::readToolsDocument(json, QStringLiteral("d.json"));
        QVERIFY(!tools.ok());
        QCOMPARE(
            tools.error().message,
            QStringLiteral(
                "d.json: expected a JSON array of tools, or an object with a \"tools\" array."));
    }
}

void TestToolDefinitionJson::checksFunctionNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QTest::addRow("snake case") << QStringLiteral("get_weather") << true;
    QTest::addRow("dash and digits") << QStringLiteral("search-docs2") << true;
    QTest::addRow("64 characters") << QString(64, QLatin1Char('a')) << true;
    QTest::addRow("65 characters") << QString(65, QLatin1Char('a')) << false;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("space") << QStringLiteral("get weather") << false;
    QTest::addRow("dot") << QStringLiteral("tools.get") << false;
    QTest::addRow("non-ASCII letter") << QStringLiteral("météo") << false;
    QTest::addRow("trailing newline") << QStringLiteral("abc\n") << false;
}

void TestToolDefinitionJson::checksFunctionNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(ToolDefinitionJson::isValidName(name), valid);
}

QTEST_GUILESS_MAIN(TestToolDefinitionJson)
#include "tst_tooldefinitionjson.moc"
