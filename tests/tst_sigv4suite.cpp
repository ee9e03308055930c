// Every case of AWS's own SigV4 test suite (../shared/testdata/sigv4, from awslabs/aws-c-auth):
// canonical request, string to sign, signature and the signed request, for header signing and for
// presigned URLs (query-string authentication).

#include "aws/sigv4signer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>

using namespace mantle;
using namespace mantle::aws;

namespace {

struct SuiteCase
{
    SigningRequest request;
    Credentials credentials;
    SigningOptions options;
    QDateTime time;
    int expiresIn = 0;
};

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

/// Parses request.txt: the request line, headers (continuation lines start with white space), a
/// blank line and the body. The path is kept exactly as written: the suite treats it as the path
/// on the wire.
SuiteCase loadCase(const QString &dir)
{
    SuiteCase c;
    const QJsonObject ctx
        = QJsonDocument::fromJson(readFile(dir + QStringLiteral("/context.json"))).object();
    const QJsonObject creds = ctx.value(QStringLiteral("credentials")).toObject();
    c.credentials.accessKeyId = creds.value(QStringLiteral("access_key_id")).toString();
    c.credentials.secretAccessKey
        = SecretString(creds.value(QStringLiteral("secret_access_key")).toString().toUtf8());
    c.credentials.sessionToken
        = SecretString(creds.value(QStringLiteral("token")).toString().toUtf8());
    c.options.region = ctx.value(QStringLiteral("region")).toString().toUtf8();
    c.options.service = ctx.value(QStringLiteral("service")).toString().toUtf8();
    c.options.normalizePath = ctx.value(QStringLiteral("normalize")).toBool(true);
    c.options.addContentSha256 = ctx.value(QStringLiteral("sign_body")).toBool(false);
    c.options.signSessionToken = !ctx.value(QStringLiteral("omit_session_token")).toBool(false);
    c.time = QDateTime::fromString(ctx.value(QStringLiteral("timestamp")).toString(), Qt::ISODate);
    c.expiresIn = ctx.value(QStringLiteral("expiration_in_seconds")).toInt();

    const QByteArray raw = readFile(dir + QStringLiteral("/request.txt"));
    const qsizetype headEnd = raw.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? raw : raw.left(headEnd);
    c.request.body = headEnd < 0 ? QByteArray() : raw.mid(headEnd + 2);
    QList<QByteArray> lines = head.split('\n');
    const QByteArray requestLine = lines.takeFirst();
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = requestLine.lastIndexOf(' ');
    c.request.method = requestLine.left(sp1);
    const QByteArray target = requestLine.mid(sp1 + 1, sp2 - sp1 - 1);
    const qsizetype q = target.indexOf('?');
    c.request.path = q < 0 ? target : target.left(q);
    if (q >= 0) {
        for (const QByteArray &piece : target.mid(q + 1).split('&')) {
            const qsizetype eq = piece.indexOf('=');
            c.request.query.append(
                {QByteArray::fromPercentEncoding(piece.left(eq)),
                 eq < 0 ? QByteArray() : QByteArray::fromPercentEncoding(piece.mid(eq + 1))});
        }
    }
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        if ((line.front() == ' ' || line.front() == '\t')) {
            c.request.headers.last().second.append('\n').append(line);
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon);
        const QByteArray value = line.mid(colon + 1);
        if (name.compare("host", Qt::CaseInsensitive) == 0)
            c.request.host = value;
        else
            c.request.headers.append({name, value});
    }
    return c;
}

QStringList caseNames()
{
    QDir dir(QStringLiteral(MANTLE_SHARED_TESTDATA "/sigv4"));
    return dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
}

QString casePath(const QString &name)
{
    return QStringLiteral(MANTLE_SHARED_TESTDATA "/sigv4/") + name;
}

/// The Authorization value in a signed request file.
QByteArray authorizationLine(const QByteArray &signedRequest)
{
    for (const QByteArray &line : signedRequest.split('\n')) {
        if (line.startsWith("Authorization:"))
            return line.mid(int(sizeof("Authorization:")) - 1);
    }
    return {};
}

