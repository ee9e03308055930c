// BedrockToken: short-term Bedrock API keys in the format of AWS's token generators (checked
// against botocore's SigV4QueryAuth), read back without their secret parts, lifetimes from 15
// minutes to 12 hours capped by temporary credentials, and clear refusals of what is not a key.

#include "aws/bedrocktoken.h"
#include "aws/credentials.h"
#include "aws/sigv4signer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimeZone>

using namespace mantle;
using namespace mantle::aws;

namespace {

const QDateTime kNow(QDate(2026, 11, 25), QTime(10, 15, 0), QTimeZone::utc());

Credentials credentials(const QByteArray &sessionToken = {})
{
    Credentials c;
    c.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    c.secretAccessKey = SecretString(QByteArray("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    c.sessionToken = SecretString(sessionToken);
    return c;
}

QByteArray bytesOf(const SecretString &s)
{
    return QByteArray(s.view().data(), qsizetype(s.size()));
}

QByteArray decodedUrlOf(const SecretString &key)
{
    return QByteArray::fromBase64(bytesOf(key).mid(BedrockToken::kPrefix.size()));
}

} // namespace

class TestBedrockToken : public QObject
{
    Q_OBJECT

private slots:
    void generatesThePresignedUrlFormat();
    void putsTheSessionTokenAfterSignedHeaders();
    void inspectReadsBackWhatGenerateMade_data();
    void inspectReadsBackWhatGenerateMade();
    void inspectLeavesOutTheSecretParts();
    void acceptsLifetimesFrom15MinutesTo12Hours_data();
    void acceptsLifetimesFrom15MinutesTo12Hours();
    void capsTheLifetimeToTemporaryCredentials_data();
    void capsTheLifetimeToTemporaryCredentials();
    void refusesIncompleteOrExpiredCredentials();
    void refusesMalformedRegions();
    void dropsFractionsOfSeconds();
    void inspectRefusesWhatIsNotAKey_data();
    void inspectRefusesWhatIsNotAKey();
    void matchesBotocore();
};

void TestBedrockToken::generatesThePresignedUrlFormat()
{
    const SigV4Signer signer;
    const Result<ShortTermKey> key
        = BedrockToken::generate(signer, credentials(), QStringLiteral("us-west-2"), kNow, 3600);
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().message));
    QVERIFY(bytesOf(key->key).startsWith("bedrock-api-key-"));
    const QByteArray url = decodedUrlOf(key->key);
    const QByteArray expectedStart
        = "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
          "&X-Amz-Credential=AKIDEXAMPLE%2F20261125%2Fus-west-2%2Fbedrock%2Faws4_request"
          "&X-Amz-Date=20261125T101500Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
          "&X-Amz-Signature=";
    QVERIFY2(url.startsWith(expectedStart), url.constData());
    QVERIFY(url.endsWith("&Version=1"));
    const QByteArray signature
        = url.mid(expectedStart.size(), url.size() - expectedStart.size() - 10);
    QCOMPARE(signature.size(), 64);
    QVERIFY(QByteArray::fromHex(signature).toHex() == signature);
    QCOMPARE(key->region, QStringLiteral("us-west-2"));
    QCOMPARE(key->issuedAt, kNow);
    QCOMPARE(key->expiresAt, kNow.addSecs(3600));
    QCOMPARE(key->lifetimeSeconds, 3600);
    QVERIFY(!key->cappedByCredentials);
}

void TestBedrockToken::putsTheSessionTokenAfterSignedHeaders()
{
    const SigV4Signer signer;
    const Result<ShortTermKey> key = BedrockToken::generate(
        signer, credentials("FQoG/session+token="), QStringLiteral("eu-west-1"), kNow, 900);
    QVERIFY(key.ok());
    const QByteArray url = decodedUrlOf(key->key);
    QVERIFY2(url.contains("&X-Amz-SignedHeaders=host&X-Amz-Security-Token=FQoG%2Fsession%2Btoken%3D"
                          "&X-Amz-Signature="),
             url.constData());
}

