#pragma once

#include <QString>

namespace mantle::codeexport {

struct SnippetRequest;

/// Writes a Python program that signs the request with botocore's SigV4Auth (service
/// bedrock-mantle, credentials from botocore's chain: the AWS_* key variables or AWS_PROFILE)
/// and sends it with requests, for any conversation surface and count tokens: the same URL,
/// headers and JSON body as the app, then the answer read from the raw JSON or server-sent
/// events and printed as the request asked for it.
///
/// It needs no SDK of OpenAI or Anthropic, and handles no API key (curl does).
class PythonSigV4Snippet
{
public:
    static QString write(const SnippetRequest &request);
};

} // namespace mantle::codeexport
