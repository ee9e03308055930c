#pragma once

#include "api/streamaccumulator.h"

#include <memory>
#include <optional>
#include <string_view>

namespace mantle::api::responses {

/// Accumulates an OpenAI Responses stream into a Turn.
///
/// Reads the response object of `response.created`, `in_progress`, `completed`, `incomplete` and
/// `failed` (id, model, status as the stop reason, usage, error); output items as
/// `output_item.added/done` announce them; `output_text.delta/done` into the text;
/// `function_call_arguments.delta/done` into tool calls (id = the item's `call_id`);
/// `reasoning_text` deltas into the reasoning, or, for a reasoning item that carries no such
/// text, its `reasoning_summary_text`; `error` events. A `.done` event or a finished item fills
/// in only what no delta streamed. Refusals and hosted tools' items are not read.
class ResponsesStreamAccumulator final : public StreamAccumulator
{
public:
    ResponsesStreamAccumulator();
    ~ResponsesStreamAccumulator() override;

protected:
    Changes readEvent(QByteArrayView type, QByteArrayView data) override;
    bool sawTerminalMarker() const override;
    void completeTurn() override;

private:
    enum class ItemKind { Other, Message, Reasoning, FunctionCall };
    struct State;
    struct OutputItem;
    OutputItem &item(std::optional<qint64> outputIndex, std::string_view itemId,
                     ItemKind kindIfNew);
    void appendReasoning(OutputItem &item, std::string_view text, bool summary);
    void rebuildReasoning();
    ToolCall &toolCall(OutputItem &item);

    std::unique_ptr<State> m_state;
};

} // namespace mantle::api::responses