/// The query parameters of the signed request line, sorted (the suite lists them in its own order).
QList<QByteArray> signedQueryParameters(const QByteArray &requestLineOrTarget)
{
    QByteArray target = requestLineOrTarget;
    const qsizetype q = target.indexOf('?');
    target = target.mid(q + 1);
    const qsizetype space = target.indexOf(' ');
    if (space >= 0)
        target = target.left(space);
    QList<QByteArray> params = target.split('&');
    std::sort(params.begin(), params.end());
    return params;
}

} // namespace

class TestSigV4Suite : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void signsWithAuthorizationHeaderAsTheSuiteSays_data();
    void signsWithAuthorizationHeaderAsTheSuiteSays();
    void presignsUrlsAsTheSuiteSays_data();
    void presignsUrlsAsTheSuiteSays();

private:
    void addCases();
};

void TestSigV4Suite::initTestCase()
{
    // 38 cases were copied from aws-c-auth; a smaller number means the data went missing.
    QVERIFY2(caseNames().size() >= 38,
             qPrintable(QStringLiteral("found %1 suite cases under %2")
                            .arg(caseNames().size())
                            .arg(QStringLiteral(MANTLE_SHARED_TESTDATA))));
}

void TestSigV4Suite::addCases()
{
    QTest::addColumn<QString>("name");
    // The *-unnormalized cases are S3-style (no path normalisation); the signer supports that mode
    // through SigningOptions::normalizePath, so they run too rather than being skipped.
    for (const QString &name : caseNames())
        QTest::newRow(qPrintable(name)) << name;
}

void TestSigV4Suite::signsWithAuthorizationHeaderAsTheSuiteSays_data()
{
    addCases();
}

void TestSigV4Suite::signsWithAuthorizationHeaderAsTheSuiteSays()
{
    QFETCH(QString, name);
    const QString dir = casePath(name);
    const SuiteCase c = loadCase(dir);
    SigV4Signer signer;
    const SignedRequest s = signer.sign(c.request, c.credentials, c.options, c.time);

    QCOMPARE(s.canonicalRequest, readFile(dir + QStringLiteral("/header-canonical-request.txt")));
    QCOMPARE(s.stringToSign, readFile(dir + QStringLiteral("/header-string-to-sign.txt")));
    QCOMPARE(s.signature, readFile(dir + QStringLiteral("/header-signature.txt")).trimmed());
    const QByteArray signedRequest = readFile(dir + QStringLiteral("/header-signed-request.txt"));
    QCOMPARE(s.authorization, authorizationLine(signedRequest));
    // Every header the signer asks to add appears in the suite's signed request.
    for (const auto &[headerName, value] : s.headersToAdd) {
        const QByteArray line = headerName + ':' + value;
        QVERIFY2(signedRequest.toLower().contains(line.toLower()), line.constData());
    }
}

void TestSigV4Suite::presignsUrlsAsTheSuiteSays_data()
{
    addCases();
}

void TestSigV4Suite::presignsUrlsAsTheSuiteSays()
{
    QFETCH(QString, name);
    const QString dir = casePath(name);
    const SuiteCase c = loadCase(dir);
    SigningOptions options = c.options;
    options.addContentSha256 = false; // no header in query-string authentication
    SigV4Signer signer;
    const SignedRequest s = signer.presign(c.request, c.credentials, options, c.time, c.expiresIn);

    QCOMPARE(s.canonicalRequest, readFile(dir + QStringLiteral("/query-canonical-request.txt")));
    QCOMPARE(s.stringToSign, readFile(dir + QStringLiteral("/query-string-to-sign.txt")));
    QCOMPARE(s.signature, readFile(dir + QStringLiteral("/query-signature.txt")).trimmed());
    QVERIFY(s.authorization.isEmpty());
    const QByteArray signedRequest = readFile(dir + QStringLiteral("/query-signed-request.txt"));
    const QByteArray requestLine = signedRequest.left(signedRequest.indexOf('\n'));
    // Our query is strictly encoded, so compare decoded parameters: the suite leaves raw UTF-8 in.
    auto decoded = [](QList<QByteArray> params) {
        for (auto &p : params)
            p = QByteArray::fromPercentEncoding(p);
        std::sort(params.begin(), params.end());
        return params;
    };
    QCOMPARE(decoded(signedQueryParameters(s.pathAndQuery)),
             decoded(signedQueryParameters(requestLine)));
}

QTEST_GUILESS_MAIN(TestSigV4Suite)
#include "tst_sigv4suite.moc"
