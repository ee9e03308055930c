#include "chatstreamaccumulator.h"

#include "api/errorenvelope.h"
#include "api/jsonvaluereader.h"
#include "api/paddedjsonparser.h"
#include "chatresponseparser.h"

#include <optional>
#include <string_view>
#include <vector>

namespace mantle::api::chat {

namespace {

namespace od = simdjson::ondemand;
using Reader = JsonValueReader;
using Key = JsonValueReader::Key;
using simdjson::error_code;
using simdjson::SUCCESS;

/// One entry of `delta.tool_calls`.
struct ToolCallDelta
{
    std::optional<qint64> index;
    std::string_view id;
    std::string_view name;
    std::string_view arguments;
};

/// What one chunk says, as views into the parser's buffers: read whole first, applied after,
/// so that a chunk that turns out to be broken changes nothing.
struct ChunkView
{
    std::string_view id;
    std::string_view model;
    bool hasChoice = false; ///< choice 0 was in the chunk
    std::string_view content;
    std::string_view reasoningContent;
    std::string_view reasoning;
    std::string_view finishReason;
    std::string_view usage; ///< the usage object's JSON text
    bool hasError = false;
    std::string_view errorType;
    std::string_view errorCode;
    std::string_view errorMessage;
};

error_code readToolCall(od::value &value, std::vector<ToolCallDelta> &out)
{
    ToolCallDelta call;
    const error_code error = Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "index")
            return Reader::integer(v, call.index);
        if (key == "id")
            return Reader::string(v, call.id);
        if (key == "function") {
            return Reader::forEachField(v, [&](Key fkey, od::value &fv) {
                if (fkey == "name")
                    return Reader::string(fv, call.name);
                if (fkey == "arguments")
                    return Reader::string(fv, call.arguments);
                return SUCCESS;
            });
        }
        return SUCCESS;
    });
    if (!error)
        out.push_back(call);
    return error;
}

error_code readChoice(od::value &value, ChunkView &chunk, std::vector<ToolCallDelta> &toolCalls)
{
    const std::size_t toolCallsBefore = toolCalls.size();
    std::optional<qint64> index;
    std::string_view content, reasoningContent, reasoning, finishReason;
    const error_code error = Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "index")
            return Reader::integer(v, index);
        if (key == "finish_reason")
            return Reader::string(v, finishReason);
        if (key == "delta") {
            return Reader::forEachField(v, [&](Key dkey, od::value &dv) {
                if (dkey == "content")
                    return Reader::string(dv, content);
                if (dkey == "reasoning_content")
                    return Reader::string(dv, reasoningContent);
                if (dkey == "reasoning")
                    return Reader::string(dv, reasoning);
                if (dkey == "tool_calls") {
                    return Reader::forEachElement(
                        dv, [&](od::value &call) { return readToolCall(call, toolCalls); });
                }
                return SUCCESS;
            });
        }
        return SUCCESS;
    });
    if (error)
        return error;
    // Only choice 0 makes the turn (a request with n > 1 streams the others beside it).
    if (index.value_or(0) != 0 || chunk.hasChoice) {
        toolCalls.resize(toolCallsBefore);
        return SUCCESS;
    }
    chunk.hasChoice = true;
    chunk.content = content;
    chunk.reasoningContent = reasoningContent;
    chunk.reasoning = reasoning;
    chunk.finishReason = finishReason;
    return SUCCESS;
}

error_code readError(od::value &value, ChunkView &chunk)
{
    od::json_type type;
    if (const error_code error = value.type().get(type))
        return error;
    if (type != od::json_type::object)
        return SUCCESS; // "error": null
    chunk.hasError = true;
    return Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "type")
            return Reader::string(v, chunk.errorType);
        if (key == "code")
            return Reader::scalarText(v, chunk.errorCode);
        if (key == "message")
            return Reader::string(v, chunk.errorMessage);
        return SUCCESS;
    });
}

} // namespace

struct ChatStreamAccumulator::State
{
    PaddedJsonParser json;
    std::vector<ToolCallDelta> toolCallDeltas; ///< reused for every chunk
    std::vector<qint64> toolCallIndices; ///< the `index` of each call in the turn, ascending
    bool sawFinishReason = false;
};

ChatStreamAccumulator::ChatStreamAccumulator()
    : m_state(std::make_unique<State>())
{ }

ChatStreamAccumulator::~ChatStreamAccumulator() = default;

bool ChatStreamAccumulator::sawTerminalMarker() const
{
    return m_state->sawFinishReason;
}

