#include "costcalculator.h"

#include "api/turn.h"

#include <algorithm>

namespace mantle::mantle {

namespace {

qint64 nonNegative(qint64 count)
{
    return std::max<qint64>(count, 0);
}

} // namespace

qint64 CostCalculator::picoPerToken(double pricePerMillion)
{
    // USD per million tokens × 10^12 pico per USD / 10^6 tokens = pricePerMillion × 10^6.
    return qRound64(pricePerMillion * 1'000'000.0);
}

RequestCost CostCalculator::cost(const api::Usage &usage, const ModelPrices &prices,
                                 ApiSurface surface)
{
    RequestCost result;
    result.currency = prices.currency;
    const qint64 input = nonNegative(usage.inputTokens);
    const qint64 cached = nonNegative(usage.cachedInputTokens.value_or(0));
    const bool anthropic = surface == ApiSurface::Messages || surface == ApiSurface::CountTokens;
    if (anthropic) {
        result.uncachedInputTokens = input;
        result.cachedInputTokens = cached;
        result.cacheWriteTokens = nonNegative(usage.cacheCreationInputTokens.value_or(0));
    } else {
        result.cachedInputTokens = std::min(cached, input);
        result.uncachedInputTokens = input - result.cachedInputTokens;
    }
    result.outputTokens = nonNegative(usage.outputTokens);

    const qint64 inputPrice = picoPerToken(prices.inputPerMillion);
    const qint64 cachedPrice
        = prices.cachedInputPerMillion ? picoPerToken(*prices.cachedInputPerMillion) : inputPrice;
    const qint64 cacheWritePrice
        = prices.cacheWritePerMillion ? picoPerToken(*prices.cacheWritePerMillion) : inputPrice;
    result.uncachedInputPico = result.uncachedInputTokens * inputPrice;
    result.cachedInputPico = result.cachedInputTokens * cachedPrice;
    result.cacheWritePico = result.cacheWriteTokens * cacheWritePrice;
    result.outputPico = result.outputTokens * picoPerToken(prices.outputPerMillion);
    return result;
}

QString CostCalculator::formatAmount(qint64 pico, int decimals)
{
    decimals = std::clamp(decimals, 0, 12);
    qint64 step = 1;
    for (int i = decimals; i < 12; ++i)
        step *= 10;
    const bool negative = pico < 0;
    const qint64 magnitude = negative ? -pico : pico;
    const qint64 rounded = (magnitude + step / 2) / step; // half away from zero
    qint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    QString text = QString::number(rounded / scale);
    if (decimals > 0)
        text += QLatin1Char('.')
            + QStringLiteral("%1").arg(rounded % scale, decimals, 10, QLatin1Char('0'));
    return negative && rounded != 0 ? QLatin1Char('-') + text : text;
}

} // namespace mantle::mantle
