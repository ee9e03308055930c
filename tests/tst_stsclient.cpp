#include "aws/stsclient.h"

#include "aws/sigv4signer.h"
#include "aws/uriencoding.h"
#include "common/clock.h"
#include "fakehttpserver.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTest>
#include <QTimeZone>

#include <memory>
#include <optional>

using mantle::Error;
using mantle::ManualClock;
using mantle::Result;
using mantle::aws::AssumeRoleParameters;
using mantle::aws::Credentials;
using mantle::aws::SigV4Signer;
using mantle::aws::StsClient;
using mantle::test::FakeHttpServer;

Q_DECLARE_METATYPE(AssumeRoleParameters)
Q_DECLARE_METATYPE(Credentials)

namespace {

const QDateTime kNow(QDate(2026, 11, 25), QTime(12, 0), QTimeZone::utc());

struct Outcome
{
    int calls = 0;
    std::optional<Result<Credentials>> result;
};

StsClient::Callback recordInto(const std::shared_ptr<Outcome> &outcome)
{
    return [outcome](Result<Credentials> result) {
        ++outcome->calls;
        outcome->result = std::move(result);
    };
}

Credentials sourceCredentials()
{
    Credentials c;
    c.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    c.secretAccessKey
        = mantle::SecretString(std::string_view("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    c.sessionToken = mantle::SecretString(std::string_view("source-session-token"));
    c.expiration = kNow.addSecs(3600);
    return c;
}

AssumeRoleParameters parameters()
{
    AssumeRoleParameters p;
    p.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
    p.roleSessionName = QStringLiteral("mantle-playground");
    p.region = QStringLiteral("eu-west-1");
    return p;
}

QByteArray successBody(const QDateTime &expiration)
{
    return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
           "<AssumeRoleResult><AssumedRoleUser>"
           "<Arn>arn:aws:sts::123456789012:assumed-role/MantleUser/mantle-playground</Arn>"
           "<AssumedRoleId>AROAEXAMPLE:mantle-playground</AssumedRoleId></AssumedRoleUser>"
           "<Credentials><AccessKeyId>ASIAROLEKEY</AccessKeyId>"
           "<SecretAccessKey>role-secret</SecretAccessKey>"
           "<SessionToken>role-token</SessionToken><Expiration>"
        + expiration.toString(Qt::ISODate).toLatin1()
        + "</Expiration></Credentials></AssumeRoleResult>"
          "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
          "</AssumeRoleResponse>";
}

FakeHttpServer::Reply stsError(int status, const QByteArray &code, const QByteArray &message)
{
    FakeHttpServer::Reply reply;
    reply.status = status;
    reply.body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                 "<Type>Sender</Type><Code>"
        + code + "</Code><Message>" + message
        + "</Message></Error><RequestId>req-err</RequestId></ErrorResponse>";
    return reply;
}

/// The form fields of a request body, decoded, in order.
QList<QPair<QByteArray, QByteArray>> formFields(const QByteArray &body)
{
    QList<QPair<QByteArray, QByteArray>> fields;
    for (const QByteArray &pair : body.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        fields.append({mantle::aws::percentDecode(pair.left(eq)),
                       mantle::aws::percentDecode(pair.mid(eq + 1))});
    }
    return fields;
}

} // namespace

class TestStsClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SigV4Signer> m_signer;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<StsClient> m_client;

    std::shared_ptr<Outcome> assumeRole(const AssumeRoleParameters &p = parameters(),
                                        const Credentials &source = sourceCredentials())
    {
        auto outcome = std::make_shared<Outcome>();
        m_client->assumeRole(source, p, recordInto(outcome));
        return outcome;
    }

private Q_SLOTS:
    void init()
    {
        m_clock = std::make_unique<ManualClock>(kNow);
        m_signer = std::make_unique<SigV4Signer>();
        m_network = std::make_unique<QNetworkAccessManager>();
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->listen());
        m_client = std::make_unique<StsClient>(m_network.get(), *m_signer, *m_clock);
        QVERIFY(m_client->setEndpointOverride(m_server->url()).ok());
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
        m_network.reset();
        m_signer.reset();
        m_clock.reset();
    }

    void returnsTheRoleCredentials()
    {
        FakeHttpServer::Reply reply;
        reply.body = successBody(kNow.addSecs(3600));
        m_server->enqueue(reply);
        const auto outcome = assumeRole();
        QCOMPARE(outcome->calls, 0); // never from inside assumeRole()
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY2(outcome->result->ok(),
                 qPrintable(outcome->result->ok() ? QString() : outcome->result->error().message));
        const Credentials &c = outcome->result->value();
        QCOMPARE(c.accessKeyId, QStringLiteral("ASIAROLEKEY"));
        QCOMPARE(c.secretAccessKey.view(), std::string_view("role-secret"));
        QCOMPARE(c.sessionToken.view(), std::string_view("role-token"));
        QCOMPARE(c.expiration, kNow.addSecs(3600));
        QCOMPARE(m_server->requests().size(), 1);
    }

