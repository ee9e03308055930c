// `mantle chat|responses|messages|count-tokens|models` run in-process against a FakeHttpServer on
// 127.0.0.1 (through --endpoint): what they send, what they print, their exit codes, and that no
// secret ever reaches the output.

#include "clitestrun.h"
#include "commandline.h"
#include "fakehttpserver.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

using namespace mantle::cli;
using mantle::test::FakeHttpServer;

namespace {

const QString kAccessKeyId = QStringLiteral("AKIDEXAMPLE");
const QString kSecret = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const QString kSessionToken = QStringLiteral("session-token-canary");
const QString kBearer = QStringLiteral("bedrock-api-key-canary");

using Run = mantle::test::CliRun;

/// A device that keeps every write separately, to see what was flushed when.
class RecordingDevice final : public QIODevice
{
public:
    RecordingDevice() { open(QIODevice::WriteOnly); }
    QList<QByteArray> writes;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        writes.append(QByteArray(data, size));
        return size;
    }
};

QProcessEnvironment keysEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kAccessKeyId);
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), kSecret);
    env.insert(QStringLiteral("AWS_SESSION_TOKEN"), kSessionToken);
    return env;
}

QProcessEnvironment bearerEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), kBearer);
    return env;
}

Run runMantleWith(const QStringList &args, const QProcessEnvironment &env,
                  const QString &stdinText = {})
{
    return mantle::test::runCli(args, env, stdinText);
}

bool revealsNoSecret(const Run &run)
{
    for (const QString &secret : {kSecret, kSessionToken, kBearer}) {
        if (run.out.contains(secret) || run.err.contains(secret))
            return false;
    }
    return true;
}

FakeHttpServer::Reply jsonReply(const QByteArray &body, int status = 200)
{
    FakeHttpServer::Reply reply;
    reply.status = status;
    reply.contentType = "application/json";
    reply.body = body;
    return reply;
}

FakeHttpServer::Reply chatStreamReply(FakeHttpServer::Reply::Ending ending
                                      = FakeHttpServer::Reply::Ending::Complete)
{
    FakeHttpServer::Reply reply;
    reply.contentType = "text/event-stream";
    reply.chunks = {
        R"(data: {"id":"c1","model":"openai.gpt-oss-120b","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]})"
        "\n\n",
        R"(data: {"id":"c1","choices":[{"index":0,"delta":{"content":"lo"}}]})"
        "\n\n",
    };
    if (ending == FakeHttpServer::Reply::Ending::Complete) {
        reply.chunks.append(
            R"(data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
            "\n\ndata: [DONE]\n\n");
    }
    reply.ending = ending;
    return reply;
}

const QByteArray kChatBody
    = R"({"id":"chatcmpl-1","object":"chat.completion","model":"openai.gpt-oss-120b","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})";
const QByteArray kMessagesBody
    = R"({"id":"msg_1","type":"message","role":"assistant","model":"anthropic.claude-test","content":[{"type":"text","text":"Hi from Claude"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":4}})";
const QByteArray kResponsesBody
    = R"({"id":"resp_2","object":"response","status":"completed","model":"openai.gpt-oss-120b","output":[{"type":"message","id":"msg_1","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Again"}]}],"usage":{"input_tokens":3,"output_tokens":1,"total_tokens":4}})";

QJsonObject bodyOf(const FakeHttpServer::Request &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

} // namespace

class TestCliRequests : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void chatPrintsTheAnswerText();
    void chatReadsThePromptFromStdin();
    void chatStreamWritesDeltasAsTheyArrive();
    void chatJsonPrintsTheReplayShape();
    void brokenStreamPrintsThePartialTextAndFails();
    void messagesGoesToTheAnthropicRoute();
    void responsesSendsPreviousResponseIdAndStore();
    void sendsToolsAndSchemaFromFiles();
    void countTokensPrintsTheCount();
    void signsWithSigV4WhenOnlyKeysAreSet();
    void sendsTheApiKeyAsBearer();
    void accessDeniedFailsWithTheHint();
    void failsWithoutCredentials();
    void refusesProfilesForNow();
    void refusesPlainHttpToARemoteEndpoint();
    void modelsListsTheIds();
    void messagesSendsTheApiKeyAsXApiKey();
    void learnsTheModelsPrefixAndKeepsIt();
    void responsesGetPrintsTheStoredResponse();
    void responsesDeleteAndCancelUseTheirMethods();
    void responsesBackgroundFollowsUntilCompleted();
    void responsesActionsRefuseBadArguments();
    void reportsUsageErrors_data();
    void reportsUsageErrors();

