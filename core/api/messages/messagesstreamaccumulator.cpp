#include "messagesstreamaccumulator.h"

#include "api/jsonvaluereader.h"
#include "api/paddedjsonparser.h"
#include "messagejsonreader.h"
#include "messagesresponseparser.h"

#include <QJsonObject>

#include <vector>

namespace mantle::api::messages {

namespace {

namespace od = simdjson::ondemand;
using Reader = JsonValueReader;
using Key = JsonValueReader::Key;
using simdjson::error_code;
using simdjson::SUCCESS;

/// The `delta` of content_block_delta and of message_delta (their fields do not overlap).
struct DeltaView
{
    std::string_view type;
    std::string_view text;
    std::string_view thinking;
    std::string_view partialJson;
    std::string_view stopReason;
};

/// One event, read whole before anything is applied.
struct EventView
{
    std::string_view type;
    std::optional<qint64> index;
    bool hasMessage = false;
    MessageJsonReader::Message message;
    bool hasBlock = false;
    MessageJsonReader::Block block;
    DeltaView delta;
    std::string_view usage; ///< message_delta's usage, JSON text
    bool hasError = false;
    std::string_view errorType;
    std::string_view errorMessage;
};

error_code readDelta(od::value &value, DeltaView &delta)
{
    return Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "type")
            return Reader::string(v, delta.type);
        if (key == "text")
            return Reader::string(v, delta.text);
        if (key == "thinking")
            return Reader::string(v, delta.thinking);
        if (key == "partial_json")
            return Reader::string(v, delta.partialJson);
        if (key == "stop_reason")
            return Reader::string(v, delta.stopReason);
        return SUCCESS;
    });
}

enum class BlockKind { Other, Text, Thinking, ToolUse };

} // namespace

struct MessagesStreamAccumulator::State
{
    struct Block
    {
        qint64 index = 0;
        BlockKind kind = BlockKind::Other;
        qsizetype toolCall = -1; ///< position in the turn's tool calls
        QString inputArguments; ///< the block's own input, for a call that streams none
    };

    PaddedJsonParser json;
    std::vector<Block> blocks;
    std::vector<MessageJsonReader::Block> messageBlocks; ///< reused for every event
    QJsonObject usage; ///< merged: message_start's, then every field message_delta carries
    bool sawMessageStop = false;

    Block *block(std::optional<qint64> index)
    {
        if (!index)
            return blocks.empty() ? nullptr : &blocks.back();
        for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
            if (it->index == *index)
                return &*it;
        }
        return nullptr;
    }
};

MessagesStreamAccumulator::MessagesStreamAccumulator()
    : m_state(std::make_unique<State>())
{ }

MessagesStreamAccumulator::~MessagesStreamAccumulator() = default;

bool MessagesStreamAccumulator::sawTerminalMarker() const
{
    return m_state->sawMessageStop;
}

void MessagesStreamAccumulator::completeTurn()
{
    for (const State::Block &block : m_state->blocks) {
        if (block.toolCall >= 0 && m_turn.toolCalls.at(block.toolCall).arguments.isEmpty())
            m_turn.toolCalls[block.toolCall].arguments = block.inputArguments;
    }
}

