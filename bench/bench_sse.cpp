// SseParser throughput on generated streams of 100,000 events held in memory, fed in chunks the
// size of the benchmark's argument (16 KiB is what a QNetworkReply typically hands over).
//
//   bench_sse [Google Benchmark flags]
//
// BM_ChatStream: Chat Completions chunks ("data: {...}\n\n", 234 bytes each on average), LF line
// ends;
// BM_ChatStreamCrlf: the same with CRLF line ends;
// BM_MessagesStream: Anthropic Messages deltas, each with an "event:" line before its data.
// Each reports bytes/s ("bytes", decimal prefixes: 1.5G/s is 1.5 GB/s) and events/s ("events").
// The handler only counts: this is the parser alone, not the JSON behind it.

#include "net/sseparser.h"

#include <QByteArray>

#include <benchmark/benchmark.h>

#include <algorithm>

using mantle::net::SseEventView;
using mantle::net::SseParser;

namespace {

constexpr int kEvents = 100000;

// Words of a plausible answer, so deltas vary in length as real ones do.
const char *const kWords[] = {"The",       " ball", " costs",    " five",  " cents",
                              ", because", " the",  " bat",      " costs", " one dollar",
                              " more",     " than", " the ball", ": 0.05", " + 1.05 = 1.10."};

QByteArray chatStream(const char *lineEnd)
{
    const QByteArray end(lineEnd);
    QByteArray stream;
    stream.reserve(kEvents * 240);
    for (int i = 0; i < kEvents; ++i) {
        stream += "data: {\"id\":\"chatcmpl-7f3a9c2e\",\"object\":\"chat.completion.chunk\","
                  "\"created\":1732400000,\"model\":\"openai.gpt-oss-120b\","
                  "\"service_tier\":\"default\",\"choices\":[{"
                  "\"index\":0,\"delta\":{\"content\":\"";
        stream += kWords[i % std::size(kWords)];
        stream += "\"},\"logprobs\":null,\"finish_reason\":null}]}";
        stream += end;
        stream += end;
    }
    return stream;
}

QByteArray messagesStream()
{
    QByteArray stream;
    stream.reserve(kEvents * 200);
    for (int i = 0; i < kEvents; ++i) {
        stream += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                  "\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"";
        stream += kWords[i % std::size(kWords)];
        stream += "\"}}\n\n";
    }
    return stream;
}

void feedInChunks(benchmark::State &state, const QByteArray &stream)
{
    const qsizetype chunk = state.range(0);
    qint64 events = 0;
    qint64 dataBytes = 0;
    const SseParser::EventHandler onEvent = [&](const SseEventView &event) {
        ++events;
        dataBytes += event.data.size();
    };
    for (auto _ : state) {
        SseParser parser;
        for (qsizetype at = 0; at < stream.size(); at += chunk)
            parser.feed(QByteArrayView(stream).sliced(at, std::min(chunk, stream.size() - at)),
                        onEvent);
        parser.finish(onEvent);
        benchmark::DoNotOptimize(dataBytes);
    }
    if (events != qint64(kEvents) * state.iterations()) {
        state.SkipWithError("the parser did not see every event");
        return;
    }
    state.counters["bytes"]
        = benchmark::Counter(double(stream.size()) * double(state.iterations()),
                             benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
    state.counters["events"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
    state.counters["bytes_per_event"] = double(stream.size()) / kEvents;
}

void BM_ChatStream(benchmark::State &state)
{
    static const QByteArray stream = chatStream("\n");
    feedInChunks(state, stream);
}

void BM_ChatStreamCrlf(benchmark::State &state)
{
    static const QByteArray stream = chatStream("\r\n");
    feedInChunks(state, stream);
}

void BM_MessagesStream(benchmark::State &state)
{
    static const QByteArray stream = messagesStream();
    feedInChunks(state, stream);
}

} // namespace

BENCHMARK(BM_ChatStream)->Arg(1024)->Arg(16 * 1024)->Arg(64 * 1024)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ChatStreamCrlf)->Arg(16 * 1024)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MessagesStream)->Arg(16 * 1024)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
