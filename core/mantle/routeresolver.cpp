#include "routeresolver.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

#include <algorithm>
#include <array>

namespace mantle::mantle {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::mantle::RouteResolver)
};

// FACTS.md, "Endpoint and routes": the models the seed lists as needing /openai/v1.
constexpr std::array<const char *, 6> kBuiltInOpenAiPrefixModels{
    "openai.gpt-5.5",     "openai.gpt-5.4",         "google.gemma-4-31b",
    "google.gemma-4-e2b", "google.gemma-4-26b-a4b", "xai.grok-4.3",
};

QSet<QString> toSet(const QStringList &models)
{
    QSet<QString> out;
    for (const QString &model : models) {
        const QString trimmed = model.trimmed();
        if (!trimmed.isEmpty())
            out.insert(trimmed);
    }
    return out;
}

QStringList sorted(const QSet<QString> &set)
{
    QStringList out(set.begin(), set.end());
    std::sort(out.begin(), out.end());
    return out;
}

bool isHexDigit(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
}

// RFC 3986 pchar: unreserved, sub-delims, ':' and '@', plus "%HH".
bool isValidSegment(QStringView segment)
{
    if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String(".."))
        return false;
    for (qsizetype i = 0; i < segment.size(); ++i) {
        const char16_t c = segment[i].unicode();
        const bool plain = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
            || (c >= u'0' && c <= u'9') || QStringView(u"-._~!$&'()*+,;=:@").contains(QChar(c));
        if (plain)
            continue;
        if (c != u'%' || i + 2 >= segment.size() || !isHexDigit(segment[i + 1])
            || !isHexDigit(segment[i + 2]))
            return false;
        i += 2;
    }
    return true;
}

bool isValidResourcePath(QStringView path)
{
    for (const QStringView segment : path.split(QLatin1Char('/'))) {
        if (!isValidSegment(segment))
            return false;
    }
    return true;
}

} // namespace

QString routePrefixPath(RoutePrefix prefix)
{
    switch (prefix) {
    case RoutePrefix::V1:
        return QStringLiteral("/v1");
    case RoutePrefix::OpenAiV1:
        return QStringLiteral("/openai/v1");
    case RoutePrefix::AnthropicV1:
        return QStringLiteral("/anthropic/v1");
    }
    return {};
}

RouteResolver::RouteResolver()
    : RouteResolver(builtInOpenAiPrefixModels())
{ }

RouteResolver::RouteResolver(const QStringList &openAiPrefixModels,
                             const QStringList &forcedV1Models)
    : m_openAiPrefixModels(toSet(openAiPrefixModels))
    , m_forcedV1Models(toSet(forcedV1Models))
{ }

RouteResolver RouteResolver::fromEnvironment(const QProcessEnvironment &environment,
                                             const QStringList &extraPrefixModels,
                                             const QStringList &forcedV1Models)
{
    return RouteResolver(builtInOpenAiPrefixModels()
                             + openAiPrefixModelsFromEnvironment(environment) + extraPrefixModels,
                         forcedV1Models);
}

QStringList RouteResolver::builtInOpenAiPrefixModels()
{
    QStringList out;
    for (const char *model : kBuiltInOpenAiPrefixModels)
        out.append(QLatin1String(model));
    return out;
}

QStringList RouteResolver::openAiPrefixModelsFromEnvironment(const QProcessEnvironment &environment)
{
    return parseModelList(environment.value(QLatin1String(kPrefixModelsVariable)));
}

QStringList RouteResolver::parseModelList(const QString &commaSeparated)
{
    QStringList out;
    for (const QStringView item : QStringView(commaSeparated).split(QLatin1Char(','))) {
        const QString model = item.trimmed().toString();
        if (!model.isEmpty() && !out.contains(model))
            out.append(model);
    }
    return out;
}

QStringList RouteResolver::openAiPrefixModels() const
{
    return sorted(m_openAiPrefixModels - m_forcedV1Models);
}

QStringList RouteResolver::forcedV1Models() const
{
    return sorted(m_forcedV1Models);
}

