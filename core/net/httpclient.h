#pragma once

#include "httprequest.h"

#include <QObject>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
QT_END_NAMESPACE

namespace mantle {
class Clock;
}
namespace mantle::aws {
class SigV4Signer;
}

namespace mantle::net {

class HttpCall;

/// Sends HTTP requests to Mantle over the QNetworkAccessManager it is given (whose proxy, TLS
/// and HTTP/2 settings apply; TLS errors are never ignored), authenticating each attempt at send
/// time. Every request becomes an HttpCall that streams the answer and reports how it ended.
///
/// It builds no request bodies and parses no answers; it keeps no state between calls.
class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)

public:
    /// `network`, `signer` and `clock` must outlive the client.
    HttpClient(QNetworkAccessManager *network, const aws::SigV4Signer &signer, const Clock &clock,
               QObject *parent = nullptr);
    ~HttpClient() override;

    /// Starts a request. The call is a child of this client and deletes itself after its
    /// `finished` signal; nothing is emitted before control returns to the event loop, so connect
    /// right away. Destroying the client aborts the calls still running (without `finished`).
    HttpCall *send(const HttpRequest &request);

private:
    QNetworkAccessManager *m_network;
    const aws::SigV4Signer &m_signer;
    const Clock &m_clock;
};

} // namespace mantle::net
