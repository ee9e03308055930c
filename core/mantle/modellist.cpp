#include "modellist.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

namespace mantle::mantle {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::mantle::ModelList)
};

ModelListEntry describe(const ModelCatalogue &catalogue, const QString &id,
                        const QString &accountRegion)
{
    ModelListEntry entry;
    entry.inCatalogue = catalogue.contains(id);
    entry.model = catalogue.describe(id);
    entry.region = accountRegion;
    return entry;
}

void applyOverride(ModelListEntry &entry, const ModelOverride &modelOverride)
{
    entry.custom = modelOverride.custom;
    if (!modelOverride.displayName.isEmpty())
        entry.model.displayName = modelOverride.displayName;
    if (modelOverride.region)
        entry.region = *modelOverride.region;
    if (modelOverride.routePrefix) {
        entry.model.needsOpenAiPrefix = *modelOverride.routePrefix == RoutePrefix::OpenAiV1;
        entry.prefixOverridden = true;
    }
    if (modelOverride.surfaces) {
        entry.model.surfaces = *modelOverride.surfaces;
        entry.surfacesOverridden = true;
    }
    if (modelOverride.prices) {
        entry.model.prices = *modelOverride.prices;
        entry.model.prices->isPrivate = true;
        entry.pricesArePrivate = true;
    }
}

} // namespace

Result<QList<LiveModel>> ModelList::parseLiveList(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonValue data = document.object().value(QLatin1String("data"));
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || !data.isArray())
        return makeError(Error::Kind::Parse,
                         Tr::tr("The model list answer is not an OpenAI-style list of models."));
    QList<LiveModel> models;
    QSet<QString> seen;
    for (const QJsonValue &value : data.toArray()) {
        const QJsonObject object = value.toObject();
        LiveModel model;
        model.id = object.value(QLatin1String("id")).toString().trimmed();
        if (model.id.isEmpty() || seen.contains(model.id))
            continue;
        seen.insert(model.id);
        model.ownedBy = object.value(QLatin1String("owned_by")).toString();
        // toInteger(): 0 for what is not a whole number a qint64 holds (never undefined).
        model.created = object.value(QLatin1String("created")).toInteger();
        model.status = object.value(QLatin1String("status")).toString();
        models.append(model);
    }
    return models;
}

QList<ModelListEntry> ModelList::build(const ModelCatalogue &catalogue,
                                       const std::optional<QList<LiveModel>> &live,
                                       const ModelSettings &settings, const QString &accountRegion)
{
    QList<ModelListEntry> entries;
    QSet<QString> shown;
    const auto add = [&](const QString &id, bool listedLive) {
        if (shown.contains(id))
            return;
        shown.insert(id);
        ModelListEntry entry = describe(catalogue, id, accountRegion);
        entry.listedLive = listedLive;
        entries.append(entry);
    };

    if (live) {
        for (const LiveModel &model : *live)
            add(model.id, true);
    } else {
        for (const ModelInfo &model : catalogue.models())
            add(model.id, false);
    }
    for (const QString &id : settings.customModelIds())
        add(id, false);

    for (ModelListEntry &entry : entries) {
        if (const std::optional<ModelOverride> modelOverride = settings.find(entry.model.id))
            applyOverride(entry, *modelOverride);
    }
    return entries;
}

QStringList ModelList::allIds(const QList<ModelListEntry> &entries)
{
    QStringList ids;
    for (const ModelListEntry &entry : entries)
        ids.append(entry.model.id);
    return ids;
}

QStringList ModelList::idsSupporting(const QList<ModelListEntry> &entries, ApiSurface surface)
{
    QStringList ids;
    for (const ModelListEntry &entry : entries) {
        if (entry.model.surfaces.count(surface) > 0)
            ids.append(entry.model.id);
    }
    return ids;
}

QList<ModelListEntry> ModelList::pickerEntries(const QList<ModelListEntry> &entries,
                                               const ModelSettings &settings)
{
    QList<ModelListEntry> offered;
    for (const ModelListEntry &entry : entries) {
        if (settings.isInPicker(entry.model.id))
            offered.append(entry);
    }
    return offered;
}

} // namespace mantle::mantle
