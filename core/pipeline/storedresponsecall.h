#pragma once

#include "api/turn.h"
#include "api/wirerequest.h"
#include "calltarget.h"
#include "common/error.h"
#include "common/result.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

#include <optional>

namespace mantle::net {
class HttpClient;
}

namespace mantle::pipeline {

class MantleCall;
class RouteMemory;

/// One call on a stored Responses response, by its id: retrieve it (GET /v1/responses/{id}),
/// delete it (DELETE) or cancel a background one (POST …/cancel). The answer comes back as a
/// Turn (retrieve and cancel: the response, its status as stopReason) or as the deletion's
/// confirmation, and its JSON body as it was sent; a refusal (404 for an id that is not, or no
/// longer, stored) as an Error.
///
/// Shared by the CLI and the app's chain view. It does not follow a background response until
/// it finishes (BackgroundPoller does) and does not save the RouteMemory.
/// Ownership: the caller's (parent); deleting it aborts the call.
class StoredResponseCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoredResponseCall)

public:
    enum class Action { Retrieve, Delete, Cancel };

    /// `client` and, when given, `memory` must outlive the call. `model`, when known, picks
    /// the prefix (/v1 or /openai/v1); empty uses /v1 (and what the memory learned).
    StoredResponseCall(net::HttpClient &client, Action action, QString responseId, QString model,
                       CallTarget target, RouteMemory *memory, QObject *parent = nullptr);
    ~StoredResponseCall() override;

    /// The request for `action` on `responseId`, or why there is none (an empty or unsafe id).
    static Result<api::WireRequest> wireRequest(Action action, const QString &responseId);

    /// Sends the call; `finished` follows, never from inside start().
    void start();
    /// Aborts the call; `finished` follows with a Cancelled error.
    void cancel();

    Action action() const { return m_action; }
    QString responseId() const { return m_responseId; }
    bool isFinished() const { return m_finished; }
    /// The answer's body (JSON) after a successful call.
    const QByteArray &body() const { return m_body; }
    /// Retrieve and Cancel: the response read as a turn (stopReason is its status).
    const std::optional<api::Turn> &turn() const { return m_turn; }
    /// Delete: the server said the response is deleted.
    bool deleted() const { return m_deleted; }
    /// Why the call failed (the request, the server's refusal, an unreadable answer).
    const std::optional<Error> &error() const { return m_error; }
    /// The HTTP status of the answer (0 when none came).
    int httpStatus() const { return m_httpStatus; }
    /// The call was refused on one prefix and succeeded on the other (the memory learned it).
    bool switchedPrefix() const { return m_switchedPrefix; }

Q_SIGNALS:
    /// Emitted exactly once.
    void finished();

private:
    void finishWith(std::optional<Error> error);

    net::HttpClient &m_client;
    Action m_action;
    QString m_responseId;
    QString m_model;
    CallTarget m_target;
    RouteMemory *m_memory;
    QPointer<MantleCall> m_call;
    QByteArray m_body;
    std::optional<api::Turn> m_turn;
    std::optional<Error> m_error;
    int m_httpStatus = 0;
    bool m_deleted = false;
    bool m_switchedPrefix = false;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace mantle::pipeline
