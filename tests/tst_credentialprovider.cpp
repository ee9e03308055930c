#include "aws/assumerolecredentialprovider.h"
#include "aws/credentialprovider.h"
#include "aws/sigv4signer.h"
#include "aws/staticcredentialprovider.h"
#include "aws/stsclient.h"
#include "common/clock.h"
#include "fakehttpserver.h"

#include <QNetworkAccessManager>
#include <QTest>
#include <QTimeZone>

#include <memory>
#include <optional>

using mantle::Error;
using mantle::ManualClock;
using mantle::Result;
using mantle::aws::AssumeRoleCredentialProvider;
using mantle::aws::AssumeRoleParameters;
using mantle::aws::CredentialProvider;
using mantle::aws::Credentials;
using mantle::aws::SigV4Signer;
using mantle::aws::StaticCredentialProvider;
using mantle::aws::StsClient;
using mantle::test::FakeHttpServer;

namespace {

const QDateTime kNow(QDate(2026, 11, 25), QTime(12, 0), QTimeZone::utc());

struct Outcome
{
    int calls = 0;
    std::optional<Result<Credentials>> result;

    QString keyId() const
    {
        return result && result->ok() ? result->value().accessKeyId : QString();
    }
};

std::shared_ptr<Outcome> ask(CredentialProvider &provider)
{
    auto outcome = std::make_shared<Outcome>();
    provider.credentials([outcome](Result<Credentials> result) {
        ++outcome->calls;
        outcome->result = std::move(result);
    });
    return outcome;
}

Credentials longTermKeys()
{
    Credentials c;
    c.accessKeyId = QStringLiteral("AKIDSOURCE");
    c.secretAccessKey = mantle::SecretString(std::string_view("source-secret"));
    return c;
}

FakeHttpServer::Reply stsSuccess(const QByteArray &keyId, const QDateTime &expiration)
{
    FakeHttpServer::Reply reply;
    reply.body = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>" + keyId
        + "</AccessKeyId><SecretAccessKey>secret-" + keyId
        + "</SecretAccessKey><SessionToken>token-" + keyId + "</SessionToken><Expiration>"
        + expiration.toString(Qt::ISODate).toLatin1()
        + "</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
    return reply;
}

FakeHttpServer::Reply stsError(int status, const QByteArray &code)
{
    FakeHttpServer::Reply reply;
    reply.status = status;
    reply.body = "<ErrorResponse><Error><Code>" + code
        + "</Code><Message>scripted failure</Message></Error></ErrorResponse>";
    return reply;
}

AssumeRoleParameters parameters()
{
    AssumeRoleParameters p;
    p.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
    p.roleSessionName = QStringLiteral("mantle-playground");
    p.region = QStringLiteral("us-west-2");
    return p;
}

} // namespace

class TestCredentialProvider : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SigV4Signer> m_signer;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<StsClient> m_sts;
    std::unique_ptr<StaticCredentialProvider> m_source;
    std::unique_ptr<AssumeRoleCredentialProvider> m_role;

    /// One answered request, with the credentials' key id (empty on error).
    QString keyIdNow()
    {
        const auto outcome = ask(*m_role);
        if (!QTest::qWaitFor([&] { return outcome->calls == 1; }))
            return QStringLiteral("<no answer>");
        return outcome->keyId();
    }