private:
    QString endpoint() const;
    QStringList requestArgs(const QString &command, const QString &model) const;

    std::unique_ptr<FakeHttpServer> m_server;
};

void TestCliRequests::initTestCase()
{
    // Learned routes go to a test folder, never to the user's cache (and none are read from it).
    QStandardPaths::setTestModeEnabled(true);
}

void TestCliRequests::init()
{
    m_server = std::make_unique<FakeHttpServer>();
    QVERIFY(m_server->listen());
}

void TestCliRequests::cleanup()
{
    m_server.reset();
}

QString TestCliRequests::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server->port());
}

QStringList TestCliRequests::requestArgs(const QString &command, const QString &model) const
{
    return {command,
            QStringLiteral("--model"),
            model,
            QStringLiteral("--prompt"),
            QStringLiteral("Say hello"),
            QStringLiteral("--region"),
            QStringLiteral("us-east-1"),
            QStringLiteral("--endpoint"),
            endpoint()};
}

void TestCliRequests::chatPrintsTheAnswerText()
{
    m_server->enqueue(jsonReply(kChatBody));
    const Run run
        = runMantleWith(requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b"))
                            + QStringList{QStringLiteral("--system"), QStringLiteral("Be brief"),
                                          QStringLiteral("--max-tokens"), QStringLiteral("64")},
                        bearerEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("Hello there\n"));
    QVERIFY(run.err.isEmpty());
    QVERIFY(revealsNoSecret(run));

    QCOMPARE(m_server->requests().size(), 1);
    const FakeHttpServer::Request &request = m_server->requests().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/v1/chat/completions"));
    const QJsonObject body = bodyOf(request);
    QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("openai.gpt-oss-120b"));
    QCOMPARE(body.value(QStringLiteral("max_completion_tokens")).toInt(), 64);
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(1).toObject().value(QStringLiteral("content")).toString(),
             QStringLiteral("Say hello"));
    QVERIFY(body.value(QStringLiteral("stream")) != QJsonValue(true));
}

void TestCliRequests::chatReadsThePromptFromStdin()
{
    m_server->enqueue(jsonReply(kChatBody));
    QStringList args = requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b"));
    args.remove(3, 2); // --prompt TEXT
    const Run run = runMantleWith(args, bearerEnvironment(), QStringLiteral("From stdin\n"));
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonArray messages
        = bodyOf(m_server->requests().first()).value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.last().toObject().value(QStringLiteral("content")).toString(),
             QStringLiteral("From stdin"));
}

void TestCliRequests::chatStreamWritesDeltasAsTheyArrive()
{
    m_server->enqueue(chatStreamReply());
    RecordingDevice device;
    QTextStream out(&device);
    QString errText;
    QTextStream err(&errText);
    CommandContext context{
        requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b"))
            << QStringLiteral("--stream"),
        bearerEnvironment(), &out, &err};
    const int code = runMantle(context);
    out.flush();
    err.flush();
    QVERIFY2(code == 0, qPrintable(errText));
    // Each delta was flushed on its own, before the stream ended.
    QCOMPARE(device.writes, (QList<QByteArray>{"Hel", "lo", "\n"}));

    const QJsonObject body = bodyOf(m_server->requests().first());
    QCOMPARE(body.value(QStringLiteral("stream")), QJsonValue(true));
    QCOMPARE(body.value(QStringLiteral("stream_options"))
                 .toObject()
                 .value(QStringLiteral("include_usage")),
             QJsonValue(true));
    QCOMPARE(m_server->requests().first().header("accept"), QByteArray("text/event-stream"));
}

