#include "curlsnippet.h"

#include "codeliteral.h"
#include "snippetrequest.h"

namespace mantle::codeexport {

QString CurlSnippet::write(const SnippetRequest &request, Auth auth)
{
    const bool anthropicRoute
        = request.target.baseUrl.path().endsWith(QLatin1String("/anthropic/v1"));
    const bool xApiKey = anthropicRoute
        && request.target.anthropicKeyHeader == pipeline::CallTarget::AnthropicKeyHeader::XApiKey;

    QString out = QStringLiteral("#!/bin/sh\n# ") + request.summary()
        + QStringLiteral(".\n# Exported by Mantle Playground.\n");
    if (auth == Auth::ApiKey) {
        out += QStringLiteral("# Credentials: a Bedrock API key in the environment variable "
                              "AWS_BEARER_TOKEN_BEDROCK.\n");
    } else {
        out += QStringLiteral("# Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
                              "AWS_SESSION_TOKEN for\n"
                              "# temporary credentials), signed with SigV4 by curl 7.75 or "
                              "newer.\n");
    }
    out += QStringLiteral("# The body is exactly what Mantle Playground sends; curl prints the "
                          "answer as it comes\n");
    out += request.streams() ? QStringLiteral("# (server-sent events, written as they arrive).\n")
                             : QStringLiteral("# (a JSON document).\n");
    out += QStringLiteral("set -eu\n\n");
    if (auth == Auth::ApiKey) {
        out += QStringLiteral(": \"${AWS_BEARER_TOKEN_BEDROCK:?set AWS_BEARER_TOKEN_BEDROCK to a "
                              "Bedrock API key}\"\n");
    } else {
        out += QStringLiteral(": \"${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID}\"\n"
                              ": \"${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY}\"\n"
                              "set --\n"
                              "if [ -n \"${AWS_SESSION_TOKEN:-}\" ]; then\n"
                              "    set -- -H \"x-amz-security-token: $AWS_SESSION_TOKEN\"\n"
                              "fi\n");
    }
    out += QStringLiteral("\nbody=")
        + CodeLiteral::shellQuoted(QString::fromUtf8(request.wire.body)) + QStringLiteral("\n\n");

    QStringList lines;
    lines.append(QStringLiteral("curl --fail-with-body --silent --show-error")
                 + (request.streams() ? QStringLiteral(" --no-buffer") : QString()));
    lines.append(QStringLiteral("-X ") + QString::fromLatin1(request.wire.method) + QLatin1Char(' ')
                 + CodeLiteral::shellQuoted(request.url()));
    for (const auto &header : request.wire.headers) {
        lines.append(QStringLiteral("-H ")
                     + CodeLiteral::shellQuoted(QString::fromLatin1(header.first)
                                                + QStringLiteral(": ")
                                                + QString::fromLatin1(header.second)));
    }
    if (auth == Auth::ApiKey) {
        // `-H @-` reads the header from stdin (curl 7.55+): the key is not in the process list.
        lines.append(QStringLiteral("-H @-"));
    } else {
        lines.append(QStringLiteral("--aws-sigv4 ")
                     + CodeLiteral::shellQuoted(
                         QStringLiteral("aws:amz:%1:bedrock-mantle").arg(request.target.region)));
        lines.append(QStringLiteral("--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\""));
        lines.append(QStringLiteral("\"$@\""));
    }
    lines.append(QStringLiteral("--data-binary \"$body\""));
    out += lines.join(QStringLiteral(" \\\n    "));
    if (auth == Auth::ApiKey) {
        out += QStringLiteral(" <<EOF\n");
        out += xApiKey ? QStringLiteral("x-api-key: $AWS_BEARER_TOKEN_BEDROCK\n")
                       : QStringLiteral("authorization: Bearer $AWS_BEARER_TOKEN_BEDROCK\n");
        out += QStringLiteral("EOF\n");
    } else {
        out += QLatin1Char('\n');
    }
    if (!request.streams())
        out += QStringLiteral("echo\n");
    return out;
}

} // namespace mantle::codeexport
