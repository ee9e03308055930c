#pragma once

#include "apisurface.h"
#include "modelprices.h"

#include <QString>

namespace mantle::api {
struct Usage;
}

namespace mantle::mantle {

/// The cost of one request, split by kind of token. Amounts are whole pico-dollars (10^-12 of
/// the currency): exact integers, so that sums in the ledger never drift.
struct RequestCost
{
    qint64 uncachedInputTokens = 0;
    qint64 cachedInputTokens = 0; ///< read from the prompt cache
    qint64 cacheWriteTokens = 0; ///< written to the prompt cache (Messages)
    qint64 outputTokens = 0; ///< reasoning included

    qint64 uncachedInputPico = 0;
    qint64 cachedInputPico = 0;
    qint64 cacheWritePico = 0;
    qint64 outputPico = 0;
    QString currency = QString::fromLatin1(ModelPrices::kDefaultCurrency);

    qint64 totalPico() const
    {
        return uncachedInputPico + cachedInputPico + cacheWritePico + outputPico;
    }

    bool operator==(const RequestCost &) const = default;
};

/// Works out what one request cost from the usage its surface reported and the model's prices.
///
/// How each surface counts (their API references):
/// - Chat Completions: `prompt_tokens` includes `prompt_tokens_details.cached_tokens`;
///   `completion_tokens` includes `completion_tokens_details.reasoning_tokens`.
/// - Responses: `input_tokens` includes `input_tokens_details.cached_tokens`; `output_tokens`
///   includes `output_tokens_details.reasoning_tokens`.
/// - Messages: `input_tokens` excludes `cache_read_input_tokens` and
///   `cache_creation_input_tokens`, which are billed on top; `output_tokens` includes thinking.
/// So reasoning tokens are never added to the output a second time, and cached tokens are taken
/// out of the input on Chat and Responses only. Cached reads cost the cached price when known,
/// else the input price; cache writes the cache-write price when known, else the input price.
///
/// Rounding: each price per million tokens is taken to the nearest pico-dollar per token
/// (10^-6 of a currency unit per million tokens, below any published precision); from there the
/// arithmetic is exact integer multiplication. formatAmount() rounds half away from zero for
/// display only. Negative counts (a broken answer) count as zero.
///
/// Stateless; it does not decide which prices apply (ModelList does) or keep totals
/// (CostLedger does).
class CostCalculator
{
public:
    static constexpr qint64 kPicoPerUnit = 1'000'000'000'000;

    static RequestCost cost(const api::Usage &usage, const ModelPrices &prices, ApiSurface surface);

    /// A price per million tokens as whole pico-dollars per token (rounded to nearest).
    static qint64 picoPerToken(double pricePerMillion);
    /// `pico` as a decimal amount with `decimals` digits (0 to 12), e.g. "0.001234".
    static QString formatAmount(qint64 pico, int decimals = 6);
};

} // namespace mantle::mantle
