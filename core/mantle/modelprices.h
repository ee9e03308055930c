#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace mantle::mantle {

/// What one model costs per million tokens, with where the numbers come from: the built-in
/// catalogue's public list prices, or the user's own (private) prices that override them.
///
/// Plain data with a JSON form. It does not compute costs (CostCalculator does) and it does not
/// know which model it belongs to.
struct ModelPrices
{
    static constexpr char kDefaultCurrency[] = "USD";

    double inputPerMillion = 0; ///< uncached input tokens
    double outputPerMillion = 0; ///< output tokens, reasoning included
    /// Input tokens read from the prompt cache; when unknown they cost the input price.
    std::optional<double> cachedInputPerMillion;
    /// Input tokens written to the prompt cache (Anthropic Messages); when unknown they cost the
    /// input price.
    std::optional<double> cacheWritePerMillion;
    QString currency = QString::fromLatin1(kDefaultCurrency);
    QString source; ///< where the prices were read (a URL), or who set them
    QString date; ///< when they were read, ISO 8601 (YYYY-MM-DD)
    QString note; ///< anything a reader should know about them; may be empty
    /// The user's own prices (ModelSettings), not the catalogue's. ModelList sets it on the
    /// prices it hands out, so that whoever prices a request can say where the price came from.
    bool isPrivate = false;

    /// `{inputPerMillion, outputPerMillion, cachedInputPerMillion, cacheWritePerMillion,
    /// currency, source, date, note}`, with null for an unknown optional price, and
    /// `"private": true` when isPrivate.
    QJsonObject toJson() const;
    /// The inverse of toJson(). Fails when the input or output price is missing, not a number or
    /// negative, or when an optional price is present but not a non-negative number.
    static Result<ModelPrices> fromJson(const QJsonObject &json);

    bool operator==(const ModelPrices &) const = default;
};

} // namespace mantle::mantle
