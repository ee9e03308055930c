#pragma once

#include "apisurface.h"
#include "common/result.h"
#include "modelprices.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <set>

namespace mantle::mantle {

/// A set of API surfaces, in declaration order (std::set: scoped enums compare by value).
using ApiSurfaceSet = std::set<ApiSurface>;

/// The surfaces' stable names ("chat", "responses", ...) as a JSON array, in declaration order.
QJsonArray apiSurfacesToJson(const ApiSurfaceSet &surfaces);
/// The inverse of apiSurfacesToJson(); fails on anything but an array of known names.
Result<ApiSurfaceSet> apiSurfacesFromJson(const QJsonValue &json);

/// What the app knows about one model id: its name, maker, the surfaces it serves, whether its
/// OpenAI-style calls need /openai/v1, its context size and prices when known.
///
/// Plain data with a JSON form (the shape of one entry of resources/models.json). It does not
/// say where the knowledge came from (ModelListEntry does) and it holds no user settings.
struct ModelInfo
{
    QString id; ///< the bare Mantle id, e.g. "openai.gpt-oss-120b"
    QString displayName; ///< e.g. "gpt-oss-120b"; the id when nothing better is known
    QString provider; ///< the model's maker, e.g. "OpenAI"
    ApiSurfaceSet surfaces;
    bool needsOpenAiPrefix = false;
    std::optional<qint64> contextTokens;
    std::optional<ModelPrices> prices;

    /// `{id, displayName, provider, surfaces:[names], needsOpenAiPrefix, contextTokens, prices}`
    /// with null where unknown.
    QJsonObject toJson() const;
    /// The inverse of toJson(). Fails without an id, on an unknown surface name, on a context
    /// size that is not a positive whole number, or on invalid prices. A missing display name
    /// becomes the id.
    static Result<ModelInfo> fromJson(const QJsonObject &json);

    bool operator==(const ModelInfo &) const = default;
};

/// Whether a model takes a reasoning effort (and, for Claude, thinking), guessed from its family
/// since neither the live list nor the catalogue says: OpenAI's gpt-oss and GPT-5, Anthropic's
/// Claude, Kimi, Qwen3, DeepSeek, GLM, MiniMax and Grok do; Gemma and unknown families do not
/// (the playground then hides the reasoning controls).
bool isReasoningModel(const QString &modelId);

} // namespace mantle::mantle
