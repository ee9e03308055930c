#pragma once

#include "common/result.h"
#include "modelinfo.h"
#include "modelprices.h"
#include "routeresolver.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mantle::mantle {

/// What the user changed about one model: a model added by id ("+ Add model"), and for any
/// model a region, a route prefix, the surfaces and private prices that win over what the
/// catalogue and the live list say. Unset fields change nothing.
struct ModelOverride
{
    QString modelId;
    bool custom = false; ///< added by the user; shown even when no list has it
    QString displayName; ///< the user's name for it; empty: keep the catalogue's
    std::optional<QString> region; ///< call the model in this region instead of the account's
    /// /v1 or /openai/v1 for its OpenAI-style calls (never /anthropic/v1: that follows the
    /// surface).
    std::optional<RoutePrefix> routePrefix;
    std::optional<ApiSurfaceSet> surfaces;
    std::optional<ModelPrices> prices; ///< private prices (e.g. a negotiated rate)

    /// True when it neither adds a model nor changes anything.
    bool isEmpty() const;
    QJsonObject toJson() const;
    /// Fails without a model id, on a region that does not serve Mantle, on a prefix other than
    /// "v1" or "openai-v1", on unknown surfaces and on invalid prices.
    static Result<ModelOverride> fromJson(const QJsonObject &json);

    bool operator==(const ModelOverride &) const = default;
};

/// The user's per-model settings of one account: the models they added and their overrides,
/// kept in the order they were made, and which models the playground's model picker offers. A
/// value type with a JSON form (the account stores it); it does not read or write settings
/// files itself, and it does not know the live list.
class ModelSettings
{
public:
    ModelSettings() = default;

    const QList<ModelOverride> &overrides() const { return m_overrides; }
    std::optional<ModelOverride> find(const QString &modelId) const;
    /// Replaces the model's override (or adds it); an empty override removes it.
    void set(const ModelOverride &modelOverride);
    void remove(const QString &modelId);

    /// "+ Add model": adds `modelId` as a custom model (keeping any override it has), and to the
    /// picker's models when those are set. Fails on an id that cannot be a Mantle model id
    /// (empty, white space, '/', longer than 256).
    Status addCustomModel(const QString &modelId, const QString &displayName = {});
    QStringList customModelIds() const;

    /// Models the user sent to /openai/v1, and models the user sent back to /v1 (for
    /// RouteResolver::fromEnvironment's extra and forced lists).
    QStringList openAiPrefixModels() const;
    QStringList forcedV1Models() const;

    /// The models the playground's model picker offers, in the order they were chosen; unset
    /// (the default) means every model of the list, including models that appear later.
    const std::optional<QStringList> &pickerModels() const { return m_pickerModels; }
    /// Sets the picker's models (duplicates and invalid ids dropped); std::nullopt: all models.
    void setPickerModels(const std::optional<QStringList> &modelIds);
    /// Whether the picker offers `modelId`: always while pickerModels() is unset.
    bool isInPicker(const QString &modelId) const;
    /// Shows or hides one model in the picker. While pickerModels() is unset, hiding a model
    /// makes the choice explicit: every id of `listedIds` (the list the user sees) but that one.
    void setInPicker(const QString &modelId, bool shown, const QStringList &listedIds);

    /// True when there is nothing to save (no override, the picker offers all models).
    bool isEmpty() const { return m_overrides.isEmpty() && !m_pickerModels; }

    /// `{"models":[ModelOverride...]}`, plus `"picker":[ids]` when pickerModels() is set (older
    /// versions ignore it; a JSON object without it means all models).
    QJsonObject toJson() const;
    /// Fails on an invalid entry (naming it), a model listed twice, or a "picker" that is not an
    /// array of model ids.
    static Result<ModelSettings> fromJson(const QJsonObject &json);

    /// Whether `modelId` could be a Mantle model id (see addCustomModel()).
    static bool isValidModelId(const QString &modelId);

    bool operator==(const ModelSettings &) const = default;

private:
    QList<ModelOverride> m_overrides;
    std::optional<QStringList> m_pickerModels;
};

} // namespace mantle::mantle
