#pragma once

#include "api/requestspec.h"
#include "api/turn.h"
#include "common/result.h"
#include "mantle/apisurface.h"
#include "mantle/costcalculator.h"
#include "mantle/modelprices.h"
#include "pipeline/requestrecord.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
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
    /// The stored response `responseId` is known to be gone from the server (deleted, or not
    /// found): requests no longer continue from it.
    bool responseDeleted = false;
    std::optional<api::TurnError> error; ///< the answer broke off or failed; text is kept
    bool stopped = false; ///< the user pressed Stop; the text is what arrived before
    std::optional<qint64> costPico; ///< nothing when the model has no known price
    /// costPico split by kind of token (set with it; absent in files written before it was kept)
    std::optional<mantle::RequestCost> cost;
    /// The prices it was priced with: per-million prices, source and date, isPrivate for the
    /// user's own (set with costPico; absent in older files)
    std::optional<mantle::ModelPrices> prices;
    std::optional<pipeline::RequestRecord> request; ///< for the inspector
    /// The request this answer was asked with, without its messages (they are the entries
    /// before it: Session::sentRequestSpec() puts them back). Code export reads it, so what is
    /// exported is what was sent. Unset in files of older versions.
    std::optional<api::RequestSpec> sentSpec;

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
    /// The functions the model may call, and whether it must.
    QList<api::ToolDefinition> tools;
    std::optional<api::ToolChoice> toolChoice;
    /// Canned tool results by tool name, offered when the model calls that tool.
    QMap<QString, QString> cannedResults;
    /// Structured output: the schema answers must follow; unset for free text.
    std::optional<api::OutputSchema> outputSchema;
    /// Responses only: continue from the last stored answer with `previous_response_id`,
    /// sending only the messages after it, instead of the whole conversation. Used when the
    /// answer was stored (store not off) in the same account and region.
    bool chainResponses = true;
    /// Responses only: ask for background responses (queued, then polled until done).
    bool background = false;
    /// When this session is a fork: the session and the entry it was forked after.
    QString forkedFromSession;
    QString forkedFromEntry;

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
    ///
    /// A forced tool choice (required or a named function) is sent as "auto" when the request
    /// carries tool results, so that the model can answer instead of calling again.
    ///
    /// On Responses with chainResponses, when the last answer before `count` was stored (it
    /// has a response id, did not fail or stop, and was asked in this session's account and
    /// region, with store not off), the request names it as `previous_response_id` and carries
    /// only the entries after it.
    api::RequestSpec requestSpec(int count = -1) const;
    /// The request that produced answer `row`, messages included: its sentSpec with the
    /// entries it was sent with (from the one after its previous response, or from the start,
    /// up to the answer). Entries from older files, without sentSpec, get requestSpec(row) with
    /// the answer's own model, account and region. Nothing when `row` is not an answer.
    std::optional<api::RequestSpec> sentRequestSpec(int row) const;
    /// A new session (new id and times) with the settings of this one and its entries up to
    /// and including `row`, marked as forked from this session at that entry. The entries keep
    /// their response ids, so a Responses fork continues from the same stored response.
    Session forkAt(int row) const;
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