void TestCliRequests::chatJsonPrintsTheReplayShape()
{
    m_server->enqueue(chatStreamReply());
    const Run run
        = runMantleWith(requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b"))
                            << QStringLiteral("--stream") << QStringLiteral("--json"),
                        bearerEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8(), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(json.value(QStringLiteral("text")).toString(), QStringLiteral("Hello"));
    QCOMPARE(json.value(QStringLiteral("stop_reason")).toString(), QStringLiteral("stop"));
    QCOMPARE(json.value(QStringLiteral("response_id")).toString(), QStringLiteral("c1"));
    QVERIFY(json.value(QStringLiteral("error")).isNull());
    QVERIFY(json.value(QStringLiteral("tool_calls")).isArray());
    QVERIFY(json.contains(QStringLiteral("usage")));
}

void TestCliRequests::brokenStreamPrintsThePartialTextAndFails()
{
    m_server->enqueue(chatStreamReply(FakeHttpServer::Reply::Ending::Drop));
    const Run run
        = runMantleWith(requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b"))
                            << QStringLiteral("--stream"),
                        bearerEnvironment());
    QCOMPARE(run.code, 1);
    QCOMPARE(run.out, QStringLiteral("Hello\n"));
    QVERIFY2(run.err.contains(QLatin1String("incomplete_stream")), qPrintable(run.err));
    QVERIFY(revealsNoSecret(run));
}

void TestCliRequests::messagesGoesToTheAnthropicRoute()
{
    m_server->enqueue(jsonReply(kMessagesBody));
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("messages"), QStringLiteral("anthropic.claude-test")),
        bearerEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("Hi from Claude\n"));
    const FakeHttpServer::Request &request = m_server->requests().first();
    QCOMPARE(request.target, QByteArray("/anthropic/v1/messages"));
    QCOMPARE(request.header("anthropic-version"), QByteArray("2023-06-01"));
    QCOMPARE(bodyOf(request).value(QStringLiteral("model")).toString(),
             QStringLiteral("anthropic.claude-test"));
}

void TestCliRequests::responsesSendsPreviousResponseIdAndStore()
{
    m_server->enqueue(jsonReply(kResponsesBody));
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("responses"), QStringLiteral("openai.gpt-oss-120b"))
            << QStringLiteral("--previous-response-id") << QStringLiteral("resp_1")
            << QStringLiteral("--no-store") << QStringLiteral("--json"),
        keysEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("text")).toString(), QStringLiteral("Again"));
    QCOMPARE(json.value(QStringLiteral("response_id")).toString(), QStringLiteral("resp_2"));
    const FakeHttpServer::Request &request = m_server->requests().first();
    QCOMPARE(request.target, QByteArray("/v1/responses"));
    const QJsonObject body = bodyOf(request);
    QCOMPARE(body.value(QStringLiteral("previous_response_id")).toString(),
             QStringLiteral("resp_1"));
    QCOMPARE(body.value(QStringLiteral("store")), QJsonValue(false));
    QVERIFY(revealsNoSecret(run));
}

void TestCliRequests::sendsToolsAndSchemaFromFiles()
{
    // Messages' own tool shape, sent to Responses: every surface's shape is read.
    QTemporaryFile tools;
    QVERIFY(tools.open());
    tools.write(
        R"([{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}])");
    tools.flush();
    QTemporaryFile schema(QDir::tempPath() + QStringLiteral("/weather_XXXXXX.json"));
    QVERIFY(schema.open());
    schema.write(
        R"({"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],"additionalProperties":false})");
    schema.flush();

    m_server->enqueue(jsonReply(kResponsesBody));
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("responses"), QStringLiteral("openai.gpt-oss-120b"))
            << QStringLiteral("--tools") << tools.fileName() << QStringLiteral("--tool-choice")
            << QStringLiteral("get_weather") << QStringLiteral("--schema") << schema.fileName(),
        bearerEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject body = bodyOf(m_server->requests().first());
    const QJsonObject tool = body.value(QStringLiteral("tools")).toArray().first().toObject();
    QCOMPARE(tool.value(QStringLiteral("name")).toString(), QStringLiteral("get_weather"));
    QCOMPARE(tool.value(QStringLiteral("parameters"))
                 .toObject()
                 .value(QStringLiteral("type"))
                 .toString(),
             QStringLiteral("object"));
    QCOMPARE(body.value(QStringLiteral("tool_choice")).toObject().value(QStringLiteral("name")),
             QJsonValue(QStringLiteral("get_weather")));
    const QJsonObject format
        = body.value(QStringLiteral("text")).toObject().value(QStringLiteral("format")).toObject();
    QCOMPARE(format.value(QStringLiteral("type")).toString(), QStringLiteral("json_schema"));
    QVERIFY(format.value(QStringLiteral("name")).toString().startsWith(QLatin1String("weather_")));
}

