#include "fakehttpserver.h"

#include "api/requestspec.h"
#include "aws/credentialprovider.h"
#include "aws/sigv4signer.h"
#include "aws/staticcredentialprovider.h"
#include "common/clock.h"
#include "mantle/endpoint.h"
#include "net/headerredaction.h"
#include "net/httpclient.h"
#include "pipeline/backgroundpoller.h"
#include "pipeline/mantlecall.h"
#include "pipeline/routememory.h"
#include "pipeline/turncall.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using mantle::ManualClock;
using mantle::api::RequestSpec;
using mantle::api::StreamAccumulator;
using mantle::aws::Credentials;
using mantle::mantle::ApiSurface;
using mantle::mantle::RoutePrefix;
using mantle::mantle::RouteResolver;
using mantle::net::HttpAuth;
using mantle::pipeline::BackgroundPoller;
using mantle::pipeline::CallTarget;
using mantle::pipeline::MantleCall;
using mantle::pipeline::RouteMemory;
using mantle::pipeline::TurnCall;
using mantle::test::FakeHttpServer;

// Declared before the helpers: moc stops reading at their raw string literals.
class TestPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void routeMemoryRecordsAndApplies();
    void routeMemorySurvivesSaveAndLoad();
    void routeMemoryLoadsMissingFileAsEmptyAndRefusesGarbage();

    void retriesOnTheOtherPrefixAndRemembersIt();
    void retriesBackOnV1ForAPrefixModelRefusedThere();
    void stopsAfterOneSwitchWhenBothPrefixesRefuse();
    void neverSwitchesTheAnthropicRoute();

    void sendsApiKeysAsXApiKeyOnTheAnthropicRoute_data();
    void sendsApiKeysAsXApiKeyOnTheAnthropicRoute();

    void renewsExpiredCredentialsOnceAndRetries();
    void doesNotRetryExpiredFixedKeys();

    void streamsATurnAndMeasuresTimings();
    void recordsTheStreamForTheInspectorWithSecretsRedacted_data();
    void recordsTheStreamForTheInspectorWithSecretsRedacted();
    void recordsAJsonAnswer();
    void recordsNothingUnlessAsked();
    void keepsPartialTextOnCancel();
    void keepsPartialTextOnResetMidStream();
    void readsAJsonAnswerToAStreamRequest();
    void failsWithoutAnswerWhenRefused();

    void followsABackgroundResponseUntilItCompletes();
    void cancelsABackgroundResponse();
    void refusesAMalformedResponseId();

private:
    CallTarget target(HttpAuth::Kind kind = HttpAuth::Kind::Bearer) const;
    TurnCall *runTurn(const RequestSpec &spec, const CallTarget &target);

    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    mantle::aws::SigV4Signer m_signer;
    ManualClock m_clock{QDateTime(QDate(2026, 11, 25), QTime(12, 0, 0), Qt::UTC)};
    std::unique_ptr<mantle::net::HttpClient> m_client;
    RouteMemory m_memory;
};

namespace {

constexpr int kWaitMs = 10000;

QByteArray bermError()
{
    return R"({"error":{"code":"access_denied","message":"Berm is not enabled for this account","param":null,"type":"permission_denied_error"}})";
}

QByteArray wrongRouteError(const QByteArray &model)
{
    return R"({"error":{"code":"validation_error","message":"model `)" + model
        + R"(` isn't supported on this route","param":null,"type":"invalid_request_error"}})";
}

FakeHttpServer::Reply jsonReply(int status, const QByteArray &body)
{
    FakeHttpServer::Reply reply;
    reply.status = status;
    reply.contentType = "application/json";
    reply.body = body;
    return reply;
}

QByteArray chatBody(const QByteArray &text)
{
    return R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":")"
        + text
        + R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";
}

QByteArray chatChunk(const QByteArray &text)
{
    return R"(data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":")"
        + text + "\"},\"finish_reason\":null}]}\n\n";
}

QByteArray responseBody(const QByteArray &status, const QByteArray &text = {})
{
    QByteArray output = "[]";
    if (!text.isEmpty())
        output
            = R"([{"type":"message","id":"msg_1","role":"assistant","status":"completed","content":[{"type":"output_text","text":")"
            + text + R"(","annotations":[]}]}])";
    return R"({"id":"resp_abc","object":"response","created_at":1.5,"model":"openai.gpt-oss-120b","status":")"
        + status + R"(","output":)" + output + "}";
}

