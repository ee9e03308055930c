// The request engine against the in-process emulator when things go wrong: every fault the
// emulator injects (error statuses with and without Retry-After, IAM refusals, connections
// dropped, events malformed, streams stalled, latency) and refused credentials.

#include "emulatorenginefixture.h"
#include "localemulator.h"

#include "aws/credentials.h"
#include "aws/staticcredentialprovider.h"
#include "net/httpclient.h"
#include "pipeline/turncall.h"

#include <QSignalSpy>
#include <QTest>

using mantle::Error;
using mantle::api::RequestSpec;
using mantle::api::StreamAccumulator;
using mantle::api::Turn;
using mantle::mantle::ApiSurface;
using mantle::pipeline::CallTarget;
using mantle::pipeline::TurnCall;
using namespace mantle::test;

class TestEmulatorEngineFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void retriesAServerErrorThenGivesUp_data();
    void retriesAServerErrorThenGivesUp();
    void waitsRetryAfterOnThrottling_data();
    void waitsRetryAfterOnThrottling();
    void namesTheDeniedAction_data();
    void namesTheDeniedAction();
    void keepsPartialTextWhenTheConnectionDrops_data();
    void keepsPartialTextWhenTheConnectionDrops();
    void reportsAMalformedEventAndKeepsTheTextBeforeIt_data();
    void reportsAMalformedEventAndKeepsTheTextBeforeIt();
    void stopsAStalledStreamAtTheIdleTimeout_data();
    void stopsAStalledStreamAtTheIdleTimeout();
    void waitsOutLatency_data();
    void waitsOutLatency();

    void refusesAWrongSecretKey_data();
    void refusesAWrongSecretKey();
    void refusesAnUnknownApiKey_data();
    void refusesAnUnknownApiKey();

private:
    EmulatorEngineFixture m_engine;
};

void TestEmulatorEngineFaults::init()
{
    const std::optional<QString> failed = m_engine.start();
    QVERIFY2(!failed, qPrintable(failed.value_or(QString())));
}

void TestEmulatorEngineFaults::cleanup()
{
    m_engine.stop();
}

// ----------------------------------------------------------------------------------------------
// Faults

void TestEmulatorEngineFaults::retriesAServerErrorThenGivesUp_data()
{
    addSurfaceRows(true);
}

void TestEmulatorEngineFaults::retriesAServerErrorThenGivesUp()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, stream);
    CallTarget faulty = m_engine.target();
    addFault(faulty, "status=503");
    faulty.options.maxRetries = 2;
    faulty.options.baseBackoff = std::chrono::milliseconds(20);
    TurnCall *call
        = m_engine.runTurn(promptSpec(surface, modelFor(surface), kEnginePrompt, stream), faulty);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Http);
    QCOMPARE(call->error()->httpStatus, 503);
    QCOMPARE(call->outcome().attempts, 3);
    QVERIFY(call->outcome().classified && call->outcome().classified->retryable);
    QVERIFY2(call->error()->message.contains(QLatin1String("server error")),
             qPrintable(call->error()->message));
    QVERIFY(call->turn().text.isEmpty());
}

void TestEmulatorEngineFaults::waitsRetryAfterOnThrottling_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addRow("chat") << ApiSurface::ChatCompletions;
    QTest::addRow("messages") << ApiSurface::Messages;
}