StreamAccumulator::Changes ChatStreamAccumulator::readEvent(QByteArrayView type,
                                                            QByteArrayView data)
{
    if (data.trimmed() == QByteArrayView("[DONE]")) {
        markDone();
        return Change::Done;
    }

    State &state = *m_state;
    state.toolCallDeltas.clear();
    ChunkView chunk;
    const bool knowsId = !m_turn.responseId.isEmpty();
    const bool knowsModel = !m_turn.model.isEmpty();
    od::document document;
    error_code error = state.json.iterate(data).get(document);
    if (!error) {
        error = Reader::forEachRootField(document, [&](Key key, od::value &v) {
            if (key == "choices") {
                return Reader::forEachElement(v, [&](od::value &choice) {
                    return readChoice(choice, chunk, state.toolCallDeltas);
                });
            }
            // Every chunk repeats the id and the model: read them until they are known.
            if (key == "id")
                return knowsId ? SUCCESS : Reader::string(v, chunk.id);
            if (key == "model")
                return knowsModel ? SUCCESS : Reader::string(v, chunk.model);
            if (key == "usage")
                return Reader::rawObject(v, chunk.usage);
            if (key == "error")
                return readError(v, chunk);
            return SUCCESS;
        });
    }
    if (error)
        return invalidEvent(type, simdjson::error_message(error));

    Changes changes;
    if (chunk.hasError) {
        if (setError(ErrorEnvelope::openAiError(Reader::toQString(chunk.errorType),
                                                Reader::toQString(chunk.errorCode),
                                                Reader::toQString(chunk.errorMessage))))
            changes |= Change::Error;
    }
    if (m_turn.responseId.isEmpty() && !chunk.id.empty()) {
        m_turn.responseId = Reader::toQString(chunk.id);
        changes |= Change::Status;
    }
    if (m_turn.model.isEmpty() && !chunk.model.empty()) {
        m_turn.model = Reader::toQString(chunk.model);
        changes |= Change::Status;
    }
    if (!chunk.content.empty()) {
        Reader::appendUtf8(m_turn.text, chunk.content);
        changes |= Change::Text;
    }
    // Some servers send the same text under both names: one of them is the reasoning.
    const std::string_view reasoning
        = !chunk.reasoningContent.empty() ? chunk.reasoningContent : chunk.reasoning;
    if (!reasoning.empty()) {
        Reader::appendUtf8(m_turn.reasoning, reasoning);
        changes |= Change::Reasoning;
    }
    for (const ToolCallDelta &delta : state.toolCallDeltas) {
        qsizetype slot = -1;
        if (delta.index) {
            for (qsizetype i = qsizetype(state.toolCallIndices.size()) - 1; i >= 0; --i) {
                if (state.toolCallIndices[std::size_t(i)] == *delta.index) {
                    slot = i;
                    break;
                }
            }
        } else if (!delta.id.empty()) {
            // No index (some servers): a new id starts a new call, else it continues one.
            const QString id = Reader::toQString(delta.id);
            for (qsizetype i = 0; i < m_turn.toolCalls.size(); ++i) {
                if (m_turn.toolCalls.at(i).id == id)
                    slot = i;
            }
        } else if (!m_turn.toolCalls.isEmpty()) {
            slot = m_turn.toolCalls.size() - 1;
        }
        if (slot < 0) {
            const qint64 index = delta.index.value_or(
                state.toolCallIndices.empty() ? 0 : state.toolCallIndices.back() + 1);
            auto at = std::upper_bound(state.toolCallIndices.begin(), state.toolCallIndices.end(),
                                       index);
            slot = qsizetype(at - state.toolCallIndices.begin());
            state.toolCallIndices.insert(at, index);
            m_turn.toolCalls.insert(slot, ToolCall{});
        }
        ToolCall &call = m_turn.toolCalls[slot];
        if (!delta.id.empty())
            call.id = Reader::toQString(delta.id);
        if (!delta.name.empty())
            call.name = Reader::toQString(delta.name);
        Reader::appendUtf8(call.arguments, delta.arguments);
        changes |= Change::ToolCalls;
    }
    if (!chunk.finishReason.empty()) {
        m_turn.stopReason = Reader::toQString(chunk.finishReason);
        state.sawFinishReason = true;
        changes |= Change::Status;
    }
    if (!chunk.usage.empty()) {
        m_turn.usage = ChatResponseParser::usageFromJson(Reader::toJsonObject(chunk.usage));
        changes |= Change::Usage;
    }
    return changes;
}

} // namespace mantle::api::chat