RequestSpec chatSpec(const QString &model, bool stream = false)
{
    RequestSpec spec;
    spec.surface = ApiSurface::ChatCompletions;
    spec.model = model;
    mantle::api::ConversationMessage message;
    message.text = QStringLiteral("Hello");
    spec.messages.append(message);
    spec.stream = stream;
    return spec;
}

/// A provider whose credentials change each time it is told to drop them (as an assumed role
/// does when it asks STS again).
class RenewingProvider final : public mantle::aws::CredentialProvider
{
public:
    int discarded = 0;
    void credentials(Callback done) override
    {
        Credentials credentials;
        credentials.accessKeyId = QStringLiteral("AKIDSESSION%1").arg(discarded);
        credentials.secretAccessKey = mantle::SecretString(std::string_view("secret"));
        credentials.sessionToken = mantle::SecretString(std::string_view("token"));
        QTimer::singleShot(0, this, [done, credentials] { done(credentials); });
    }
    bool discardCached() override
    {
        ++discarded;
        return true;
    }
};

} // namespace

void TestPipeline::init()
{
    m_server = std::make_unique<FakeHttpServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<mantle::net::HttpClient>(m_network.get(), m_signer, m_clock);
    m_memory = RouteMemory();
}

void TestPipeline::cleanup()
{
    m_client.reset();
    m_network.reset();
    m_server.reset();
}

CallTarget TestPipeline::target(HttpAuth::Kind kind) const
{
    CallTarget target;
    target.region = QStringLiteral("us-east-1");
    target.account = QStringLiteral("work");
    target.endpoint = *mantle::mantle::Endpoint::parse(m_server->url().toString());
    target.auth.kind = kind;
    target.auth.apiKey = mantle::SecretString(std::string_view("test-api-key"));
    target.options.maxRetries = 0;
    return target;
}

TurnCall *TestPipeline::runTurn(const RequestSpec &spec, const CallTarget &callTarget)
{
    auto *call = new TurnCall(*m_client, spec, callTarget, &m_memory, this);
    QSignalSpy finished(call, &TurnCall::finished);
    call->start();
    if (!finished.wait(kWaitMs))
        qWarning("the turn did not finish");
    return call;
}

void TestPipeline::routeMemoryRecordsAndApplies()
{
    RouteMemory memory;
    QVERIFY(memory.record(QStringLiteral("a"), QStringLiteral("us-east-1"), QStringLiteral("m.new"),
                          RoutePrefix::OpenAiV1));
    QVERIFY(!memory.record(QStringLiteral("a"), QStringLiteral("us-east-1"),
                           QStringLiteral("m.new"), RoutePrefix::OpenAiV1));
    QVERIFY(memory.record(QStringLiteral("a"), QStringLiteral("us-east-1"),
                          QStringLiteral("openai.gpt-5.4"), RoutePrefix::V1));
    QVERIFY(!memory.record(QStringLiteral("a"), QStringLiteral("us-east-1"), QStringLiteral("x"),
                           RoutePrefix::AnthropicV1));

    const RouteResolver base;
    QVERIFY(base.needsOpenAiPrefix(QStringLiteral("openai.gpt-5.4")));
    const RouteResolver applied
        = memory.apply(base, QStringLiteral("a"), QStringLiteral("us-east-1"));
    QVERIFY(applied.needsOpenAiPrefix(QStringLiteral("m.new")));
    QVERIFY(!applied.needsOpenAiPrefix(QStringLiteral("openai.gpt-5.4")));
    // Learned for one account and region only.
    QVERIFY(!memory.apply(base, QStringLiteral("b"), QStringLiteral("us-east-1"))
                 .needsOpenAiPrefix(QStringLiteral("m.new")));
    QVERIFY(!memory.apply(base, QStringLiteral("a"), QStringLiteral("eu-west-1"))
                 .needsOpenAiPrefix(QStringLiteral("m.new")));

    memory.forgetAccount(QStringLiteral("a"));
    QVERIFY(memory.isEmpty());
}

