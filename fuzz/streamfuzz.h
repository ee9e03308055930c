#pragma once

#include "api/streamaccumulator.h"
#include "api/turnreader.h"
#include "fuzzsupport.h"
#include "net/sseparser.h"

#include <memory>

namespace mantle::fuzz {

/// One fuzz input as a streamed answer of `surface`: the bytes go through net::SseParser and its
/// events into the surface's accumulator, as the pipeline does. Shared by the three stream
/// targets (chatstream.cpp, responsesstream.cpp, messagesstream.cpp).
///
/// Invariants: an event after the terminal one changes nothing; finish() gives the same answer
/// twice and leaves the accumulator done; a stream that did not end properly carries an error;
/// a parser that gave up is reported through abort() and leaves an error too.
inline void fuzzStream(mantle::ApiSurface surface, const std::uint8_t *data, std::size_t size)
{
    std::unique_ptr<api::StreamAccumulator> accumulator
        = api::TurnReader::createAccumulator(surface);
    MANTLE_FUZZ_CHECK(accumulator);
    net::SseParser parser;
    const auto onEvent = [&accumulator](const net::SseEventView &event) {
        const bool wasDone = accumulator->isDone();
        const api::Turn before = wasDone ? accumulator->turn() : api::Turn();
        const api::StreamAccumulator::Changes changes = accumulator->addEvent(event);
        if (wasDone) {
            MANTLE_FUZZ_CHECK(changes == api::StreamAccumulator::Changes());
            MANTLE_FUZZ_CHECK(accumulator->turn() == before);
        }
        if (changes.testFlag(api::StreamAccumulator::Change::Done))
            MANTLE_FUZZ_CHECK(accumulator->isDone());
        if (changes.testFlag(api::StreamAccumulator::Change::Error))
            MANTLE_FUZZ_CHECK(accumulator->turn().error.has_value());
    };
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (parser.feed(bytes, onEvent))
        parser.finish(onEvent);
    if (parser.hasError()) {
        accumulator->abort({QString::fromLatin1(api::kStreamError), parser.error().message, {}});
        MANTLE_FUZZ_CHECK(accumulator->isDone());
        MANTLE_FUZZ_CHECK(accumulator->turn().error.has_value());
    }
    const bool finished = accumulator->finish();
    MANTLE_FUZZ_CHECK(accumulator->isDone());
    if (!finished)
        MANTLE_FUZZ_CHECK(accumulator->turn().error.has_value());
    const api::Turn final = accumulator->turn();
    MANTLE_FUZZ_CHECK(accumulator->finish() == finished);
    MANTLE_FUZZ_CHECK(accumulator->turn() == final);
    if (final.error)
        MANTLE_FUZZ_CHECK(!final.error->type.isEmpty());
}

} // namespace mantle::fuzz
