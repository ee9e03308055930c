#pragma once

#include "api/requestspec.h"
#include "api/turn.h"
#include "common/result.h"
#include "mantle/apisurface.h"
#include "pipeline/requestrecord.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace mantle::sessions {

/// One entry of a conversation: a user message, an assistant answer (with what it cost and how
/// it was asked for), or a tool result.
struct SessionEntry
{
    QString id; ///< a UUID without braces, unique in the session
    api::MessageRole role = api::MessageRole::User;
    QString text;
    QDateTime createdAt; ///< UTC

    // Assistant answers.
    QString reasoning;
    QList<api::ToolCall> toolCalls;
    QString model; ///< the model that answered
    QString account; ///< the account it was asked with (a name, never a secret)
    QString region;
    std::optional<api::Usage> usage;
    QString stopReason;
    QString responseId;
    std::optional<api::TurnError> error; ///< the answer broke off or failed; text is kept
    bool stopped = false; ///< the user pressed Stop; the text is what arrived before
    std::optional<qint64> costPico; ///< nothing when the model has no known price
    std::optional<pipeline::RequestRecord> request; ///< for the inspector

    // Tool results.
    QString toolCallId;
    bool isError = false;

    /// The entry as it appears in a session file's `entries`.
    QJsonObject toJson() const;
    static Result<SessionEntry> fromJson(const QJsonObject &json);

    bool operator==(const SessionEntry &) const = default;
};

/// One playground conversation on one API surface: where it is sent (account, region, model),
/// the system prompt, the parameters, the entries so far and the unsent prompt. Sessions are
/// saved as JSON files by SessionStore; they never contain a secret.
///
/// A value type with a JSON form: `{"format": "mantle-playground-session", "version": 1, ...}`.
/// fromJson() refuses a newer version (so it is never overwritten by an older app) with an
/// error of kind Config whose code is kFutureVersionCode.
struct Session
{
    static constexpr int kFormatVersion = 1;
    static constexpr char kFormatName[] = "mantle-playground-session";
    static constexpr char kFutureVersionCode[] = "FutureSessionVersion";

    QString id; ///< a UUID without braces; also the file name
    QString title;
    QDateTime createdAt; ///< UTC
    QDateTime updatedAt; ///< UTC
    mantle::ApiSurface surface = mantle::ApiSurface::ChatCompletions;
    QString account;
    QString region;
    QString model;
    QString instructions; ///< the system (Chat, Messages) or developer (Responses) prompt
    api::GenerationParameters parameters;
    bool stream = true;
    std::optional<bool> store; ///< Responses only
    QList<SessionEntry> entries;
    QString draft; ///< the prompt being typed, kept so nothing typed is lost

    /// A new empty session with a fresh id, "New session" as title and both times now.
    static Session create(mantle::ApiSurface surface);
    /// A fresh UUID without braces (for sessions and entries).
    static QString newId();
    /// Whether `id` can name a session file: 1 to 100 ASCII letters, digits and '-' (so never a
    /// path, never "..").
    static bool isValidId(QStringView id);
    /// Checks only what makes a file a session this version can read and write over: the format
    /// name, the version (a newer one is kind Config, code kFutureVersionCode) and the id.
    static Status checkHeader(const QJsonObject &json);

    QJsonObject toJson() const;
    static Result<Session> fromJson(const QJsonObject &json);
    /// The conversation as Markdown: title, settings, then each entry under a heading with its
    /// role (reasoning as a quoted block, tool calls as JSON code blocks).
    QString toMarkdown() const;

    /// Reads a conversation written in Markdown: a file toMarkdown() wrote (its HTML-comment
    /// markers give surface, model, region and each entry's role back), or a hand-written one
    /// whose turns are `## User` and `## Assistant` sections (and `## System prompt`). Reasoning
    /// (a leading quote) and tool results come back; tool calls and notes do not. A new id;
    /// `surface` unless the file names one. Fails when there is no turn at all.
    static Result<Session> fromMarkdown(const QString &markdown, mantle::ApiSurface surface);

    /// The request for the next answer: this session's surface, target, instructions and
    /// parameters, and the conversation made of entries [0, count) (all when count < 0).
    /// Assistant entries that failed before any text or tool call are left out.
    api::RequestSpec requestSpec(int count = -1) const;
    /// Keeps the full request records (request and response bodies, events) of the last
    /// `keepFull` answers only; older ones keep URL, headers, status, attempts and timings and
    /// are marked truncated. Every request re-sends the conversation so far, so full records of
    /// every answer would make a session file grow with the square of its length.
    void compactRequestRecords(int keepFull);
    /// The total of the entries' known costs, and how many answers had none.
    qint64 totalCostPico() const;
    int unpricedAnswers() const;

    bool operator==(const Session &) const = default;
};

} // namespace mantle::sessions
