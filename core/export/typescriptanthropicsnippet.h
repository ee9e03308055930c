#pragma once

#include <QString>

namespace mantle::codeexport {

struct SnippetRequest;

/// Writes an ES module on @anthropic-ai/sdk (`Anthropic` with Mantle's /anthropic base URL and
/// the Bedrock API key from AWS_BEARER_TOKEN_BEDROCK, as x-api-key or Bearer token as the target
/// says) for a Messages request. Valid TypeScript without type annotations, so it also runs as
/// is under Node 20. Text streams as it arrives; tool calls and the schema's JSON are printed.
///
/// Not for the OpenAI surfaces (ts-openai); the SDK signs no SigV4.
class TypeScriptAnthropicSnippet
{
public:
    static QString write(const SnippetRequest &request);
};

} // namespace mantle::codeexport