void TestPipeline::routeMemorySurvivesSaveAndLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nested/routes.json"));
    RouteMemory memory;
    memory.record({}, QStringLiteral("us-west-2"), QStringLiteral("m.one"), RoutePrefix::OpenAiV1);
    memory.record(QStringLiteral("work"), QStringLiteral("us-east-1"), QStringLiteral("m.two"),
                  RoutePrefix::V1);
    QVERIFY(memory.save(path).ok());
    const auto loaded = RouteMemory::load(path);
    QVERIFY(loaded.ok());
    QCOMPARE(*loaded, memory);
    QCOMPARE(loaded->lookup({}, QStringLiteral("us-west-2"), QStringLiteral("m.one")),
             std::optional(RoutePrefix::OpenAiV1));
}

void TestPipeline::routeMemoryLoadsMissingFileAsEmptyAndRefusesGarbage()
{
    QTemporaryDir dir;
    const auto missing = RouteMemory::load(dir.filePath(QStringLiteral("none.json")));
    QVERIFY(missing.ok());
    QVERIFY(missing->isEmpty());
    QFile garbage(dir.filePath(QStringLiteral("bad.json")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("{not json");
    garbage.close();
    const auto bad = RouteMemory::load(garbage.fileName());
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.contains(QLatin1String("bad.json")));
}

void TestPipeline::retriesOnTheOtherPrefixAndRemembersIt()
{
    m_server->enqueue(jsonReply(401, bermError()));
    m_server->enqueue(jsonReply(200, chatBody("from openai v1")));
    TurnCall *call = runTurn(chatSpec(QStringLiteral("vendor.new-model")), target());
    QVERIFY(call->isFinished());
    QVERIFY2(!call->error(), qPrintable(call->error() ? call->error()->message : QString()));
    QCOMPARE(call->turn().text, QStringLiteral("from openai v1"));
    QVERIFY(call->switchedPrefix());
    QCOMPARE(call->routePrefix(), QStringLiteral("/openai/v1"));
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(0).target, QByteArray("/v1/chat/completions"));
    QCOMPARE(m_server->requests().at(1).target, QByteArray("/openai/v1/chat/completions"));
    QCOMPARE(m_memory.lookup(QStringLiteral("work"), QStringLiteral("us-east-1"),
                             QStringLiteral("vendor.new-model")),
             std::optional(RoutePrefix::OpenAiV1));

    // The next request goes to the learned prefix at once.
    m_server->enqueue(jsonReply(200, chatBody("again")));
    TurnCall *second = runTurn(chatSpec(QStringLiteral("vendor.new-model")), target());
    QVERIFY(!second->switchedPrefix());
    QCOMPARE(m_server->requests().size(), 3);
    QCOMPARE(m_server->requests().at(2).target, QByteArray("/openai/v1/chat/completions"));
}

void TestPipeline::retriesBackOnV1ForAPrefixModelRefusedThere()
{
    m_server->enqueue(jsonReply(400, wrongRouteError("openai.gpt-5.4")));
    m_server->enqueue(jsonReply(200, chatBody("on v1")));
    TurnCall *call = runTurn(chatSpec(QStringLiteral("openai.gpt-5.4")), target());
    QVERIFY(!call->error());
    QCOMPARE(m_server->requests().at(0).target, QByteArray("/openai/v1/chat/completions"));
    QCOMPARE(m_server->requests().at(1).target, QByteArray("/v1/chat/completions"));
    QCOMPARE(m_memory.lookup(QStringLiteral("work"), QStringLiteral("us-east-1"),
                             QStringLiteral("openai.gpt-5.4")),
             std::optional(RoutePrefix::V1));
}

void TestPipeline::stopsAfterOneSwitchWhenBothPrefixesRefuse()
{
    m_server->enqueue(jsonReply(401, bermError()));
    m_server->enqueue(jsonReply(400, wrongRouteError("vendor.m")));
    m_server->enqueue(jsonReply(200, chatBody("never asked")));
    TurnCall *call = runTurn(chatSpec(QStringLiteral("vendor.m")), target());
    QVERIFY(call->error());
    QCOMPARE(m_server->requests().size(), 2);
    QVERIFY(m_memory.isEmpty());
    QVERIFY(call->error()->message.contains(QLatin1String("vendor.m"))
            || call->error()->hint.contains(QLatin1String("/v1")));
}

