// Fuzz target: the non-streamed JSON answer parsers of Chat Completions, Responses and Messages
// (api::TurnReader::parseBody), each fed the same bytes.
//
// Invariants: each parser either gives a turn or a Parse error with a message; reading the same
// body twice gives the same result (no hidden state); no exception escapes.

#include "api/turnreader.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded([&] {
        using mantle::mantle::ApiSurface;
        const QByteArrayView body(reinterpret_cast<const char *>(data), qsizetype(size));
        for (const ApiSurface surface :
             {ApiSurface::ChatCompletions, ApiSurface::Responses, ApiSurface::Messages}) {
            const mantle::Result<mantle::api::Turn> turn
                = mantle::api::TurnReader::parseBody(surface, body);
            const mantle::Result<mantle::api::Turn> again
                = mantle::api::TurnReader::parseBody(surface, body);
            MANTLE_FUZZ_CHECK(turn.ok() == again.ok());
            if (turn) {
                MANTLE_FUZZ_CHECK(*turn == *again);
                if (turn->error)
                    MANTLE_FUZZ_CHECK(!turn->error->type.isEmpty());
            } else {
                MANTLE_FUZZ_CHECK(turn.error() == again.error());
                MANTLE_FUZZ_CHECK(!turn.error().message.isEmpty());
                MANTLE_FUZZ_CHECK(turn.error().kind == mantle::Error::Kind::Parse);
            }
        }
    });
}
