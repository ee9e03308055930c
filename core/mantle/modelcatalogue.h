#pragma once

#include "common/result.h"
#include "modelinfo.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mantle::mantle {

/// The models the app knows without asking Mantle: the built-in catalogue compiled from
/// resources/models.json (or any catalogue a caller parses), with lookup by id and, for ids it
/// does not know, the surfaces inferred from the model family.
///
/// A value type: no network, no settings. It does not merge in the live model list or the
/// user's overrides (ModelList does) and it does not resolve URLs (RouteResolver does).
class ModelCatalogue
{
public:
    ModelCatalogue() = default;
    explicit ModelCatalogue(QList<ModelInfo> models, QString source = {}, QString date = {});

    /// The catalogue built into the program (resources/models.json, embedded at build time).
    static ModelCatalogue builtIn();
    /// The raw JSON text of the built-in catalogue, as embedded.
    static QByteArray builtInJson();

    /// Reads `{source, date, models:[ModelInfo...]}`. Fails on malformed JSON, on an invalid
    /// entry (naming it), and on an id listed twice.
    static Result<ModelCatalogue> fromJson(const QByteArray &json);
    QJsonObject toJson() const;

    const QList<ModelInfo> &models() const { return m_models; }
    QStringList ids() const;
    std::optional<ModelInfo> find(const QString &id) const;
    bool contains(const QString &id) const { return find(id).has_value(); }
    /// The ids whose OpenAI-style calls need /openai/v1, sorted.
    QStringList openAiPrefixModels() const;

    /// Where the catalogue's facts come from, and when they were read (the file's top level).
    QString source() const { return m_source; }
    QString date() const { return m_date; }

    /// What the catalogue says about `id`, or, for an unknown id, a ModelInfo with the surfaces
    /// of its family (inferSurfaces()), the provider from the id's first part, and no prices.
    ModelInfo describe(const QString &id) const;

    /// The surfaces of a model family (FACTS.md, "Surfaces by model family", from the Portkey
    /// Mantle docs): anthropic.* → Messages and count tokens; openai.gpt-oss-* → Chat and
    /// Responses; anything else → Chat only.
    static ApiSurfaceSet inferSurfaces(const QString &id);
    /// The part of the id before the first '.', e.g. "moonshotai"; empty when there is none.
    static QString familyOf(const QString &id);

    bool operator==(const ModelCatalogue &) const = default;

private:
    QList<ModelInfo> m_models;
    QString m_source;
    QString m_date;
};

} // namespace mantle::mantle