void TestPipeline::neverSwitchesTheAnthropicRoute()
{
    m_server->enqueue(jsonReply(
        401,
        R"({"type":"error","error":{"type":"permission_error","message":"Berm is not enabled for this account"}})"));
    RequestSpec spec = chatSpec(QStringLiteral("anthropic.claude-haiku-4-5"));
    spec.surface = ApiSurface::Messages;
    spec.parameters.maxOutputTokens = 100;
    TurnCall *call = runTurn(spec, target());
    QVERIFY(call->error());
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().at(0).target, QByteArray("/anthropic/v1/messages"));
}

void TestPipeline::sendsApiKeysAsXApiKeyOnTheAnthropicRoute_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("bearerOnAnthropic");
    QTest::addColumn<QByteArray>("xApiKey");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addRow("messages") << ApiSurface::Messages << false << QByteArray("test-api-key")
                              << QByteArray();
    QTest::addRow("messages, bearer chosen")
        << ApiSurface::Messages << true << QByteArray() << QByteArray("Bearer test-api-key");
    QTest::addRow("count tokens") << ApiSurface::CountTokens << false << QByteArray("test-api-key")
                                  << QByteArray();
    QTest::addRow("chat") << ApiSurface::ChatCompletions << false << QByteArray()
                          << QByteArray("Bearer test-api-key");
}

void TestPipeline::sendsApiKeysAsXApiKeyOnTheAnthropicRoute()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, bearerOnAnthropic);
    QFETCH(QByteArray, xApiKey);
    QFETCH(QByteArray, authorization);
    RequestSpec spec = chatSpec(QStringLiteral("anthropic.claude-haiku-4-5"));
    spec.surface = surface;
    if (surface != ApiSurface::ChatCompletions)
        spec.parameters.maxOutputTokens = 100;
    if (surface == ApiSurface::ChatCompletions)
        spec.model = QStringLiteral("openai.gpt-oss-120b");
    CallTarget callTarget = target();
    if (bearerOnAnthropic)
        callTarget.anthropicKeyHeader = CallTarget::AnthropicKeyHeader::Bearer;
    const auto wire = TurnCall::buildWireRequest(spec);
    QVERIFY(wire.ok());
    m_server->enqueue(jsonReply(200, "{}"));
    MantleCall call(*m_client, *wire, spec.model, callTarget, &m_memory);
    QSignalSpy finished(&call, &MantleCall::finished);
    call.start();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(m_server->requests().size(), 1);
    const auto &request = m_server->requests().first();
    QCOMPARE(request.header("x-api-key"), xApiKey);
    QCOMPARE(request.header("authorization"), authorization);
    if (surface != ApiSurface::ChatCompletions)
        QCOMPARE(request.header("anthropic-version"), QByteArray("2023-06-01"));
}

void TestPipeline::renewsExpiredCredentialsOnceAndRetries()
{
    FakeHttpServer::Reply expired
        = jsonReply(403, R"({"message":"The security token included in the request is expired"})");
    expired.headers.append({QByteArray("x-amzn-errortype"), QByteArray("ExpiredTokenException")});
    m_server->enqueue(expired);
    m_server->enqueue(jsonReply(200, chatBody("fresh")));
    RenewingProvider provider;
    CallTarget callTarget = target(HttpAuth::Kind::SigV4);
    callTarget.auth.credentials = &provider;
    TurnCall *call = runTurn(chatSpec(QStringLiteral("openai.gpt-oss-120b")), callTarget);
    QVERIFY2(!call->error(), qPrintable(call->error() ? call->error()->message : QString()));
    QCOMPARE(call->turn().text, QStringLiteral("fresh"));
    QCOMPARE(provider.discarded, 1);
    QCOMPARE(m_server->requests().size(), 2);
    QVERIFY(m_server->requests().at(0).header("authorization").contains("AKIDSESSION0/"));
    QVERIFY(m_server->requests().at(1).header("authorization").contains("AKIDSESSION1/"));
}

void TestPipeline::doesNotRetryExpiredFixedKeys()
{
    FakeHttpServer::Reply expired
        = jsonReply(403, R"({"message":"The security token included in the request is expired"})");
    expired.headers.append({QByteArray("x-amzn-errortype"), QByteArray("ExpiredTokenException")});
    m_server->enqueue(expired);
    m_server->enqueue(expired);
    Credentials credentials;
    credentials.accessKeyId = QStringLiteral("AKIDFIXED");
    credentials.secretAccessKey = mantle::SecretString(std::string_view("secret"));
    credentials.sessionToken = mantle::SecretString(std::string_view("old-token"));
    mantle::aws::StaticCredentialProvider provider(credentials, m_clock);
    CallTarget callTarget = target(HttpAuth::Kind::SigV4);
    callTarget.auth.credentials = &provider;
    TurnCall *call = runTurn(chatSpec(QStringLiteral("openai.gpt-oss-120b")), callTarget);
    QVERIFY(call->error());
    QCOMPARE(m_server->requests().size(), 1);
    QVERIFY(call->error()->message.contains(QLatin1String("expired"), Qt::CaseInsensitive)
            || call->error()->hint.contains(QLatin1String("expired"), Qt::CaseInsensitive));
}

