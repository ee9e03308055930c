#pragma once

#include "api/streamaccumulator.h"

#include <memory>

namespace mantle::api::messages {

/// Accumulates an Anthropic Messages stream into a Turn.
///
/// Reads `message_start` (id, model, usage), `content_block_start/delta/stop` (`text_delta` into
/// the text, `thinking_delta` into the reasoning, `input_json_delta` fragments concatenated
/// into a tool_use call's arguments, "{}" when it streamed none; `signature_delta` and
/// redacted_thinking blocks add nothing), `message_delta` (stop reason; each usage field it
/// carries replaces the earlier one), `message_stop`, `error` events; `ping` and unknown
/// events are ignored. Server-side tool blocks are not tool calls and are not read.
class MessagesStreamAccumulator final : public StreamAccumulator
{
public:
    MessagesStreamAccumulator();
    ~MessagesStreamAccumulator() override;

protected:
    Changes readEvent(QByteArrayView type, QByteArrayView data) override;
    bool sawTerminalMarker() const override;
    void completeTurn() override;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace mantle::api::messages
