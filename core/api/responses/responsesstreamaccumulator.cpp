#include "responsesstreamaccumulator.h"

#include "api/errorenvelope.h"
#include "api/jsonvaluereader.h"
#include "api/paddedjsonparser.h"
#include "responsesresponseparser.h"

#include <string>
#include <utility>
#include <vector>

namespace mantle::api::responses {

namespace {

namespace od = simdjson::ondemand;
using Reader = JsonValueReader;
using Key = JsonValueReader::Key;
using simdjson::error_code;
using simdjson::SUCCESS;

/// A response object as the lifecycle events carry it.
struct ResponseView
{
    bool present = false;
    std::string_view id;
    std::string_view model;
    std::string_view status;
    std::string_view usage; ///< JSON text
    bool hasError = false;
    std::string_view errorType;
    std::string_view errorCode;
    std::string_view errorMessage;
};

/// A content or summary part of an item: `{type, text}`.
struct PartView
{
    std::string_view type;
    std::string_view text;
};

/// An output item as `output_item.added/done` carry it.
struct ItemView
{
    bool present = false;
    std::string_view type;
    std::string_view id;
    std::string_view callId;
    std::string_view name;
    std::string_view arguments;
};

/// One event, read whole before anything is applied.
struct EventView
{
    std::string_view type;
    std::optional<qint64> outputIndex;
    std::string_view itemId;
    std::string_view delta;
    std::string_view text;
    std::string_view arguments;
    std::string_view code; ///< error events
    std::string_view message;
    bool hasErrorObject = false; ///< an error event that nests `{"error":{...}}`
    std::string_view errorType;
    ResponseView response;
    ItemView item;
};

error_code readParts(od::value &value, std::vector<PartView> &parts)
{
    return Reader::forEachElement(value, [&](od::value &element) {
        PartView part;
        const error_code error = Reader::forEachField(element, [&](Key key, od::value &v) {
            if (key == "type")
                return Reader::string(v, part.type);
            if (key == "text")
                return Reader::string(v, part.text);
            return SUCCESS;
        });
        if (!error)
            parts.push_back(part);
        return error;
    });
}

error_code readErrorObject(od::value &value, bool &present, std::string_view &type,
                           std::string_view &code, std::string_view &message)
{
    od::json_type jsonType;
    if (const error_code error = value.type().get(jsonType))
        return error;
    if (jsonType != od::json_type::object)
        return SUCCESS;
    present = true;
    return Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "type")
            return Reader::string(v, type);
        if (key == "code")
            return Reader::scalarText(v, code);
        if (key == "message")
            return Reader::string(v, message);
        return SUCCESS;
    });
}

error_code readResponse(od::value &value, ResponseView &response)
{
    response.present = true;
    return Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "id")
            return Reader::string(v, response.id);
        if (key == "status")
            return Reader::string(v, response.status);
        if (key == "model")
            return Reader::string(v, response.model);
        if (key == "usage")
            return Reader::rawObject(v, response.usage);
        if (key == "error") {
            return readErrorObject(v, response.hasError, response.errorType, response.errorCode,
                                   response.errorMessage);
        }
        return SUCCESS;
    });
}

error_code readItem(od::value &value, ItemView &item, std::vector<PartView> &content,
                    std::vector<PartView> &summary)
{
    item.present = true;
    return Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "type")
            return Reader::string(v, item.type);
        if (key == "id")
            return Reader::string(v, item.id);
        if (key == "call_id")
            return Reader::string(v, item.callId);
        if (key == "name")
            return Reader::string(v, item.name);
        if (key == "arguments")
            return Reader::string(v, item.arguments);
        if (key == "content")
            return readParts(v, content);
        if (key == "summary")
            return readParts(v, summary);
        return SUCCESS;
    });
}

QString joinedText(const std::vector<PartView> &parts, std::string_view type)
{
    QString text;
    for (const PartView &part : parts) {
        if (part.type == type)
            Reader::appendUtf8(text, part.text);
    }
    return text;
}

} // namespace

struct ResponsesStreamAccumulator::OutputItem
{
    std::optional<qint64> outputIndex;
    std::string id;
    ItemKind kind = ItemKind::Other;
    qsizetype toolCall = -1; ///< position in the turn's tool calls
    bool textStreamed = false;
    bool argumentsStreamed = false;
    QString itemArguments; ///< what the item itself said, for a call that streamed none
    QString reasoningContent;
    QString reasoningSummary;
    qsizetype reasoningStart = 0; ///< where its reasoning starts in the turn's
};

struct ResponsesStreamAccumulator::State
{
    PaddedJsonParser json;
    std::vector<OutputItem> items;
    std::vector<PartView> content; ///< reused for every event
    std::vector<PartView> summary;
    qsizetype lastReasoningItem = -1;
    bool sawTerminalEvent = false;
};

ResponsesStreamAccumulator::ResponsesStreamAccumulator()
    : m_state(std::make_unique<State>())
{ }

ResponsesStreamAccumulator::~ResponsesStreamAccumulator() = default;

