#pragma once

#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QSslServer;
QT_END_NAMESPACE

namespace mantle::test {

/// An HTTPS server on 127.0.0.1 whose certificate is self-signed, made fresh at start (an EC
/// P-256 key and an X.509 certificate for 127.0.0.1 and localhost, through OpenSSL's EVP and
/// X509 APIs): what a client must refuse. It counts handshakes that succeeded and the bytes of
/// any request that got through, so a test can prove that nothing was sent in the clear.
///
/// For TLS fault tests only: it answers nothing itself and serves no HTTP.
class SelfSignedTlsServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SelfSignedTlsServer)

public:
    explicit SelfSignedTlsServer(QObject *parent = nullptr);
    ~SelfSignedTlsServer() override;

    /// Makes the key and certificate and listens on a free port; false (see errorString())
    /// when either fails.
    bool listen();
    QString errorString() const { return m_error; }
    /// https://127.0.0.1:PORT/
    QUrl url() const;
    const QSslCertificate &certificate() const { return m_certificate; }

    /// Connections whose handshake started, and those where it succeeded.
    int connectionCount() const { return m_connections; }
    int handshakesCompleted() const { return m_handshakes; }
    /// Decrypted bytes received (a request that went through despite the certificate).
    qint64 requestBytes() const { return m_requestBytes; }

private:
    bool makeCertificate();
    void onPendingConnection();

    QSslServer *m_server;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QString m_error;
    int m_connections = 0;
    int m_handshakes = 0;
    qint64 m_requestBytes = 0;
};

} // namespace mantle::test
