#include "httpcall.h"

#include "headerredaction.h"

#include "aws/credentialprovider.h"
#include "aws/requesturl.h"
#include "aws/sigv4signer.h"
#include "aws/uriencoding.h"
#include "common/clock.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>

#include <openssl/crypto.h>

#include <algorithm>

namespace mantle::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::net::HttpCall)
};

/// How much of an error answer's body is kept for the ErrorClassifier.
constexpr qsizetype kMaxErrorBody = 64 * 1024;
constexpr qint64 kReadBufferBytes = 1024 * 1024;
constexpr qint64 kReadChunkBytes = 64 * 1024;

QString hostOf(const QUrl &url)
{
    return url.port() >= 0 ? QStringLiteral("%1:%2").arg(url.host(), QString::number(url.port()))
                           : url.host();
}

QString secondsText(std::chrono::milliseconds duration)
{
    return QString::number(double(duration.count()) / 1000.0, 'g', 3);
}

bool isTransientNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
        return true;
    default:
        return false;
    }
}

} // namespace

HttpCall::HttpCall(QNetworkAccessManager *network, const aws::SigV4Signer &signer,
                   const Clock &clock, HttpRequest request, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_signer(signer)
    , m_clock(clock)
    , m_request(std::move(request))
    , m_connectTimer(new QTimer(this))
    , m_idleTimer(new QTimer(this))
    , m_retryTimer(new QTimer(this))
{
    m_elapsed.start();
    for (QTimer *timer : {m_connectTimer, m_idleTimer, m_retryTimer})
        timer->setSingleShot(true);
    // A coarse timer may fire up to 5% early: a retry must never go out before Retry-After says.
    m_retryTimer->setTimerType(Qt::PreciseTimer);
    connect(m_connectTimer, &QTimer::timeout, this, [this] { abortReply(Abort::ConnectTimeout); });
    connect(m_idleTimer, &QTimer::timeout, this, [this] { abortReply(Abort::IdleTimeout); });
    connect(m_retryTimer, &QTimer::timeout, this, &HttpCall::attempt);
}

HttpCall::~HttpCall()
{
    dropReply();
}

void HttpCall::start()
{
    QMetaObject::invokeMethod(this, &HttpCall::attempt, Qt::QueuedConnection);
}

void HttpCall::cancel()
{
    if (m_finished)
        return;
    finish(makeError(Error::Kind::Cancelled,
                     Tr::tr("The request to %1 was cancelled.").arg(hostOf(m_request.url))));
}

void HttpCall::attempt()
{
    if (m_finished)
        return;
    ++m_outcome.attempts;
    m_outcome.httpStatus = 0;
    m_outcome.headers.clear();
    m_outcome.classified.reset();
    m_errorBody.clear();
    m_success = false;
    m_abort = Abort::None;

    if (m_request.auth.kind != HttpAuth::Kind::SigV4) {
        sendWith(nullptr);
        return;
    }
    aws::CredentialProvider *provider = m_request.auth.credentials;
    if (!provider) {
        finish(makeError(Error::Kind::Auth,
                         Tr::tr("There are no AWS credentials to sign the request to %1 with.")
                             .arg(hostOf(m_request.url)),
                         Tr::tr("Choose an account with AWS credentials, or use an API key.")));
        return;
    }
    const QPointer<HttpCall> self(this);
    provider->credentials([self](Result<aws::Credentials> credentials) {
        if (!self || self->m_finished)
            return;
        if (!credentials) {
            self->finish(credentials.error());
            return;
        }
        self->sendWith(&credentials.value());
    });
}

void HttpCall::sendWith(const aws::Credentials *credentials)
{
    const Result<aws::RequestUrl> target
        = aws::parseRequestUrl(m_request.url.toString(QUrl::FullyEncoded));
    if (!target) {
        finish(target.error());
        return;
    }

    QByteArray pathAndQuery;
    aws::HeaderList authHeaders;
    switch (m_request.auth.kind) {
    case HttpAuth::Kind::SigV4: {
        aws::SigningRequest signing;
        signing.method = m_request.method;
        signing.host = target->hostHeader;
        signing.path = target->path;
        signing.query = target->query;
        signing.headers = m_request.headers;
        signing.body = m_request.body;
        aws::SigningOptions options;
        options.region = m_request.auth.region;
        options.service = m_request.auth.service;
        // Signed now, not when the request was made: a retry gets a fresh X-Amz-Date, shifted
        // by the server's clock offset once a clock-skew answer has told us what it is.
        const QDateTime time = m_clock.nowUtc().addSecs(m_clockOffsetSeconds);
        aws::SignedRequest signedRequest = m_signer.sign(signing, *credentials, options, time);
        pathAndQuery = signedRequest.pathAndQuery;
        authHeaders = signedRequest.headersToAdd;
        // The canonical request holds the session token; it is not needed any more.
        OPENSSL_cleanse(signedRequest.canonicalRequest.data(),
                        size_t(signedRequest.canonicalRequest.size()));
        break;
    }
    case HttpAuth::Kind::Bearer:
    case HttpAuth::Kind::ApiKeyHeader:
    case HttpAuth::Kind::None: {
        pathAndQuery = target->path;
        for (qsizetype i = 0; i < target->query.size(); ++i) {
            pathAndQuery += i == 0 ? '?' : '&';
            pathAndQuery += aws::uriEncode(target->query.at(i).first) + '='
                + aws::uriEncode(target->query.at(i).second);
        }
        // The header value is the only copy of the key outside its SecretString: QNetworkRequest
        // keeps it (and Qt offers no way to wipe it) until the request is done.
        const std::string_view key = m_request.auth.apiKey.view();
        const QByteArrayView keyBytes(key.data(), qsizetype(key.size()));
        if (m_request.auth.kind == HttpAuth::Kind::Bearer) {
            QByteArray value = QByteArrayLiteral("Bearer ");
            authHeaders.append({QByteArrayLiteral("authorization"), value.append(keyBytes)});
        } else if (m_request.auth.kind == HttpAuth::Kind::ApiKeyHeader) {
            authHeaders.append({QByteArrayLiteral("x-api-key"), keyBytes.toByteArray()});
        }
        break;
    }
    }

    // Send exactly what was signed: the strict path and query, parsed without re-encoding, and
    // the host with its port only when it is not the scheme's default (QNAM's Host header).
    const QUrl url = QUrl::fromEncoded(target->scheme + "://" + target->hostHeader + pathAndQuery,
                                       QUrl::StrictMode);
    QNetworkRequest request(url);
    for (const auto &[name, value] : m_request.headers)
        request.setRawHeader(name, value);
    for (const auto &[name, value] : authHeaders)
        request.setRawHeader(name, value);
    request.setRawHeader("User-Agent", QByteArrayLiteral("mantle-playground/" MANTLE_VERSION));
    {
        QList<QPair<QByteArray, QByteArray>> sent;
        sent.append({QByteArrayLiteral("host"), target->hostHeader});
        for (const QByteArray &name : request.rawHeaderList())
            sent.append({name, request.rawHeader(name)});
        m_outcome.sentUrl = url.toString();
        m_outcome.sentHeaders = redactHeaders(sent);
    }
    // A redirect would resend the signed request (and its credentials) elsewhere.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);

    QNetworkReply *reply = nullptr;
    if (m_request.method == "GET")
        reply = m_network->get(request);
    else if (m_request.method == "POST")
        reply = m_network->post(request, m_request.body);
    else
        reply = m_network->sendCustomRequest(request, m_request.method, m_request.body);
    m_reply = reply;
    // Back-pressure: QNAM reads the socket on its own thread; without a bound, a consumer slower
    // than the network would let a whole long stream pile up in memory. The bound reaches that
    // thread only once the request is there: set now, a POST's limit would be lost (the thread's
    // side starts later, from the event loop), so it is set again when the request was sent.
    reply->setReadBufferSize(kReadBufferBytes);
    connect(reply, &QNetworkReply::requestSent, this, [this] {
        if (m_reply)
            m_reply->setReadBufferSize(kReadBufferBytes);
        m_connectTimer->stop();
        m_idleTimer->start(m_request.options.idleTimeout);
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, &HttpCall::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &HttpCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &HttpCall::onReplyFinished);
    m_connectTimer->start(m_request.options.connectTimeout);
}

void HttpCall::onMetaData()
{
    if (!m_reply)
        return;
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    m_connectTimer->stop();
    m_idleTimer->start(m_request.options.idleTimeout);
    m_outcome.httpStatus = status.toInt();
    m_outcome.headers = m_reply->rawHeaderPairs();
    m_success = m_outcome.httpStatus >= 200 && m_outcome.httpStatus < 300;
}

void HttpCall::onReadyRead()
{
    if (!m_reply)
        return;
    if (m_outcome.httpStatus == 0)
        onMetaData();
    m_connectTimer->stop();
    m_idleTimer->start(m_request.options.idleTimeout);
    // In bounded pieces: a fast server can leave megabytes waiting, and one readAll() would copy
    // them all at once into one array (and the parser behind us would copy them again).
    while (m_reply && !m_finished) {
        const QByteArray data = m_reply->read(kReadChunkBytes);
        if (data.isEmpty())
            return;
        if (!m_success) {
            m_errorBody.append(data.left(kMaxErrorBody - m_errorBody.size()));
            continue;
        }
        if (!m_outcome.bodyDelivered) {
            m_outcome.bodyDelivered = true;
            m_outcome.timeToFirstByte = std::chrono::milliseconds(m_elapsed.elapsed());
        }
        m_outcome.bytesDelivered += data.size();
        Q_EMIT bytesReceived(QByteArrayView(data)); // a receiver may cancel() us
    }
}

void HttpCall::onReplyFinished()
{
    if (!m_reply || m_finished)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_finished || !m_reply)
        return; // cancelled while delivering
    if (m_outcome.httpStatus == 0)
        onMetaData();
    m_connectTimer->stop();
    m_idleTimer->stop();
    const auto replyError = m_reply->error();
    const QString errorString = m_reply->errorString();
    const Abort abort = m_abort;
    dropReply();

    const bool canRetry = !m_outcome.bodyDelivered && m_retries < m_request.options.maxRetries;
    if (abort != Abort::None) {
        finish(timeoutError(abort));
        return;
    }
    if (m_outcome.httpStatus == 0 || (m_success && replyError != QNetworkReply::NoError)) {
        if (canRetry && isTransientNetworkError(replyError)) {
            retryLater(backoff(), true);
            return;
        }
        finish(networkError(int(replyError), errorString));
        return;
    }
    if (m_success) {
        finish(std::nullopt);
        return;
    }

    api::FailedCall call = m_request.errorContext;
    call.auth = m_request.auth.kind == HttpAuth::Kind::SigV4 ? api::FailedCall::Auth::SigV4
                                                             : api::FailedCall::Auth::ApiKey;
    call.httpStatus = m_outcome.httpStatus;
    call.headers = m_outcome.headers;
    call.body = m_errorBody;
    call.receivedAtUtc = m_clock.nowUtc().addSecs(m_clockOffsetSeconds);
    const api::ClassifiedError classified = api::ErrorClassifier::classify(call);
    m_outcome.classified = classified;

    if (classified.clockSkew && classified.clockOffsetSeconds && !m_skewRetried
        && m_request.auth.kind == HttpAuth::Kind::SigV4) {
        m_skewRetried = true;
        m_clockOffsetSeconds += *classified.clockOffsetSeconds;
        retryLater(std::chrono::milliseconds(0), false);
        return;
    }
    if (classified.expiredCredentials && !m_credentialsRenewed
        && m_request.auth.kind == HttpAuth::Kind::SigV4 && m_request.auth.credentials
        && m_request.auth.credentials->discardCached()) {
        m_credentialsRenewed = true;
        retryLater(std::chrono::milliseconds(0), false);
        return;
    }
    if (classified.retryable && canRetry) {
        std::chrono::milliseconds delay = backoff();
        if (classified.retryAfterSeconds)
            delay = std::min(std::chrono::milliseconds(
                                 std::chrono::seconds(std::max(0, *classified.retryAfterSeconds))),
                             m_request.options.maxRetryDelay);
        retryLater(delay, true);
        return;
    }
    finish(classified.error);
}

void HttpCall::abortReply(Abort reason)
{
    if (!m_reply)
        return;
    m_abort = reason;
    m_reply->abort(); // finished is emitted from here
}

void HttpCall::retryLater(std::chrono::milliseconds delay, bool countsAsRetry)
{
    if (countsAsRetry)
        ++m_retries;
    m_retryTimer->start(delay);
}

std::chrono::milliseconds HttpCall::backoff() const
{
    // Exponential backoff with jitter: between half and all of base * 2^retry, capped.
    const qint64 base = m_request.options.baseBackoff.count();
    const qint64 cap = m_request.options.maxRetryDelay.count();
    const qint64 full = std::min(cap, base << std::min(m_retries, 20));
    if (full <= 0)
        return std::chrono::milliseconds(0);
    const qint64 half = full / 2;
    return std::chrono::milliseconds(
        half + qint64(QRandomGenerator::global()->bounded(quint64(full - half + 1))));
}

Error HttpCall::networkError(int replyError, const QString &detail) const
{
    const QString host = hostOf(m_request.url);
    const QString checkNetwork
        = Tr::tr("Check the network connection and the proxy settings, then try again.");
    switch (QNetworkReply::NetworkError(replyError)) {
    case QNetworkReply::ConnectionRefusedError:
        return makeError(Error::Kind::Network,
                         Tr::tr("Could not connect to %1: the connection was refused.").arg(host),
                         Tr::tr("Check the endpoint URL and that nothing (a firewall, a proxy) "
                                "blocks it."));
    case QNetworkReply::HostNotFoundError:
        return makeError(Error::Kind::Network, Tr::tr("Could not find the host %1.").arg(host),
                         Tr::tr("Check the region or endpoint, the network connection and the "
                                "DNS or proxy settings."));
    case QNetworkReply::RemoteHostClosedError:
        return makeError(
            Error::Kind::Network,
            Tr::tr("The connection to %1 was closed before the answer was complete.").arg(host),
            checkNetwork);
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::InsecureRedirectError:
        return makeError(Error::Kind::Network,
                         Tr::tr("The secure connection to %1 failed: %2").arg(host, detail),
                         Tr::tr("A proxy that inspects TLS may be in the way, or the system's "
                                "certificates may be out of date."));
    default:
        return makeError(Error::Kind::Network, Tr::tr("Could not reach %1: %2").arg(host, detail),
                         checkNetwork);
    }
}

Error HttpCall::timeoutError(Abort reason) const
{
    const QString host = hostOf(m_request.url);
    const QString hint
        = Tr::tr("Check the network connection and the proxy settings, then try again.");
    if (reason == Abort::ConnectTimeout)
        return makeError(Error::Kind::Network,
                         Tr::tr("Could not connect to %1 within %2 seconds.")
                             .arg(host, secondsText(m_request.options.connectTimeout)),
                         hint);
    return makeError(Error::Kind::Network,
                     Tr::tr("%1 sent nothing for %2 seconds, so the request was stopped.")
                         .arg(host, secondsText(m_request.options.idleTimeout)),
                     hint);
}

void HttpCall::finish(std::optional<Error> error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_connectTimer->stop();
    m_idleTimer->stop();
    m_retryTimer->stop();
    dropReply();
    m_outcome.error = std::move(error);
    m_outcome.total = std::chrono::milliseconds(m_elapsed.elapsed());
    Q_EMIT finished(m_outcome);
    deleteLater();
}

void HttpCall::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

} // namespace mantle::net
