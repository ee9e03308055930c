#include "modelsettings.h"

#include "regions.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonValue>
#include <QSet>

namespace mantle::mantle {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::mantle::ModelSettings)
};

constexpr qsizetype kMaxModelIdLength = 256;

QString prefixName(RoutePrefix prefix)
{
    return prefix == RoutePrefix::OpenAiV1 ? QStringLiteral("openai-v1") : QStringLiteral("v1");
}

} // namespace

bool ModelOverride::isEmpty() const
{
    return !custom && displayName.isEmpty() && !region && !routePrefix && !surfaces && !prices;
}

QJsonObject ModelOverride::toJson() const
{
    QJsonObject json{{QStringLiteral("id"), modelId}, {QStringLiteral("custom"), custom}};
    if (!displayName.isEmpty())
        json.insert(QStringLiteral("displayName"), displayName);
    if (region)
        json.insert(QStringLiteral("region"), *region);
    if (routePrefix)
        json.insert(QStringLiteral("routePrefix"), prefixName(*routePrefix));
    if (surfaces)
        json.insert(QStringLiteral("surfaces"), apiSurfacesToJson(*surfaces));
    if (prices)
        json.insert(QStringLiteral("prices"), prices->toJson());
    return json;
}

Result<ModelOverride> ModelOverride::fromJson(const QJsonObject &json)
{
    ModelOverride result;
    result.modelId = json.value(QLatin1String("id")).toString().trimmed();
    if (!ModelSettings::isValidModelId(result.modelId))
        return makeError(
            Error::Kind::InvalidInput,
            Tr::tr("A model setting has no valid model id (\"%1\").").arg(result.modelId));
    result.custom = json.value(QLatin1String("custom")).toBool(false);
    result.displayName = json.value(QLatin1String("displayName")).toString();

    const QJsonValue region = json.value(QLatin1String("region"));
    if (region.isString()) {
        if (!isMantleRegion(region.toString()))
            return makeError(Error::Kind::InvalidInput,
                             Tr::tr("Model %1: %2 is not a Mantle region; Mantle serves %3.")
                                 .arg(result.modelId, region.toString(), mantleRegionCodes()));
        result.region = region.toString();
    }

    const QJsonValue prefix = json.value(QLatin1String("routePrefix"));
    if (prefix.isString()) {
        if (prefix.toString() == prefixName(RoutePrefix::V1))
            result.routePrefix = RoutePrefix::V1;
        else if (prefix.toString() == prefixName(RoutePrefix::OpenAiV1))
            result.routePrefix = RoutePrefix::OpenAiV1;
        else
            return makeError(Error::Kind::InvalidInput,
                             Tr::tr("Model %1: the route prefix must be \"v1\" or \"openai-v1\".")
                                 .arg(result.modelId));
    }

    const QJsonValue surfaces = json.value(QLatin1String("surfaces"));
    if (!surfaces.isUndefined() && !surfaces.isNull()) {
        Result<ApiSurfaceSet> parsed = apiSurfacesFromJson(surfaces);
        if (!parsed)
            return parsed.error();
        result.surfaces = std::move(parsed).value();
    }

    const QJsonValue prices = json.value(QLatin1String("prices"));
    if (prices.isObject()) {
        Result<ModelPrices> parsed = ModelPrices::fromJson(prices.toObject());
        if (!parsed)
            return parsed.error();
        result.prices = std::move(parsed).value();
    }
    return result;
}

std::optional<ModelOverride> ModelSettings::find(const QString &modelId) const
{
    for (const ModelOverride &entry : m_overrides) {
        if (entry.modelId == modelId)
            return entry;
    }
    return std::nullopt;
}

void ModelSettings::set(const ModelOverride &modelOverride)
{
    for (qsizetype i = 0; i < m_overrides.size(); ++i) {
        if (m_overrides.at(i).modelId != modelOverride.modelId)
            continue;
        if (modelOverride.isEmpty())
            m_overrides.removeAt(i);
        else
            m_overrides[i] = modelOverride;
        return;
    }
    if (!modelOverride.isEmpty())
        m_overrides.append(modelOverride);
}

void ModelSettings::remove(const QString &modelId)
{
    m_overrides.removeIf(
        [&modelId](const ModelOverride &entry) { return entry.modelId == modelId; });
}

