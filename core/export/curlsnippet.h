#pragma once

#include <QString>

namespace mantle::codeexport {

struct SnippetRequest;

/// Writes a POSIX shell script that sends the request with curl: exactly the body and headers
/// the app sends, to the same URL. `Auth::ApiKey` adds the Bedrock API key from
/// AWS_BEARER_TOKEN_BEDROCK (Bearer; x-api-key on /anthropic/v1 when the target says so), passed
/// to curl on stdin so it stays off the command line; `Auth::SigV4` signs with curl's
/// --aws-sigv4 and the AWS_* key variables (and x-amz-security-token for temporary ones).
///
/// curl prints the answer as the server sends it: the JSON body, or the server-sent events as
/// they arrive for a stream. It does not parse them.
class CurlSnippet
{
public:
    enum class Auth { ApiKey, SigV4 };
    static QString write(const SnippetRequest &request, Auth auth);
};

} // namespace mantle::codeexport
