#include "emulatorenginefixture.h"

#include "localemulator.h"

#include "aws/credentials.h"
#include "aws/staticcredentialprovider.h"
#include "mantle/endpoint.h"
#include "net/httpclient.h"
#include "pipeline/mantlecall.h"
#include "pipeline/turncall.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

namespace mantle::test {

using mantle::ApiSurface;
using pipeline::CallTarget;
using pipeline::MantleCall;
using pipeline::TurnCall;

EmulatorEngineFixture::EmulatorEngineFixture() = default;

EmulatorEngineFixture::~EmulatorEngineFixture()
{
    stop();
}

std::optional<QString> EmulatorEngineFixture::start()
{
    m_emulator = std::make_unique<emulator::LocalEmulator>(m_clock);
    if (!m_emulator->start(0))
        return m_emulator->errorString();
    m_network = std::make_unique<QNetworkAccessManager>();
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_client = std::make_unique<net::HttpClient>(m_network.get(), m_signer, m_clock);
    aws::Credentials credentials;
    credentials.accessKeyId = QString::fromLatin1(emulator::LocalEmulator::kAccessKeyId);
    credentials.secretAccessKey
        = SecretString(std::string_view(emulator::LocalEmulator::kSecretAccessKey));
    m_credentials = std::make_unique<aws::StaticCredentialProvider>(credentials, m_clock);
    m_calls = std::make_unique<QObject>();
    m_memory = pipeline::RouteMemory();
    return std::nullopt;
}

void EmulatorEngineFixture::stop()
{
    m_calls.reset();
    m_client.reset();
    m_network.reset();
    m_credentials.reset();
    m_emulator.reset();
}

CallTarget EmulatorEngineFixture::target(EngineAuth auth) const
{
    CallTarget callTarget;
    callTarget.account = kEngineAccount;
    callTarget.region = kEngineRegion;
    callTarget.endpoint = *mantle::Endpoint::parse(m_emulator->rootUrl().toString());
    if (auth == EngineAuth::SigV4) {
        callTarget.auth.kind = net::HttpAuth::Kind::SigV4;
        callTarget.auth.credentials = m_credentials.get();
    } else {
        callTarget.auth.kind = net::HttpAuth::Kind::Bearer;
        callTarget.auth.apiKey = SecretString(std::string_view(emulator::LocalEmulator::kApiKey));
        if (auth == EngineAuth::ApiKeyAsBearer)
            callTarget.anthropicKeyHeader = CallTarget::AnthropicKeyHeader::Bearer;
    }
    callTarget.options.maxRetries = 0;
    return callTarget;
}

TurnCall *EmulatorEngineFixture::runTurn(const api::RequestSpec &spec, const CallTarget &callTarget)
{
    auto *call = new TurnCall(*m_client, spec, callTarget, &m_memory, m_calls.get());
    QSignalSpy finished(call, &TurnCall::finished);
    call->start();
    if (!finished.wait(kEngineWaitMs))
        qWarning("the turn did not finish");
    return call;
}

QByteArray EmulatorEngineFixture::fetchBody(const api::WireRequest &wire, const QString &model,
                                            const CallTarget &callTarget, MantleCall **finishedCall)
{
    auto *call = new MantleCall(*m_client, wire, model, callTarget, &m_memory, m_calls.get());
    QByteArray body;
    QObject::connect(call, &MantleCall::bytesReceived, call,
                     [&body](QByteArrayView chunk) { body.append(chunk); });
    QSignalSpy finished(call, &MantleCall::finished);
    call->start();
    if (!finished.wait(kEngineWaitMs))
        qWarning("the call did not finish");
    *finishedCall = call;
    return body;
}

QString EmulatorEngineFixture::referenceText(api::RequestSpec spec)
{
    spec.stream = true;
    TurnCall *call = runTurn(spec, target());
    if (call->error() || call->turn().error)
        qWarning("the reference answer failed");
    return call->turn().text;
}

void addFault(CallTarget &callTarget, const QByteArray &fault)
{
    callTarget.extraHeaders.append({QByteArrayLiteral("x-emulator-fault"), fault});
}

std::chrono::milliseconds earliestTimeout(std::chrono::milliseconds interval)
{
    return interval * 95 / 100;
}

api::RequestSpec promptSpec(ApiSurface surface, const QString &model, const QString &prompt,
                            bool stream)
{
    api::RequestSpec spec;
    spec.surface = surface;
    spec.model = model;
    api::ConversationMessage message;
    message.text = prompt;
    spec.messages.append(message);
    spec.stream = stream;
    if (surface == ApiSurface::Messages || surface == ApiSurface::CountTokens)
        spec.parameters.maxOutputTokens = 1024;
    return spec;
}

QString endOfTurn(ApiSurface surface)
{
    switch (surface) {
    case ApiSurface::ChatCompletions:
        return QStringLiteral("stop");
    case ApiSurface::Responses:
        return QStringLiteral("completed");
    default:
        return QStringLiteral("end_turn");
    }
}

QString modelFor(ApiSurface surface)
{
    return surface == ApiSurface::Messages ? kClaudeModel : kOpenAiModel;
}

QString plainModelFor(ApiSurface surface)
{
    switch (surface) {
    case ApiSurface::ChatCompletions:
        return kChatOnlyModel;
    case ApiSurface::Responses:
        return kPrefixModel;
    default:
        return kClaudeModel;
    }
}

QString errorText(const std::optional<Error> &error)
{
    return error ? error->toDisplayString() : QString();
}

QString turnErrorText(const api::Turn &turn)
{
    return turn.error ? turn.error->type + QLatin1String(": ") + turn.error->message : QString();
}

QJsonObject jsonObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

QJsonObject parseObject(const QString &text, QString *why)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        *why = QStringLiteral("not a JSON object: %1").arg(text);
        return {};
    }
    return document.object();
}

void addSurfaceRows(bool withStream)
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<bool>("stream");
    const struct
    {
        const char *name;
        ApiSurface surface;
    } surfaces[] = {{"chat", ApiSurface::ChatCompletions},
                    {"responses", ApiSurface::Responses},
                    {"messages", ApiSurface::Messages}};
    for (const auto &row : surfaces) {
        QTest::addRow("%s", row.name) << row.surface << false;
        if (withStream)
            QTest::addRow("%s, streamed", row.name) << row.surface << true;
    }
}

} // namespace mantle::test