void TestPipeline::streamsATurnAndMeasuresTimings()
{
    FakeHttpServer::Reply reply;
    reply.contentType = "text/event-stream";
    reply.chunkIntervalMs = 1;
    reply.chunks = {
        chatChunk("Hel"), chatChunk("lo"),
        R"(data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})"
        "\n\n",
        "data: [DONE]\n\n"};
    m_server->enqueue(reply);
    auto *call = new TurnCall(*m_client, chatSpec(QStringLiteral("openai.gpt-oss-120b"), true),
                              target(), &m_memory, this);
    QSignalSpy changes(call, &TurnCall::turnChanged);
    QSignalSpy finished(call, &TurnCall::finished);
    call->start();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(!call->error());
    QCOMPARE(call->turn().text, QStringLiteral("Hello"));
    QCOMPARE(call->turn().stopReason, QStringLiteral("stop"));
    QVERIFY(!call->turn().error);
    QVERIFY(changes.size() >= 2);
    QVERIFY(call->timings().timeToFirstByte.has_value());
    QVERIFY(call->timings().timeToFirstToken.has_value());
    QVERIFY(*call->timings().timeToFirstToken >= *call->timings().timeToFirstByte);
    QVERIFY(call->timings().total >= *call->timings().timeToFirstToken);
    QCOMPARE(m_server->requests().first().header("accept"), QByteArray("text/event-stream"));
}

void TestPipeline::recordsTheStreamForTheInspectorWithSecretsRedacted_data()
{
    QTest::addColumn<HttpAuth::Kind>("kind");
    QTest::addColumn<QByteArray>("authorizationStart");
    QTest::addRow("api key") << HttpAuth::Kind::Bearer << QByteArray("Bearer ");
    QTest::addRow("sigv4") << HttpAuth::Kind::SigV4
                           << QByteArray("AWS4-HMAC-SHA256 Credential=AKID…/20261125/us-east-1/"
                                         "bedrock-mantle/aws4_request");
}

