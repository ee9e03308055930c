// Fuzz target: net::SseParser, fed the same bytes whole and cut at arbitrary points.
//
// The first two bytes choose the cuts (a seed for the chunk sizes and the longest chunk); the
// rest is the stream. Invariants: cutting the stream anywhere gives the same events, last id,
// retry time and end state as feeding it whole; with small limits the parser never holds more
// than one line plus one event's data, and it stops with an error instead of growing; after
// finish() it holds no bytes; no exception escapes.

#include "net/sseparser.h"
#include "fuzzsupport.h"

#include <QByteArray>
#include <QList>

#include <algorithm>

namespace {

using mantle::net::SseEventView;
using mantle::net::SseParser;

struct Event
{
    QByteArray type;
    QByteArray data;
    QByteArray id;
    bool operator==(const Event &) const = default;
};

struct Outcome
{
    QList<Event> events;
    bool failed = false;
    QByteArray lastEventId;
    qint64 retry = -1;
    bool incomplete = false;
};

/// Chunk sizes from a small linear congruential generator: deterministic for one input.
class Cutter
{
public:
    Cutter(quint8 seed, quint8 longest)
        : m_state(seed * 2654435761u + 1)
        , m_longest(qsizetype(longest % 64) + 1)
    { }
    qsizetype next()
    {
        m_state = m_state * 1103515245u + 12345u;
        return qsizetype((m_state >> 16) % quint32(m_longest)) + 1;
    }

private:
    quint32 m_state;
    qsizetype m_longest;
};

Outcome parse(QByteArrayView stream, SseParser::Limits limits, Cutter *cutter)
{
    Outcome outcome;
    SseParser parser(limits);
    const auto onEvent = [&outcome](const SseEventView &event) {
        outcome.events.append(
            {event.type.toByteArray(), event.data.toByteArray(), event.id.toByteArray()});
    };
    qsizetype pos = 0;
    do {
        const qsizetype size
            = cutter ? std::min(cutter->next(), stream.size() - pos) : stream.size() - pos;
        const bool fed = parser.feed(stream.sliced(pos, size), onEvent);
        MANTLE_FUZZ_CHECK(fed == !parser.hasError());
        // Bounded memory: the unparsed tail is shorter than a line (a BOM's first bytes at
        // most excepted) and the pending data is at most one event.
        MANTLE_FUZZ_CHECK(parser.bufferedBytes() <= limits.maxLineBytes + limits.maxEventBytes + 3);
        pos += size;
        if (!fed)
            break;
    } while (pos < stream.size());
    if (!parser.hasError()) {
        parser.finish(onEvent);
        if (!parser.hasError())
            MANTLE_FUZZ_CHECK(parser.bufferedBytes() == 0);
    }
    outcome.failed = parser.hasError();
    if (outcome.failed)
        MANTLE_FUZZ_CHECK(!parser.error().message.isEmpty());
    outcome.lastEventId = parser.lastEventId();
    outcome.retry = parser.retryMilliseconds();
    outcome.incomplete = parser.hadIncompleteEvent();
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded([&] {
        if (size < 2)
            return;
        const QByteArrayView stream(reinterpret_cast<const char *>(data) + 2, qsizetype(size) - 2);

        const Outcome whole = parse(stream, SseParser::Limits(), nullptr);
        Cutter cutter(data[0], data[1]);
        const Outcome cut = parse(stream, SseParser::Limits(), &cutter);
        MANTLE_FUZZ_CHECK(whole.failed == cut.failed);
        MANTLE_FUZZ_CHECK(whole.events == cut.events);
        MANTLE_FUZZ_CHECK(whole.lastEventId == cut.lastEventId);
        MANTLE_FUZZ_CHECK(whole.retry == cut.retry);
        MANTLE_FUZZ_CHECK(whole.incomplete == cut.incomplete);

        // Small limits: what comes out before the parser stops is what a parser without
        // limits gave, in the same order.
        SseParser::Limits small;
        small.maxLineBytes = 64;
        small.maxEventBytes = 256;
        Cutter smallCutter(data[1], data[0]);
        const Outcome bounded = parse(stream, small, &smallCutter);
        MANTLE_FUZZ_CHECK(bounded.events.size() <= whole.events.size());
        MANTLE_FUZZ_CHECK(
            std::equal(bounded.events.cbegin(), bounded.events.cend(), whole.events.cbegin()));
        if (!bounded.failed)
            MANTLE_FUZZ_CHECK(bounded.events == whole.events);
    });
}
