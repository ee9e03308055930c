#pragma once

#include "apisurface.h"
#include "common/result.h"
#include "endpoint.h"

#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

QT_BEGIN_NAMESPACE
class QProcessEnvironment;
QT_END_NAMESPACE

namespace mantle::mantle {

/// The three URL prefixes under which Mantle serves its APIs.
enum class RoutePrefix {
    V1, ///< "/v1": OpenAI Chat Completions, Responses and models for most models
    OpenAiV1, ///< "/openai/v1": the same, for the models that need this prefix
    AnthropicV1, ///< "/anthropic/v1": Anthropic Messages and count tokens
};

/// "/v1", "/openai/v1" or "/anthropic/v1".
QString routePrefixPath(RoutePrefix prefix);

/// Where one request goes, worked out by RouteResolver.
struct ResolvedRoute
{
    QUrl url; ///< the full request URL, e.g. https://bedrock-mantle.us-east-1.api.aws/v1/responses
    /// Endpoint root + prefix, e.g. https://bedrock-mantle.us-east-1.api.aws/openai/v1: what the
    /// OpenAI SDKs take as their base URL.
    QUrl baseUrl;
    /// What the surface's official SDK takes as base URL: baseUrl for the OpenAI surfaces; root +
    /// "/anthropic" for Messages and count tokens, since the Anthropic SDKs add "/v1/messages".
    QUrl sdkBaseUrl;
    QString prefix; ///< "/v1", "/openai/v1" or "/anthropic/v1"
    QString host; ///< the host the request goes to, without port; IPv6 without brackets

    bool operator==(const ResolvedRoute &) const = default;
};

/// Works out the URL of a request from region, model, API surface, an optional endpoint
/// override and the resource path: which prefix (/v1, /openai/v1, /anthropic/v1) a model needs
/// and which host serves the region. A value type: no network, no settings, no globals; the
/// caller hands it the lists of models that need /openai/v1 and of models forced back to /v1.
///
/// It does not know which surfaces a model supports (the model catalogue does), and it does not
/// learn from "wrong prefix" errors itself: the caller records what it learned and builds a new
/// resolver with it.
class RouteResolver
{
public:
    /// The environment variable that adds models needing /openai/v1 (comma-separated).
    static constexpr const char *kPrefixModelsVariable
        = "AWS_BEDROCK_MANTLE_OPENAI_V1_PREFIX_MODELS";

    /// Built-in list only: builtInOpenAiPrefixModels() need /openai/v1.
    RouteResolver();
    /// Exactly `openAiPrefixModels` need /openai/v1 (the built-in list is not added: start from
    /// builtInOpenAiPrefixModels(), or use fromEnvironment()). A model in `forcedV1Models` uses
    /// /v1 even when it is in the first list. Items are trimmed; empty ones are ignored.
    explicit RouteResolver(const QStringList &openAiPrefixModels,
                           const QStringList &forcedV1Models = {});

    /// The built-in list, plus the models in AWS_BEDROCK_MANTLE_OPENAI_V1_PREFIX_MODELS, plus
    /// `extraPrefixModels` (e.g. from per-model settings); `forcedV1Models` win over all three.
    static RouteResolver fromEnvironment(const QProcessEnvironment &environment,
                                         const QStringList &extraPrefixModels = {},
                                         const QStringList &forcedV1Models = {});

    /// The models that need /openai/v1 by default (FACTS.md, "Endpoint and routes").
    static QStringList builtInOpenAiPrefixModels();
    /// The models listed in AWS_BEDROCK_MANTLE_OPENAI_V1_PREFIX_MODELS (only those).
    static QStringList openAiPrefixModelsFromEnvironment(const QProcessEnvironment &environment);
    /// Splits "a, b,,c" into {"a", "b", "c"}: trimmed, empty items dropped, duplicates dropped,
    /// in order.
    static QStringList parseModelList(const QString &commaSeparated);

    /// The models that need /openai/v1 and are not forced to /v1, sorted.
    QStringList openAiPrefixModels() const;
    /// The models forced to /v1, sorted.
    QStringList forcedV1Models() const;

    /// True when the model's OpenAI-style requests go to /openai/v1 instead of /v1.
    bool needsOpenAiPrefix(const QString &model) const;
    /// "/v1", "/openai/v1" or "/anthropic/v1": Messages and count tokens always go to
    /// /anthropic/v1 and the model list to /v1, whatever the model.
    QString routePrefixFor(const QString &model, ApiSurface surface) const;

    /// The route of one request. `resourcePath` is the path after the prefix, percent-encoded,
    /// e.g. "responses/resp_123/cancel" (encode ids with QUrl::toPercentEncoding); when empty,
    /// the surface's own (defaultResourcePath()). Without `endpoint`, the request goes to the
    /// region's Mantle host; with it, to that root (the region still names the signing scope).
    /// Fails for a region that does not serve Mantle (listing those that do), for an empty model
    /// on a surface that needs one, and for a malformed resource path.
    Result<ResolvedRoute> resolve(const QString &region, const QString &model, ApiSurface surface,
                                  const std::optional<Endpoint> &endpoint = std::nullopt,
                                  const QString &resourcePath = {}) const;

    /// The route of `resourcePath` under a prefix chosen by the caller: e.g. the model list
    /// under /openai/v1 ("models"), or a stored response of a model whose prefix is known.
    static Result<ResolvedRoute>
    resolveUnder(const QString &region, RoutePrefix prefix, const QString &resourcePath,
                 const std::optional<Endpoint> &endpoint = std::nullopt);

    /// The resource path of the surface's main call: "chat/completions", "responses",
    /// "messages", "messages/count_tokens", "models".
    static QString defaultResourcePath(ApiSurface surface);

    /// The region's Mantle root URL: https://bedrock-mantle.{region}.api.aws.
    static Result<QUrl> regionBaseUrl(const QString &region);
    /// Root + prefix for the model and surface, e.g.
    /// https://bedrock-mantle.us-east-1.api.aws/openai/v1 (what SDK snippets use).
    Result<QUrl> routeBaseUrl(const QString &region, const QString &model, ApiSurface surface,
                              const std::optional<Endpoint> &endpoint = std::nullopt) const;

    bool operator==(const RouteResolver &) const = default;

private:
    RoutePrefix prefixFor(const QString &model, ApiSurface surface) const;

    QSet<QString> m_openAiPrefixModels;
    QSet<QString> m_forcedV1Models;
};

} // namespace mantle::mantle