void TestEmulatorEngineFaults::waitsRetryAfterOnThrottling()
{
    QFETCH(ApiSurface, surface);
    CallTarget faulty = m_engine.target();
    addFault(faulty, "status=429;retry-after=1");
    faulty.options.maxRetries = 1;
    // Backoff alone would retry within milliseconds: a wait of a second is Retry-After's.
    faulty.options.baseBackoff = std::chrono::milliseconds(10);
    TurnCall *call
        = m_engine.runTurn(promptSpec(surface, modelFor(surface), kEnginePrompt, true), faulty);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->httpStatus, 429);
    QCOMPARE(call->outcome().attempts, 2);
    QVERIFY(call->outcome().classified);
    QVERIFY(call->outcome().classified->retryable);
    QCOMPARE(call->outcome().classified->retryAfterSeconds, std::optional<int>(1));
    QVERIFY2(call->error()->message.contains(QLatin1String("limiting requests")),
             qPrintable(call->error()->message));
    QVERIFY2(call->error()->hint.contains(QLatin1String("Try again in 1 s")),
             qPrintable(call->error()->hint));
    // Lower bound: Retry-After's second (the retry timer is precise); backoff alone would have
    // retried within milliseconds.
    QVERIFY2(call->timings().total >= std::chrono::seconds(1),
             qPrintable(QString::number(call->timings().total.count())));
}

void TestEmulatorEngineFaults::namesTheDeniedAction_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<EngineAuth>("auth");
    QTest::addColumn<QString>("action");
    const QString createInference = QStringLiteral("bedrock-mantle:CreateInference");
    const QString bearer = QStringLiteral("bedrock-mantle:CallWithBearerToken");
    QTest::addRow("chat, sigv4") << ApiSurface::ChatCompletions << EngineAuth::SigV4
                                 << createInference;
    QTest::addRow("chat, api key") << ApiSurface::ChatCompletions << EngineAuth::ApiKey << bearer;
    QTest::addRow("responses, sigv4")
        << ApiSurface::Responses << EngineAuth::SigV4 << createInference;
    QTest::addRow("messages, sigv4")
        << ApiSurface::Messages << EngineAuth::SigV4 << createInference;
    QTest::addRow("messages, x-api-key") << ApiSurface::Messages << EngineAuth::ApiKey << bearer;
}

void TestEmulatorEngineFaults::namesTheDeniedAction()
{
    QFETCH(ApiSurface, surface);
    QFETCH(EngineAuth, auth);
    QFETCH(QString, action);
    CallTarget faulty = m_engine.target(auth);
    addFault(faulty, "access-denied");
    TurnCall *call
        = m_engine.runTurn(promptSpec(surface, modelFor(surface), kEnginePrompt, false), faulty);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Auth);
    QCOMPARE(call->error()->httpStatus, 403);
    QCOMPARE(call->outcome().attempts, 1);
    QVERIFY2(call->error()->toDisplayString().contains(action),
             qPrintable(call->error()->toDisplayString()));
}

namespace {

/// After how many events of each surface's stream (no reasoning) two text deltas have come:
/// Chat: role, text...; Responses: created, in_progress, item added, part added, text...;
/// Messages: message_start, content_block_start, ping, text...
void addPartialStreamRows()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<int>("events");
    QTest::addRow("chat") << ApiSurface::ChatCompletions << 3;
    QTest::addRow("responses") << ApiSurface::Responses << 6;
    QTest::addRow("messages") << ApiSurface::Messages << 5;
}

} // namespace

void TestEmulatorEngineFaults::keepsPartialTextWhenTheConnectionDrops_data()
{
    addPartialStreamRows();
}

void TestEmulatorEngineFaults::keepsPartialTextWhenTheConnectionDrops()
{
    QFETCH(ApiSurface, surface);
    QFETCH(int, events);
    const RequestSpec spec = promptSpec(surface, plainModelFor(surface), kEnginePrompt, true);
    const QString full = m_engine.referenceText(spec);
    QVERIFY(full.contains(kEnginePrompt));

    CallTarget faulty = m_engine.target(EngineAuth::SigV4);
    addFault(faulty, QByteArray("drop-after=") + QByteArray::number(events));
    TurnCall *call = m_engine.runTurn(spec, faulty);
    QVERIFY(call->isFinished());
    QVERIFY2(!call->error(), qPrintable(errorText(call->error()))); // an answer came
    const Turn &turn = call->turn();
    QVERIFY(turn.error);
    QCOMPARE(turn.error->type, QString::fromLatin1(mantle::api::kIncompleteStreamError));
    QVERIFY(!turn.text.isEmpty());
    QVERIFY2(full.startsWith(turn.text) && turn.text.size() < full.size(), qPrintable(turn.text));
    QCOMPARE(call->outcome().attempts, 1); // never retried once bytes arrived
}