void TestBedrockToken::inspectReadsBackWhatGenerateMade_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QByteArray>("sessionToken");
    QTest::addColumn<int>("lifetime");
    QTest::addRow("long-term keys, us-east-1, 12 h")
        << QStringLiteral("us-east-1") << QByteArray() << 43200;
    QTest::addRow("session token, eu-north-1, 15 min")
        << QStringLiteral("eu-north-1") << QByteArray("IQoJb3JpZ2luX2Vj/+==") << 900;
    QTest::addRow("session token, ap-southeast-3, 4 h")
        << QStringLiteral("ap-southeast-3") << QByteArray("token") << 14400;
}

void TestBedrockToken::inspectReadsBackWhatGenerateMade()
{
    QFETCH(QString, region);
    QFETCH(QByteArray, sessionToken);
    QFETCH(int, lifetime);
    const SigV4Signer signer;
    const Result<ShortTermKey> key
        = BedrockToken::generate(signer, credentials(sessionToken), region, kNow, lifetime);
    QVERIFY(key.ok());
    const Result<ShortTermKeyInfo> info = BedrockToken::inspect(key->key);
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
    QCOMPARE(info->region, region);
    QCOMPARE(info->accessKeyId, QStringLiteral("AKIDEXAMPLE"));
    QCOMPARE(info->service, QStringLiteral("bedrock"));
    QCOMPARE(info->host, QByteArray("bedrock.amazonaws.com"));
    QCOMPARE(info->action, QByteArray("CallWithBearerToken"));
    QCOMPARE(info->version, QByteArray("1"));
    QCOMPARE(info->signedHeaders, QByteArray("host"));
    QCOMPARE(info->issuedAt, kNow);
    QCOMPARE(info->lifetimeSeconds, lifetime);
    QCOMPARE(info->expiresAt, kNow.addSecs(lifetime));
    QCOMPARE(info->hasSessionToken, !sessionToken.isEmpty());
}

void TestBedrockToken::inspectLeavesOutTheSecretParts()
{
    const SigV4Signer signer;
    const QByteArray token = "secret-session-token";
    const Result<ShortTermKey> key = BedrockToken::generate(
        signer, credentials(token), QStringLiteral("us-east-1"), kNow, 3600);
    QVERIFY(key.ok());
    const Result<ShortTermKeyInfo> info = BedrockToken::inspect(key->key);
    QVERIFY(info.ok());
    QStringList names;
    for (const auto &[name, value] : info->parameters) {
        names << QString::fromLatin1(name);
        QVERIFY(!value.contains(token));
    }
    QCOMPARE(names.join(QLatin1Char(',')),
             QStringLiteral("Action,X-Amz-Algorithm,X-Amz-Credential,X-Amz-Date,X-Amz-Expires,"
                            "X-Amz-SignedHeaders,Version"));
}

void TestBedrockToken::acceptsLifetimesFrom15MinutesTo12Hours_data()
{
    QTest::addColumn<int>("lifetime");
    QTest::addColumn<bool>("accepted");
    QTest::addRow("zero") << 0 << false;
    QTest::addRow("negative") << -900 << false;
    QTest::addRow("14 min 59 s") << 899 << false;
    QTest::addRow("15 min") << 900 << true;
    QTest::addRow("1 h") << 3600 << true;
    QTest::addRow("12 h") << 43200 << true;
    QTest::addRow("12 h 1 s") << 43201 << false;
    QTest::addRow("7 days") << 604800 << false;
}

void TestBedrockToken::acceptsLifetimesFrom15MinutesTo12Hours()
{
    QFETCH(int, lifetime);
    QFETCH(bool, accepted);
    const SigV4Signer signer;
    const Result<ShortTermKey> key = BedrockToken::generate(
        signer, credentials(), QStringLiteral("us-east-1"), kNow, lifetime);
    QCOMPARE(key.ok(), accepted);
    if (accepted)
        QCOMPARE(key->lifetimeSeconds, lifetime);
    else
        QCOMPARE(key.error().kind, Error::Kind::InvalidInput);
}

