#pragma once

// Shared by the tests of the request engine against the emulator (tst_emulatorengine,
// tst_emulatorenginefaults): an in-process LocalEmulator on port 0 with a real HttpClient in
// front of it, the call targets that reach it (API key or SigV4), and request helpers.

#include "api/requestspec.h"
#include "api/turn.h"
#include "api/wirerequest.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "common/error.h"
#include "mantle/apisurface.h"
#include "pipeline/calltarget.h"
#include "pipeline/routememory.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace mantle::aws {
class StaticCredentialProvider;
}
namespace mantle::emulator {
class LocalEmulator;
}
namespace mantle::net {
class HttpClient;
}
namespace mantle::pipeline {
class MantleCall;
class TurnCall;
} // namespace mantle::pipeline

namespace mantle::test {

/// How a request authenticates against the emulator.
enum class EngineAuth {
    ApiKey, ///< Bearer on the OpenAI routes, x-api-key under /anthropic
    ApiKeyAsBearer, ///< Bearer everywhere (as Anthropic's TypeScript client sends it)
    SigV4, ///< the emulator's test access key, through a StaticCredentialProvider
};

inline constexpr int kEngineWaitMs = 20000;
inline const QString kEngineRegion = QStringLiteral("us-east-1");
inline const QString kEngineAccount = QStringLiteral("emulator");
/// The emulator's answer quotes it (an echo of the last user message).
inline const QString kEnginePrompt
    = QStringLiteral("Please greet the request engine from the test suite");
inline const QString kOpenAiModel = QStringLiteral("openai.gpt-oss-120b"); ///< always reasons
inline const QString kChatOnlyModel = QStringLiteral("qwen.qwen3-32b"); ///< reasons when asked
inline const QString kPrefixModel = QStringLiteral("openai.gpt-5.4"); ///< under /openai/v1
inline const QString kClaudeModel = QStringLiteral("anthropic.claude-haiku-4-5");

/// One emulator and one HttpClient for one test function: start() in init(), stop() in
/// cleanup(). Calls made through it are deleted by stop(). Not a QObject test itself.
class EmulatorEngineFixture
{
public:
    EmulatorEngineFixture();
    ~EmulatorEngineFixture();
    Q_DISABLE_COPY_MOVE(EmulatorEngineFixture)

    /// Starts the emulator on 127.0.0.1, port 0; the error string when it cannot.
    std::optional<QString> start();
    void stop();

    /// Where the emulator is and as whom to call it; no retries unless a test asks.
    pipeline::CallTarget target(EngineAuth auth = EngineAuth::ApiKey) const;
    /// Runs one turn to its end (or kEngineWaitMs); the call stays alive until stop().
    pipeline::TurnCall *runTurn(const api::RequestSpec &spec,
                                const pipeline::CallTarget &callTarget);
    /// Sends a WireRequest through MantleCall and returns the body of a successful answer;
    /// `finishedCall` gets the call, for its outcome.
    QByteArray fetchBody(const api::WireRequest &wire, const QString &model,
                         const pipeline::CallTarget &callTarget,
                         pipeline::MantleCall **finishedCall);
    /// The text of an undisturbed streamed answer to `spec`.
    QString referenceText(api::RequestSpec spec);

    net::HttpClient &client() { return *m_client; }
    pipeline::RouteMemory &memory() { return m_memory; }
    const Clock &clock() const { return m_clock; }
    QObject *owner() const { return m_calls.get(); }

private:
    SystemClock m_clock;
    aws::SigV4Signer m_signer;
    std::unique_ptr<emulator::LocalEmulator> m_emulator;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<net::HttpClient> m_client;
    std::unique_ptr<aws::StaticCredentialProvider> m_credentials;
    std::unique_ptr<QObject> m_calls; ///< parent of the test's calls
    pipeline::RouteMemory m_memory;
};

/// Asks the emulator for a fault on every request to the target (`x-emulator-fault`).
void addFault(pipeline::CallTarget &callTarget, const QByteArray &fault);
/// The earliest a Qt::CoarseTimer of `interval` may fire (Qt allows it 5% either way).
std::chrono::milliseconds earliestTimeout(std::chrono::milliseconds interval);

/// One user message, streamed or not; Messages gets max_tokens.
api::RequestSpec promptSpec(mantle::ApiSurface surface, const QString &model, const QString &prompt,
                            bool stream);
/// The stop reason of a turn that ended normally: "stop", "completed", "end_turn".
QString endOfTurn(mantle::ApiSurface surface);
/// The surface's usual model (gpt-oss-120b on the OpenAI surfaces, Claude on Messages).
QString modelFor(mantle::ApiSurface surface);
/// A model of the surface that reasons only when asked: its streams start with answer text.
QString plainModelFor(mantle::ApiSurface surface);

QString errorText(const std::optional<Error> &error);
QString turnErrorText(const api::Turn &turn);

QJsonObject jsonObject(const QByteArray &json);
/// A JSON text as an object; `why` says what is wrong when it is not one.
QJsonObject parseObject(const QString &text, QString *why);

/// The columns `surface` and `stream` with one row per surface (and streamed ones if asked).
void addSurfaceRows(bool withStream);

} // namespace mantle::test

Q_DECLARE_METATYPE(mantle::test::EngineAuth)
