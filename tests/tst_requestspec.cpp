#include "api/requestspec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using mantle::Error;
using mantle::api::ConversationMessage;
using mantle::api::MessageRole;
using mantle::api::OutputSchema;
using mantle::api::ReasoningEffort;
using mantle::api::RequestSpec;
using mantle::api::ToolChoice;
using mantle::api::ToolDefinition;

namespace {

RequestSpec fullSpec()
{
    RequestSpec spec;
    spec.surface = mantle::mantle::ApiSurface::Responses;
    spec.account = QStringLiteral("work");
    spec.region = QStringLiteral("eu-west-1");
    spec.model = QStringLiteral("openai.gpt-oss-120b");
    spec.instructions = QStringLiteral("Be brief.");
    spec.messages.append({MessageRole::User, QStringLiteral("Hi"), {}, {}, false});
    spec.messages.append({MessageRole::Assistant,
                          {},
                          {{QStringLiteral("c1"), QStringLiteral("f"), QStringLiteral("{}")}},
                          {},
                          false});
    spec.messages.append(
        {MessageRole::Tool, QStringLiteral("boom"), {}, QStringLiteral("c1"), true});
    spec.parameters.temperature = 0.7;
    spec.parameters.topP = 0.25;
    spec.parameters.maxOutputTokens = 1234;
    spec.parameters.stopSequences = {QStringLiteral("a"), QStringLiteral("b")};
    spec.parameters.seed = -7;
    spec.parameters.reasoningEffort = ReasoningEffort::Medium;
    spec.parameters.adaptiveThinking = true;
    spec.tools.append({QStringLiteral("f"), QStringLiteral("does f"),
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}, false});
    spec.tools.append({QStringLiteral("g"), {}, {}, std::nullopt});
    spec.toolChoice = ToolChoice{ToolChoice::Mode::Function, QStringLiteral("f")};
    spec.outputSchema
        = OutputSchema{QStringLiteral("answer"),
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}, false};
    spec.previousResponseId = QStringLiteral("resp_1");
    spec.store = false;
    spec.background = true;
    spec.stream = true;
    spec.streamIncludeUsage = false;
    return spec;
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestRequestSpec : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsEveryField()
    {
        const RequestSpec spec = fullSpec();
        // Through the bytes too, as history files and `mantle --spec` read it.
        const QByteArray bytes = QJsonDocument(spec.toJson()).toJson();
        const auto back = RequestSpec::fromJson(QJsonDocument::fromJson(bytes).object());
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(*back, spec);
    }

    void roundTripsDefaults()
    {
        const RequestSpec spec;
        const auto back = RequestSpec::fromJson(spec.toJson());
        QVERIFY(back.ok());
        QCOMPARE(*back, spec);
        QVERIFY(!back->store.has_value());
        QVERIFY(!back->toolChoice.has_value());
    }

    void roundTripsEverySurface_data()
    {
        QTest::addColumn<mantle::mantle::ApiSurface>("surface");
        for (const auto surface : mantle::mantle::kAllApiSurfaces)
            QTest::addRow("%s", qPrintable(mantle::mantle::apiSurfaceName(surface))) << surface;
    }

    void roundTripsEverySurface()
    {
        QFETCH(mantle::mantle::ApiSurface, surface);
        RequestSpec spec;
        spec.surface = surface;
        const auto back = RequestSpec::fromJson(spec.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->surface, surface);
    }

    void writesStableFieldNames()
    {
        const QJsonObject json = fullSpec().toJson();
        QCOMPARE(json.value(QLatin1String("api")).toString(), QStringLiteral("responses"));
        QCOMPARE(json.value(QLatin1String("previous_response_id")).toString(),
                 QStringLiteral("resp_1"));
        const QJsonObject params = json.value(QLatin1String("parameters")).toObject();
        QCOMPARE(params.value(QLatin1String("reasoning_effort")).toString(),
                 QStringLiteral("medium"));
        QCOMPARE(params.value(QLatin1String("max_output_tokens")).toInteger(), 1234);
        const QJsonObject tool = json.value(QLatin1String("messages")).toArray().at(2).toObject();
        QCOMPARE(tool.value(QLatin1String("role")).toString(), QStringLiteral("tool"));
        QCOMPARE(tool.value(QLatin1String("tool_call_id")).toString(), QStringLiteral("c1"));
        QCOMPARE(tool.value(QLatin1String("is_error")).toBool(), true);
    }

    void readsMissingFieldsAsDefaults()
    {
        const auto spec = RequestSpec::fromJson(
            parse(R"({"api":"messages","model":"m","messages":[{"role":"user","text":"x"}]})"));
        QVERIFY(spec.ok());
        QCOMPARE(spec->surface, mantle::mantle::ApiSurface::Messages);
        QCOMPARE(spec->model, QStringLiteral("m"));
        QCOMPARE(spec->messages.size(), 1);
        QVERIFY(spec->streamIncludeUsage);
        QVERIFY(!spec->stream);
        QVERIFY(!spec->parameters.temperature.has_value());
    }

    void rejectsMalformedField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addRow("unknown api")
            << QByteArray(R"({"api":"completions"})") << QStringLiteral("api");
        QTest::addRow("model not a string")
            << QByteArray(R"({"model":5})") << QStringLiteral("model");
        QTest::addRow("messages not a list")
            << QByteArray(R"({"messages":{}})") << QStringLiteral("messages");
        QTest::addRow("message not an object")
            << QByteArray(R"({"messages":["hi"]})") << QStringLiteral("messages[0]");
        QTest::addRow("missing role")
            << QByteArray(R"({"messages":[{"text":"hi"}]})") << QStringLiteral("messages[0].role");
        QTest::addRow("unknown role")
            << QByteArray(R"({"messages":[{"role":"user","text":"a"},{"role":"system"}]})")
            << QStringLiteral("messages[1].role");
        QTest::addRow("tool call name") << QByteArray(
            R"({"messages":[{"role":"assistant","tool_calls":[{"id":"1","name":true}]}]})")
                                        << QStringLiteral("messages[0].tool_calls[0].name");
        QTest::addRow("is_error not bool")
            << QByteArray(R"({"messages":[{"role":"tool","is_error":"yes"}]})")
            << QStringLiteral("messages[0].is_error");
        QTest::addRow("temperature text") << QByteArray(R"({"parameters":{"temperature":"hot"}})")
                                          << QStringLiteral("parameters.temperature");
        QTest::addRow("fractional max tokens")
            << QByteArray(R"({"parameters":{"max_output_tokens":1.5}})")
            << QStringLiteral("parameters.max_output_tokens");
        QTest::addRow("unknown effort")
            << QByteArray(R"({"parameters":{"reasoning_effort":"max"}})")
            << QStringLiteral("parameters.reasoning_effort");
        QTest::addRow("stop not strings") << QByteArray(R"({"parameters":{"stop":["a",1]}})")
                                          << QStringLiteral("parameters.stop[1]");
        QTest::addRow("tool schema not object")
            << QByteArray(R"({"tools":[{"name":"f","parameters":"{}"}]})")
            << QStringLiteral("tools[0].parameters");
        QTest::addRow("unknown tool choice") << QByteArray(R"({"tool_choice":{"mode":"any"}})")
                                             << QStringLiteral("tool_choice.mode");
        QTest::addRow("schema not object")
            << QByteArray(R"({"output_schema":{"name":"a","schema":[1]}})")
            << QStringLiteral("output_schema.schema");
        QTest::addRow("store not bool")
            << QByteArray(R"({"store":"no"})") << QStringLiteral("store");
        QTest::addRow("stream not bool")
            << QByteArray(R"({"stream":1})") << QStringLiteral("stream");
    }

    void rejectsMalformedField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const auto spec = RequestSpec::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!spec.ok());
        QCOMPARE(spec.error().kind, Error::Kind::InvalidInput);
        const QString quoted = QLatin1Char('"') + field + QLatin1Char('"');
        QVERIFY2(spec.error().message.contains(quoted), qPrintable(spec.error().message));
        QVERIFY(!spec.error().hint.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRequestSpec)
#include "tst_requestspec.moc"
