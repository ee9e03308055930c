#pragma once

#include "assumeroleparameters.h"
#include "common/result.h"
#include "credentials.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <chrono>
#include <functional>
#include <vector>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
QT_END_NAMESPACE

namespace mantle {
class Clock;
}

namespace mantle::aws {

class SigV4Signer;

/// Calls AWS STS AssumeRole (Query API, POST to https://sts.{region}.amazonaws.com/) with the
/// source credentials, signed with SigV4, and answers with the role's temporary credentials.
///
/// Asynchronous on the injected QNetworkAccessManager; every callback is called exactly once, from
/// the event loop, never from inside assumeRole(). Destroying the client aborts its requests in
/// flight without calling their callbacks. It does not cache or refresh anything (that is
/// AssumeRoleCredentialProvider's job) and does not read credentials of its own.
class StsClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StsClient)

public:
    using Callback = std::function<void(Result<Credentials>)>;

    static constexpr std::chrono::milliseconds kDefaultTransferTimeout{30000};
    /// STS answers are about 2 KB; anything much larger is not STS.
    static constexpr qsizetype kMaxAnswerBytes = 1024 * 1024;

    /// The network, signer and clock must outlive the client.
    StsClient(QNetworkAccessManager *network, const SigV4Signer &signer, const Clock &clock,
              QObject *parent = nullptr);
    ~StsClient() override;

    /// Asks STS for the role's credentials. Invalid parameters, incomplete or expired source
    /// credentials are reported without sending anything.
    void assumeRole(const Credentials &source, const AssumeRoleParameters &parameters,
                    Callback done);

    /// Sends to `endpoint` (e.g. http://127.0.0.1:PORT for tests) instead of the regional STS
    /// endpoint; an empty QUrl goes back to the regional one. Plain http is refused unless the
    /// host is loopback (127.0.0.0/8, ::1, localhost); on error the setting is left unchanged.
    Status setEndpointOverride(const QUrl &endpoint);
    QUrl endpointOverride() const { return m_endpointOverride; }

    /// How long one request may take without progress before it fails (30 s by default).
    void setTransferTimeout(std::chrono::milliseconds timeout) { m_transferTimeout = timeout; }
    std::chrono::milliseconds transferTimeout() const { return m_transferTimeout; }

    /// https://sts.{region}.amazonaws.com/ (and .amazonaws.com.cn for the China regions).
    static QUrl regionalEndpoint(const QString &region);

private:
    struct Call;

    void answerLater(Callback done, Result<Credentials> result);
    void finish(QNetworkReply *reply, Call &call);

    QNetworkAccessManager *m_network;
    const SigV4Signer &m_signer;
    const Clock &m_clock;
    QUrl m_endpointOverride;
    std::chrono::milliseconds m_transferTimeout = kDefaultTransferTimeout;
    std::vector<QPointer<QNetworkReply>> m_inFlight;
};

} // namespace mantle::aws