void TestEmulatorEngineFaults::reportsAMalformedEventAndKeepsTheTextBeforeIt_data()
{
    addPartialStreamRows();
}

void TestEmulatorEngineFaults::reportsAMalformedEventAndKeepsTheTextBeforeIt()
{
    QFETCH(ApiSurface, surface);
    QFETCH(int, events);
    const RequestSpec spec = promptSpec(surface, plainModelFor(surface), kEnginePrompt, true);
    const QString full = m_engine.referenceText(spec);

    CallTarget faulty = m_engine.target();
    addFault(faulty, QByteArray("malformed-after=") + QByteArray::number(events));
    auto *call
        = new TurnCall(m_engine.client(), spec, faulty, &m_engine.memory(), m_engine.owner());
    QString textBeforeError;
    bool sawError = false;
    connect(call, &TurnCall::turnChanged, call, [&, call](StreamAccumulator::Changes changes) {
        if (changes.testFlag(StreamAccumulator::Change::Error) && !sawError) {
            sawError = true;
            textBeforeError = call->turn().text;
        }
    });
    QSignalSpy finished(call, &TurnCall::finished);
    call->start();
    QVERIFY(finished.wait(kEngineWaitMs));
    QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
    QVERIFY(sawError);
    const Turn &turn = call->turn();
    QVERIFY(turn.error);
    QCOMPARE(turn.error->type, QString::fromLatin1(mantle::api::kInvalidEventError));
    // The text of the events before the broken one is there, and the broken delta is missing.
    QVERIFY(!textBeforeError.isEmpty());
    QVERIFY2(full.startsWith(textBeforeError), qPrintable(textBeforeError));
    QVERIFY2(turn.text.startsWith(textBeforeError), qPrintable(turn.text));
    QVERIFY2(turn.text.size() < full.size(), qPrintable(turn.text));
}

void TestEmulatorEngineFaults::stopsAStalledStreamAtTheIdleTimeout_data()
{
    addPartialStreamRows();
}

void TestEmulatorEngineFaults::stopsAStalledStreamAtTheIdleTimeout()
{
    QFETCH(ApiSurface, surface);
    QFETCH(int, events);
    const RequestSpec spec = promptSpec(surface, plainModelFor(surface), kEnginePrompt, true);
    const QString full = m_engine.referenceText(spec);

    CallTarget faulty = m_engine.target();
    addFault(faulty, QByteArray("stall-after=") + QByteArray::number(events));
    faulty.options.idleTimeout = std::chrono::milliseconds(300);
    TurnCall *call = m_engine.runTurn(spec, faulty);
    QVERIFY(call->isFinished());
    QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
    const Turn &turn = call->turn();
    QVERIFY(!turn.text.isEmpty());
    QVERIFY2(full.startsWith(turn.text) && turn.text.size() < full.size(), qPrintable(turn.text));
    QVERIFY(turn.error);
    QCOMPARE(turn.error->type, QString::fromLatin1(mantle::api::kIncompleteStreamError));
    QVERIFY2(turn.error->message.contains(QLatin1String("sent nothing for 0.3 seconds")),
             qPrintable(turn.error->message));
    QVERIFY2(call->timings().total >= earliestTimeout(faulty.options.idleTimeout),
             qPrintable(QString::number(call->timings().total.count())));
}

void TestEmulatorEngineFaults::waitsOutLatency_data()
{
    addSurfaceRows(true);
}

