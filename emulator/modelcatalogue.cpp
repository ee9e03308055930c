#include "modelcatalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mantle::emulator {

namespace {

EmulatedModel openAiStyle(const QString &id, const QString &ownedBy, qint64 created,
                          EmulatedModel::Prefix prefix, bool responses,
                          EmulatedModel::Reasoning reasoning, qint64 contextWindow)
{
    EmulatedModel model;
    model.id = id;
    model.ownedBy = ownedBy;
    model.created = created;
    model.prefix = prefix;
    model.chat = true;
    model.responses = responses;
    model.reasoning = reasoning;
    model.contextWindow = contextWindow;
    return model;
}

EmulatedModel claude(const QString &id, qint64 created)
{
    EmulatedModel model;
    model.id = id;
    model.ownedBy = QStringLiteral("anthropic");
    model.created = created;
    model.prefix = EmulatedModel::Prefix::Anthropic;
    model.messages = true;
    model.reasoning = EmulatedModel::Reasoning::OnRequest;
    model.contextWindow = 200000;
    return model;
}

} // namespace

bool EmulatedModel::isServedIn(QByteArrayView region) const
{
    if (regions.isEmpty())
        return true;
    const QString code = QString::fromLatin1(region);
    return regions.contains(code);
}

QStringList ModelCatalogue::deepSeekRegions()
{
    return {QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),
            QStringLiteral("us-west-2"),      QStringLiteral("ap-south-1"),
            QStringLiteral("ap-northeast-1"), QStringLiteral("eu-central-1"),
            QStringLiteral("eu-west-1")};
}

QStringList ModelCatalogue::kimiThinkingRegions()
{
    return {QStringLiteral("us-east-1"),      QStringLiteral("us-west-2"),
            QStringLiteral("ap-southeast-2"), QStringLiteral("ap-northeast-1"),
            QStringLiteral("eu-north-1"),     QStringLiteral("sa-east-1")};
}

ModelCatalogue ModelCatalogue::builtIn()
{
    using P = EmulatedModel::Prefix;
    using R = EmulatedModel::Reasoning;
    const QString openAi = QStringLiteral("openai");
    EmulatedModel deepSeek
        = openAiStyle(QStringLiteral("deepseek.v3.1"), QStringLiteral("deepseek"), 1755734400,
                      P::V1, false, R::OnRequest, 131072);
    deepSeek.regions = deepSeekRegions();
    EmulatedModel kimiThinking
        = openAiStyle(QStringLiteral("moonshotai.kimi-k2-thinking"), QStringLiteral("moonshotai"),
                      1762387200, P::V1, false, R::Always, 262144);
    kimiThinking.regions = kimiThinkingRegions();
    return ModelCatalogue({
        openAiStyle(QStringLiteral("openai.gpt-oss-120b"), openAi, 1754352000, P::V1, true,
                    R::Always, 131072),
        openAiStyle(QStringLiteral("openai.gpt-oss-20b"), openAi, 1754352000, P::V1, true,
                    R::Always, 131072),
        openAiStyle(QStringLiteral("openai.gpt-5.4"), openAi, 1772668800, P::OpenAiV1, true,
                    R::OnRequest, 400000),
        openAiStyle(QStringLiteral("qwen.qwen3-32b"), QStringLiteral("qwen"), 1745884800, P::V1,
                    false, R::OnRequest, 131072),
        deepSeek,
        kimiThinking,
        claude(QStringLiteral("anthropic.claude-haiku-4-5"), 1760486400),
        claude(QStringLiteral("anthropic.claude-opus-4-7"), 1776297600),
    });
}

ModelCatalogue::ModelCatalogue(QList<EmulatedModel> models)
    : m_models(std::move(models))
{ }

std::optional<EmulatedModel> ModelCatalogue::find(const QString &id) const
{
    for (const EmulatedModel &model : m_models) {
        if (model.id == id)
            return model;
    }
    return std::nullopt;
}

std::optional<EmulatedModel> ModelCatalogue::findIn(const QString &id, QByteArrayView region) const
{
    std::optional<EmulatedModel> model = find(id);
    if (model && !model->isServedIn(region))
        return std::nullopt;
    return model;
}

QByteArray ModelCatalogue::listJson() const
{
    return listJson({});
}

QByteArray ModelCatalogue::listJson(QByteArrayView region) const
{
    QJsonArray data;
    for (const EmulatedModel &model : m_models) {
        if (!region.isEmpty() && !model.isServedIn(region))
            continue;
        data.append(QJsonObject{{QStringLiteral("id"), model.id},
                                {QStringLiteral("object"), QStringLiteral("model")},
                                {QStringLiteral("created"), model.created},
                                {QStringLiteral("owned_by"), model.ownedBy},
                                {QStringLiteral("status"), QStringLiteral("available")}});
    }
    const QJsonObject list{{QStringLiteral("object"), QStringLiteral("list")},
                           {QStringLiteral("data"), data}};
    return QJsonDocument(list).toJson(QJsonDocument::Compact);
}

} // namespace mantle::emulator
