#pragma once

#include "conversation.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace mantle::emulator {

/// One response kept for GET, DELETE, cancel and previous_response_id.
struct StoredResponse
{
    /// What successive GETs show: a background response goes queued → in_progress → final, one
    /// step per GET; any other response has only its final object.
    QList<QJsonObject> stages;
    qsizetype stage = 0; ///< the stage shown now
    bool background = false;
    /// The conversation the answer was made from (stored chain first), without system text:
    /// instructions do not carry over to a chained response.
    QList<Conversation::Message> input;
    Conversation::Message answer; ///< the assistant's text and tool calls (with their call ids)

    QJsonObject current() const { return stages.value(stage); }
    QString status() const;
};

/// The emulator's stored Responses, kept in memory per region (as Mantle keeps them in the
/// request's region: a response made in us-east-1 is not found from eu-west-1).
///
/// It also runs the deterministic background lifecycle: each retrieve() moves a background
/// response one step (queued → in_progress → completed or incomplete); cancel() stops one
/// that is queued or in progress. Not thread-safe; nothing expires.
class ResponseStore
{
public:
    enum class CancelOutcome {
        Cancelled, ///< it was queued or in progress (or already cancelled): now "cancelled"
        NotFound,
        NotBackground, ///< only background responses can be cancelled
        AlreadyFinished, ///< a background response that completed
    };

    void insert(const QByteArray &region, const QString &id, StoredResponse response);
    const StoredResponse *find(const QByteArray &region, const QString &id) const;
    /// The response as a GET shows it, after moving a background response one step.
    std::optional<QJsonObject> retrieve(const QByteArray &region, const QString &id);
    bool remove(const QByteArray &region, const QString &id);
    /// Cancels a queued or in-progress background response; `response` gets the object to
    /// answer with when the outcome is Cancelled.
    CancelOutcome cancel(const QByteArray &region, const QString &id, QJsonObject &response);
    /// The conversation a response continues with previous_response_id: its input and, unless
    /// it was cancelled, its answer.
    QList<Conversation::Message> history(const StoredResponse &response) const;

    qsizetype size() const;

private:
    QHash<QByteArray, QHash<QString, StoredResponse>> m_regions;
};

} // namespace mantle::emulator
