#pragma once

#include "emulatorexchange.h"
#include "httprequestreader.h"

#include <QByteArray>

#include <functional>

namespace mantle::emulator {

/// What answers a request once the server has read and authenticated it: the MantleService in
/// the binary, a stub in tests.
using EmulatorHandler = std::function<EmulatorReply(const EmulatorRequest &)>;

/// How the emulator's server behaves (besides what each request asks for with its headers).
struct EmulatorServerOptions
{
    /// The region of requests that neither a SigV4 scope nor a Mantle Host header place.
    QByteArray region = "us-east-1";
    /// Milliseconds between two SSE frames of a streamed answer (`--pace-ms`); a request's
    /// `x-emulator-pace: MS` header overrides it. 0 writes a whole stream at once.
    int paceMs = 0;
    /// Streams without chunked transfer encoding: the answer ends when the server closes the
    /// connection (`--close-delimited`). HTTP/1.0 requests always get that.
    bool closeDelimitedStreams = false;
    HttpLimits limits;
};

} // namespace mantle::emulator
