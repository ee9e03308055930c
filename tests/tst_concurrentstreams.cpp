// Load (issue #10, item 6): twenty streams at once through one HttpClient against the emulator,
// as a comparison across models does, each complete and identical to the same request made alone.
// Memory is measured by bench/load_streams.cpp, not here.

#include "emulatorenginefixture.h"
#include "pipeline/turncall.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using mantle::api::RequestSpec;
using mantle::mantle::ApiSurface;
using mantle::pipeline::CallTarget;
using mantle::pipeline::TurnCall;
using namespace mantle::test;

namespace {

constexpr int kStreams = 20;
constexpr int kRounds = 3;

/// What must be the same whether a request ran alone or among the others.
struct Answer
{
    QString text;
    QString reasoning;
    QString stopReason;
    QString model;
    qint64 outputTokens = -1;
    QString error;
};

Answer answerOf(const TurnCall &call)
{
    Answer answer;
    answer.text = call.turn().text;
    answer.reasoning = call.turn().reasoning;
    answer.stopReason = call.turn().stopReason;
    answer.model = call.turn().model;
    if (call.turn().usage)
        answer.outputTokens = call.turn().usage->outputTokens;
    answer.error = errorText(call.error()) + turnErrorText(call.turn());
    return answer;
}

struct Stream
{
    RequestSpec spec;
    EngineAuth auth = EngineAuth::ApiKey;
};

/// Twenty different requests: every surface, reasoning and plain models, API key and SigV4.
QList<Stream> streams()
{
    const ApiSurface surfaces[]
        = {ApiSurface::ChatCompletions, ApiSurface::Responses, ApiSurface::Messages};
    QList<Stream> list;
    for (int i = 0; i < kStreams; ++i) {
        const ApiSurface surface = surfaces[i % 3];
        const QString model = (i / 3) % 2 == 0 ? modelFor(surface) : plainModelFor(surface);
        Stream stream;
        stream.spec = promptSpec(
            surface, model,
            QStringLiteral("Stream %1 of the load test: please answer in a few sentences").arg(i),
            true);
        stream.auth = i % 2 == 0 ? EngineAuth::ApiKey : EngineAuth::SigV4;
        list.append(stream);
    }
    return list;
}

} // namespace

class TestConcurrentStreams : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void twentyStreamsAtOnceCompleteLikeOneAtATime();

private:
    EmulatorEngineFixture m_engine;
};

void TestConcurrentStreams::init()
{
    const std::optional<QString> failed = m_engine.start();
    QVERIFY2(!failed, qPrintable(failed.value_or(QString())));
}

void TestConcurrentStreams::cleanup()
{
    m_engine.stop();
}

void TestConcurrentStreams::twentyStreamsAtOnceCompleteLikeOneAtATime()
{
    const QList<Stream> all = streams();
    // Each request alone first: the expected answers.
    QList<Answer> expected;
    for (const Stream &stream : all) {
        TurnCall *call = m_engine.runTurn(stream.spec, m_engine.target(stream.auth));
        QVERIFY(call->isFinished());
        const Answer answer = answerOf(*call);
        QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
        QVERIFY(answer.text.contains(stream.spec.messages.constFirst().text));
        QCOMPARE(answer.stopReason, endOfTurn(stream.spec.surface));
        QVERIFY(answer.outputTokens > 0);
        expected.append(answer);
    }

    for (int round = 0; round < kRounds; ++round) {
        // All started before any is read; the emulator paces its frames so that they overlap.
        QObject owner;
        QList<TurnCall *> calls;
        int finished = 0;
        int streaming = 0;
        int mostStreaming = 0;
        for (const Stream &stream : all) {
            CallTarget target = m_engine.target(stream.auth);
            target.extraHeaders.append({QByteArrayLiteral("x-emulator-pace"), "1"});
            auto *call
                = new TurnCall(m_engine.client(), stream.spec, target, &m_engine.memory(), &owner);
            auto started = std::make_shared<bool>(false);
            connect(call, &TurnCall::bytesRead, call, [&, started] {
                if (!*started) {
                    *started = true;
                    mostStreaming = std::max(mostStreaming, ++streaming);
                }
            });
            connect(call, &TurnCall::finished, call, [&, started] {
                if (*started)
                    --streaming;
                ++finished;
            });
            calls.append(call);
        }
        for (TurnCall *call : std::as_const(calls))
            call->start();
        QTRY_COMPARE_WITH_TIMEOUT(finished, kStreams, kEngineWaitMs * 3);

        for (int i = 0; i < kStreams; ++i) {
            const Answer answer = answerOf(*calls.at(i));
            const QByteArray which = QByteArray::number(round) + '/' + QByteArray::number(i);
            QVERIFY2(answer.error.isEmpty(), (which + ": " + answer.error.toUtf8()).constData());
            QVERIFY2(answer.text == expected.at(i).text, which.constData());
            QVERIFY2(answer.reasoning == expected.at(i).reasoning, which.constData());
            QVERIFY2(answer.stopReason == expected.at(i).stopReason, which.constData());
            QVERIFY2(answer.model == expected.at(i).model, which.constData());
            QVERIFY2(answer.outputTokens == expected.at(i).outputTokens, which.constData());
            QCOMPARE(calls.at(i)->outcome().attempts, 1);
        }
        // They ran side by side (as many at once as the network layer allows per host), not
        // one after the other.
        QVERIFY2(mostStreaming > 1, qPrintable(QString::number(mostStreaming)));
        qInfo("round %d: at most %d streams at once", round, mostStreaming);
    }
}

QTEST_GUILESS_MAIN(TestConcurrentStreams)
#include "tst_concurrentstreams.moc"
