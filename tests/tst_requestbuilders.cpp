#include "api/chat/chatrequestbuilder.h"
#include "api/messages/messagesrequestbuilder.h"
#include "api/requestspec.h"
#include "api/responses/responsesrequestbuilder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using mantle::Error;
using mantle::Result;
using mantle::api::ConversationMessage;
using mantle::api::MessageRole;
using mantle::api::OutputSchema;
using mantle::api::ReasoningEffort;
using mantle::api::RequestSpec;
using mantle::api::ToolChoice;
using mantle::api::WireRequest;
using mantle::mantle::ApiSurface;

namespace {

Result<WireRequest> buildFor(const RequestSpec &spec)
{
    switch (spec.surface) {
    case ApiSurface::ChatCompletions:
        return mantle::api::chat::ChatRequestBuilder::build(spec);
    case ApiSurface::Responses:
        return mantle::api::responses::ResponsesRequestBuilder::build(spec);
    case ApiSurface::Messages:
    case ApiSurface::CountTokens:
    case ApiSurface::Models:
        return mantle::api::messages::MessagesRequestBuilder::build(spec);
    }
    return mantle::makeError(Error::Kind::Internal, QStringLiteral("unreachable"));
}

QStringList names(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(QLatin1Char(' '));
}

QString requestsDir()
{
    return QStringLiteral(MANTLE_TEST_DATA "/requests");
}

/// A spec every surface accepts, with everything its own surface can carry.
RequestSpec richSpec(ApiSurface surface)
{
    RequestSpec spec;
    spec.surface = surface;
    spec.model = QStringLiteral("some.model");
    spec.instructions = QStringLiteral("sys");
    spec.messages.append({MessageRole::User, QStringLiteral("q"), {}, {}, false});
    spec.messages.append({MessageRole::Assistant,
                          QStringLiteral("a"),
                          {{QStringLiteral("c1"), QStringLiteral("f"), QStringLiteral("{}")}},
                          {},
                          false});
    spec.messages.append({MessageRole::Tool, QStringLiteral("r"), {}, QStringLiteral("c1"), false});
    spec.parameters.temperature = 0.5;
    spec.parameters.topP = 0.5;
    spec.parameters.maxOutputTokens = 10;
    spec.parameters.reasoningEffort = ReasoningEffort::Low;
    spec.tools.append({QStringLiteral("f"), QStringLiteral("d"), {}, std::nullopt});
    spec.stream = surface != ApiSurface::CountTokens;
    const bool anthropic = surface == ApiSurface::Messages || surface == ApiSurface::CountTokens;
    if (surface != ApiSurface::Responses)
        spec.parameters.stopSequences = {QStringLiteral("x")};
    if (surface == ApiSurface::ChatCompletions)
        spec.parameters.seed = 1;
    if (anthropic) {
        spec.parameters.adaptiveThinking = true;
    } else {
        spec.toolChoice = ToolChoice{ToolChoice::Mode::Required, {}};
        spec.outputSchema
            = OutputSchema{QStringLiteral("s"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}, true};
    }
    if (surface == ApiSurface::Responses) {
        spec.previousResponseId = QStringLiteral("resp_1");
        spec.store = true;
        spec.background = true;
    }
    return spec;
}

RequestSpec minimalSpec(ApiSurface surface)
{
    RequestSpec spec;
    spec.surface = surface;
    spec.model = QStringLiteral("some.model");
    spec.messages.append({MessageRole::User, QStringLiteral("q"), {}, {}, false});
    spec.tools.append({QStringLiteral("f"), {}, {}, std::nullopt});
    return spec;
}

} // namespace