void TestCliRequests::countTokensPrintsTheCount()
{
    m_server->enqueue(jsonReply(R"({"input_tokens":42})"));
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("count-tokens"), QStringLiteral("anthropic.claude-test")),
        bearerEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("42\n"));
    QCOMPARE(m_server->requests().first().target,
             QByteArray("/anthropic/v1/messages/count_tokens"));
}

void TestCliRequests::signsWithSigV4WhenOnlyKeysAreSet()
{
    m_server->enqueue(jsonReply(kChatBody));
    const Run run
        = runMantleWith(requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b")),
                        keysEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const FakeHttpServer::Request &request = m_server->requests().first();
    const QByteArray authorization = request.header("authorization");
    QVERIFY2(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
             authorization.constData());
    QVERIFY(authorization.contains("/us-east-1/bedrock-mantle/aws4_request"));
    QCOMPARE(request.header("x-amz-security-token"), kSessionToken.toUtf8());
    QVERIFY(revealsNoSecret(run));
}

void TestCliRequests::sendsTheApiKeyAsBearer()
{
    m_server->enqueue(jsonReply(kChatBody));
    QProcessEnvironment env = keysEnvironment();
    env.insert(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK"), kBearer);
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b")), env);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const FakeHttpServer::Request &request = m_server->requests().first();
    QCOMPARE(request.header("authorization"), QByteArray("Bearer ") + kBearer.toUtf8());
    QVERIFY(request.header("x-amz-date").isNull());
    QVERIFY(revealsNoSecret(run));
}

void TestCliRequests::accessDeniedFailsWithTheHint()
{
    FakeHttpServer::Reply reply = jsonReply(
        R"({"Message":"User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:us-east-1:123456789012:project/default"})",
        403);
    reply.headers.append({QByteArrayLiteral("x-amzn-ErrorType"),
                          QByteArrayLiteral("AccessDeniedException:http://internal/")});
    m_server->enqueue(reply);
    const Run run
        = runMantleWith(requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b")),
                        keysEnvironment());
    QCOMPARE(run.code, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.startsWith(QLatin1String("mantle chat: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QLatin1String("Access was denied")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QLatin1String("Allow the action bedrock-mantle:CreateInference")),
             qPrintable(run.err));
    QVERIFY(revealsNoSecret(run));
}

void TestCliRequests::failsWithoutCredentials()
{
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b")), {});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(QLatin1String("No credentials")), qPrintable(run.err));
    QVERIFY(run.err.contains(QLatin1String("AWS_BEARER_TOKEN_BEDROCK")));
    QVERIFY(m_server->requests().isEmpty());
}

void TestCliRequests::refusesProfilesForNow()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_PROFILE"), QStringLiteral("dev"));
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b")), env);
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(QLatin1String("profiles are not supported by the CLI yet")),
             qPrintable(run.err));
    QVERIFY(m_server->requests().isEmpty());
}

void TestCliRequests::refusesPlainHttpToARemoteEndpoint()
{
    QStringList args = requestArgs(QStringLiteral("chat"), QStringLiteral("openai.gpt-oss-120b"));
    args.last() = QStringLiteral("http://mantle.example.com");
    const Run run = runMantleWith(args, keysEnvironment());
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(QLatin1String("plain http")), qPrintable(run.err));
    QVERIFY(m_server->requests().isEmpty());
    QVERIFY(revealsNoSecret(run));
}

void TestCliRequests::modelsListsTheIds()
{
    m_server->enqueue(jsonReply(
        R"({"object":"list","data":[{"id":"openai.gpt-oss-120b","object":"model"},{"id":"anthropic.claude-test","object":"model"}]})"));
    const Run run
        = runMantleWith({QStringLiteral("models"), QStringLiteral("--region"),
                         QStringLiteral("us-east-1"), QStringLiteral("--endpoint"), endpoint()},
                        keysEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("openai.gpt-oss-120b\nanthropic.claude-test\n"));
    const FakeHttpServer::Request &request = m_server->requests().first();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.target, QByteArray("/v1/models"));
    QVERIFY(request.header("authorization").startsWith("AWS4-HMAC-SHA256 "));
    QVERIFY(revealsNoSecret(run));
}

