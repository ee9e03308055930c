// Fuzz target: a streamed Chat Completions (chat.completion.chunk events, `data: [DONE]`) answer,
// bytes through net::SseParser into the surface's stream accumulator. The invariants are
// mantle::fuzz::fuzzStream()'s (streamfuzz.h).

#include "streamfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded(
        [&] { mantle::fuzz::fuzzStream(mantle::mantle::ApiSurface::ChatCompletions, data, size); });
}
