#pragma once

#include "common/result.h"

#include <QByteArrayView>

namespace mantle::emulator {

/// The faults one request asks the emulator for, read from its `x-emulator-fault` header: items
/// separated by ';', each `name` or `name=value` (ARCHITECTURE.md, "Stable interfaces"):
///
/// - `latency=MS`: wait MS milliseconds before answering;
/// - `status=CODE` (400 to 599): answer with that error status in the route's envelope, with
///   `retry-after=S` adding a `Retry-After: S` header;
/// - `access-denied`: Mantle's IAM refusal for the way the request authenticated;
/// - `wrong-prefix`: the error of a model called on the wrong route prefix;
/// - `drop-after=N`: close the connection after N stream events (no end of stream);
/// - `malformed-after=N`: replace event N+1 with one whose JSON is cut;
/// - `stall-after=N`: stop after N stream events and keep the connection open.
///
/// Parsing only: the server and its dispatcher act on it. Unknown or malformed items are an
/// error, so that a typo in a test does not pass silently.
struct FaultPlan
{
    int latencyMs = 0;
    int status = 0; ///< 0: no status fault
    int retryAfterSeconds = -1; ///< -1: no Retry-After header
    bool accessDenied = false;
    bool wrongPrefix = false;
    int dropAfter = -1; ///< -1: none
    int malformedAfter = -1;
    int stallAfter = -1;

    /// True when some item replaces the service's answer (status, access-denied, wrong-prefix).
    bool replacesAnswer() const { return status != 0 || accessDenied || wrongPrefix; }

    bool operator==(const FaultPlan &) const = default;

    /// Reads a header value; an empty value is an empty plan.
    static Result<FaultPlan> parse(QByteArrayView header);
};

} // namespace mantle::emulator
