#include "stsclient.h"

#include "common/clock.h"
#include "requesturl.h"
#include "sigv4signer.h"
#include "stsresponseparser.h"
#include "uriencoding.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <utility>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::StsClient)
};

constexpr QByteArrayView kContentType = "application/x-www-form-urlencoded; charset=utf-8";
constexpr QByteArrayView kApiVersion = "2011-06-15";

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

Status checkEndpoint(const QUrl &endpoint)
{
    const QString text = endpoint.toDisplayString();
    const QString hint = Tr::tr("Give the STS endpoint as https://host[:port]/, or "
                                "http://127.0.0.1:PORT/ for a local test server.");
    if (!endpoint.isValid() || endpoint.isRelative() || endpoint.host().isEmpty())
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("“%1” is not a valid STS endpoint URL.").arg(text), hint);
    if (endpoint.hasQuery() || endpoint.hasFragment() || !endpoint.userInfo().isEmpty())
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("The STS endpoint “%1” has a user name, query or fragment; give "
                                "only the scheme, host, port and path.")
                             .arg(text),
                         hint);
    const Result<RequestUrl> parsed = parseRequestUrl(endpoint.toString(QUrl::FullyEncoded));
    if (!parsed)
        return parsed.error();
    if (parsed->scheme == "http" && !isLoopbackHost(endpoint.host()))
        return makeError(Error::Kind::InvalidInput,
                         Tr::tr("The STS endpoint “%1” uses plain http, which is only allowed for "
                                "this computer (127.0.0.1, ::1 or localhost).")
                             .arg(text),
                         Tr::tr("Use https: the request carries a session token and the answer "
                                "carries credentials."));
    return {};
}

QByteArray formBody(const AssumeRoleParameters &parameters)
{
    QByteArray body;
    body.reserve(256 + parameters.roleArn.size() + parameters.externalId.size());
    body.append("Action=AssumeRole&Version=").append(kApiVersion);
    body.append("&RoleArn=").append(uriEncode(parameters.roleArn.toUtf8()));
    body.append("&RoleSessionName=").append(uriEncode(parameters.roleSessionName.toUtf8()));
    if (!parameters.externalId.isEmpty())
        body.append("&ExternalId=").append(uriEncode(parameters.externalId.toUtf8()));
    body.append("&DurationSeconds=").append(QByteArray::number(parameters.durationSeconds));
    return body;
}

Error networkError(const QNetworkReply &reply, const QString &endpoint, int timeoutSeconds)
{
    switch (reply.error()) {
    case QNetworkReply::ConnectionRefusedError:
        return makeError(
            Error::Kind::Network,
            Tr::tr("Could not connect to STS at %1: the connection was refused.").arg(endpoint),
            Tr::tr("Check the STS endpoint and that nothing (a firewall, a proxy) "
                   "blocks it."));
    case QNetworkReply::HostNotFoundError:
        return makeError(Error::Kind::Network,
                         Tr::tr("Could not find the STS host of %1.").arg(endpoint),
                         Tr::tr("Check the region, the network connection and the DNS or proxy "
                                "settings."));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // what the transfer timeout reports
        return makeError(
            Error::Kind::Network,
            Tr::tr("STS at %1 did not answer within %n second(s).", nullptr, timeoutSeconds)
                .arg(endpoint),
            Tr::tr("Check the network connection and the proxy settings, then try "
                   "again."));
    case QNetworkReply::SslHandshakeFailedError:
        return makeError(Error::Kind::Network,
                         Tr::tr("The secure connection to STS at %1 failed: %2")
                             .arg(endpoint, reply.errorString()),
                         Tr::tr("A proxy that inspects TLS may be in the way, or the system's "
                                "certificates may be out of date."));
    default:
        return makeError(Error::Kind::Network,
                         Tr::tr("Could not reach STS at %1: %2").arg(endpoint, reply.errorString()),
                         Tr::tr("Check the network connection and the proxy settings, then try "
                                "again."));
    }
}

} // namespace

struct StsClient::Call
{
    Callback done;
    StsResponseParser::Exchange exchange;
    QByteArray answer;
    bool tooLarge = false;
    int timeoutSeconds = 0;
};