private Q_SLOTS:
    void init()
    {
        m_clock = std::make_unique<ManualClock>(kNow);
        m_signer = std::make_unique<SigV4Signer>();
        m_network = std::make_unique<QNetworkAccessManager>();
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->listen());
        m_sts = std::make_unique<StsClient>(m_network.get(), *m_signer, *m_clock);
        QVERIFY(m_sts->setEndpointOverride(m_server->url()).ok());
        m_source = std::make_unique<StaticCredentialProvider>(longTermKeys(), *m_clock);
        m_role = std::make_unique<AssumeRoleCredentialProvider>(m_sts.get(), m_source.get(),
                                                                parameters(), *m_clock);
    }

    void cleanup()
    {
        m_role.reset();
        m_source.reset();
        m_sts.reset();
        m_server.reset();
        m_network.reset();
        m_signer.reset();
        m_clock.reset();
    }

    void staticProviderHandsOutItsCredentials()
    {
        const auto outcome = ask(*m_source);
        QCOMPARE(outcome->calls, 0); // never from inside credentials()
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(outcome->result->ok());
        QCOMPARE(outcome->result->value(), longTermKeys());
    }

    void staticProviderRefusesExpiredCredentials()
    {
        Credentials expiring = longTermKeys();
        expiring.sessionToken = mantle::SecretString(std::string_view("token"));
        expiring.expiration = kNow.addSecs(60);
        StaticCredentialProvider provider(expiring, *m_clock);
        auto outcome = ask(provider);
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(outcome->result->ok());

        m_clock->advanceSeconds(60); // exactly at the expiry
        outcome = ask(provider);
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        QCOMPARE(outcome->result->error().kind, Error::Kind::Auth);
        QVERIFY(outcome->result->error().message.contains(QLatin1String("AKIDSOURCE")));
        QVERIFY(!outcome->result->error().toDisplayString().contains(QLatin1String("secret")));
    }

    void staticProviderRefusesIncompleteCredentials()
    {
        Credentials incomplete;
        incomplete.accessKeyId = QStringLiteral("AKIDONLY");
        StaticCredentialProvider provider(incomplete, *m_clock);
        const auto outcome = ask(provider);
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        QCOMPARE(outcome->result->error().kind, Error::Kind::Auth);
    }

    void defaultsToFiveMinuteRefreshWindow() { QCOMPARE(m_role->refreshWindowSeconds(), 300); }

    void cachesTheRoleCredentials()
    {
        m_server->enqueue(stsSuccess("ASIAONE", kNow.addSecs(3600)));
        QCOMPARE(keyIdNow(), QStringLiteral("ASIAONE"));
        m_clock->advanceSeconds(1000);
        QCOMPARE(keyIdNow(), QStringLiteral("ASIAONE"));
        QCOMPARE(m_server->requests().size(), 1);
    }

    void coalescesConcurrentRequests()
    {
        m_server->enqueue(stsSuccess("ASIAONE", kNow.addSecs(3600)));
        const auto first = ask(*m_role);
        const auto second = ask(*m_role);
        const auto third = ask(*m_role);
        QTRY_VERIFY(first->calls == 1 && second->calls == 1 && third->calls == 1);
        QCOMPARE(m_server->requests().size(), 1);
        for (const auto &outcome : {first, second, third})
            QCOMPARE(outcome->keyId(), QStringLiteral("ASIAONE"));
    }

    void answersEveryWaiterWhenTheCallFails()
    {
        m_server->enqueue(stsError(403, "AccessDenied"));
        const auto first = ask(*m_role);
        const auto second = ask(*m_role);
        QTRY_VERIFY(first->calls == 1 && second->calls == 1);
        QCOMPARE(m_server->requests().size(), 1);
        for (const auto &outcome : {first, second}) {
            QVERIFY(!outcome->result->ok());
            QCOMPARE(outcome->result->error().code, QStringLiteral("AccessDenied"));
        }
    }

    void refreshesInsideTheRefreshWindow_data()
    {
        QTest::addColumn<int>("secondsLeft");
        QTest::addColumn<int>("expectedCalls");
        QTest::addColumn<QString>("expectedKey");
        QTest::addRow("301 s left") << 301 << 1 << QStringLiteral("ASIAONE");
        QTest::addRow("300 s left") << 300 << 1 << QStringLiteral("ASIAONE");
        QTest::addRow("299 s left") << 299 << 2 << QStringLiteral("ASIATWO");
        QTest::addRow("1 s left") << 1 << 2 << QStringLiteral("ASIATWO");
    }

    void refreshesInsideTheRefreshWindow()
    {
        QFETCH(int, secondsLeft);
        QFETCH(int, expectedCalls);
        QFETCH(QString, expectedKey);
        m_server->enqueue(stsSuccess("ASIAONE", kNow.addSecs(3600)));
        m_server->enqueue(stsSuccess("ASIATWO", kNow.addSecs(7200)));
        QCOMPARE(keyIdNow(), QStringLiteral("ASIAONE"));
        m_clock->advanceSeconds(3600 - secondsLeft);
        QCOMPARE(keyIdNow(), expectedKey);
        QCOMPARE(m_server->requests().size(), expectedCalls);
    }

    void handsOutCachedCredentialsWhenRefreshFailsBeforeExpiry()
    {
        m_server->enqueue(stsSuccess("ASIAONE", kNow.addSecs(3600)));
        m_server->enqueue(stsError(500, "InternalFailure"));
        QCOMPARE(keyIdNow(), QStringLiteral("ASIAONE"));
        m_clock->advanceSeconds(3600 - 100);
        QCOMPARE(keyIdNow(), QStringLiteral("ASIAONE"));
        QCOMPARE(m_server->requests().size(), 2); // it did try to renew
    }

    void neverHandsOutExpiredCredentials()
    {
        m_server->enqueue(stsSuccess("ASIAONE", kNow.addSecs(3600)));
        m_server->enqueue(stsError(500, "InternalFailure"));
        QCOMPARE(keyIdNow(), QStringLiteral("ASIAONE"));
        m_clock->advanceSeconds(3600); // exactly at the expiry
        const auto outcome = ask(*m_role);
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        QCOMPARE(outcome->result->error().code, QStringLiteral("InternalFailure"));
        QCOMPARE(m_server->requests().size(), 2);
    }

    void judgesExpiryWhenAnsweringNotWhenAsked()
    {
        m_server->enqueue(stsSuccess("ASIAONE", kNow.addSecs(3600)));
        m_server->enqueue(stsSuccess("ASIATWO", kNow.addSecs(7200)));
        QCOMPARE(keyIdNow(), QStringLiteral("ASIAONE"));
        const auto outcome = ask(*m_role); // asked while ASIAONE is fresh...
        m_clock->advanceSeconds(3600); // ...answered after it expired
        QTRY_COMPARE(outcome->calls, 1);
        QCOMPARE(outcome->keyId(), QStringLiteral("ASIATWO"));
        QCOMPARE(m_server->requests().size(), 2);
    }

    void refusesCredentialsStsGaveAlreadyExpired()
    {
        m_server->enqueue(stsSuccess("ASIAOLD", kNow.addSecs(-1)));
        const auto outcome = ask(*m_role);
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        QCOMPARE(outcome->result->error().kind, Error::Kind::Auth);
        QVERIFY(outcome->result->error().hint.contains(QLatin1String("clock")));
    }

    void reportsSourceFailureWithoutCallingSts()
    {
        Credentials expired = longTermKeys();
        expired.expiration = kNow.addSecs(-10);
        StaticCredentialProvider source(expired, *m_clock);
        AssumeRoleCredentialProvider role(m_sts.get(), &source, parameters(), *m_clock);
        const auto outcome = ask(role);
        QTRY_COMPARE(outcome->calls, 1);
        QVERIFY(!outcome->result->ok());
        QCOMPARE(outcome->result->error().kind, Error::Kind::Auth);
        QCOMPARE(m_server->connectionCount(), 0);
    }

    void doesNotRenewShortSessionsOnEveryRequest()
    {
        // A 15-minute session with a 10-minute window: renew at half its life, not at once.
        AssumeRoleParameters p = parameters();
        p.durationSeconds = 900;
        AssumeRoleCredentialProvider role(m_sts.get(), m_source.get(), p, *m_clock);
        role.setRefreshWindowSeconds(600);
        m_server->enqueue(stsSuccess("ASIAONE", kNow.addSecs(900)));
        m_server->enqueue(stsSuccess("ASIATWO", kNow.addSecs(1800)));
        auto outcome = ask(role);
        QTRY_COMPARE(outcome->calls, 1);
        m_clock->advanceSeconds(400); // 500 s left: inside 600, not inside 450
        outcome = ask(role);
        QTRY_COMPARE(outcome->calls, 1);
        QCOMPARE(outcome->keyId(), QStringLiteral("ASIAONE"));
        m_clock->advanceSeconds(51); // 449 s left
        outcome = ask(role);
        QTRY_COMPARE(outcome->calls, 1);
        QCOMPARE(outcome->keyId(), QStringLiteral("ASIATWO"));
        QCOMPARE(m_server->requests().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestCredentialProvider)
#include "tst_credentialprovider.moc"
