#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace mantle::emulator {

/// One model the emulator serves: where it is served and what it can do.
struct EmulatedModel
{
    /// The URL prefix under which its OpenAI-style surfaces are served.
    enum class Prefix {
        V1, ///< /v1 (Chat Completions and, for some, Responses)
        OpenAiV1, ///< /openai/v1 ("Berm is not enabled for this account" on /v1)
        Anthropic, ///< /anthropic/v1 (Messages and count_tokens only)
    };
    enum class Reasoning {
        None, ///< never reasons
        OnRequest, ///< reasons when the request asks (reasoning_effort, reasoning, thinking)
        Always, ///< always reasons (gpt-oss, Kimi K2 Thinking)
    };

    QString id;
    QString ownedBy;
    qint64 created = 0; ///< the model list's `created` (Unix seconds)
    Prefix prefix = Prefix::V1;
    bool chat = false; ///< serves Chat Completions
    bool responses = false; ///< serves Responses
    bool messages = false; ///< serves Messages and count_tokens
    Reasoning reasoning = Reasoning::None;
    qint64 contextWindow = 131072; ///< prompt tokens above this are refused
    /// The region codes that serve it; empty: all 13. A model not served in a request's region
    /// is not in that region's model list and is answered as an unknown model there.
    QStringList regions;

    /// True when `region` serves it (always, when `regions` is empty).
    bool isServedIn(QByteArrayView region) const;
};

/// The models the emulator knows: the built-in list (the models FACTS.md names, one of each
/// kind a client must handle) or any list a test gives it. It answers "which model is this and
/// what does it serve"; it does not decide routes or errors (MantleService does).
class ModelCatalogue
{
public:
    /// openai.gpt-oss-120b and -20b (Chat and Responses on /v1, always reasoning),
    /// openai.gpt-5.4 (Chat and Responses on /openai/v1), qwen.qwen3-32b and deepseek.v3.1
    /// (Chat only), moonshotai.kimi-k2-thinking (Chat, always reasoning),
    /// anthropic.claude-haiku-4-5 and anthropic.claude-opus-4-7 (Messages and count_tokens).
    /// Every model is served in all 13 regions but deepseek.v3.1 and moonshotai.kimi-k2-thinking,
    /// each served in a different subset (both include us-east-1 and us-west-2; see
    /// deepSeekRegions() and kimiThinkingRegions()), so that region checks have something to find.
    static ModelCatalogue builtIn();

    /// The regions of the built-in catalogue's region-bound models, in the order AWS lists them.
    static QStringList deepSeekRegions();
    static QStringList kimiThinkingRegions();

    ModelCatalogue() = default;
    explicit ModelCatalogue(QList<EmulatedModel> models);

    const QList<EmulatedModel> &models() const { return m_models; }
    std::optional<EmulatedModel> find(const QString &id) const;
    /// The model when `region` serves it, else nothing (as for an unknown id).
    std::optional<EmulatedModel> findIn(const QString &id, QByteArrayView region) const;

    /// The body of `GET /v1/models`: `{"object":"list","data":[{"id","object":"model","created",
    /// "owned_by","status":"available"}...]}` (no route or capability data, as on Mantle).
    QByteArray listJson() const;
    /// The same list with only the models `region` serves.
    QByteArray listJson(QByteArrayView region) const;

private:
    QList<EmulatedModel> m_models;
};

} // namespace mantle::emulator
