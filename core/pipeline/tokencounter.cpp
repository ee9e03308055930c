#include "tokencounter.h"

#include "api/turn.h"
#include "mantle/costcalculator.h"
#include "mantlecall.h"
#include "net/httpoutcome.h"
#include "turncall.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QTimer>

#include <cmath>
#include <utility>

namespace mantle::pipeline {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::pipeline::TokenCounter)
};

constexpr char kInputTokensField[] = "input_tokens";

} // namespace

TokenCounter::TokenCounter(net::HttpClient &client, RouteMemory *memory, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_memory(memory)
{ }

TokenCounter::~TokenCounter()
{
    cancel();
}

Result<api::RequestSpec> TokenCounter::countTokensSpec(const api::RequestSpec &messagesSpec)
{
    if (messagesSpec.surface != mantle::ApiSurface::Messages) {
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("Tokens are counted for Messages requests only, not for %1.")
                             .arg(mantle::apiSurfaceDisplayName(messagesSpec.surface)));
    }
    api::RequestSpec spec = messagesSpec;
    spec.surface = mantle::ApiSurface::CountTokens;
    // The count is one JSON answer; the builder leaves out what does not change the count.
    spec.stream = false;
    return spec;
}

Result<qint64> TokenCounter::readInputTokens(QByteArrayView body)
{
    QJsonParseError parseError;
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &parseError);
    const QJsonValue tokens = document.object().value(QLatin1String(kInputTokensField));
    const double number = tokens.toDouble(-1);
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || !tokens.isDouble()
        || number < 0 || std::floor(number) != number) {
        return makeError(Error::Kind::Parse,
                         Tr::tr("The count tokens answer has no input_tokens."));
    }
    return tokens.toInteger();
}

TokenCostEstimate TokenCounter::estimateCost(qint64 inputTokens,
                                             const std::optional<mantle::ModelPrices> &prices,
                                             std::optional<qint64> maxOutputTokens)
{
    TokenCostEstimate estimate;
    if (!prices)
        return estimate;
    api::Usage usage;
    usage.inputTokens = inputTokens;
    estimate.inputPico
        = mantle::CostCalculator::cost(usage, *prices, mantle::ApiSurface::Messages).totalPico();
    if (maxOutputTokens) {
        usage.outputTokens = *maxOutputTokens;
        estimate.withAnswerPico
            = mantle::CostCalculator::cost(usage, *prices, mantle::ApiSurface::Messages)
                  .totalPico();
    }
    return estimate;
}

void TokenCounter::count(const api::RequestSpec &messagesSpec, CallTarget target)
{
    cancel();
    const quint64 generation = ++m_generation;
    m_running = true;
    Result<api::RequestSpec> spec = countTokensSpec(messagesSpec);
    if (!spec) {
        fail(spec.error(), generation);
        return;
    }
    Result<api::WireRequest> wire = TurnCall::buildWireRequest(*spec);
    if (!wire) {
        fail(wire.error(), generation);
        return;
    }
    m_body.clear();
    m_call = new MantleCall(m_client, std::move(wire).value(), spec->model, std::move(target),
                            m_memory, this);
    connect(m_call, &MantleCall::bytesReceived, this,
            [this](QByteArrayView chunk) { m_body.append(chunk.data(), chunk.size()); });
    connect(m_call, &MantleCall::finished, this, &TokenCounter::onFinished);
    m_call->start();
}

void TokenCounter::cancel()
{
    ++m_generation; // a failure queued by count() is dropped too
    m_running = false;
    if (MantleCall *call = m_call.data()) {
        m_call.clear();
        call->disconnect(this);
        call->cancel();
        call->deleteLater();
    }
    m_body.clear();
}

void TokenCounter::fail(const Error &error, quint64 generation)
{
    // Never from inside count(): the caller may not be ready for the signal yet.
    QTimer::singleShot(0, this, [this, error, generation] {
        if (generation != m_generation)
            return;
        m_running = false;
        Q_EMIT failed(error);
    });
}

void TokenCounter::onFinished(const net::HttpOutcome &outcome)
{
    MantleCall *call = m_call.data();
    m_call.clear();
    if (call)
        call->deleteLater();
    m_running = false;
    const QByteArray body = std::exchange(m_body, {});
    if (!outcome.ok()) {
        Q_EMIT failed(*outcome.error);
        return;
    }
    const Result<qint64> tokens = readInputTokens(body);
    if (!tokens) {
        Q_EMIT failed(tokens.error());
        return;
    }
    Q_EMIT counted(*tokens);
}

} // namespace mantle::pipeline
