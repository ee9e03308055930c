#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace mantle::net {

/// What replaces a secret in headers that are shown or kept.
inline constexpr char kRedacted[] = "‹redacted›";

/// Headers as they may be shown in the request inspector and kept in session files: the API key
/// (`x-api-key`, a Bearer token), the session token (`x-amz-security-token`) and the SigV4
/// signature are replaced by kRedacted. A SigV4 `authorization` keeps its algorithm, credential
/// scope (with the access key id shortened to its first four characters) and signed headers, which
/// is what one needs to debug a signature. Names are compared case-insensitively; order is kept.
///
/// The only place that decides what counts as a secret header: the HTTP client uses it for
/// HttpOutcome::sentHeaders, so nothing downstream ever sees the real values.
QList<QPair<QByteArray, QByteArray>>
redactHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);

} // namespace mantle::net