bool ResponsesStreamAccumulator::sawTerminalMarker() const
{
    return m_state->sawTerminalEvent;
}

void ResponsesStreamAccumulator::completeTurn()
{
    for (OutputItem &item : m_state->items) {
        if (item.toolCall >= 0 && !item.argumentsStreamed) {
            ToolCall &call = m_turn.toolCalls[item.toolCall];
            if (call.arguments.isEmpty())
                call.arguments = item.itemArguments;
        }
    }
}

ResponsesStreamAccumulator::OutputItem &
ResponsesStreamAccumulator::item(std::optional<qint64> outputIndex, std::string_view itemId,
                                 ItemKind kindIfNew)
{
    std::vector<OutputItem> &items = m_state->items;
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
        if ((outputIndex && it->outputIndex == outputIndex)
            || (!itemId.empty() && it->id == itemId))
            return *it;
    }
    OutputItem &created = items.emplace_back();
    created.outputIndex = outputIndex;
    created.id = std::string(itemId);
    created.kind = kindIfNew;
    if (kindIfNew == ItemKind::Reasoning) {
        created.reasoningStart = m_turn.reasoning.size();
        m_state->lastReasoningItem = qsizetype(items.size()) - 1;
    }
    return created;
}

ToolCall &ResponsesStreamAccumulator::toolCall(OutputItem &item)
{
    if (item.toolCall < 0) {
        item.kind = ItemKind::FunctionCall;
        item.toolCall = m_turn.toolCalls.size();
        m_turn.toolCalls.append(ToolCall{});
    }
    return m_turn.toolCalls[item.toolCall];
}

void ResponsesStreamAccumulator::appendReasoning(OutputItem &item, std::string_view text,
                                                 bool summary)
{
    if (text.empty())
        return;
    // The turn shows an item's reasoning text, or its summary while it has none.
    const bool hadContent = !item.reasoningContent.isEmpty();
    Reader::appendUtf8(summary ? item.reasoningSummary : item.reasoningContent, text);
    const qsizetype position = &item - m_state->items.data();
    if (position != m_state->lastReasoningItem) {
        rebuildReasoning(); // an earlier item changed (items interleaved): rare
        return;
    }
    if (summary) {
        if (!hadContent)
            Reader::appendUtf8(m_turn.reasoning, text);
    } else if (!hadContent) {
        m_turn.reasoning.truncate(item.reasoningStart);
        m_turn.reasoning.append(item.reasoningContent);
    } else {
        Reader::appendUtf8(m_turn.reasoning, text);
    }
}

void ResponsesStreamAccumulator::rebuildReasoning()
{
    m_turn.reasoning.clear();
    for (OutputItem &item : m_state->items) {
        if (item.kind != ItemKind::Reasoning)
            continue;
        item.reasoningStart = m_turn.reasoning.size();
        m_turn.reasoning.append(item.reasoningContent.isEmpty() ? item.reasoningSummary
                                                                : item.reasoningContent);
    }
}

