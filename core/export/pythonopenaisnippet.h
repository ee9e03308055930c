#pragma once

#include <QString>

namespace mantle::codeexport {

struct SnippetRequest;

/// Writes a Python program on the openai SDK (`OpenAI` with the route's base URL and the Bedrock
/// API key) for a Chat Completions or Responses request: the body's fields as the create()
/// call's arguments, then the answer printed as the request asked for it (text deltas as they
/// arrive when streaming, tool calls as "tool call: NAME ARGUMENTS", structured output as JSON).
///
/// Not for Messages (python-anthropic) and not for SigV4 (python-sigv4).
class PythonOpenAiSnippet
{
public:
    static QString write(const SnippetRequest &request);
};

} // namespace mantle::codeexport
