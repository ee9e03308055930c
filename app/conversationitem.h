#pragma once

#include "api/turn.h"

#include <QList>
#include <QString>

namespace mantle::ui {

/// One entry of the conversation view: a user prompt, an assistant answer or a tool result, with
/// the lines the view shows around it. Plain data: the view owns the copies it shows, the caller
/// formats (and translates) header, footer and error text.
struct ConversationItem
{
    enum class Kind { User, Assistant, Tool };
    enum class State { Finished, Streaming, Stopped, Failed };

    Kind kind = Kind::User;
    State state = State::Finished;
    QString text; ///< Markdown for assistant answers; plain for user/tool
    QString reasoning; ///< assistant reasoning; empty = none
    QList<::mantle::api::ToolCall> toolCalls; ///< id, name, arguments (JSON text)
    QString header; ///< e.g. "Assistant · openai.gpt-oss-120b" (already translated by caller)
    QString footer; ///< e.g. "12 in · 340 out · $0.000123 · 0.42 s to first token · 85 tok/s"
    QString errorText; ///< shown in place, styled as an error (message + hint lines)

    bool operator==(const ConversationItem &) const = default;
};

} // namespace mantle::ui
