// SigV4Signer behaviour beyond AWS's suite: the key cache, the headers it adds and signs, payload
// hashes, session tokens, presigned URL limits, time zones and keeping secrets out of its output.

#include "aws/sha256.h"
#include "aws/sigv4signer.h"

#include <QTest>
#include <QTimeZone>

using namespace mantle;
using namespace mantle::aws;

namespace {

Credentials testCredentials(const char *token = "")
{
    Credentials c;
    c.accessKeyId = QStringLiteral("AKIDMANTLEEMULATOR");
    c.secretAccessKey = SecretString(std::string_view("mantle-emulator-secret"));
    c.sessionToken = SecretString(std::string_view(token));
    return c;
}

SigningRequest chatRequest()
{
    SigningRequest r;
    r.method = "POST";
    r.host = "bedrock-mantle.us-east-1.api.aws";
    r.path = "/v1/chat/completions";
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"model":"openai.gpt-oss-120b","messages":[{"role":"user","content":"hi"}]})";
    return r;
}

SigningOptions mantleOptions(const char *region = "us-east-1")
{
    SigningOptions o;
    o.region = region;
    return o;
}

QDateTime at(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate);
}

} // namespace

class TestSigV4Signer : public QObject
{
    Q_OBJECT

private slots:
    void signsOnlyTheExplicitHeaders();
    void addsContentSha256OfTheBody();
    void usesAGivenPayloadHash();
    void omitsContentSha256WhenAsked();
    void signsSessionTokenOfTemporaryCredentials();
    void derivesSigningKeyOncePerDayRegionAndService();
    void derivesNewKeyWhenSecretChanges();
    void convertsLocalTimeToUtc();
    void mergesRepeatedHeadersInOrder();
    void sendsStrictlyEncodedSortedQuery();
    void clampsPresignExpiry();
    void keepsSecretsOutOfEveryOutput();
    void differentRegionsGiveDifferentSignatures();
};

void TestSigV4Signer::signsOnlyTheExplicitHeaders()
{
    SigV4Signer signer;
    const auto s = signer.sign(chatRequest(), testCredentials(), mantleOptions(),
                               at("2026-11-25T10:00:00Z"));
    QCOMPARE(s.signedHeaders, QByteArray("content-type;host;x-amz-content-sha256;x-amz-date"));
    QVERIFY(s.authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDMANTLEEMULATOR/20261125/"
                                       "us-east-1/bedrock-mantle/aws4_request, SignedHeaders="));
    QVERIFY(s.authorization.endsWith(", Signature=" + s.signature));
    QCOMPARE(s.signature.size(), 64);
}

void TestSigV4Signer::addsContentSha256OfTheBody()
{
    SigV4Signer signer;
    const SigningRequest r = chatRequest();
    const auto s = signer.sign(r, testCredentials(), mantleOptions(), at("2026-11-25T10:00:00Z"));
    const QByteArray hash = toHex(sha256(r.body));
    QVERIFY(s.canonicalRequest.endsWith("\n" + hash));
    QVERIFY(s.canonicalRequest.contains("\nx-amz-content-sha256:" + hash + "\n"));
    QVERIFY(s.headersToAdd.contains(qMakePair(QByteArray("x-amz-content-sha256"), hash)));
    QCOMPARE(s.headersToAdd.last().first, QByteArray("Authorization"));
}

void TestSigV4Signer::usesAGivenPayloadHash()
{
    SigV4Signer signer;
    SigningRequest r = chatRequest();
    r.payloadHash = "UNSIGNED-PAYLOAD";
    const auto s = signer.sign(r, testCredentials(), mantleOptions(), at("2026-11-25T10:00:00Z"));
    QVERIFY(s.canonicalRequest.endsWith("\nUNSIGNED-PAYLOAD"));
}

void TestSigV4Signer::omitsContentSha256WhenAsked()
{
    SigV4Signer signer;
    SigningOptions o = mantleOptions();
    o.addContentSha256 = false;
    const auto s = signer.sign(chatRequest(), testCredentials(), o, at("2026-11-25T10:00:00Z"));
    QCOMPARE(s.signedHeaders, QByteArray("content-type;host;x-amz-date"));
    for (const auto &h : s.headersToAdd)
        QVERIFY(h.first.toLower() != "x-amz-content-sha256");
}

void TestSigV4Signer::signsSessionTokenOfTemporaryCredentials()
{
    SigV4Signer signer;
    const auto s = signer.sign(chatRequest(), testCredentials("FwoGZXIvYXdzEXAMPLE/+="),
                               mantleOptions(), at("2026-11-25T10:00:00Z"));
    QVERIFY(s.signedHeaders.contains("x-amz-security-token"));
    QVERIFY(s.headersToAdd.contains(
        qMakePair(QByteArray("X-Amz-Security-Token"), QByteArray("FwoGZXIvYXdzEXAMPLE/+="))));

    const auto presigned = signer.presign(chatRequest(), testCredentials("tok/en+"),
                                          mantleOptions(), at("2026-11-25T10:00:00Z"), 900);
    QVERIFY(presigned.pathAndQuery.contains("X-Amz-Security-Token=tok%2Fen%2B"));
}

