#pragma once

#include "mantle/modellist.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace mantle::cli {

/// How `mantle models` writes the merged model list (ModelList::build): one id per line (the
/// default, which scripts read), an aligned table (`--details`), or JSON objects (`--json`).
///
/// Text only: it builds and fetches nothing, and it writes to no stream.
class ModelListPrinter
{
public:
    /// One id per line, in the list's order.
    static QString ids(const QList<mantle::ModelListEntry> &entries);
    /// A header and one row per model: id, surfaces, route prefix, region, source, input and
    /// output price per million tokens ("—" when unknown), columns separated by two spaces.
    static QString details(const QList<mantle::ModelListEntry> &entries);
    /// `{id, displayName, provider, surfaces, routePrefix, region, listedLive, inCatalogue,
    /// custom, privatePrices, prices}` (prices: ModelPrices::toJson() or null).
    static QJsonObject toJson(const mantle::ModelListEntry &entry);
    static QJsonArray toJson(const QList<mantle::ModelListEntry> &entries);

    /// "live", "catalogue" or "custom" (a custom model is "custom" even when the live list has
    /// it). Stable words, not translated.
    static QString source(const mantle::ModelListEntry &entry);
    /// The prefix of the model's calls: "/anthropic/v1" for a model that only serves Messages
    /// (and count tokens), else "/v1" or "/openai/v1".
    static QString routePrefix(const mantle::ModelListEntry &entry);
    /// A price per million tokens with its currency ("1.25 USD"), "—" when unknown.
    static QString price(const mantle::ModelListEntry &entry, bool input);
};

} // namespace mantle::cli
