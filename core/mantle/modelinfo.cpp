#include "modelinfo.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <cmath>

namespace mantle::mantle {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::mantle::ModelInfo)
};

} // namespace

QJsonArray apiSurfacesToJson(const ApiSurfaceSet &surfaces)
{
    QJsonArray names;
    for (const ApiSurface surface : surfaces)
        names.append(apiSurfaceName(surface));
    return names;
}

Result<ApiSurfaceSet> apiSurfacesFromJson(const QJsonValue &json)
{
    if (!json.isArray())
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("The surfaces must be a list of names such as \"chat\"."));
    ApiSurfaceSet surfaces;
    for (const QJsonValue &name : json.toArray()) {
        const std::optional<ApiSurface> surface = apiSurfaceFromName(name.toString());
        if (!name.isString() || !surface)
            return makeError(
                Error::Kind::InvalidInput,
                Tr::tr("Unknown API surface \"%1\"; known are: %2.")
                    .arg(name.toVariant().toString(), apiSurfaceNames().join(QLatin1String(", "))));
        surfaces.insert(*surface);
    }
    return surfaces;
}

QJsonObject ModelInfo::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("displayName"), displayName},
        {QStringLiteral("provider"), provider},
        {QStringLiteral("surfaces"), apiSurfacesToJson(surfaces)},
        {QStringLiteral("needsOpenAiPrefix"), needsOpenAiPrefix},
        {QStringLiteral("contextTokens"),
         contextTokens ? QJsonValue(*contextTokens) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("prices"), prices ? QJsonValue(prices->toJson()) : QJsonValue()},
    };
}

Result<ModelInfo> ModelInfo::fromJson(const QJsonObject &json)
{
    ModelInfo info;
    info.id = json.value(QLatin1String("id")).toString().trimmed();
    if (info.id.isEmpty())
        return makeError(Error::Kind::InvalidInput, Tr::tr("A model entry has no id."));
    info.displayName = json.value(QLatin1String("displayName")).toString();
    if (info.displayName.isEmpty())
        info.displayName = info.id;
    info.provider = json.value(QLatin1String("provider")).toString();
    Result<ApiSurfaceSet> surfaces = apiSurfacesFromJson(json.value(QLatin1String("surfaces")));
    if (!surfaces)
        return surfaces.error();
    info.surfaces = std::move(surfaces).value();
    info.needsOpenAiPrefix = json.value(QLatin1String("needsOpenAiPrefix")).toBool(false);

    const QJsonValue context = json.value(QLatin1String("contextTokens"));
    if (!context.isUndefined() && !context.isNull()) {
        const double tokens = context.toDouble(-1);
        if (!context.isDouble() || tokens <= 0 || std::floor(tokens) != tokens)
            return makeError(
                Error::Kind::InvalidInput,
                Tr::tr("The context size of %1 must be a whole number of tokens.").arg(info.id));
        info.contextTokens = static_cast<qint64>(tokens);
    }

    const QJsonValue prices = json.value(QLatin1String("prices"));
    if (prices.isObject()) {
        Result<ModelPrices> parsed = ModelPrices::fromJson(prices.toObject());
        if (!parsed) {
            Error error = parsed.error();
            error.message = Tr::tr("Model %1: %2").arg(info.id, error.message);
            return error;
        }
        info.prices = std::move(parsed).value();
    } else if (!prices.isUndefined() && !prices.isNull()) {
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("The prices of %1 must be an object or null.").arg(info.id));
    }
    return info;
}

bool isReasoningModel(const QString &modelId)
{
    static const QStringList kFamilies{
        QStringLiteral("openai.gpt-oss"),   QStringLiteral("openai.gpt-5"),
        QStringLiteral("anthropic.claude"), QStringLiteral("moonshotai.kimi"),
        QStringLiteral("qwen.qwen3"),       QStringLiteral("deepseek."),
        QStringLiteral("zai.glm"),          QStringLiteral("minimax."),
        QStringLiteral("xai.grok"),
    };
    for (const QString &family : kFamilies) {
        if (modelId.startsWith(family, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace mantle::mantle