StreamAccumulator::Changes ResponsesStreamAccumulator::readEvent(QByteArrayView type,
                                                                 QByteArrayView data)
{
    State &state = *m_state;
    state.content.clear();
    state.summary.clear();
    EventView event;
    od::document document;
    error_code error = state.json.iterate(data).get(document);
    if (!error) {
        error = Reader::forEachRootField(document, [&](Key key, od::value &v) {
            if (key == "type")
                return Reader::string(v, event.type);
            if (key == "delta")
                return Reader::string(v, event.delta);
            if (key == "output_index")
                return Reader::integer(v, event.outputIndex);
            if (key == "item_id")
                return Reader::string(v, event.itemId);
            if (key == "text")
                return Reader::string(v, event.text);
            if (key == "arguments")
                return Reader::string(v, event.arguments);
            if (key == "response")
                return readResponse(v, event.response);
            if (key == "item")
                return readItem(v, event.item, state.content, state.summary);
            if (key == "code")
                return Reader::scalarText(v, event.code);
            if (key == "message")
                return Reader::string(v, event.message);
            if (key == "error") {
                return readErrorObject(v, event.hasErrorObject, event.errorType, event.code,
                                       event.message);
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

    if (name == "response.output_text.delta") {
        OutputItem &target = item(event.outputIndex, event.itemId, ItemKind::Message);
        target.textStreamed = true;
        if (!event.delta.empty()) {
            Reader::appendUtf8(m_turn.text, event.delta);
            changes |= Change::Text;
        }
        return changes;
    }
    if (name == "response.function_call_arguments.delta") {
        OutputItem &target = item(event.outputIndex, event.itemId, ItemKind::FunctionCall);
        target.argumentsStreamed = true;
        Reader::appendUtf8(toolCall(target).arguments, event.delta);
        return Change::ToolCalls;
    }
    if (name == "response.reasoning_text.delta"
        || name == "response.reasoning_summary_text.delta") {
        OutputItem &target = item(event.outputIndex, event.itemId, ItemKind::Reasoning);
        appendReasoning(target, event.delta, name == "response.reasoning_summary_text.delta");
        return Change::Reasoning;
    }
    if (name == "response.output_text.done") {
        OutputItem &target = item(event.outputIndex, event.itemId, ItemKind::Message);
        if (!target.textStreamed && !event.text.empty()) {
            Reader::appendUtf8(m_turn.text, event.text);
            changes |= Change::Text;
        }
        target.textStreamed = true;
        return changes;
    }
    if (name == "response.function_call_arguments.done") {
        OutputItem &target = item(event.outputIndex, event.itemId, ItemKind::FunctionCall);
        if (!target.argumentsStreamed) {
            toolCall(target).arguments = Reader::toQString(event.arguments);
            changes |= Change::ToolCalls;
        }
        target.argumentsStreamed = true;
        return changes;
    }
    if (name == "response.reasoning_text.done" || name == "response.reasoning_summary_text.done") {
        const bool summary = name == "response.reasoning_summary_text.done";
        OutputItem &target = item(event.outputIndex, event.itemId, ItemKind::Reasoning);
        if ((summary ? target.reasoningSummary : target.reasoningContent).isEmpty()
            && !event.text.empty()) {
            appendReasoning(target, event.text, summary);
            changes |= Change::Reasoning;
        }
        return changes;
    }
    if (name == "response.output_item.added" || name == "response.output_item.done") {
        const ItemView &view = event.item;
        const ItemKind kind = view.type == "message" ? ItemKind::Message
            : view.type == "reasoning"               ? ItemKind::Reasoning
            : view.type == "function_call"           ? ItemKind::FunctionCall
                                                     : ItemKind::Other;
        OutputItem &target = item(event.outputIndex, view.id, kind);
        if (target.id.empty())
            target.id = std::string(view.id);
        const bool done = name == "response.output_item.done";
        if (kind == ItemKind::FunctionCall) {
            ToolCall &call = toolCall(target);
            if (call.id.isEmpty() && !view.callId.empty())
                call.id = Reader::toQString(view.callId);
            if (call.name.isEmpty() && !view.name.empty())
                call.name = Reader::toQString(view.name);
            target.itemArguments = Reader::toQString(view.arguments);
            if (done && !target.argumentsStreamed) {
                call.arguments = target.itemArguments;
                target.argumentsStreamed = true;
            }
            changes |= Change::ToolCalls;
        } else if (done && kind == ItemKind::Message && !target.textStreamed) {
            const QString text = joinedText(state.content, "output_text");
            target.textStreamed = true;
            if (!text.isEmpty()) {
                m_turn.text.append(text);
                changes |= Change::Text;
            }
        } else if (done && kind == ItemKind::Reasoning && target.reasoningContent.isEmpty()
                   && target.reasoningSummary.isEmpty()) {
            const QString content = joinedText(state.content, "reasoning_text");
            const QString summary = joinedText(state.summary, "summary_text");
            const bool useSummary = content.isEmpty();
            const QByteArray utf8 = (useSummary ? summary : content).toUtf8();
            appendReasoning(target, std::string_view(utf8.constData(), std::size_t(utf8.size())),
                            useSummary);
            changes |= Change::Reasoning;
        }
        return changes;
    }

    const bool terminal = name == "response.completed" || name == "response.incomplete"
        || name == "response.failed";
    if (terminal || name == "response.created" || name == "response.in_progress"
        || name == "response.queued") {
        const ResponseView &response = event.response;
        if (!response.id.empty()) {
            m_turn.responseId = Reader::toQString(response.id);
            changes |= Change::Status;
        }
        if (!response.model.empty())
            m_turn.model = Reader::toQString(response.model);
        if (!response.status.empty()) {
            m_turn.stopReason = Reader::toQString(response.status);
            changes |= Change::Status;
        }
        if (!response.usage.empty()) {
            m_turn.usage
                = ResponsesResponseParser::usageFromJson(Reader::toJsonObject(response.usage));
            changes |= Change::Usage;
        }
        if (name == "response.failed") {
            if (setError(ResponsesResponseParser::failure(
                    Reader::toQString(response.errorCode), Reader::toQString(response.errorType),
                    Reader::toQString(response.errorMessage))))
                changes |= Change::Error;
        }
        if (terminal) {
            state.sawTerminalEvent = true;
            markDone();
            changes |= Change::Done;
        }
        return changes;
    }
    if (name == "error") {
        // Responses names a stream error by its code (e.g. "server_error", "rate_limit_exceeded").
        TurnError streamError = event.code.empty() && event.hasErrorObject
            ? ErrorEnvelope::openAiError(Reader::toQString(event.errorType), {},
                                         Reader::toQString(event.message))
            : TurnError{Reader::toQString(event.code), Reader::toQString(event.message), {}};
        if (streamError.type.isEmpty())
            streamError.type = QStringLiteral("error");
        if (setError(std::move(streamError)))
            changes |= Change::Error;
        return changes;
    }
    return changes; // any other event: nothing the turn shows
}

} // namespace mantle::api::responses
