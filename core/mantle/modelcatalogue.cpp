#include "modelcatalogue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>
#include <cstddef>

namespace mantle::mantle {

// Generated at build time from resources/models.json (cmake/MantleEmbedFile.cmake).
extern const unsigned char kBuiltInModelsJson[];
extern const std::size_t kBuiltInModelsJsonSize;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::mantle::ModelCatalogue)
};

} // namespace

ModelCatalogue::ModelCatalogue(QList<ModelInfo> models, QString source, QString date)
    : m_models(std::move(models))
    , m_source(std::move(source))
    , m_date(std::move(date))
{ }

QByteArray ModelCatalogue::builtInJson()
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(kBuiltInModelsJson),
                                   static_cast<qsizetype>(kBuiltInModelsJsonSize));
}

ModelCatalogue ModelCatalogue::builtIn()
{
    // The file is checked by tst_modelcatalogue; a broken one gives an empty catalogue here
    // rather than a crash, and the unknown ids are then described by family.
    Result<ModelCatalogue> catalogue = fromJson(builtInJson());
    if (!catalogue) {
        qWarning("The built-in model catalogue is invalid: %s",
                 qPrintable(catalogue.error().message));
        return {};
    }
    return std::move(catalogue).value();
}

Result<ModelCatalogue> ModelCatalogue::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return makeError(
            Error::Kind::Parse,
            Tr::tr("The model catalogue is not a JSON object: %1").arg(parseError.errorString()));
    const QJsonObject root = document.object();
    const QJsonValue models = root.value(QLatin1String("models"));
    if (!models.isArray())
        return makeError(Error::Kind::Parse, Tr::tr("The model catalogue has no \"models\" list."));
    QList<ModelInfo> infos;
    QSet<QString> seen;
    for (const QJsonValue &entry : models.toArray()) {
        Result<ModelInfo> info = ModelInfo::fromJson(entry.toObject());
        if (!info)
            return info.error();
        if (seen.contains(info->id))
            return makeError(Error::Kind::Parse,
                             Tr::tr("The model catalogue lists %1 twice.").arg(info->id));
        seen.insert(info->id);
        infos.append(std::move(info).value());
    }
    return ModelCatalogue(std::move(infos), root.value(QLatin1String("source")).toString(),
                          root.value(QLatin1String("date")).toString());
}

QJsonObject ModelCatalogue::toJson() const
{
    QJsonArray models;
    for (const ModelInfo &model : m_models)
        models.append(model.toJson());
    return QJsonObject{{QStringLiteral("source"), m_source},
                       {QStringLiteral("date"), m_date},
                       {QStringLiteral("models"), models}};
}

QStringList ModelCatalogue::ids() const
{
    QStringList out;
    for (const ModelInfo &model : m_models)
        out.append(model.id);
    return out;
}

std::optional<ModelInfo> ModelCatalogue::find(const QString &id) const
{
    for (const ModelInfo &model : m_models) {
        if (model.id == id)
            return model;
    }
    return std::nullopt;
}

QStringList ModelCatalogue::openAiPrefixModels() const
{
    QStringList out;
    for (const ModelInfo &model : m_models) {
        if (model.needsOpenAiPrefix)
            out.append(model.id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

ModelInfo ModelCatalogue::describe(const QString &id) const
{
    if (std::optional<ModelInfo> known = find(id))
        return *known;
    ModelInfo info;
    info.id = id;
    info.displayName = id;
    info.provider = familyOf(id);
    info.surfaces = inferSurfaces(id);
    return info;
}

ApiSurfaceSet ModelCatalogue::inferSurfaces(const QString &id)
{
    if (id.startsWith(QLatin1String("anthropic.")))
        return {ApiSurface::Messages, ApiSurface::CountTokens};
    if (id.startsWith(QLatin1String("openai.gpt-oss")))
        return {ApiSurface::ChatCompletions, ApiSurface::Responses};
    return {ApiSurface::ChatCompletions};
}

QString ModelCatalogue::familyOf(const QString &id)
{
    const qsizetype dot = id.indexOf(QLatin1Char('.'));
    return dot > 0 ? id.left(dot) : QString();
}

} // namespace mantle::mantle
