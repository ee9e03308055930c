// The whole streaming read path per surface: bytes → net::SseParser → the surface's
// StreamAccumulator → Turn, on a generated stream of 100,000 text deltas of 4 bytes each in
// realistic event JSON (the shapes of the shared transcripts), fed in 16 KiB chunks as a
// network read would deliver them.
//
// BM_Accumulate/<surface>: parser + accumulator; reports deltas/s and MB/s.
// BM_SseParseOnly/<surface>: the SSE parser alone on the same bytes, for comparison.
// Goal (STYLE.md): at least 1.5 M deltas/s per surface in a Release build.

#include "api/turnreader.h"
#include "net/sseparser.h"

#include <QByteArray>

#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>

namespace {

using mantle::mantle::ApiSurface;

constexpr int kDeltas = 100000;
constexpr qsizetype kChunkBytes = 16 * 1024;

/// Four-byte pieces of text, some with a JSON escape, as a tokenizer would emit them.
const std::array<const char *, 8> kPieces{"The ", "quic",   "k br",    "own ",
                                          "fox.", "\\nThe", "s \\\"x", "ray "};

QByteArray piece(int i)
{
    return QByteArray(kPieces[std::size_t(i) % kPieces.size()]);
}

QByteArray chatStream()
{
    const QByteArray head = QByteArrayLiteral(
        R"(data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk",)"
        R"("created":1741570283,"model":"openai.gpt-oss-120b","system_fingerprint":"fp_06737a9306",)"
        R"("choices":[{"index":0,"delta":)");
    QByteArray s;
    s.reserve(kDeltas * 260);
    s += head + R"({"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})"
        + "\n\n";
    for (int i = 0; i < kDeltas; ++i) {
        s += head;
        s += R"({"content":")";
        s += piece(i);
        s += R"("},"logprobs":null,"finish_reason":null}]})";
        s += "\n\n";
    }
    s += head + R"({},"logprobs":null,"finish_reason":"stop"}]})" + "\n\n";
    s += R"(data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk",)"
         R"("created":1741570283,"model":"openai.gpt-oss-120b","choices":[],"usage":)"
         R"({"prompt_tokens":19,"completion_tokens":100000,"total_tokens":100019}})"
         "\n\ndata: [DONE]\n\n";
    return s;
}

QByteArray responsesStream()
{
    const QByteArray response = QByteArrayLiteral(
        R"("response":{"id":"resp_68b9f2a0c7e08193a1b2c3d4e5f60718293a4b5c6d7e8f90","object":"response",)"
        R"("created_at":1741571300.25,"model":"openai.gpt-oss-120b","output":[],)");
    QByteArray s;
    s.reserve(kDeltas * 240);
    s += "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
        + response + R"("status":"in_progress"}})" + "\n\n";
    s += "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\","
         "\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_68b9f2a1\",\"type\":"
         "\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}\n\n";
    for (int i = 0; i < kDeltas; ++i) {
        s += "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
             "\"sequence_number\":";
        s += QByteArray::number(i + 2);
        s += ",\"item_id\":\"msg_68b9f2a1\",\"output_index\":0,\"content_index\":0,\"delta\":\"";
        s += piece(i);
        s += "\",\"logprobs\":[]}\n\n";
    }
    s += "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":"
        + QByteArray::number(kDeltas + 2) + "," + response
        + R"("status":"completed","usage":{"input_tokens":19,"output_tokens":100000,)"
          R"("total_tokens":100019}}})"
        + "\n\n";
    return s;
}

QByteArray messagesStream()
{
    QByteArray s;
    s.reserve(kDeltas * 140);
    s += "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
         "\"msg_bdrk_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\","
         "\"model\":\"anthropic.claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,"
         "\"stop_sequence\":null,\"usage\":{\"input_tokens\":19,\"output_tokens\":1}}}\n\n"
         "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
         "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    for (int i = 0; i < kDeltas; ++i) {
        s += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
             "\"delta\":{\"type\":\"text_delta\",\"text\":\"";
        s += piece(i);
        s += "\"}}\n\n";
    }
    s += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
         "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
         "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":100000}}\n\n"
         "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    return s;
}

const QByteArray &streamFor(ApiSurface surface)
{
    static const QByteArray chat = chatStream();
    static const QByteArray responses = responsesStream();
    static const QByteArray messages = messagesStream();
    return surface == ApiSurface::ChatCompletions ? chat
        : surface == ApiSurface::Responses        ? responses
                                                  : messages;
}

/// One whole stream through parser and accumulator; the text length, to check and to keep.
qsizetype accumulate(ApiSurface surface, const QByteArray &bytes, bool *ended)
{
    const auto accumulator = mantle::api::TurnReader::createAccumulator(surface);
    mantle::net::SseParser parser;
    const auto onEvent = [&](const mantle::net::SseEventView &event) {
        accumulator->addEvent(event);
    };
    for (qsizetype at = 0; at < bytes.size(); at += kChunkBytes)
        parser.feed(QByteArrayView(bytes).sliced(at, qMin(kChunkBytes, bytes.size() - at)),
                    onEvent);
    parser.finish(onEvent);
    *ended = accumulator->finish() && !accumulator->turn().error;
    return accumulator->turn().text.size();
}

void setRates(benchmark::State &state, const QByteArray &bytes)
{
    const double runs = double(state.iterations());
    state.SetBytesProcessed(int64_t(runs * double(bytes.size())));
    state.counters["deltas/s"] = benchmark::Counter(runs * kDeltas, benchmark::Counter::kIsRate);
    state.counters["MB/s"]
        = benchmark::Counter(runs * double(bytes.size()) / 1e6, benchmark::Counter::kIsRate);
    state.counters["stream_MB"] = double(bytes.size()) / 1e6;
}

void BM_Accumulate(benchmark::State &state, ApiSurface surface)
{
    const QByteArray &bytes = streamFor(surface);
    bool ended = false;
    // Each piece is 4 characters once its escapes are read, so the text has a known length.
    if (accumulate(surface, bytes, &ended) != qsizetype(kDeltas) * 4 || !ended) {
        state.SkipWithError("the generated stream did not give the expected turn");
        return;
    }
    for (auto _ : state) {
        const qsizetype length = accumulate(surface, bytes, &ended);
        benchmark::DoNotOptimize(length);
    }
    setRates(state, bytes);
}

void BM_SseParseOnly(benchmark::State &state, ApiSurface surface)
{
    const QByteArray &bytes = streamFor(surface);
    for (auto _ : state) {
        mantle::net::SseParser parser;
        qsizetype events = 0;
        const auto onEvent = [&](const mantle::net::SseEventView &event) {
            events += event.data.size() > 0;
        };
        for (qsizetype at = 0; at < bytes.size(); at += kChunkBytes)
            parser.feed(QByteArrayView(bytes).sliced(at, qMin(kChunkBytes, bytes.size() - at)),
                        onEvent);
        parser.finish(onEvent);
        benchmark::DoNotOptimize(events);
    }
    setRates(state, bytes);
}

BENCHMARK_CAPTURE(BM_Accumulate, chat, ApiSurface::ChatCompletions)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Accumulate, responses, ApiSurface::Responses)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Accumulate, messages, ApiSurface::Messages)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SseParseOnly, chat, ApiSurface::ChatCompletions)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SseParseOnly, responses, ApiSurface::Responses)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SseParseOnly, messages, ApiSurface::Messages)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
