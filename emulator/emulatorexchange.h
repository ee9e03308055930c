#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace mantle::emulator {

/// How the emulator's server authenticated a request before handing it to the MantleService.
enum class EmulatorAuth {
    SigV4, ///< a valid SigV4 signature with the test credentials
    Bearer, ///< `Authorization: Bearer mantle-emulator-key`
    ApiKeyHeader, ///< `x-api-key: mantle-emulator-key` (only under /anthropic)
};

/// One HTTP request as the emulator's server received and authenticated it. Plain data.
struct EmulatorRequest
{
    QByteArray method; ///< "GET", "POST", "DELETE"
    QByteArray path; ///< decoded path without the query, e.g. "/v1/responses/resp_x"
    QByteArray query; ///< the raw query string without '?', possibly empty
    QList<QPair<QByteArray, QByteArray>> headers; ///< names in lower case, in arrival order
    QByteArray body;
    EmulatorAuth auth = EmulatorAuth::SigV4;
    /// The region the request is served in: the SigV4 credential scope's region, else the
    /// region in a `bedrock-mantle.{region}.api.aws` Host header, else the emulator's own.
    QByteArray region = "us-east-1";

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &[name, value] : headers) {
            if (name == lowerCaseName)
                return value;
        }
        return {};
    }
};

/// The emulator's answer to one request, before the server puts it on the wire. Plain data.
///
/// A non-streamed answer is `body` (with its `content-type` among `headers`). A streamed answer
/// (`streamed` true, content type `text/event-stream`) is `events`: each element is one complete
/// SSE frame, blank line included (`"event: x\ndata: {...}\n\n"`, or Chat's `"data: [DONE]\n\n"`),
/// so that the server can pace them, count them for faults (drop after N events, a malformed
/// event, a stall) and frame them with chunked transfer encoding.
struct EmulatorReply
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; ///< names in lower case
    QByteArray body;
    bool streamed = false;
    QList<QByteArray> events;
};

} // namespace mantle::emulator