StsClient::StsClient(QNetworkAccessManager *network, const SigV4Signer &signer, const Clock &clock,
                     QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_signer(signer)
    , m_clock(clock)
{ }

StsClient::~StsClient()
{
    for (const QPointer<QNetworkReply> &reply : std::exchange(m_inFlight, {})) {
        if (!reply)
            continue;
        QObject::disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

QUrl StsClient::regionalEndpoint(const QString &region)
{
    const QString suffix = region.startsWith(QLatin1String("cn-"))
        ? QStringLiteral(".amazonaws.com.cn")
        : QStringLiteral(".amazonaws.com");
    return QUrl(QStringLiteral("https://sts.") + region + suffix + QLatin1Char('/'));
}

Status StsClient::setEndpointOverride(const QUrl &endpoint)
{
    if (!endpoint.isEmpty()) {
        if (Status ok = checkEndpoint(endpoint); !ok)
            return ok;
    }
    m_endpointOverride = endpoint;
    return {};
}

void StsClient::answerLater(Callback done, Result<Credentials> result)
{
    QMetaObject::invokeMethod(
        this,
        [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
        Qt::QueuedConnection);
}

void StsClient::assumeRole(const Credentials &source, const AssumeRoleParameters &parameters,
                           Callback done)
{
    if (Status valid = parameters.validate(); !valid)
        return answerLater(std::move(done), valid.error());
    if (!source.isValid())
        return answerLater(std::move(done),
                           makeError(Error::Kind::Auth,
                                     Tr::tr("The source credentials are incomplete: STS needs an "
                                            "access key id and a secret access key."),
                                     Tr::tr("Give the keys of the identity that may assume the "
                                            "role %1.")
                                         .arg(parameters.roleArn)));
    const QDateTime now = m_clock.nowUtc();
    if (source.isExpiredAt(now))
        return answerLater(std::move(done),
                           makeError(Error::Kind::Auth,
                                     Tr::tr("The source credentials expired at %1.")
                                         .arg(source.expiration.toString(Qt::ISODate)),
                                     Tr::tr("Refresh the source credentials, then try again.")));

    const QUrl endpoint
        = m_endpointOverride.isEmpty() ? regionalEndpoint(parameters.region) : m_endpointOverride;
    const Result<RequestUrl> target = parseRequestUrl(endpoint.toString(QUrl::FullyEncoded));
    if (!target)
        return answerLater(std::move(done), target.error());

    // Sign exactly what QNetworkAccessManager sends: the Host header is the URL's host plus its
    // port when one is given (so give it only when it is not the default), and the request line
    // carries the URL's encoded path, segment-normalised (QHttpNetworkRequest::uri).
    const QUrl url = QUrl::fromEncoded(target->scheme + "://" + target->hostHeader + target->path,
                                       QUrl::StrictMode);
    QUrl::FormattingOptions wireFormat = QUrl::FullyEncoded | QUrl::RemoveScheme
        | QUrl::RemoveAuthority | QUrl::RemoveQuery | QUrl::RemoveFragment;
    if (!url.path().isEmpty())
        wireFormat |= QUrl::NormalizePathSegments;
    QByteArray wirePath = url.toEncoded(wireFormat);
    if (wirePath.isEmpty())
        wirePath = "/";

    SigningRequest signing;
    signing.method = "POST";
    signing.host = target->hostHeader;
    signing.path = wirePath;
    signing.headers = {{QByteArrayLiteral("Content-Type"), kContentType.toByteArray()}};
    signing.body = formBody(parameters);
    SigningOptions options;
    options.region = parameters.region.toUtf8();
    options.service = "sts";
    const SignedRequest signedRequest = m_signer.sign(signing, source, options, now);

    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", kContentType.toByteArray());
    for (const auto &[name, value] : signedRequest.headersToAdd)
        request.setRawHeader(name, value);
    request.setRawHeader("User-Agent", QByteArrayLiteral("mantle-playground/" MANTLE_VERSION));
    // A redirect would resend the signed request elsewhere; STS never redirects.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(int(m_transferTimeout.count()));

    auto call = std::make_shared<Call>();
    call->done = std::move(done);
    call->exchange.endpoint = url.toDisplayString();
    call->exchange.region = parameters.region;
    call->exchange.roleArn = parameters.roleArn;
    call->exchange.accessKeyId = source.accessKeyId;
    call->exchange.externalIdSent = !parameters.externalId.isEmpty();
    call->timeoutSeconds = int((m_transferTimeout.count() + 999) / 1000);

    QNetworkReply *reply = m_network->post(request, signing.body);
    m_inFlight.emplace_back(reply);
    connect(reply, &QNetworkReply::readyRead, this, [reply, call] {
        if (call->tooLarge)
            return;
        call->answer.append(reply->readAll());
        if (call->answer.size() > kMaxAnswerBytes) {
            call->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, call] { finish(reply, *call); });
}

void StsClient::finish(QNetworkReply *reply, Call &call)
{
    std::erase_if(m_inFlight, [reply](const QPointer<QNetworkReply> &r) {
        return r.isNull() || r.data() == reply;
    });
    reply->deleteLater();
    if (!call.done)
        return; // already answered
    Callback done = std::move(call.done);
    call.done = nullptr;

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (call.tooLarge) {
        Error e = makeError(Error::Kind::Parse,
                            Tr::tr("The answer from %1 is larger than %n KiB, so it is not an "
                                   "STS answer.",
                                   nullptr, int(kMaxAnswerBytes / 1024))
                                .arg(call.exchange.endpoint),
                            Tr::tr("Something other than AWS may have answered, such as a proxy "
                                   "or a captive portal: check the network, the proxy settings "
                                   "and the STS endpoint."));
        e.httpStatus = status.toInt();
        call.answer.fill('\0');
        done(std::move(e));
        return;
    }
    if (!status.isValid()) {
        done(networkError(*reply, call.exchange.endpoint, call.timeoutSeconds));
        return;
    }

    call.answer.append(reply->readAll());
    call.exchange.httpStatus = status.toInt();
    call.exchange.contentType = reply->rawHeader("Content-Type");
    call.exchange.requestIdHeader = QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"));
    Result<AssumedRole> parsed = StsResponseParser::parseAssumeRole(call.answer, call.exchange);
    call.answer.fill('\0'); // it held the secret key and the session token
    call.answer.clear();
    if (!parsed) {
        done(parsed.error());
        return;
    }
    done(std::move(parsed->credentials));
}

} // namespace mantle::aws