void TestCliRequests::reportsUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");

    const QStringList base{QStringLiteral("--prompt"), QStringLiteral("hi"),
                           QStringLiteral("--region"), QStringLiteral("us-east-1")};
    const QStringList chat = QStringList{QStringLiteral("chat"), QStringLiteral("--model"),
                                         QStringLiteral("openai.gpt-oss-120b")}
        + base;
    QTest::addRow("no model") << (QStringList{QStringLiteral("chat")} + base)
                              << QStringLiteral("--model is required");
    QTest::addRow("temperature not a number")
        << (chat + QStringList{QStringLiteral("--temperature"), QStringLiteral("warm")})
        << QStringLiteral("--temperature");
    QTest::addRow("temperature too high")
        << (chat + QStringList{QStringLiteral("--temperature"), QStringLiteral("3")})
        << QStringLiteral("--temperature");
    QTest::addRow("max tokens zero")
        << (chat + QStringList{QStringLiteral("--max-tokens"), QStringLiteral("0")})
        << QStringLiteral("--max-tokens");
    QTest::addRow("unknown reasoning effort")
        << (chat + QStringList{QStringLiteral("--reasoning-effort"), QStringLiteral("extreme")})
        << QStringLiteral("--reasoning-effort");
    QTest::addRow("tool choice names no tool")
        << (chat + QStringList{QStringLiteral("--tool-choice"), QStringLiteral("nope")})
        << QStringLiteral("tool_choice");
    QTest::addRow("unknown option")
        << (chat + QStringList{QStringLiteral("--colour")}) << QStringLiteral("colour");
    QTest::addRow("previous response id outside responses")
        << (chat + QStringList{QStringLiteral("--previous-response-id"), QStringLiteral("r")})
        << QStringLiteral("previous_response_id");
    QTest::addRow("empty account") << (chat + QStringList{QStringLiteral("--account"), QString()})
                                   << QStringLiteral("--account must not be empty");
    QTest::addRow("missing tools file")
        << (chat + QStringList{QStringLiteral("--tools"), QStringLiteral("/nonexistent/t.json")})
        << QStringLiteral("--tools");
    QTest::addRow("count tokens stream")
        << QStringList{QStringLiteral("count-tokens"), QStringLiteral("--model"),
                       QStringLiteral("anthropic.claude-test"), QStringLiteral("--stream")}
        << QStringLiteral("does not stream");
    QTest::addRow("region that does not serve mantle") << QStringList{
        QStringLiteral("chat"),        QStringLiteral("--model"), QStringLiteral("m"),
        QStringLiteral("--prompt"),    QStringLiteral("hi"),      QStringLiteral("--region"),
        QStringLiteral("xx-nowhere-9")} << QStringLiteral("xx-nowhere-9");
    QTest::addRow("models stray argument")
        << QStringList{QStringLiteral("models"), QStringLiteral("extra")}
        << QStringLiteral("extra");
}

void TestCliRequests::reportsUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run run = runMantleWith(args, keysEnvironment());
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    QVERIFY(m_server->requests().isEmpty());
    QVERIFY(revealsNoSecret(run));
}