void TestPipeline::recordsTheStreamForTheInspectorWithSecretsRedacted()
{
    QFETCH(HttpAuth::Kind, kind);
    QFETCH(QByteArray, authorizationStart);
    FakeHttpServer::Reply reply;
    reply.contentType = "text/event-stream";
    reply.chunks = {
        chatChunk("Hel"), chatChunk("lo"),
        R"(data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
        "\n\n",
        "data: [DONE]\n\n"};
    m_server->enqueue(reply);
    Credentials credentials;
    credentials.accessKeyId = QStringLiteral("AKIDRECORDTEST");
    credentials.secretAccessKey = mantle::SecretString(std::string_view("record-secret-key"));
    credentials.sessionToken = mantle::SecretString(std::string_view("record-session-token"));
    mantle::aws::StaticCredentialProvider provider(credentials, m_clock);
    CallTarget callTarget = target(kind);
    callTarget.auth.credentials = &provider;
    auto *call = new TurnCall(*m_client, chatSpec(QStringLiteral("openai.gpt-oss-120b"), true),
                              callTarget, &m_memory, this);
    call->setRecording(true);
    QSignalSpy finished(call, &TurnCall::finished);
    call->start();
    QVERIFY(finished.wait(kWaitMs));
    const mantle::pipeline::RequestRecord record = call->record();

    // The secrets reached the server...
    const auto &sent = m_server->requests().first();
    const QByteArray sentAuthorization = sent.header("authorization");
    QVERIFY(!sentAuthorization.isEmpty());
    // ...and the record has the same headers, with every secret replaced.
    QCOMPARE(record.method, QByteArray("POST"));
    QCOMPARE(record.url,
             m_server->url().resolved(QUrl(QStringLiteral("/v1/chat/completions"))).toString());
    QByteArray authorization;
    QByteArray everything;
    for (const auto &[name, value] : record.requestHeaders) {
        everything += name + ": " + value + "\n";
        if (name.compare("authorization", Qt::CaseInsensitive) == 0)
            authorization = value;
    }
    QVERIFY2(authorization.startsWith(authorizationStart), authorization.constData());
    QVERIFY(authorization.contains(mantle::net::kRedacted));
    QVERIFY(!everything.contains("test-api-key"));
    QVERIFY(!everything.contains("record-secret-key"));
    QVERIFY(!everything.contains("record-session-token"));
    QVERIFY(!everything.contains("AKIDRECORDTEST"));
    if (kind == HttpAuth::Kind::SigV4) {
        const QByteArray signature
            = sentAuthorization.mid(sentAuthorization.indexOf("Signature=") + 10);
        QVERIFY(!signature.isEmpty());
        QVERIFY(!everything.contains(signature));
        QVERIFY(everything.toLower().contains("x-amz-security-token: "
                                              + QByteArray(mantle::net::kRedacted)));
    }
    QVERIFY(everything.contains("content-type: application/json"));
    QCOMPARE(record.requestBody, sent.body);
    QCOMPARE(record.httpStatus, 200);
    QVERIFY(record.streamed);
    QCOMPARE(record.events.size(), 4);
    QVERIFY(record.events.at(0).data.contains("\"Hel\""));
    QCOMPARE(record.events.at(3).data, QByteArray("[DONE]"));
    QVERIFY(record.events.at(0).atMs <= record.events.at(3).atMs);
    QVERIFY(record.events.at(3).atMs <= record.totalMs);
    QCOMPARE(record.attempts, 1);
    QCOMPARE(record.routePrefix, QStringLiteral("/v1"));
    QVERIFY(record.timeToFirstByteMs.has_value());
    QVERIFY(record.error.isEmpty());
    QVERIFY(!record.truncated);
}

void TestPipeline::recordsAJsonAnswer()
{
    m_server->enqueue(jsonReply(200, chatBody("whole")));
    auto *call = new TurnCall(*m_client, chatSpec(QStringLiteral("openai.gpt-oss-120b")), target(),
                              &m_memory, this);
    call->setRecording(true);
    QSignalSpy finished(call, &TurnCall::finished);
    call->start();
    QVERIFY(finished.wait(kWaitMs));
    const auto record = call->record();
    QVERIFY(!record.streamed);
    QVERIFY(record.events.isEmpty());
    QCOMPARE(record.responseBody, chatBody("whole"));
}

void TestPipeline::recordsNothingUnlessAsked()
{
    m_server->enqueue(jsonReply(200, chatBody("whole")));
    TurnCall *call = runTurn(chatSpec(QStringLiteral("openai.gpt-oss-120b")), target());
    QCOMPARE(call->turn().text, QStringLiteral("whole"));
    QVERIFY(call->record().responseBody.isEmpty());
    QVERIFY(call->record().events.isEmpty());
    QCOMPARE(call->record().httpStatus, 200);
}

void TestPipeline::keepsPartialTextOnCancel()
{
    FakeHttpServer::Reply reply;
    reply.contentType = "text/event-stream";
    reply.chunks = {chatChunk("partial ")};
    reply.ending = FakeHttpServer::Reply::Ending::Stall;
    m_server->enqueue(reply);
    auto *call = new TurnCall(*m_client, chatSpec(QStringLiteral("openai.gpt-oss-120b"), true),
                              target(), &m_memory, this);
    QSignalSpy finished(call, &TurnCall::finished);
    connect(call, &TurnCall::turnChanged, call, [call](StreamAccumulator::Changes changes) {
        if (changes.testFlag(StreamAccumulator::Change::Text))
            call->cancel();
    });
    call->start();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(call->turn().text, QStringLiteral("partial "));
    QVERIFY(call->turn().error);
    QCOMPARE(call->turn().error->type, QString::fromLatin1(mantle::api::kCancelledError));
    QVERIFY(!call->error()); // an answer came: the cancel is in the turn
}

