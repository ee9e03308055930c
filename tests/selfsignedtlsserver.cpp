#include "selfsignedtlsserver.h"

#include <QHostAddress>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>

#include <memory>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace mantle::test {

namespace {

struct KeyDeleter
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct CertificateDeleter
{
    void operator()(X509 *certificate) const { X509_free(certificate); }
};
struct BioDeleter
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct ExtensionDeleter
{
    void operator()(X509_EXTENSION *extension) const { X509_EXTENSION_free(extension); }
};

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, qsizetype(size)) : QByteArray();
}

} // namespace

SelfSignedTlsServer::SelfSignedTlsServer(QObject *parent)
    : QObject(parent)
    , m_server(new QSslServer(this))
{
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this,
            &SelfSignedTlsServer::onPendingConnection);
    connect(m_server, &QSslServer::startedEncryptionHandshake, this, [this] { ++m_connections; });
}

SelfSignedTlsServer::~SelfSignedTlsServer() = default;

bool SelfSignedTlsServer::makeCertificate()
{
    std::unique_ptr<EVP_PKEY, KeyDeleter> key(EVP_EC_gen("P-256"));
    std::unique_ptr<X509, CertificateDeleter> certificate(X509_new());
    if (!key || !certificate) {
        m_error = QStringLiteral("OpenSSL could not make a key");
        return false;
    }
    X509 *x = certificate.get();
    X509_set_version(x, 2); // v3, for the subjectAltName extension
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -60);
    X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
    X509_set_pubkey(x, key.get());
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(x, name); // self-signed: issuer is subject
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, x, x, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, ExtensionDeleter> altNames(
        X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"));
    if (!altNames || !X509_add_ext(x, altNames.get(), -1)
        || X509_sign(x, key.get(), EVP_sha256()) <= 0) {
        m_error = QStringLiteral("OpenSSL could not sign the certificate");
        return false;
    }

    std::unique_ptr<BIO, BioDeleter> certificatePem(BIO_new(BIO_s_mem()));
    std::unique_ptr<BIO, BioDeleter> keyPem(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(certificatePem.get(), x)
        || !PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                     nullptr)) {
        m_error = QStringLiteral("OpenSSL could not write PEM");
        return false;
    }
    m_certificate = QSslCertificate(bioBytes(certificatePem.get()), QSsl::Pem);
    m_key = QSslKey(bioBytes(keyPem.get()), QSsl::Ec, QSsl::Pem);
    if (m_certificate.isNull() || m_key.isNull()) {
        m_error = QStringLiteral("Qt could not read the certificate or key");
        return false;
    }
    return true;
}

bool SelfSignedTlsServer::listen()
{
    if (!QSslSocket::supportsSsl()) {
        m_error = QStringLiteral("Qt has no TLS backend here");
        return false;
    }
    if (!makeCertificate())
        return false;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(m_certificate);
    configuration.setPrivateKey(m_key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    m_server->setSslConfiguration(configuration);
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        m_error = m_server->errorString();
        return false;
    }
    return true;
}

QUrl SelfSignedTlsServer::url() const
{
    return QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(m_server->serverPort()));
}

void SelfSignedTlsServer::onPendingConnection()
{
    // QSslServer queues a connection only once its handshake succeeded.
    while (m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            return;
        ++m_handshakes;
        socket->setParent(this);
        connect(socket, &QIODevice::readyRead, this,
                [this, socket] { m_requestBytes += socket->readAll().size(); });
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    }
}

} // namespace mantle::test