StreamAccumulator::Changes MessagesStreamAccumulator::readEvent(QByteArrayView type,
                                                                QByteArrayView data)
{
    State &state = *m_state;
    state.messageBlocks.clear();
    EventView event;
    od::document document;
    error_code error = state.json.iterate(data).get(document);
    if (!error) {
        error = Reader::forEachRootField(document, [&](Key key, od::value &v) {
            if (key == "type")
                return Reader::string(v, event.type);
            if (key == "index")
                return Reader::integer(v, event.index);
            if (key == "delta")
                return readDelta(v, event.delta);
            if (key == "content_block") {
                event.hasBlock = true;
                return MessageJsonReader::readBlock(v, event.block);
            }
            if (key == "message") {
                event.hasMessage = true;
                return MessageJsonReader::readMessage(v, event.message, state.messageBlocks);
            }
            if (key == "usage")
                return Reader::rawObject(v, event.usage);
            if (key == "error") {
                return MessageJsonReader::readError(v, event.hasError, event.errorType,
                                                    event.errorMessage);
            }
            return SUCCESS;
        });
    }
    if (error)
        return invalidEvent(type, simdjson::error_message(error));

    const std::string_view name = !event.type.empty()
        ? event.type
        : std::string_view(type.data(), std::size_t(type.size()));
    Changes changes;

    if (name == "content_block_delta") {
        const DeltaView &delta = event.delta;
        if (delta.type == "text_delta") {
            Reader::appendUtf8(m_turn.text, delta.text);
            return Change::Text;
        }
        if (delta.type == "thinking_delta") {
            Reader::appendUtf8(m_turn.reasoning, delta.thinking);
            return Change::Reasoning;
        }
        if (delta.type == "input_json_delta") {
            const State::Block *block = state.block(event.index);
            if (block && block->toolCall >= 0) {
                Reader::appendUtf8(m_turn.toolCalls[block->toolCall].arguments, delta.partialJson);
                return Change::ToolCalls;
            }
        }
        return Change::None; // signature_delta, citations_delta, ...: not part of the turn
    }
    if (name == "content_block_start") {
        const MessageJsonReader::Block &view = event.block;
        State::Block &block = state.blocks.emplace_back();
        block.index = event.index.value_or(qint64(state.blocks.size()) - 1);
        if (view.type == "text") {
            block.kind = BlockKind::Text;
            if (!view.text.empty()) {
                Reader::appendUtf8(m_turn.text, view.text);
                changes |= Change::Text;
            }
        } else if (view.type == "thinking") {
            block.kind = BlockKind::Thinking;
            if (!view.thinking.empty()) {
                Reader::appendUtf8(m_turn.reasoning, view.thinking);
                changes |= Change::Reasoning;
            }
        } else if (view.type == "tool_use") {
            block.kind = BlockKind::ToolUse;
            block.toolCall = m_turn.toolCalls.size();
            block.inputArguments = MessagesResponseParser::toolInputArguments(view.input);
            m_turn.toolCalls.append(
                {Reader::toQString(view.id), Reader::toQString(view.name), QString()});
            changes |= Change::ToolCalls;
        }
        return changes;
    }
    if (name == "content_block_stop") {
        const State::Block *block = state.block(event.index);
        if (block && block->toolCall >= 0) {
            ToolCall &call = m_turn.toolCalls[block->toolCall];
            if (call.arguments.isEmpty()) {
                call.arguments = block->inputArguments;
                changes |= Change::ToolCalls;
            }
        }
        return changes;
    }
    if (name == "message_start") {
        const MessageJsonReader::Message &message = event.message;
        if (!message.id.empty())
            m_turn.responseId = Reader::toQString(message.id);
        if (!message.model.empty())
            m_turn.model = Reader::toQString(message.model);
        if (!message.stopReason.empty())
            m_turn.stopReason = Reader::toQString(message.stopReason);
        changes |= Change::Status;
        if (!message.usage.empty()) {
            state.usage = Reader::toJsonObject(message.usage);
            m_turn.usage = MessagesResponseParser::usageFromJson(state.usage);
            changes |= Change::Usage;
        }
        return changes;
    }
    if (name == "message_delta") {
        if (!event.delta.stopReason.empty()) {
            m_turn.stopReason = Reader::toQString(event.delta.stopReason);
            changes |= Change::Status;
        }
        if (!event.usage.empty()) {
            const QJsonObject later = Reader::toJsonObject(event.usage);
            for (auto it = later.begin(); it != later.end(); ++it) {
                if (!it.value().isNull())
                    state.usage.insert(it.key(), it.value());
            }
            m_turn.usage = MessagesResponseParser::usageFromJson(state.usage);
            changes |= Change::Usage;
        }
        return changes;
    }
    if (name == "message_stop") {
        state.sawMessageStop = true;
        markDone();
        return Change::Done;
    }
    if (name == "error") {
        TurnError streamError{
            Reader::toQString(event.errorType), Reader::toQString(event.errorMessage), {}};
        if (streamError.type.isEmpty())
            streamError.type = QStringLiteral("error");
        if (setError(std::move(streamError)))
            changes |= Change::Error;
        return changes;
    }
    return changes; // ping and anything unknown
}

} // namespace mantle::api::messages