void TestPipeline::keepsPartialTextOnResetMidStream()
{
    FakeHttpServer::Reply reply;
    reply.contentType = "text/event-stream";
    reply.chunkIntervalMs = 1;
    reply.chunks = {chatChunk("cut "), chatChunk("short")};
    reply.ending = FakeHttpServer::Reply::Ending::Drop;
    m_server->enqueue(reply);
    TurnCall *call = runTurn(chatSpec(QStringLiteral("openai.gpt-oss-120b"), true), target());
    QCOMPARE(call->turn().text, QStringLiteral("cut short"));
    QVERIFY(call->turn().error);
    QCOMPARE(call->turn().error->type, QString::fromLatin1(mantle::api::kIncompleteStreamError));
}

void TestPipeline::readsAJsonAnswerToAStreamRequest()
{
    // A 200 whose body is an error envelope, to a stream request.
    m_server->enqueue(jsonReply(
        200,
        R"({"error":{"code":"server_error","message":"Something broke","param":null,"type":"server_error"}})"));
    TurnCall *call = runTurn(chatSpec(QStringLiteral("openai.gpt-oss-120b"), true), target());
    QVERIFY(!call->error());
    QVERIFY(call->turn().error);
    QCOMPARE(call->turn().error->message, QStringLiteral("Something broke"));
}

void TestPipeline::failsWithoutAnswerWhenRefused()
{
    m_server->enqueue(jsonReply(
        403,
        R"({"error":{"code":"access_denied","message":"User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: bedrock-mantle:CreateInference","param":null,"type":"permission_denied_error"}})"));
    TurnCall *call = runTurn(chatSpec(QStringLiteral("openai.gpt-oss-120b"), true), target());
    QVERIFY(call->error());
    QVERIFY(call->turn().text.isEmpty());
    QCOMPARE(call->outcome().httpStatus, 403);
}

void TestPipeline::followsABackgroundResponseUntilItCompletes()
{
    m_server->enqueue(jsonReply(200, responseBody("queued")));
    m_server->enqueue(jsonReply(200, responseBody("in_progress")));
    m_server->enqueue(jsonReply(200, responseBody("in_progress")));
    m_server->enqueue(jsonReply(200, responseBody("completed", "Done at last")));
    BackgroundPoller::Options options;
    options.firstInterval = std::chrono::milliseconds(1);
    BackgroundPoller poller(*m_client, QStringLiteral("resp_abc"),
                            QStringLiteral("openai.gpt-oss-120b"), target(), &m_memory, options);
    QSignalSpy statuses(&poller, &BackgroundPoller::statusChanged);
    QSignalSpy finished(&poller, &BackgroundPoller::finished);
    poller.start();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(!poller.error());
    QCOMPARE(poller.polls(), 4);
    QCOMPARE(poller.status(), QStringLiteral("completed"));
    QCOMPARE(poller.turn().text, QStringLiteral("Done at last"));
    QStringList seen;
    for (const auto &arguments : statuses)
        seen.append(arguments.first().toString());
    QCOMPARE(seen,
             (QStringList{QStringLiteral("queued"), QStringLiteral("in_progress"),
                          QStringLiteral("completed")}));
    for (const auto &request : m_server->requests()) {
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.target, QByteArray("/v1/responses/resp_abc"));
    }
}

void TestPipeline::cancelsABackgroundResponse()
{
    m_server->enqueue(jsonReply(200, responseBody("in_progress")));
    m_server->enqueue(jsonReply(200, responseBody("cancelled")));
    BackgroundPoller::Options options;
    options.firstInterval = std::chrono::minutes(1); // no second poll: the cancel answers
    BackgroundPoller poller(*m_client, QStringLiteral("resp_abc"), {}, target(), &m_memory,
                            options);
    QSignalSpy statuses(&poller, &BackgroundPoller::statusChanged);
    QSignalSpy finished(&poller, &BackgroundPoller::finished);
    poller.start();
    QVERIFY(statuses.wait(kWaitMs));
    poller.requestCancel();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(poller.status(), QStringLiteral("cancelled"));
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(1).method, QByteArray("POST"));
    QCOMPARE(m_server->requests().at(1).target, QByteArray("/v1/responses/resp_abc/cancel"));
}

void TestPipeline::refusesAMalformedResponseId()
{
    BackgroundPoller poller(*m_client, QStringLiteral("../models"), {}, target(), &m_memory, {});
    QSignalSpy finished(&poller, &BackgroundPoller::finished);
    poller.start();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(poller.error());
    QCOMPARE(poller.error()->kind, mantle::Error::Kind::InvalidInput);
    QVERIFY(m_server->requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
