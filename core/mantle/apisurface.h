#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>

namespace mantle::mantle {

/// The APIs Mantle serves, as the app and the CLI name them. Which URL prefix a surface goes to
/// is RouteResolver's business, not this enum's.
enum class ApiSurface {
    ChatCompletions, ///< OpenAI Chat Completions: POST {prefix}/chat/completions
    Responses, ///< OpenAI Responses: {prefix}/responses[/{id}[/cancel]]
    Messages, ///< Anthropic Messages: POST /anthropic/v1/messages
    CountTokens, ///< Anthropic count tokens: POST /anthropic/v1/messages/count_tokens
    Models, ///< the OpenAI-style model list: GET /v1/models
};

/// Every surface, in declaration order (for data-driven code and tests).
inline constexpr std::array<ApiSurface, 5> kAllApiSurfaces{
    ApiSurface::ChatCompletions, ApiSurface::Responses, ApiSurface::Messages,
    ApiSurface::CountTokens,     ApiSurface::Models,
};

/// The stable lower-case name: "chat", "responses", "messages", "count-tokens", "models". Used
/// on the command line (`--api`), in saved files and in settings keys; never translated.
inline QString apiSurfaceName(ApiSurface surface)
{
    switch (surface) {
    case ApiSurface::ChatCompletions:
        return QStringLiteral("chat");
    case ApiSurface::Responses:
        return QStringLiteral("responses");
    case ApiSurface::Messages:
        return QStringLiteral("messages");
    case ApiSurface::CountTokens:
        return QStringLiteral("count-tokens");
    case ApiSurface::Models:
        return QStringLiteral("models");
    }
    return {};
}

/// The surface with that stable name (surrounding white space and case are ignored), or nothing.
inline std::optional<ApiSurface> apiSurfaceFromName(QStringView name)
{
    const QStringView trimmed = name.trimmed();
    for (const ApiSurface surface : kAllApiSurfaces) {
        if (trimmed.compare(apiSurfaceName(surface), Qt::CaseInsensitive) == 0)
            return surface;
    }
    return std::nullopt;
}

/// All stable names in declaration order, for usage texts ("chat, responses, ...").
inline QStringList apiSurfaceNames()
{
    QStringList names;
    for (const ApiSurface surface : kAllApiSurfaces)
        names.append(apiSurfaceName(surface));
    return names;
}

/// The name people read in the UI and in messages ("Chat Completions"), translated.
inline QString apiSurfaceDisplayName(ApiSurface surface)
{
    switch (surface) {
    case ApiSurface::ChatCompletions:
        return QCoreApplication::translate("mantle::mantle::ApiSurface", "Chat Completions");
    case ApiSurface::Responses:
        return QCoreApplication::translate("mantle::mantle::ApiSurface", "Responses");
    case ApiSurface::Messages:
        return QCoreApplication::translate("mantle::mantle::ApiSurface", "Messages");
    case ApiSurface::CountTokens:
        return QCoreApplication::translate("mantle::mantle::ApiSurface", "Count tokens");
    case ApiSurface::Models:
        return QCoreApplication::translate("mantle::mantle::ApiSurface", "List models");
    }
    return {};
}

/// True for the surfaces whose requests name a model (all but the model list).
inline constexpr bool apiSurfaceNeedsModel(ApiSurface surface)
{
    return surface != ApiSurface::Models;
}

} // namespace mantle::mantle
