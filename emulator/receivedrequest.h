#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace mantle::emulator {

/// One HTTP request as the emulator's server read it off the socket, before authentication: the
/// request line's parts exactly as sent (path and query still percent-encoded, which SigV4 needs)
/// and the headers with lower-case names. Plain data; EmulatorRequest is what the service sees.
struct ReceivedRequest
{
    QByteArray method; ///< as sent, e.g. "POST"
    QByteArray target; ///< the request target as sent, e.g. "/v1/models?a=b"
    QByteArray rawPath; ///< the target before '?', still percent-encoded
    QByteArray rawQuery; ///< the target after '?', without it; empty when there is none
    int httpMinorVersion = 1; ///< 1 for HTTP/1.1, 0 for HTTP/1.0
    QList<QPair<QByteArray, QByteArray>> headers; ///< names in lower case, values trimmed, in order
    QByteArray body; ///< de-chunked

    /// The first value of the header, or a null QByteArray.
    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &[name, value] : headers) {
            if (name == lowerCaseName)
                return value;
        }
        return {};
    }

    bool hasHeader(QByteArrayView lowerCaseName) const
    {
        for (const auto &header : headers) {
            if (header.first == lowerCaseName)
                return true;
        }
        return false;
    }
};

} // namespace mantle::emulator