Status ModelSettings::addCustomModel(const QString &modelId, const QString &displayName)
{
    const QString id = modelId.trimmed();
    if (!isValidModelId(id))
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("\"%1\" is not a model id.").arg(modelId),
                         Tr::tr("Use the bare id that the model list shows, such as "
                                "openai.gpt-oss-120b."));
    ModelOverride entry = find(id).value_or(ModelOverride{});
    entry.modelId = id;
    entry.custom = true;
    if (!displayName.isEmpty())
        entry.displayName = displayName;
    set(entry);
    // A model added by hand is meant to be used: the picker offers it.
    if (m_pickerModels && !m_pickerModels->contains(id))
        m_pickerModels->append(id);
    return {};
}

void ModelSettings::setPickerModels(const std::optional<QStringList> &modelIds)
{
    if (!modelIds) {
        m_pickerModels.reset();
        return;
    }
    QStringList ids;
    for (const QString &id : *modelIds) {
        if (isValidModelId(id) && !ids.contains(id))
            ids.append(id);
    }
    m_pickerModels = ids;
}

bool ModelSettings::isInPicker(const QString &modelId) const
{
    return !m_pickerModels || m_pickerModels->contains(modelId);
}

void ModelSettings::setInPicker(const QString &modelId, bool shown, const QStringList &listedIds)
{
    if (isInPicker(modelId) == shown)
        return;
    QStringList ids = m_pickerModels.value_or(listedIds);
    if (shown)
        ids.append(modelId);
    else
        ids.removeAll(modelId);
    setPickerModels(ids);
}

QStringList ModelSettings::customModelIds() const
{
    QStringList out;
    for (const ModelOverride &entry : m_overrides) {
        if (entry.custom)
            out.append(entry.modelId);
    }
    return out;
}

QStringList ModelSettings::openAiPrefixModels() const
{
    QStringList out;
    for (const ModelOverride &entry : m_overrides) {
        if (entry.routePrefix == RoutePrefix::OpenAiV1)
            out.append(entry.modelId);
    }
    return out;
}

QStringList ModelSettings::forcedV1Models() const
{
    QStringList out;
    for (const ModelOverride &entry : m_overrides) {
        if (entry.routePrefix == RoutePrefix::V1)
            out.append(entry.modelId);
    }
    return out;
}

QJsonObject ModelSettings::toJson() const
{
    QJsonArray models;
    for (const ModelOverride &entry : m_overrides)
        models.append(entry.toJson());
    QJsonObject json{{QStringLiteral("models"), models}};
    if (m_pickerModels)
        json.insert(QStringLiteral("picker"), QJsonArray::fromStringList(*m_pickerModels));
    return json;
}

Result<ModelSettings> ModelSettings::fromJson(const QJsonObject &json)
{
    ModelSettings settings;
    QSet<QString> seen;
    for (const QJsonValue &value : json.value(QLatin1String("models")).toArray()) {
        Result<ModelOverride> entry = ModelOverride::fromJson(value.toObject());
        if (!entry)
            return entry.error();
        if (seen.contains(entry->modelId))
            return makeError(Error::Kind::InvalidInput,
                             Tr::tr("The model settings list %1 twice.").arg(entry->modelId));
        seen.insert(entry->modelId);
        settings.set(std::move(entry).value());
    }
    const QJsonValue picker = json.value(QLatin1String("picker"));
    if (!picker.isUndefined() && !picker.isNull()) {
        const auto invalid = [] {
            return makeError(Error::Kind::InvalidInput,
                             Tr::tr("The model picker's list is not a list of model ids."));
        };
        if (!picker.isArray())
            return invalid();
        QStringList ids;
        for (const QJsonValue &id : picker.toArray()) {
            if (!id.isString() || !isValidModelId(id.toString()))
                return invalid();
            ids.append(id.toString());
        }
        settings.setPickerModels(ids);
    }
    return settings;
}

bool ModelSettings::isValidModelId(const QString &modelId)
{
    if (modelId.isEmpty() || modelId.size() > kMaxModelIdLength)
        return false;
    for (const QChar c : modelId) {
        if (c.isSpace() || c == QLatin1Char('/') || c.unicode() < 0x20)
            return false;
    }
    return true;
}

} // namespace mantle::mantle
