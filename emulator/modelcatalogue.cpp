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

ModelCatalogue ModelCatalogue::builtIn()
{
    using P = EmulatedModel::Prefix;
    using R = EmulatedModel::Reasoning;
    const QString openAi = QStringLiteral("openai");
    return ModelCatalogue({
        openAiStyle(QStringLiteral("openai.gpt-oss-120b"), openAi, 1754352000, P::V1, true,
                    R::Always, 131072),
        openAiStyle(QStringLiteral("openai.gpt-oss-20b"), openAi, 1754352000, P::V1, true,
                    R::Always, 131072),
        openAiStyle(QStringLiteral("openai.gpt-5.4"), openAi, 1772668800, P::OpenAiV1, true,
                    R::OnRequest, 400000),
        openAiStyle(QStringLiteral("qwen.qwen3-32b"), QStringLiteral("qwen"), 1745884800, P::V1,
                    false, R::OnRequest, 131072),
        openAiStyle(QStringLiteral("deepseek.v3.1"), QStringLiteral("deepseek"), 1755734400, P::V1,
                    false, R::OnRequest, 131072),
        openAiStyle(QStringLiteral("moonshotai.kimi-k2-thinking"), QStringLiteral("moonshotai"),
                    1762387200, P::V1, false, R::Always, 262144),
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

QByteArray ModelCatalogue::listJson() const
{
    QJsonArray data;
    for (const EmulatedModel &model : m_models) {
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