void TestEmulatorEngineFaults::waitsOutLatency()
{
    QFETCH(ApiSurface, surface);
    QFETCH(bool, stream);
    CallTarget slow = m_engine.target(EngineAuth::SigV4);
    addFault(slow, "latency=200");
    TurnCall *call
        = m_engine.runTurn(promptSpec(surface, modelFor(surface), kEnginePrompt, stream), slow);
    QVERIFY(call->isFinished());
    QVERIFY2(!call->error(), qPrintable(errorText(call->error())));
    QVERIFY2(!call->turn().error, qPrintable(turnErrorText(call->turn())));
    QVERIFY2(call->turn().text.contains(kEnginePrompt), qPrintable(call->turn().text));
    QVERIFY(call->timings().timeToFirstByte.has_value());
    QVERIFY2(*call->timings().timeToFirstByte >= std::chrono::milliseconds(200),
             qPrintable(QString::number(call->timings().timeToFirstByte->count())));
}

// ----------------------------------------------------------------------------------------------
// Credentials

void TestEmulatorEngineFaults::refusesAWrongSecretKey_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addRow("chat") << ApiSurface::ChatCompletions;
    QTest::addRow("responses") << ApiSurface::Responses;
    QTest::addRow("messages") << ApiSurface::Messages;
}

void TestEmulatorEngineFaults::refusesAWrongSecretKey()
{
    QFETCH(ApiSurface, surface);
    mantle::aws::Credentials credentials;
    credentials.accessKeyId = QString::fromLatin1(mantle::emulator::LocalEmulator::kAccessKeyId);
    credentials.secretAccessKey = mantle::SecretString(std::string_view("not-the-secret"));
    mantle::aws::StaticCredentialProvider wrong(credentials, m_engine.clock());
    CallTarget wrongTarget = m_engine.target(EngineAuth::SigV4);
    wrongTarget.auth.credentials = &wrong;
    TurnCall *call = m_engine.runTurn(promptSpec(surface, modelFor(surface), kEnginePrompt, true),
                                      wrongTarget);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Auth);
    QCOMPARE(call->error()->httpStatus, 403);
    QVERIFY2(call->error()->message.contains(QLatin1String("signature we calculated does not "
                                                           "match")),
             qPrintable(call->error()->message));
    QVERIFY(call->turn().text.isEmpty());
}

void TestEmulatorEngineFaults::refusesAnUnknownApiKey_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<EngineAuth>("auth");
    QTest::addRow("chat") << ApiSurface::ChatCompletions << EngineAuth::ApiKey;
    QTest::addRow("responses") << ApiSurface::Responses << EngineAuth::ApiKey;
    QTest::addRow("messages, x-api-key") << ApiSurface::Messages << EngineAuth::ApiKey;
    QTest::addRow("messages, bearer") << ApiSurface::Messages << EngineAuth::ApiKeyAsBearer;
}

void TestEmulatorEngineFaults::refusesAnUnknownApiKey()
{
    QFETCH(ApiSurface, surface);
    QFETCH(EngineAuth, auth);
    CallTarget wrongTarget = m_engine.target(auth);
    wrongTarget.auth.apiKey = mantle::SecretString(std::string_view("not-the-emulator-key"));
    TurnCall *call = m_engine.runTurn(promptSpec(surface, modelFor(surface), kEnginePrompt, false),
                                      wrongTarget);
    QVERIFY(call->isFinished());
    QVERIFY(call->error());
    QCOMPARE(call->error()->kind, Error::Kind::Auth);
    QCOMPARE(call->error()->httpStatus, 401);
    QVERIFY2(call->error()->message.contains(QLatin1String("API key")),
             qPrintable(call->error()->message));
    QVERIFY(!call->error()->toDisplayString().contains(QLatin1String("not-the-emulator-key")));
}

QTEST_GUILESS_MAIN(TestEmulatorEngineFaults)
#include "tst_emulatorenginefaults.moc"
