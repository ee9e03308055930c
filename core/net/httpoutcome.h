#pragma once

#include "api/errorclassifier.h"
#include "common/error.h"

#include <QByteArray>
#include <QList>
#include <QPair>

#include <chrono>
#include <optional>

namespace mantle::net {

/// How one HttpCall ended: the answer's status and headers (of the last attempt), the error if
/// there was one, whether any body byte reached the caller, and timings.
///
/// Plain data. It carries no body: a successful body went out through
/// HttpCall::bytesReceived, and an error body is summed up in `error`.
struct HttpOutcome
{
    int httpStatus = 0; ///< 0 when no answer arrived
    QList<QPair<QByteArray, QByteArray>> headers; ///< as received
    /// The URL and headers of the last attempt as they were sent, secrets redacted
    /// (redactHeaders()): what the request inspector shows.
    QString sentUrl;
    QList<QPair<QByteArray, QByteArray>> sentHeaders;
    /// Nothing on success (2xx). Kind Http or Auth for refused calls (from the ErrorClassifier),
    /// Network for connection, DNS, TLS and timeout failures, Cancelled after cancel().
    std::optional<Error> error;
    /// The classifier's full verdict for a refused call (wrong prefix, unsupported surface...).
    std::optional<api::ClassifiedError> classified;
    bool bodyDelivered = false; ///< at least one bytesReceived was emitted
    qint64 bytesDelivered = 0;
    int attempts = 0; ///< requests sent, retries included
    /// From send() to the first body byte delivered; nothing when none was.
    std::optional<std::chrono::milliseconds> timeToFirstByte;
    std::chrono::milliseconds total{0}; ///< from send() to finished

    bool ok() const { return !error.has_value(); }
};

} // namespace mantle::net