class TestRequestBuilders : public QObject
{
    Q_OBJECT

private slots:
    void buildsGoldenRequest_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files
            = QDir(requestsDir()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 10);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << file;
    }

    void buildsGoldenRequest()
    {
        QFETCH(QString, file);
        QFile golden(requestsDir() + QLatin1Char('/') + file);
        QVERIFY(golden.open(QIODevice::ReadOnly));
        QJsonParseError parseError;
        const QJsonObject expected
            = QJsonDocument::fromJson(golden.readAll(), &parseError).object();
        QCOMPARE(parseError.error, QJsonParseError::NoError);

        const auto spec = RequestSpec::fromJson(expected.value(QLatin1String("spec")).toObject());
        QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().message));
        const auto request = buildFor(*spec);
        QVERIFY2(request.ok(), qPrintable(request.ok() ? QString() : request.error().message));

        QCOMPARE(request->method, QByteArrayLiteral("POST"));
        QCOMPARE(request->surface, spec->surface);
        QCOMPARE(request->path, expected.value(QLatin1String("path")).toString());
        QJsonArray headers;
        for (const auto &header : request->headers) {
            headers.append(
                QJsonArray{QString::fromLatin1(header.first), QString::fromLatin1(header.second)});
        }
        QCOMPARE(headers, expected.value(QLatin1String("headers")).toArray());

        const QJsonDocument body = QJsonDocument::fromJson(request->body, &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const QJsonObject expectedBody = expected.value(QLatin1String("body")).toObject();
        if (body.object() != expectedBody) {
            qWarning().noquote() << "built:   " << request->body;
            qWarning().noquote() << "expected:"
                                 << QJsonDocument(expectedBody).toJson(QJsonDocument::Compact);
        }
        QCOMPARE(body.object(), expectedBody);
    }

    void writesStableBytes()
    {
        const RequestSpec spec = richSpec(ApiSurface::ChatCompletions);
        const auto first = buildFor(spec);
        const auto second = buildFor(spec);
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first->body, second->body);
        QVERIFY(!first->body.contains('\n'));
    }

    void sendsOnlyOwnSurfaceFields_data()
    {
        QTest::addColumn<ApiSurface>("surface");
        QTest::addColumn<QStringList>("allowed");
        QTest::addRow("chat")
            << ApiSurface::ChatCompletions
            << names("model messages temperature top_p max_completion_tokens stop seed "
                     "reasoning_effort tools tool_choice response_format stream stream_options");
        QTest::addRow("responses")
            << ApiSurface::Responses
            << names("model instructions input temperature top_p max_output_tokens reasoning tools "
                     "tool_choice text previous_response_id store background stream");
        QTest::addRow("messages")
            << ApiSurface::Messages
            << names("model system messages max_tokens temperature top_p stop_sequences tools "
                     "tool_choice thinking output_config stream");
        QTest::addRow("count-tokens")
            << ApiSurface::CountTokens << names("model system messages tools tool_choice thinking");
    }

    void sendsOnlyOwnSurfaceFields()
    {
        QFETCH(ApiSurface, surface);
        QFETCH(QStringList, allowed);
        const auto request = buildFor(richSpec(surface));
        QVERIFY2(request.ok(), qPrintable(request.ok() ? QString() : request.error().message));
        const QStringList keys = QJsonDocument::fromJson(request->body).object().keys();
        for (const QString &key : keys)
            QVERIFY2(allowed.contains(key), qPrintable(key));
        const bool anthropic
            = surface == ApiSurface::Messages || surface == ApiSurface::CountTokens;
        QCOMPARE(request->header("anthropic-version").isEmpty(), !anthropic);
    }

    void defaultsMessagesMaxTokens()
    {
        const auto request = buildFor(minimalSpec(ApiSurface::Messages));
        QVERIFY(request.ok());
        const QJsonObject body = QJsonDocument::fromJson(request->body).object();
        QCOMPARE(body.value(QLatin1String("max_tokens")).toInteger(),
                 mantle::api::messages::MessagesRequestBuilder::kDefaultMaxTokens);
    }

    void rejectsBadSpec_data()
    {
        QTest::addColumn<RequestSpec>("spec");
        QTest::addColumn<QString>("field");

        const auto add = [](const char *name, RequestSpec spec, const char *field) {
            QTest::newRow(name) << spec << QString::fromLatin1(field);
        };
        const RequestSpec chat = minimalSpec(ApiSurface::ChatCompletions);
        const RequestSpec responses = minimalSpec(ApiSurface::Responses);
        const RequestSpec messages = minimalSpec(ApiSurface::Messages);
        RequestSpec s;

        s = chat;
        s.model = QStringLiteral("  ");
        add("no model", s, "model");
        s = responses;
        s.messages.clear();
        add("empty conversation", s, "messages");
        s = chat;
        s.messages.append({MessageRole::User, {}, {}, {}, false});
        add("empty user message", s, "messages[1].text");
        s = messages;
        s.messages.append({MessageRole::Tool, QStringLiteral("r"), {}, {}, false});
        add("tool result without call id", s, "messages[1].tool_call_id");
        s = chat;
        s.messages.append({MessageRole::Assistant, {}, {{{}, QStringLiteral("f"), {}}}, {}, false});
        add("tool call without id", s, "messages[1].tool_calls[0].id");
        s = chat;
        s.messages.append({MessageRole::User, QStringLiteral("x"), {}, QStringLiteral("c"), false});
        add("call id on a user message", s, "messages[1].tool_call_id");
        s = messages;
        s.messages.append({MessageRole::Assistant,
                           {},
                           {{QStringLiteral("t"), QStringLiteral("f"), QStringLiteral("[1]")}},
                           {},
                           false});
        add("claude arguments not an object", s, "messages[1].tool_calls[0].arguments");
        s = chat;
        s.tools.append({{}, QStringLiteral("nameless"), {}, std::nullopt});
        add("tool without a name", s, "tools[1].name");
        s = chat;
        s.tools.append({QStringLiteral("f"), {}, {}, std::nullopt});
        add("duplicate tool name", s, "tools[1].name");
        s = responses;
        s.tools[0].parameters = QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}};
        add("tool schema not an object", s, "tools[0].parameters");
        s = chat;
        s.toolChoice = ToolChoice{ToolChoice::Mode::Function, QStringLiteral("missing")};
        add("tool choice names an unknown tool", s, "tool_choice.name");
        s = chat;
        s.tools.clear();
        s.toolChoice = ToolChoice{ToolChoice::Mode::Required, {}};
        add("tool choice without tools", s, "tool_choice");
        s = messages;
        s.parameters.adaptiveThinking = true;
        s.toolChoice = ToolChoice{ToolChoice::Mode::Required, {}};
        add("forced tool while thinking", s, "tool_choice");
        s = chat;
        s.outputSchema = OutputSchema{QStringLiteral("s"), QJsonObject(), true};
        add("empty output schema", s, "output_schema.schema");
        s = responses;
        s.outputSchema
            = OutputSchema{QStringLiteral("s"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("array")}}, true};
        add("output schema not an object", s, "output_schema.schema");
        s = messages;
        s.outputSchema
            = OutputSchema{QStringLiteral("f"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}, true};
        add("schema tool clashes with a tool", s, "output_schema.name");
        s = chat;
        s.previousResponseId = QStringLiteral("resp_1");
        add("previous_response_id on chat", s, "previous_response_id");
        s = messages;
        s.store = false;
        add("store on messages", s, "store");
        s = chat;
        s.background = true;
        add("background on chat", s, "background");
        s = responses;
        s.background = true;
        s.store = false;
        add("background without storing", s, "background");
        s = responses;
        s.parameters.seed = 3;
        add("seed on responses", s, "parameters.seed");
        s = responses;
        s.parameters.stopSequences = {QStringLiteral("x")};
        add("stop on responses", s, "parameters.stop");
        s = chat;
        s.parameters.adaptiveThinking = true;
        add("thinking on chat", s, "parameters.adaptive_thinking");
        s = messages;
        s.parameters.temperature = 1.5;
        add("temperature above claude's range", s, "parameters.temperature");
        s = chat;
        s.parameters.maxOutputTokens = 0;
        add("zero max tokens", s, "parameters.max_output_tokens");
        s = minimalSpec(ApiSurface::CountTokens);
        s.stream = true;
        add("streamed count tokens", s, "stream");
    }

    void rejectsBadSpec()
    {
        QFETCH(RequestSpec, spec);
        QFETCH(QString, field);
        const auto request = buildFor(spec);
        QVERIFY(!request.ok());
        QCOMPARE(request.error().kind, Error::Kind::InvalidInput);
        const QString quoted = QLatin1Char('"') + field + QLatin1Char('"');
        QVERIFY2(request.error().message.contains(quoted), qPrintable(request.error().message));
    }

    void rejectsSpecOfAnotherSurface_data()
    {
        QTest::addColumn<ApiSurface>("specSurface");
        QTest::addColumn<int>("builder");
        QTest::addRow("messages spec to chat") << ApiSurface::Messages << 0;
        QTest::addRow("chat spec to responses") << ApiSurface::ChatCompletions << 1;
        QTest::addRow("responses spec to messages") << ApiSurface::Responses << 2;
        QTest::addRow("models spec to messages") << ApiSurface::Models << 2;
    }

    void rejectsSpecOfAnotherSurface()
    {
        QFETCH(ApiSurface, specSurface);
        QFETCH(int, builder);
        const RequestSpec spec = minimalSpec(specSurface);
        const auto request = builder == 0 ? mantle::api::chat::ChatRequestBuilder::build(spec)
            : builder == 1 ? mantle::api::responses::ResponsesRequestBuilder::build(spec)
                           : mantle::api::messages::MessagesRequestBuilder::build(spec);
        QVERIFY(!request.ok());
        QVERIFY(!request.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRequestBuilders)
#include "tst_requestbuilders.moc"