    void signsExactlyWhatItSends_data()
    {
        QTest::addColumn<QString>("endpointPath");
        QTest::addColumn<QByteArray>("receivedPath");
        QTest::addRow("root") << QStringLiteral("/") << QByteArray("/");
        QTest::addRow("no path") << QString() << QByteArray("/");
        QTest::addRow("a path") << QStringLiteral("/sts/v1") << QByteArray("/sts/v1");
        // QNAM rewrites dot segments itself (Qt 6.4 sends "/a//c"): whatever it sends, the
        // signature must cover exactly that.
        QTest::addRow("dot segments") << QStringLiteral("/a/./b/../c") << QByteArray();
        // QUrl turns %7E into "~" before anything is sent; the signature must follow.
        QTest::addRow("escaped tilde") << QStringLiteral("/x%7Ey") << QByteArray();
        QTest::addRow("escaped space")
            << QStringLiteral("/with%20space") << QByteArray("/with%20space");
    }

    void signsExactlyWhatItSends()
    {
        QFETCH(QString, endpointPath);
        QFETCH(QByteArray, receivedPath);
        QUrl endpoint = m_server->url();
        endpoint.setPath(endpointPath, QUrl::StrictMode);
        QVERIFY(m_client->setEndpointOverride(endpoint).ok());
        const auto outcome = assumeRole();
        QTRY_COMPARE(outcome->calls, 1);
        QCOMPARE(m_server->requests().size(), 1);
        const FakeHttpServer::Request &request = m_server->requests().first();

        QCOMPARE(request.method, QByteArray("POST"));
        if (!receivedPath.isNull())
            QCOMPARE(request.target, receivedPath);
        QCOMPARE(request.header("Host"), "127.0.0.1:" + QByteArray::number(m_server->port()));
        QCOMPARE(request.header("Content-Type"),
                 QByteArray("application/x-www-form-urlencoded; charset=utf-8"));
        QCOMPARE(request.header("X-Amz-Date"), QByteArray("20261125T120000Z"));
        QCOMPARE(request.header("X-Amz-Security-Token"), QByteArray("source-session-token"));
        const QByteArray authorization = request.header("Authorization");
        QVERIFY2(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/"
                                          "eu-west-1/sts/aws4_request, "),
                 authorization.constData());
        QVERIFY2(authorization.contains("SignedHeaders=content-type;host;x-amz-content-sha256;"
                                        "x-amz-date;x-amz-security-token, "),
                 authorization.constData());

        // Sign again, independently, what the server received: it must give the same signature.
        mantle::aws::SigningRequest received;
        received.method = request.method;
        received.host = request.header("Host");
        received.path = request.target;
        received.headers = {{QByteArrayLiteral("content-type"), request.header("Content-Type")}};
        received.body = request.body;
        mantle::aws::SigningOptions options;
        options.region = "eu-west-1";
        options.service = "sts";
        QDateTime signedAt
            = QDateTime::fromString(QString::fromLatin1(request.header("X-Amz-Date")),
                                    QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        signedAt.setTimeZone(QTimeZone::utc());
        const SigV4Signer verifier;
        const auto expected = verifier.sign(received, sourceCredentials(), options, signedAt);
        QCOMPARE(authorization, expected.authorization);
        QCOMPARE(request.header("x-amz-content-sha256"), expected.headersToAdd.at(2).second);
    }

    void sendsTheAssumeRoleForm_data()
    {
        QTest::addColumn<QString>("externalId");
        QTest::addRow("without external ID") << QString();
        QTest::addRow("with external ID") << QStringLiteral("ext:id/1+2=3");
    }

    void sendsTheAssumeRoleForm()
    {
        QFETCH(QString, externalId);
        AssumeRoleParameters p = parameters();
        p.roleSessionName = QStringLiteral("me@example.com+x=y,z");
        p.externalId = externalId;
        p.durationSeconds = 7200;
        const auto outcome = assumeRole(p);
        QTRY_COMPARE(outcome->calls, 1);
        QCOMPARE(m_server->requests().size(), 1);
        const QByteArray body = m_server->requests().first().body;

        QList<QPair<QByteArray, QByteArray>> expected{
            {"Action", "AssumeRole"},
            {"Version", "2011-06-15"},
            {"RoleArn", "arn:aws:iam::123456789012:role/MantleUser"},
            {"RoleSessionName", "me@example.com+x=y,z"}};
        if (!externalId.isEmpty())
            expected.append({QByteArrayLiteral("ExternalId"), externalId.toUtf8()});
        expected.append({QByteArrayLiteral("DurationSeconds"), QByteArrayLiteral("7200")});
        QCOMPARE(formFields(body), expected);
        // RFC 3986 encoding: '+' must not reach STS as a space.
        QVERIFY2(body.contains("RoleSessionName=me%40example.com%2Bx%3Dy%2Cz&"), body.constData());
        QCOMPARE(body.contains("ExternalId="), !externalId.isEmpty());
    }