void TestBedrockToken::capsTheLifetimeToTemporaryCredentials_data()
{
    QTest::addColumn<qint64>("credentialsLeft");
    QTest::addColumn<int>("asked");
    QTest::addColumn<int>("expected");
    QTest::addColumn<bool>("capped");
    QTest::addRow("credentials for 1 h, key for 12 h") << qint64(3600) << 43200 << 3600 << true;
    QTest::addRow("credentials for 10 min, key for 15 min") << qint64(600) << 900 << 600 << true;
    QTest::addRow("credentials for 13 h, key for 12 h") << qint64(46800) << 43200 << 43200 << false;
    QTest::addRow("credentials for exactly the key's time") << qint64(900) << 900 << 900 << false;
}

void TestBedrockToken::capsTheLifetimeToTemporaryCredentials()
{
    QFETCH(qint64, credentialsLeft);
    QFETCH(int, asked);
    QFETCH(int, expected);
    QFETCH(bool, capped);
    Credentials c = credentials("session");
    c.expiration = kNow.addSecs(credentialsLeft);
    const SigV4Signer signer;
    const Result<ShortTermKey> key
        = BedrockToken::generate(signer, c, QStringLiteral("us-east-1"), kNow, asked);
    QVERIFY(key.ok());
    QCOMPARE(key->lifetimeSeconds, expected);
    QCOMPARE(key->cappedByCredentials, capped);
    QCOMPARE(key->expiresAt, kNow.addSecs(expected));
    const Result<ShortTermKeyInfo> info = BedrockToken::inspect(key->key);
    QVERIFY(info.ok());
    QCOMPARE(info->lifetimeSeconds, expected);
}

void TestBedrockToken::refusesIncompleteOrExpiredCredentials()
{
    const SigV4Signer signer;
    Credentials incomplete = credentials();
    incomplete.secretAccessKey = SecretString();
    const Result<ShortTermKey> none
        = BedrockToken::generate(signer, incomplete, QStringLiteral("us-east-1"), kNow, 900);
    QVERIFY(!none.ok());
    QCOMPARE(none.error().kind, Error::Kind::Auth);

    Credentials expired = credentials("session");
    expired.expiration = kNow.addSecs(-1);
    const Result<ShortTermKey> late
        = BedrockToken::generate(signer, expired, QStringLiteral("us-east-1"), kNow, 900);
    QVERIFY(!late.ok());
    QCOMPARE(late.error().kind, Error::Kind::Auth);
    QVERIFY(late.error().message.contains(QStringLiteral("expired")));
}

void TestBedrockToken::refusesMalformedRegions()
{
    const SigV4Signer signer;
    for (const QString &region : {QString(), QStringLiteral("US-EAST-1"),
                                  QStringLiteral("us east 1"), QStringLiteral("us/east")}) {
        const Result<ShortTermKey> key
            = BedrockToken::generate(signer, credentials(), region, kNow, 900);
        QVERIFY2(!key.ok(), qPrintable(region));
        QCOMPARE(key.error().kind, Error::Kind::InvalidInput);
    }
}

void TestBedrockToken::dropsFractionsOfSeconds()
{
    const SigV4Signer signer;
    const Result<ShortTermKey> key = BedrockToken::generate(
        signer, credentials(), QStringLiteral("us-east-1"), kNow.addMSecs(999), 900);
    QVERIFY(key.ok());
    QCOMPARE(key->issuedAt, kNow);
    QCOMPARE(key->expiresAt, kNow.addSecs(900));
}

