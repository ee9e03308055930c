#pragma once

#include <QString>

namespace mantle::codeexport {

struct SnippetRequest;

/// Writes an ES module on the openai npm package's Bedrock client (`BedrockOpenAI`: the route's
/// base URL, the Bearer key from AWS_BEARER_TOKEN_BEDROCK) for a Chat Completions or Responses
/// request. Valid TypeScript without type annotations, so it also runs as is under Node 20
/// (`node snippet.mjs`). The answer is printed as the request asked for it. The one difference
/// from the app's body: a Responses function tool without `strict` gets `strict: null` (the
/// default), which the SDK's types require.
///
/// Not for Messages (ts-anthropic); BedrockOpenAI signs no SigV4.
class TypeScriptOpenAiSnippet
{
public:
    static QString write(const SnippetRequest &request);
};

} // namespace mantle::codeexport
