#pragma once

#include "common/result.h"
#include "modelcatalogue.h"
#include "modelinfo.h"
#include "modelsettings.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mantle::mantle {

/// One model as `GET /v1/models` lists it (an OpenAI-style list: no route or capability data).
struct LiveModel
{
    QString id;
    QString ownedBy; ///< `owned_by`; may be empty
    qint64 created = 0; ///< `created`, Unix seconds; 0 when absent
    QString status; ///< Mantle's `status`, e.g. "available"; may be empty

    bool operator==(const LiveModel &) const = default;
};

/// One row of the model list a region shows: the model with the user's overrides applied, and
/// where it comes from.
struct ModelListEntry
{
    ModelInfo model; ///< effective: catalogue (or family guess), then the user's overrides
    bool listedLive = false; ///< in the region's `GET /v1/models` answer
    bool inCatalogue = false; ///< in the built-in catalogue
    bool custom = false; ///< added by the user ("+ Add model")
    QString region; ///< where it is called: the user's region override, else the account's
    bool surfacesOverridden = false;
    bool prefixOverridden = false;
    bool pricesArePrivate = false; ///< model.prices are the user's, not the catalogue's

    bool operator==(const ModelListEntry &) const = default;
};

/// Builds the list of models one account shows for one region: the live `GET /v1/models` answer
/// (when there is one), described by the built-in catalogue (or, for ids it does not know, by
/// the model family), plus the user's custom models, with the user's overrides on top.
///
/// With a live list, the catalogue's other models are left out (the region does not serve
/// them); without one (offline, or the list was refused), the whole catalogue is shown. Custom
/// models are always shown. A pure function of its inputs: it does not fetch anything.
class ModelList
{
public:
    /// Reads the body of `GET /v1/models`: `{"object":"list","data":[{"id",...}...]}`. Fails on
    /// anything else; entries without an id are skipped, duplicates kept once.
    static Result<QList<LiveModel>> parseLiveList(const QByteArray &body);

    static QList<ModelListEntry> build(const ModelCatalogue &catalogue,
                                       const std::optional<QList<LiveModel>> &live,
                                       const ModelSettings &settings, const QString &accountRegion);

    /// "Select all": every id in the list, in its order.
    static QStringList allIds(const QList<ModelListEntry> &entries);
    /// "Select all" for one surface: the ids whose effective surfaces include it.
    static QStringList idsSupporting(const QList<ModelListEntry> &entries, ApiSurface surface);
    /// The entries the playground's model picker offers, in the list's order: all of them while
    /// the settings' pickerModels() is unset, else those it names (ids it names that the list
    /// does not have are left out).
    static QList<ModelListEntry> pickerEntries(const QList<ModelListEntry> &entries,
                                               const ModelSettings &settings);
};

} // namespace mantle::mantle
