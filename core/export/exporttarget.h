#pragma once

#include "api/requestspec.h"
#include "common/result.h"
#include "pipeline/calltarget.h"

#include <QString>
#include <QUrl>

namespace mantle::pipeline {
class RouteMemory;
}

namespace mantle::codeexport {

/// Where an exported request goes, as the snippet writes it: the route's base URL (endpoint root
/// + "/v1", "/openai/v1" or "/anthropic/v1"), the region (the SigV4 scope) and, for an API key on
/// /anthropic/v1, which header carries it. Holds no credentials: snippets read those from the
/// environment when they run.
///
/// forRequest() works it out the way the pipeline does for the real request (MantleCall::prepare
/// with the learned routes), so the snippet goes where the request went. It is not a route
/// resolver of its own.
struct ExportTarget
{
    /// Root + route prefix, e.g. https://bedrock-mantle.us-east-1.api.aws/openai/v1.
    QUrl baseUrl;
    QString region;
    pipeline::CallTarget::AnthropicKeyHeader anthropicKeyHeader
        = pipeline::CallTarget::AnthropicKeyHeader::XApiKey;

    /// The target of `spec` sent to `target` (whose credentials are not read: an unauthenticated
    /// CallTarget will do), with what `memory` has learned about prefixes when given. Fails like
    /// the request would: an unknown region, no model.
    static Result<ExportTarget> forRequest(const api::RequestSpec &spec,
                                           const pipeline::CallTarget &target,
                                           const pipeline::RouteMemory *memory = nullptr);

    /// The URL of `resourcePath` ("chat/completions") under the base URL.
    QString urlOf(const QString &resourcePath) const;
    /// What the Anthropic SDKs take as base URL (they add "/v1/messages"): the base URL without
    /// its final "/v1"; the base URL itself on the OpenAI routes.
    QString sdkBaseUrl() const;

    bool operator==(const ExportTarget &) const = default;
};

} // namespace mantle::codeexport
