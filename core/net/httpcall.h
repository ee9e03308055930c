#pragma once

#include "httpoutcome.h"
#include "httprequest.h"

#include <QByteArrayView>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
class QTimer;
QT_END_NAMESPACE

namespace mantle {
class Clock;
}
namespace mantle::aws {
class SigV4Signer;
struct Credentials;
} // namespace mantle::aws

namespace mantle::net {

/// One request in flight, made by HttpClient::send(): it authenticates (signing at send time),
/// sends, streams the answer's body out as it arrives, retries what is worth retrying and
/// reports how it ended, exactly once.
///
/// Retries (exponential backoff with jitter, honouring Retry-After up to a cap) happen only for
/// 429, 5xx and retryable answers or dropped connections, and only before the first body byte
/// was delivered; each retry is signed again. A SigV4 call refused for clock skew is retried
/// once with the server's time, and one refused for expired credentials is retried once with
/// fresh ones when its provider can renew them. Only the body of a 2xx answer is delivered; an
/// error body goes to the ErrorClassifier. It does not parse the body (see SseParser) and does not
/// check a 2xx body for an error envelope (ErrorClassifier::classifySuccessBody, the caller's
/// business).
///
/// Ownership: a child of the HttpClient; it deletes itself (deleteLater) after `finished`.
/// Deleting it earlier aborts the request without `finished`.
class HttpCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpCall)

public:
    ~HttpCall() override;

    /// Stops the call at any moment: what was delivered stays delivered, and `finished` is
    /// emitted (from inside this call) with a Cancelled error. Does nothing once finished.
    void cancel();

    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    /// A piece of a 2xx answer's body, as it arrived. The view is valid during the emission.
    void bytesReceived(QByteArrayView chunk);
    /// Emitted exactly once.
    void finished(const ::mantle::net::HttpOutcome &outcome);

private:
    friend class HttpClient;
    HttpCall(QNetworkAccessManager *network, const aws::SigV4Signer &signer, const Clock &clock,
             HttpRequest request, QObject *parent);

    enum class Abort { None, Cancelled, ConnectTimeout, IdleTimeout };

    void start();
    void attempt();
    void sendWith(const aws::Credentials *credentials);
    void onMetaData();
    void onReadyRead();
    void onReplyFinished();
    void abortReply(Abort reason);
    void retryLater(std::chrono::milliseconds delay, bool countsAsRetry);
    std::chrono::milliseconds backoff() const;
    Error networkError(int replyError, const QString &detail) const;
    Error timeoutError(Abort reason) const;
    void finish(std::optional<Error> error);
    void dropReply();

    QNetworkAccessManager *m_network;
    const aws::SigV4Signer &m_signer;
    const Clock &m_clock;
    HttpRequest m_request;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_connectTimer;
    QTimer *m_idleTimer;
    QTimer *m_retryTimer;
    QElapsedTimer m_elapsed;
    HttpOutcome m_outcome;
    QByteArray m_errorBody;
    qint64 m_clockOffsetSeconds = 0;
    bool m_skewRetried = false;
    bool m_credentialsRenewed = false;
    int m_retries = 0;
    std::optional<int> m_retryAfterSeconds;
    Abort m_abort = Abort::None;
    bool m_success = false; ///< the current answer has a 2xx status
    bool m_finished = false;
};

} // namespace mantle::net