    void explainsAccessDenied_data()
    {
        QTest::addColumn<QString>("externalId");
        QTest::addRow("without external ID") << QString();
        QTest::addRow("with external ID") << QStringLiteral("the-external-id");
    }

    void explainsAccessDenied()
    {
        QFETCH(QString, externalId);
        m_server->enqueue(stsError(403, "AccessDenied",
                                   "User: arn:aws:iam::123456789012:user/dev is not authorized "
                                   "to perform: sts:AssumeRole"));
        AssumeRoleParameters p = parameters();
        p.externalId = externalId;
        const auto outcome = assumeRole(p);
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        const Error &e = outcome->result->error();
        QCOMPARE(e.kind, Error::Kind::Auth);
        QCOMPARE(e.code, QStringLiteral("AccessDenied"));
        QCOMPARE(e.httpStatus, 403);
        QCOMPARE(e.requestId, QStringLiteral("req-err"));
        QVERIFY(e.message.contains(QLatin1String("user/dev is not authorized")));
        QVERIFY2(e.hint.contains(QLatin1String("sts:AssumeRole on ") + p.roleArn),
                 qPrintable(e.hint));
        QVERIFY(e.hint.contains(QLatin1String("trust policy must allow")));
        QCOMPARE(e.hint.contains(QLatin1String("must match the trust policy's sts:ExternalId")),
                 !externalId.isEmpty());
        QVERIFY(!e.toDisplayString().contains(QLatin1String("the-external-id")));
    }

    void explainsExpiredToken()
    {
        m_server->enqueue(
            stsError(400, "ExpiredToken", "The security token included in the request is expired"));
        const auto outcome = assumeRole();
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        const Error &e = outcome->result->error();
        QCOMPARE(e.kind, Error::Kind::Auth);
        QCOMPARE(e.code, QStringLiteral("ExpiredToken"));
        QVERIFY(e.message.contains(QLatin1String("expired")));
        QVERIFY2(e.hint.contains(QLatin1String("Refresh the source credentials")),
                 qPrintable(e.hint));
    }