void TestCliRequests::messagesSendsTheApiKeyAsXApiKey()
{
    m_server->enqueue(jsonReply(kMessagesBody));
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("messages"), QStringLiteral("anthropic.claude-haiku-4-5"))
            << QStringLiteral("--max-tokens") << QStringLiteral("50"),
        bearerEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const FakeHttpServer::Request &request = m_server->requests().first();
    QCOMPARE(request.header("x-api-key"), kBearer.toUtf8());
    QVERIFY(request.header("authorization").isNull());

    // The TypeScript SDK's way, when asked for.
    m_server->enqueue(jsonReply(kMessagesBody));
    QProcessEnvironment env = bearerEnvironment();
    env.insert(QStringLiteral("MANTLE_ANTHROPIC_KEY_HEADER"), QStringLiteral("bearer"));
    const Run bearer = runMantleWith(
        requestArgs(QStringLiteral("messages"), QStringLiteral("anthropic.claude-haiku-4-5"))
            << QStringLiteral("--max-tokens") << QStringLiteral("50"),
        env);
    QVERIFY2(bearer.code == 0, qPrintable(bearer.err));
    QCOMPARE(m_server->requests().at(1).header("authorization"), "Bearer " + kBearer.toUtf8());
    QVERIFY(m_server->requests().at(1).header("x-api-key").isNull());
}

void TestCliRequests::learnsTheModelsPrefixAndKeepsIt()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = bearerEnvironment();
    const QString routes = dir.filePath(QStringLiteral("routes.json"));
    env.insert(QStringLiteral("MANTLE_ROUTES_FILE"), routes);
    m_server->enqueue(jsonReply(
        R"({"error":{"code":"access_denied","message":"Berm is not enabled for this account","param":null,"type":"permission_denied_error"}})",
        401));
    m_server->enqueue(jsonReply(kChatBody));
    const Run first
        = runMantleWith(requestArgs(QStringLiteral("chat"), QStringLiteral("vendor.new")), env);
    QVERIFY2(first.code == 0, qPrintable(first.err));
    QCOMPARE(first.out, QStringLiteral("Hello there\n"));
    QCOMPARE(m_server->requests().at(1).target, QByteArray("/openai/v1/chat/completions"));
    QVERIFY(QFile::exists(routes));

    // A new process (a new runner) goes to /openai/v1 at once.
    m_server->enqueue(jsonReply(kChatBody));
    const Run second
        = runMantleWith(requestArgs(QStringLiteral("chat"), QStringLiteral("vendor.new")), env);
    QVERIFY2(second.code == 0, qPrintable(second.err));
    QCOMPARE(m_server->requests().size(), 3);
    QCOMPARE(m_server->requests().at(2).target, QByteArray("/openai/v1/chat/completions"));
}

void TestCliRequests::responsesGetPrintsTheStoredResponse()
{
    m_server->enqueue(jsonReply(kResponsesBody));
    const Run run = runMantleWith({QStringLiteral("responses"), QStringLiteral("get"),
                                   QStringLiteral("resp_2"), QStringLiteral("--region"),
                                   QStringLiteral("us-east-1"), QStringLiteral("--endpoint"),
                                   endpoint(), QStringLiteral("--json")},
                                  bearerEnvironment());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject turn = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(turn.value(QStringLiteral("text")).toString(), QStringLiteral("Again"));
    QCOMPARE(turn.value(QStringLiteral("response_id")).toString(), QStringLiteral("resp_2"));
    QCOMPARE(turn.value(QStringLiteral("stop_reason")).toString(), QStringLiteral("completed"));
    QCOMPARE(m_server->requests().first().method, QByteArray("GET"));
    QCOMPARE(m_server->requests().first().target, QByteArray("/v1/responses/resp_2"));
}

