// AccountResolver: an account becomes the pipeline's CallTarget. Role accounts over an AWS
// profile (no keychain needed) assume their role through STS (a FakeHttpServer on 127.0.0.1)
// with the profile's keys, following the profile's own role chain first.

#include "accounts/accountmanager.h"
#include "accounts/accountresolver.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "aws/credentialprovider.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "fakehttpserver.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <optional>

using mantle::Error;
using mantle::makeError;
using mantle::Result;
using mantle::SystemClock;
namespace aws = mantle::aws;
namespace net = mantle::net;
namespace pipeline = mantle::pipeline;
using namespace ::mantle::accounts;
using ::mantle::test::FakeHttpServer;

namespace {

const QByteArray kConfig = R"([profile base]
region = us-east-1

[profile middle]
role_arn = arn:aws:iam::111111111111:role/Middle
source_profile = base
external_id = middle-ext
)";

const QByteArray kCredentials = R"([base]
aws_access_key_id = AKIDBASEPROFILE
aws_secret_access_key = base-secret-Zq19
)";

FakeHttpServer::Reply stsSuccess(const QByteArray &keyId)
{
    FakeHttpServer::Reply reply;
    reply.body = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>" + keyId
        + "</AccessKeyId><SecretAccessKey>secret-" + keyId
        + "</SecretAccessKey><SessionToken>token-" + keyId + "</SessionToken><Expiration>"
        + QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate).toLatin1()
        + "</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
    return reply;
}

QUrlQuery formOf(const FakeHttpServer::Request &request)
{
    return QUrlQuery(QString::fromUtf8(request.body));
}

Account profileRole(const QString &profile)
{
    Account account;
    account.name = QStringLiteral("deploy");
    account.region = QStringLiteral("eu-west-1");
    account.auth = AuthMethod::AssumeRole;
    account.roleArn = QStringLiteral("arn:aws:iam::222222222222:role/Deploy");
    account.externalId = QStringLiteral("deploy-ext");
    account.roleSessionName = QStringLiteral("tester");
    account.durationSeconds = 900;
    account.roleSource = RoleSource::AwsProfile;
    account.sourceProfile = profile;
    account.endpoint = QStringLiteral("http://127.0.0.1:9");
    return account;
}

} // namespace

class TestAccountResolver : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void assumesTheRoleWithTheProfilesKeys();
    void followsTheProfilesOwnRoleChainFirst();
    void reportsAMissingAccountAndProfile();

private:
    Result<pipeline::CallTarget> resolve(const QString &name);
    Result<aws::Credentials> credentialsOf(const pipeline::CallTarget &target);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<AccountStore> m_store;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<AccountManager> m_manager;
    std::unique_ptr<FakeHttpServer> m_sts;
    SystemClock m_clock;
    aws::SigV4Signer m_signer;
    QNetworkAccessManager m_network;
    std::unique_ptr<AccountResolver> m_resolver;
};

void TestAccountResolver::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString config = m_dir->filePath(QStringLiteral("config"));
    const QString credentials = m_dir->filePath(QStringLiteral("credentials"));
    for (const auto &[path, bytes] : {std::pair{config, kConfig}, {credentials, kCredentials}}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.conf")),
                                             QSettings::IniFormat);
    m_store = std::make_unique<AccountStore>(*m_settings);
    m_secrets = std::make_unique<SecretStore>(QStringLiteral("mantle-test-resolver"));
    m_manager = std::make_unique<AccountManager>(*m_store, *m_secrets);
    m_sts = std::make_unique<FakeHttpServer>();
    QVERIFY(m_sts->listen());
    m_resolver
        = std::make_unique<AccountResolver>(*m_store, *m_manager, &m_network, m_signer, m_clock);
    m_resolver->setAwsFiles(config, credentials);
    QVERIFY(m_resolver->setStsEndpointOverride(m_sts->url()));
}