void TestSigV4Signer::derivesSigningKeyOncePerDayRegionAndService()
{
    SigV4Signer signer;
    const Credentials c = testCredentials();
    const auto first = signer.sign(chatRequest(), c, mantleOptions(), at("2026-11-25T10:00:00Z"));
    signer.sign(chatRequest(), c, mantleOptions(), at("2026-11-25T23:59:59Z"));
    QCOMPARE(signer.derivedKeyCount(), 1);
    signer.sign(chatRequest(), c, mantleOptions(), at("2026-11-26T00:00:00Z"));
    QCOMPARE(signer.derivedKeyCount(), 2);
    signer.sign(chatRequest(), c, mantleOptions("eu-west-1"), at("2026-11-26T00:00:00Z"));
    QCOMPARE(signer.derivedKeyCount(), 3);
    SigningOptions sts = mantleOptions();
    sts.service = "sts";
    signer.sign(chatRequest(), c, sts, at("2026-11-26T00:00:00Z"));
    QCOMPARE(signer.derivedKeyCount(), 4);
    // A cached key gives the same signature as a freshly derived one.
    SigV4Signer fresh;
    QCOMPARE(signer.sign(chatRequest(), c, mantleOptions(), at("2026-11-25T10:00:00Z")).signature,
             first.signature);
    QCOMPARE(fresh.sign(chatRequest(), c, mantleOptions(), at("2026-11-25T10:00:00Z")).signature,
             first.signature);
}

void TestSigV4Signer::derivesNewKeyWhenSecretChanges()
{
    SigV4Signer signer;
    Credentials c = testCredentials();
    const auto a = signer.sign(chatRequest(), c, mantleOptions(), at("2026-11-25T10:00:00Z"));
    c.secretAccessKey = SecretString(std::string_view("rotated-secret"));
    const auto b = signer.sign(chatRequest(), c, mantleOptions(), at("2026-11-25T10:00:00Z"));
    QCOMPARE(signer.derivedKeyCount(), 2);
    QVERIFY(a.signature != b.signature);
}

void TestSigV4Signer::convertsLocalTimeToUtc()
{
    SigV4Signer signer;
    const QDateTime utc = at("2026-11-25T23:30:00Z");
    const QDateTime tokyo = utc.toTimeZone(QTimeZone("Asia/Tokyo"));
    QCOMPARE(tokyo.date().day(), 26);
    const auto a = signer.sign(chatRequest(), testCredentials(), mantleOptions(), utc);
    const auto b = signer.sign(chatRequest(), testCredentials(), mantleOptions(), tokyo);
    QCOMPARE(b.signature, a.signature);
    QVERIFY(b.stringToSign.contains("\n20261125T233000Z\n20261125/"));
}

void TestSigV4Signer::mergesRepeatedHeadersInOrder()
{
    SigV4Signer signer;
    SigningRequest r = chatRequest();
    r.headers = {{"X-B", " two  words "}, {"x-a", "1"}, {"X-B", "\tsecond"}};
    const auto s = signer.sign(r, testCredentials(), mantleOptions(), at("2026-11-25T10:00:00Z"));
    QVERIFY(s.canonicalRequest.contains("\nx-a:1\nx-amz-content-sha256:"));
    QVERIFY(s.canonicalRequest.contains("\nx-b:two words,second\n"));
    QCOMPARE(s.signedHeaders, QByteArray("host;x-a;x-amz-content-sha256;x-amz-date;x-b"));
}

void TestSigV4Signer::sendsStrictlyEncodedSortedQuery()
{
    SigV4Signer signer;
    SigningRequest r;
    r.host = "h";
    r.path = "/v1/models";
    r.query = {{"z", "a b"}, {"a", "+/~"}, {"a", "!"}};
    const auto s = signer.sign(r, testCredentials(), mantleOptions(), at("2026-11-25T10:00:00Z"));
    QCOMPARE(s.pathAndQuery, QByteArray("/v1/models?a=%21&a=%2B%2F~&z=a%20b"));
    QVERIFY(s.canonicalRequest.startsWith("GET\n/v1/models\na=%21&a=%2B%2F~&z=a%20b\n"));
}

void TestSigV4Signer::clampsPresignExpiry()
{
    SigV4Signer signer;
    const auto s = signer.presign(chatRequest(), testCredentials(), mantleOptions(),
                                  at("2026-11-25T10:00:00Z"), 10'000'000);
    QVERIFY(s.pathAndQuery.contains("X-Amz-Expires=604800"));
    QVERIFY(s.pathAndQuery.contains("&X-Amz-Signature=" + s.signature));
}

void TestSigV4Signer::keepsSecretsOutOfEveryOutput()
{
    SigV4Signer signer;
    const auto s = signer.sign(chatRequest(), testCredentials(), mantleOptions(),
                               at("2026-11-25T10:00:00Z"));
    for (const QByteArray &text :
         {s.canonicalRequest, s.stringToSign, s.authorization, s.pathAndQuery, s.signature})
        QVERIFY(!text.contains("mantle-emulator-secret"));
    for (const auto &h : s.headersToAdd)
        QVERIFY(!h.second.contains("mantle-emulator-secret"));
}

void TestSigV4Signer::differentRegionsGiveDifferentSignatures()
{
    SigV4Signer signer;
    const auto a = signer.sign(chatRequest(), testCredentials(), mantleOptions("us-east-1"),
                               at("2026-11-25T10:00:00Z"));
    const auto b = signer.sign(chatRequest(), testCredentials(), mantleOptions("us-west-2"),
                               at("2026-11-25T10:00:00Z"));
    QVERIFY(a.signature != b.signature);
    QVERIFY(b.stringToSign.contains("/us-west-2/bedrock-mantle/aws4_request\n"));
}

QTEST_GUILESS_MAIN(TestSigV4Signer)
#include "tst_sigv4signer.moc"