void TestCliRequests::responsesDeleteAndCancelUseTheirMethods()
{
    m_server->enqueue(jsonReply(R"({"id":"resp_2","object":"response.deleted","deleted":true})"));
    const QStringList where{QStringLiteral("--region"), QStringLiteral("us-east-1"),
                            QStringLiteral("--endpoint"), endpoint()};
    const Run deleted = runMantleWith(
        QStringList{QStringLiteral("responses"), QStringLiteral("delete"), QStringLiteral("resp_2")}
            + where,
        bearerEnvironment());
    QVERIFY2(deleted.code == 0, qPrintable(deleted.err));
    QVERIFY(deleted.out.contains(QLatin1String("resp_2")));
    QCOMPARE(m_server->requests().at(0).method, QByteArray("DELETE"));
    QCOMPARE(m_server->requests().at(0).target, QByteArray("/v1/responses/resp_2"));

    // A model on the /openai/v1 prefix: its stored responses are there too.
    m_server->enqueue(jsonReply(
        R"({"id":"resp_3","object":"response","status":"cancelled","model":"openai.gpt-5.4","output":[]})"));
    const Run cancelled = runMantleWith(
        QStringList{QStringLiteral("responses"), QStringLiteral("cancel"), QStringLiteral("resp_3"),
                    QStringLiteral("--model"), QStringLiteral("openai.gpt-5.4")}
            + where,
        bearerEnvironment());
    QVERIFY2(cancelled.code == 0, qPrintable(cancelled.err));
    QVERIFY(cancelled.err.contains(QLatin1String("cancelled")));
    QCOMPARE(m_server->requests().at(1).method, QByteArray("POST"));
    QCOMPARE(m_server->requests().at(1).target, QByteArray("/openai/v1/responses/resp_3/cancel"));
}

void TestCliRequests::responsesBackgroundFollowsUntilCompleted()
{
    m_server->enqueue(jsonReply(
        R"({"id":"resp_bg","object":"response","status":"queued","model":"openai.gpt-oss-120b","output":[]})"));
    m_server->enqueue(jsonReply(
        R"({"id":"resp_bg","object":"response","status":"in_progress","model":"openai.gpt-oss-120b","output":[]})"));
    m_server->enqueue(jsonReply(QByteArray(kResponsesBody).replace("resp_2", "resp_bg")));
    QProcessEnvironment env = bearerEnvironment();
    env.insert(QStringLiteral("MANTLE_POLL_INTERVAL_MS"), QStringLiteral("1"));
    const Run run = runMantleWith(
        requestArgs(QStringLiteral("responses"), QStringLiteral("openai.gpt-oss-120b"))
            << QStringLiteral("--background"),
        env);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("Again\n"));
    QVERIFY(run.err.contains(QLatin1String("queued")));
    QVERIFY(run.err.contains(QLatin1String("in_progress")));
    QCOMPARE(m_server->requests().size(), 3);
    QCOMPARE(bodyOf(m_server->requests().at(0)).value(QStringLiteral("background")),
             QJsonValue(true));
    QCOMPARE(m_server->requests().at(1).target, QByteArray("/v1/responses/resp_bg"));
    QCOMPARE(m_server->requests().at(2).target, QByteArray("/v1/responses/resp_bg"));
}

void TestCliRequests::responsesActionsRefuseBadArguments()
{
    const QStringList where{QStringLiteral("--region"), QStringLiteral("us-east-1"),
                            QStringLiteral("--endpoint"), endpoint()};
    const Run unknown = runMantleWith(
        QStringList{QStringLiteral("responses"), QStringLiteral("fetch"), QStringLiteral("resp_1")}
            + where,
        bearerEnvironment());
    QCOMPARE(unknown.code, 2);
    QVERIFY(unknown.err.contains(QLatin1String("get, delete and cancel")));
    const Run noId
        = runMantleWith(QStringList{QStringLiteral("responses"), QStringLiteral("get")} + where,
                        bearerEnvironment());
    QCOMPARE(noId.code, 2);
    const Run badId = runMantleWith(
        QStringList{QStringLiteral("responses"), QStringLiteral("get"), QStringLiteral("a/b")}
            + where,
        bearerEnvironment());
    QCOMPARE(badId.code, 2);
    const Run streamed = runMantleWith(
        requestArgs(QStringLiteral("responses"), QStringLiteral("openai.gpt-oss-120b"))
            << QStringLiteral("--background") << QStringLiteral("--stream"),
        bearerEnvironment());
    QCOMPARE(streamed.code, 2);
    QVERIFY(m_server->requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestCliRequests)
#include "tst_clirequests.moc"