void TestAccountResolver::cleanup()
{
    m_resolver.reset();
    m_sts.reset();
    m_manager.reset();
    m_secrets.reset();
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

Result<pipeline::CallTarget> TestAccountResolver::resolve(const QString &name)
{
    std::optional<Result<pipeline::CallTarget>> answer;
    m_resolver->resolve(name, [&answer](Result<pipeline::CallTarget> r) { answer.emplace(r); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20000))
        return makeError(Error::Kind::Internal, QStringLiteral("timed out"));
    return *answer;
}

Result<aws::Credentials> TestAccountResolver::credentialsOf(const pipeline::CallTarget &target)
{
    std::optional<Result<aws::Credentials>> answer;
    target.auth.credentials->credentials(
        [&answer](Result<aws::Credentials> r) { answer.emplace(r); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20000))
        return makeError(Error::Kind::Internal, QStringLiteral("timed out"));
    return *answer;
}

void TestAccountResolver::assumesTheRoleWithTheProfilesKeys()
{
    QVERIFY(m_store->save(profileRole(QStringLiteral("base"))));
    const auto target = resolve(QStringLiteral("deploy"));
    QVERIFY2(target, qPrintable(target ? QString() : target.error().message));
    QCOMPARE(target->account, QStringLiteral("deploy"));
    QCOMPARE(target->region, QStringLiteral("eu-west-1"));
    QVERIFY(target->endpoint);
    QCOMPARE(target->endpoint->toString(), QStringLiteral("http://127.0.0.1:9"));
    QCOMPARE(target->auth.kind, net::HttpAuth::Kind::SigV4);
    QCOMPARE(target->auth.region, QByteArray("eu-west-1"));
    QVERIFY(target->auth.credentials);

    m_sts->enqueue(stsSuccess("AKIDDEPLOYROLE"));
    const auto credentials = credentialsOf(*target);
    QVERIFY2(credentials, qPrintable(credentials ? QString() : credentials.error().message));
    QCOMPARE(credentials->accessKeyId, QStringLiteral("AKIDDEPLOYROLE"));
    QVERIFY(credentials->isTemporary());

    QCOMPARE(m_sts->requests().size(), 1);
    const auto &request = m_sts->requests().first();
    const QUrlQuery form = formOf(request);
    QCOMPARE(form.queryItemValue(QStringLiteral("Action")), QStringLiteral("AssumeRole"));
    QCOMPARE(form.queryItemValue(QStringLiteral("RoleArn"), QUrl::FullyDecoded),
             QStringLiteral("arn:aws:iam::222222222222:role/Deploy"));
    QCOMPARE(form.queryItemValue(QStringLiteral("ExternalId")), QStringLiteral("deploy-ext"));
    QCOMPARE(form.queryItemValue(QStringLiteral("RoleSessionName")), QStringLiteral("tester"));
    QCOMPARE(form.queryItemValue(QStringLiteral("DurationSeconds")), QStringLiteral("900"));
    // Signed with the source profile's keys, scoped to the account's region.
    QVERIFY2(request.header("authorization").contains("Credential=AKIDBASEPROFILE/"),
             request.header("authorization").constData());
    QVERIFY(request.header("authorization").contains("/eu-west-1/sts/aws4_request"));
}

void TestAccountResolver::followsTheProfilesOwnRoleChainFirst()
{
    QVERIFY(m_store->save(profileRole(QStringLiteral("middle"))));
    const auto target = resolve(QStringLiteral("deploy"));
    QVERIFY2(target, qPrintable(target ? QString() : target.error().message));
    m_sts->enqueue(stsSuccess("AKIDMIDDLEROLE"));
    m_sts->enqueue(stsSuccess("AKIDDEPLOYROLE"));
    const auto credentials = credentialsOf(*target);
    QVERIFY2(credentials, qPrintable(credentials ? QString() : credentials.error().message));
    QCOMPARE(credentials->accessKeyId, QStringLiteral("AKIDDEPLOYROLE"));
    QCOMPARE(m_sts->requests().size(), 2);
    const auto &first = m_sts->requests().at(0);
    const auto &second = m_sts->requests().at(1);
    QCOMPARE(formOf(first).queryItemValue(QStringLiteral("RoleArn"), QUrl::FullyDecoded),
             QStringLiteral("arn:aws:iam::111111111111:role/Middle"));
    QCOMPARE(formOf(first).queryItemValue(QStringLiteral("ExternalId")),
             QStringLiteral("middle-ext"));
    QVERIFY(first.header("authorization").contains("Credential=AKIDBASEPROFILE/"));
    QCOMPARE(formOf(second).queryItemValue(QStringLiteral("RoleArn"), QUrl::FullyDecoded),
             QStringLiteral("arn:aws:iam::222222222222:role/Deploy"));
    // The account's role is assumed with the middle role's temporary credentials.
    QVERIFY(second.header("authorization").contains("Credential=AKIDMIDDLEROLE/"));
    QCOMPARE(second.header("x-amz-security-token"), QByteArray("token-AKIDMIDDLEROLE"));
}

void TestAccountResolver::reportsAMissingAccountAndProfile()
{
    const auto missing = resolve(QStringLiteral("nobody"));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, QStringLiteral("NoSuchAccount"));

    QVERIFY(m_store->save(profileRole(QStringLiteral("ghost"))));
    const auto ghost = resolve(QStringLiteral("deploy"));
    QVERIFY(!ghost);
    QVERIFY2(ghost.error().message.contains(QLatin1String("ghost")),
             qPrintable(ghost.error().message));
    QVERIFY(m_sts->requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestAccountResolver)
#include "tst_accountresolver.moc"
