#pragma once

#include <QString>

namespace mantle::codeexport {

struct SnippetRequest;

/// Writes a Python program on the anthropic SDK (`Anthropic` with Mantle's /anthropic base URL
/// and the Bedrock API key as x-api-key or Bearer token, as the target says) for a Messages
/// request: the body's fields as messages.create() arguments, then text (as it arrives when
/// streaming), tool calls as "tool call: NAME INPUT", and the schema tool's input as JSON.
///
/// Not for the OpenAI surfaces (python-openai) and not for SigV4 (python-sigv4).
class PythonAnthropicSnippet
{
public:
    static QString write(const SnippetRequest &request);
};

} // namespace mantle::codeexport