bool RouteResolver::needsOpenAiPrefix(const QString &model) const
{
    return m_openAiPrefixModels.contains(model) && !m_forcedV1Models.contains(model);
}

RoutePrefix RouteResolver::prefixFor(const QString &model, ApiSurface surface) const
{
    switch (surface) {
    case ApiSurface::Messages:
    case ApiSurface::CountTokens:
        return RoutePrefix::AnthropicV1;
    case ApiSurface::Models:
        return RoutePrefix::V1;
    case ApiSurface::ChatCompletions:
    case ApiSurface::Responses:
        break;
    }
    return needsOpenAiPrefix(model) ? RoutePrefix::OpenAiV1 : RoutePrefix::V1;
}

QString RouteResolver::routePrefixFor(const QString &model, ApiSurface surface) const
{
    return routePrefixPath(prefixFor(model, surface));
}

Result<ResolvedRoute> RouteResolver::resolve(const QString &region, const QString &model,
                                             ApiSurface surface,
                                             const std::optional<Endpoint> &endpoint,
                                             const QString &resourcePath) const
{
    // An unknown region is reported before a missing model, as for every other request.
    if (const Result<Endpoint> regional = Endpoint::forRegion(region); !regional)
        return regional.error();
    if (apiSurfaceNeedsModel(surface) && model.trimmed().isEmpty())
        return makeError(
            Error::Kind::InvalidInput,
            Tr::tr("No model is chosen for the %1 request.").arg(apiSurfaceDisplayName(surface)),
            Tr::tr("Choose one of the models the region serves."));

    return resolveUnder(region, prefixFor(model, surface),
                        resourcePath.isEmpty() ? defaultResourcePath(surface) : resourcePath,
                        endpoint);
}

Result<ResolvedRoute> RouteResolver::resolveUnder(const QString &region, RoutePrefix prefix,
                                                  const QString &resourcePath,
                                                  const std::optional<Endpoint> &endpoint)
{
    // The region is checked even with an endpoint override: it is the signing scope, and
    // Mantle serves no other region.
    const Result<Endpoint> regional = Endpoint::forRegion(region);
    if (!regional)
        return regional.error();
    const Endpoint &root = endpoint ? *endpoint : regional.value();

    QString path = resourcePath;
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (!isValidResourcePath(path))
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("“%1” is not a valid resource path.").arg(resourcePath),
                         Tr::tr("Give non-empty path segments such as responses/resp_123/cancel, "
                                "with anything but letters, digits and -._~ percent-encoded."));

    ResolvedRoute out;
    out.prefix = routePrefixPath(prefix);
    out.url = root.urlWithPath(out.prefix + QLatin1Char('/') + path);
    out.baseUrl = root.urlWithPath(out.prefix);
    out.sdkBaseUrl = prefix == RoutePrefix::AnthropicV1
        ? root.urlWithPath(QStringLiteral("/anthropic"))
        : out.baseUrl;
    out.host = root.host();
    return out;
}

QString RouteResolver::defaultResourcePath(ApiSurface surface)
{
    switch (surface) {
    case ApiSurface::ChatCompletions:
        return QStringLiteral("chat/completions");
    case ApiSurface::Responses:
        return QStringLiteral("responses");
    case ApiSurface::Messages:
        return QStringLiteral("messages");
    case ApiSurface::CountTokens:
        return QStringLiteral("messages/count_tokens");
    case ApiSurface::Models:
        return QStringLiteral("models");
    }
    return {};
}

Result<QUrl> RouteResolver::regionBaseUrl(const QString &region)
{
    const Result<Endpoint> root = Endpoint::forRegion(region);
    if (!root)
        return root.error();
    return root->url();
}

Result<QUrl> RouteResolver::routeBaseUrl(const QString &region, const QString &model,
                                         ApiSurface surface,
                                         const std::optional<Endpoint> &endpoint) const
{
    const Result<ResolvedRoute> route = resolve(region, model, surface, endpoint);
    if (!route)
        return route.error();
    return route->baseUrl;
}

} // namespace mantle::mantle
