// Fuzz target: a streamed Responses (response.* events) answer, bytes through net::SseParser into
// the surface's stream accumulator. The invariants are mantle::fuzz::fuzzStream()'s (streamfuzz.h).

#include "streamfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded(
        [&] { mantle::fuzz::fuzzStream(mantle::mantle::ApiSurface::Responses, data, size); });
}