void TestBedrockToken::inspectRefusesWhatIsNotAKey_data()
{
    const auto wrap = [](const QByteArray &url) {
        return "bedrock-api-key-" + url.toBase64();
    };
    QTest::addColumn<QByteArray>("key");
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("long-term key") << QByteArray("ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl");
    QTest::addRow("the emulator's key") << QByteArray("mantle-emulator-key");
    QTest::addRow("prefix only") << QByteArray("bedrock-api-key-");
    QTest::addRow("not base64") << QByteArray("bedrock-api-key-%%%not*base64");
    QTest::addRow("base64 of text") << wrap("hello world");
    QTest::addRow("no signature") << wrap(
        "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKID%2F20261125%2Fus-east-1%2Fbedrock%2Faws4_request"
        "&X-Amz-Date=20261125T101500Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&Version=1");
    QTest::addRow("malformed scope")
        << wrap("bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                "&X-Amz-Credential=AKID%2Fus-east-1&X-Amz-Date=20261125T101500Z&X-Amz-Expires=900"
                "&X-Amz-SignedHeaders=host&X-Amz-Signature=00&Version=1");
    QTest::addRow("malformed date") << wrap(
        "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKID%2F20261125%2Fus-east-1%2Fbedrock%2Faws4_request"
        "&X-Amz-Date=yesterday&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=00");
    QTest::addRow("expiry not a number")
        << wrap("bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                "&X-Amz-Credential=AKID%2F20261125%2Fus-east-1%2Fbedrock%2Faws4_request"
                "&X-Amz-Date=20261125T101500Z&X-Amz-Expires=soon&X-Amz-SignedHeaders=host"
                "&X-Amz-Signature=00");
}

void TestBedrockToken::inspectRefusesWhatIsNotAKey()
{
    QFETCH(QByteArray, key);
    const Result<ShortTermKeyInfo> info = BedrockToken::inspect(SecretString(key));
    QVERIFY(!info.ok());
    QCOMPARE(info.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(
        info.error().message.startsWith(QStringLiteral("This is not a short-term Bedrock API key")),
        qPrintable(info.error().message));
}

void TestBedrockToken::matchesBotocore()
{
    struct Case
    {
        QByteArray sessionToken;
        QString region;
        QDateTime time;
        int lifetime;
    };
    const QList<Case> cases = {
        {{}, QStringLiteral("us-east-1"), kNow, 43200},
        {"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/=", QStringLiteral("eu-west-2"),
         kNow.addDays(40).addSecs(3599), 900},
        {"token", QStringLiteral("ap-southeast-2"),
         QDateTime(QDate(2027, 1, 1), QTime(0, 0), QTimeZone::utc()), 14400},
        {{}, QStringLiteral("sa-east-1"), kNow.addSecs(86399), 3600},
    };
    QJsonArray input;
    for (const Case &c : cases) {
        QJsonObject item;
        item.insert(u"access_key_id", QStringLiteral("AKIDEXAMPLE"));
        item.insert(u"secret_access_key",
                    QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        item.insert(u"session_token",
                    c.sessionToken.isEmpty() ? QJsonValue(QJsonValue::Null)
                                             : QJsonValue(QString::fromLatin1(c.sessionToken)));
        item.insert(u"region", c.region);
        item.insert(u"time", c.time.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
        item.insert(u"expires_in", c.lifetime);
        input.append(item);
    }
    QProcess python;
    python.start(QStringLiteral(MANTLE_PYTHON), {QStringLiteral(MANTLE_BEDROCK_TOKEN_SCRIPT)});
    QVERIFY2(python.waitForStarted(), qPrintable(python.errorString()));
    python.write(QJsonDocument(input).toJson());
    python.closeWriteChannel();
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const QJsonArray botocore = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    QCOMPARE(botocore.size(), cases.size());

    const SigV4Signer signer;
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const Result<ShortTermKey> ours
            = BedrockToken::generate(signer, credentials(cases[i].sessionToken), cases[i].region,
                                     cases[i].time, cases[i].lifetime);
        QVERIFY(ours.ok());
        // The decoded URLs first, for a readable difference; then the keys themselves.
        QCOMPARE(decodedUrlOf(ours->key),
                 QByteArray::fromBase64(
                     botocore[i].toString().toLatin1().mid(BedrockToken::kPrefix.size())));
        QCOMPARE(QString::fromLatin1(bytesOf(ours->key)), botocore[i].toString());
    }
}

QTEST_GUILESS_MAIN(TestBedrockToken)
#include "tst_bedrocktoken.moc"
