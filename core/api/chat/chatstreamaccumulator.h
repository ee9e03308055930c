#pragma once

#include "api/streamaccumulator.h"

#include <memory>

namespace mantle::api::chat {

/// Accumulates an OpenAI Chat Completions stream (`chat.completion.chunk` events) into a Turn.
///
/// Reads choice 0 only: `delta.content` into the text, `delta.reasoning_content` (or
/// `delta.reasoning`, which gpt-oss and Kimi send) into the reasoning, `delta.tool_calls` merged
/// by `index` with the argument fragments concatenated, `finish_reason` as the stop reason; the
/// usage chunk (`choices: []`); an `error` object in a chunk. Nothing after `data: [DONE]` is
/// read. It does not strip inline `<reasoning>` tags from the text.
class ChatStreamAccumulator final : public StreamAccumulator
{
public:
    ChatStreamAccumulator();
    ~ChatStreamAccumulator() override;

protected:
    Changes readEvent(QByteArrayView type, QByteArrayView data) override;
    bool sawTerminalMarker() const override;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace mantle::api::chat