    void reportsAnswersThatAreNotSts_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("malformed xml")
            << 200 << QByteArray("text/xml") << QByteArray("<AssumeRoleResponse><Assume BODYMARK");
        QTest::addRow("html") << 200 << QByteArray("text/html")
                              << QByteArray("<!DOCTYPE html><html><body>Log in BODYMARK</body>"
                                            "</html>");
        QTest::addRow("empty 200") << 200 << QByteArray() << QByteArray();
        QTest::addRow("proxy 502")
            << 502 << QByteArray("text/plain") << QByteArray("Bad gateway BODYMARK");
    }

    void reportsAnswersThatAreNotSts()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        FakeHttpServer::Reply reply;
        reply.status = status;
        reply.contentType = contentType;
        reply.body = body;
        m_server->enqueue(reply);
        const auto outcome = assumeRole();
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        const Error &e = outcome->result->error();
        QCOMPARE(e.kind, Error::Kind::Parse);
        QCOMPARE(e.httpStatus, status);
        QVERIFY2(e.message.contains(QString::number(status)), qPrintable(e.message));
        if (!contentType.isEmpty())
            QVERIFY2(e.message.contains(QString::fromLatin1(contentType)), qPrintable(e.message));
        QVERIFY2(e.message.contains(QString::number(m_server->port())), qPrintable(e.message));
        QVERIFY(e.hint.contains(QLatin1String("proxy")));
        QVERIFY(!e.toDisplayString().contains(QLatin1String("BODYMARK")));
    }

    void reportsRefusedConnection()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close(); // nothing listens there now
        QVERIFY(
            m_client->setEndpointOverride(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)))
                .ok());
        const auto outcome = assumeRole();
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        const Error &e = outcome->result->error();
        QCOMPARE(e.kind, Error::Kind::Network);
        QVERIFY2(e.message.contains(QStringLiteral("127.0.0.1:%1").arg(port)),
                 qPrintable(e.message));
        QVERIFY2(e.message.contains(QLatin1String("refused")), qPrintable(e.message));
    }

    void reportsTimeout()
    {
        FakeHttpServer::Reply silent;
        silent.silent = true;
        m_server->setDefaultReply(silent);
        m_client->setTransferTimeout(std::chrono::milliseconds(300));
        const auto outcome = assumeRole();
        QTRY_COMPARE_WITH_TIMEOUT(outcome->calls, 1, 20000);
        QVERIFY(!outcome->result->ok());
        const Error &e = outcome->result->error();
        QCOMPARE(e.kind, Error::Kind::Network);
        QVERIFY2(e.message.contains(QLatin1String("did not answer")), qPrintable(e.message));
        QVERIFY(e.message.contains(QString::number(m_server->port())));
    }

    void defaultsToThirtySecondTimeout()
    {
        QCOMPARE(m_client->transferTimeout(), std::chrono::milliseconds(30000));
    }

    void rejectsInvalidRequestsWithoutSending_data()
    {
        QTest::addColumn<AssumeRoleParameters>("p");
        QTest::addColumn<Credentials>("source");
        QTest::addColumn<int>("kind");
        auto p = parameters();
        p.roleArn = QStringLiteral("MantleUser");
        QTest::addRow("bad role ARN") << p << sourceCredentials() << int(Error::Kind::InvalidInput);
        p = parameters();
        p.durationSeconds = 60;
        QTest::addRow("too short") << p << sourceCredentials() << int(Error::Kind::InvalidInput);
        p = parameters();
        p.externalId = QStringLiteral("a b");
        QTest::addRow("bad external ID")
            << p << sourceCredentials() << int(Error::Kind::InvalidInput);
        Credentials expired = sourceCredentials();
        expired.expiration = kNow;
        QTest::addRow("source expired now") << parameters() << expired << int(Error::Kind::Auth);
        QTest::addRow("no source") << parameters() << Credentials() << int(Error::Kind::Auth);
    }

    void rejectsInvalidRequestsWithoutSending()
    {
        QFETCH(AssumeRoleParameters, p);
        QFETCH(Credentials, source);
        QFETCH(int, kind);
        const auto outcome = assumeRole(p, source);
        QCOMPARE(outcome->calls, 0); // answered later, not from inside assumeRole()
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        QCOMPARE(int(outcome->result->error().kind), kind);
        QCOMPARE(m_server->connectionCount(), 0);
    }

    void allowsPlainHttpOnlyForLoopback_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("127.0.0.1") << QStringLiteral("http://127.0.0.1:8080/") << true;
        QTest::addRow("127.1.2.3") << QStringLiteral("http://127.1.2.3/") << true;
        QTest::addRow("::1") << QStringLiteral("http://[::1]:8080/") << true;
        QTest::addRow("localhost") << QStringLiteral("http://localhost:8080") << true;
        QTest::addRow("https anywhere") << QStringLiteral("https://sts.example.com/") << true;
        QTest::addRow("http remote") << QStringLiteral("http://sts.example.com/") << false;
        QTest::addRow("http private net") << QStringLiteral("http://10.0.0.1/") << false;
        QTest::addRow("loopback-looking name")
            << QStringLiteral("http://127.0.0.1.example.com/") << false;
        QTest::addRow("ftp") << QStringLiteral("ftp://127.0.0.1/") << false;
        QTest::addRow("query") << QStringLiteral("https://sts.example.com/?a=b") << false;
        QTest::addRow("user info") << QStringLiteral("https://u:p@sts.example.com/") << false;
    }

    void allowsPlainHttpOnlyForLoopback()
    {
        QFETCH(QString, endpoint);
        QFETCH(bool, accepted);
        const QUrl before = m_client->endpointOverride();
        const mantle::Status status = m_client->setEndpointOverride(QUrl(endpoint));
        QCOMPARE(status.ok(), accepted);
        if (accepted) {
            QCOMPARE(m_client->endpointOverride(), QUrl(endpoint));
        } else {
            QCOMPARE(status.error().kind, Error::Kind::InvalidInput);
            QCOMPARE(m_client->endpointOverride(), before);
        }
    }

    void usesTheRegionalEndpoint()
    {
        QCOMPARE(StsClient::regionalEndpoint(QStringLiteral("eu-west-1")),
                 QUrl(QStringLiteral("https://sts.eu-west-1.amazonaws.com/")));
        QCOMPARE(StsClient::regionalEndpoint(QStringLiteral("cn-north-1")),
                 QUrl(QStringLiteral("https://sts.cn-north-1.amazonaws.com.cn/")));
        QVERIFY(m_client->setEndpointOverride(QUrl()).ok());
        QVERIFY(m_client->endpointOverride().isEmpty());
    }

    void dropsTheCallbackWhenDestroyed()
    {
        FakeHttpServer::Reply silent;
        silent.silent = true;
        m_server->setDefaultReply(silent);
        const auto outcome = assumeRole();
        QTRY_COMPARE(m_server->requests().size(), 1);
        m_client.reset();
        QCOMPARE(outcome->calls, 0);
        QCOMPARE(outcome.use_count(), 1); // the client released the callback without calling it
    }
};

QTEST_GUILESS_MAIN(TestStsClient)
#include "tst_stsclient.moc"
