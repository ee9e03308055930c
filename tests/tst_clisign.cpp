// `mantle sign` run in-process: the JSON it prints, its exit codes, and its messages for bad
// input. Credentials come from the environment passed in.

#include "commandline.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QTest>

using namespace mantle::cli;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

QProcessEnvironment credentialsEnvironment(bool withToken = false)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDEXAMPLE"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
               QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    if (withToken)
        env.insert(QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("session-token-canary"));
    return env;
}

Run runMantleWith(const QStringList &args, const QProcessEnvironment &env)
{
    Run run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    CommandContext context{args, env, &out, &err};
    run.code = runMantle(context);
    out.flush();
    err.flush();
    return run;
}

const QString kSuiteUrl = QStringLiteral("https://example.amazonaws.com/");

} // namespace

class TestCliSign : public QObject
{
    Q_OBJECT

private slots:
    void printsTheSuiteSignatureAsJson();
    void addsContentSha256ForTheBodyFile();
    void printsAPresignedUrl();
    void neverPrintsTheSecret();
    void reportsUsageErrors_data();
    void reportsUsageErrors();
    void failsWithoutCredentials();
    void printsVersionAndHelp();
};

void TestCliSign::printsTheSuiteSignatureAsJson()
{
    // AWS's get-vanilla case, through the command line.
    const Run run = runMantleWith({QStringLiteral("sign"), QStringLiteral("--url"), kSuiteUrl,
                                   QStringLiteral("--region"), QStringLiteral("us-east-1"),
                                   QStringLiteral("--service"), QStringLiteral("service"),
                                   QStringLiteral("--time"), QStringLiteral("20150830T123600Z"),
                                   QStringLiteral("--no-content-sha256")},
                                  credentialsEnvironment());
    QCOMPARE(run.code, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("signature")).toString(),
             QStringLiteral("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
    QCOMPARE(json.value(QStringLiteral("canonical_request")).toString(),
             QStringLiteral("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                            "host;x-amz-date\n"
                            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QVERIFY(json.value(QStringLiteral("string_to_sign"))
                .toString()
                .startsWith(QLatin1String("AWS4-HMAC-SHA256\n20150830T123600Z\n")));
    const QJsonObject headers = json.value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("Authorization")).toString(),
             json.value(QStringLiteral("authorization")).toString());
    QCOMPARE(headers.value(QStringLiteral("X-Amz-Date")).toString(),
             QStringLiteral("20150830T123600Z"));
    QCOMPARE(json.value(QStringLiteral("url")).toString(), kSuiteUrl);
}

void TestCliSign::addsContentSha256ForTheBodyFile()
{
    QTemporaryFile body;
    QVERIFY(body.open());
    body.write("Param1=value1");
    body.flush();
    const Run run = runMantleWith(
        {QStringLiteral("sign"), QStringLiteral("--method"), QStringLiteral("post"),
         QStringLiteral("--url"), QStringLiteral("https://bedrock-mantle.eu-west-1.api.aws/v1/x"),
         QStringLiteral("--region"), QStringLiteral("eu-west-1"), QStringLiteral("--header"),
         QStringLiteral("Content-Type:  application/json "), QStringLiteral("--body-file"),
         body.fileName()},
        credentialsEnvironment());
    QCOMPARE(run.code, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const QString hash
        = QStringLiteral("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    QCOMPARE(json.value(QStringLiteral("headers"))
                 .toObject()
                 .value(QStringLiteral("x-amz-content-sha256"))
                 .toString(),
             hash);
    const QString canonical = json.value(QStringLiteral("canonical_request")).toString();
    QVERIFY(canonical.startsWith(QLatin1String("POST\n/v1/x\n")));
    QVERIFY(canonical.contains(QLatin1String("\ncontent-type:application/json\n")));
    QVERIFY(canonical.endsWith(hash));
    QCOMPARE(json.value(QStringLiteral("signed_headers")).toString(),
             QStringLiteral("content-type;host;x-amz-content-sha256;x-amz-date"));
}

void TestCliSign::printsAPresignedUrl()
{
    const Run run = runMantleWith({QStringLiteral("sign"), QStringLiteral("--url"), kSuiteUrl,
                                   QStringLiteral("--region"), QStringLiteral("us-east-1"),
                                   QStringLiteral("--service"), QStringLiteral("service"),
                                   QStringLiteral("--time"), QStringLiteral("20150830T123600Z"),
                                   QStringLiteral("--presign"), QStringLiteral("3600")},
                                  credentialsEnvironment());
    QCOMPARE(run.code, 0);
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QVERIFY(json.value(QStringLiteral("authorization")).isNull());
    // The suite's get-vanilla query signature.
    const QString signature
        = QStringLiteral("e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
    QCOMPARE(json.value(QStringLiteral("signature")).toString(), signature);
    QVERIFY(json.value(QStringLiteral("url"))
                .toString()
                .endsWith(QLatin1String("&X-Amz-Signature=") + signature));
    QVERIFY(
        json.value(QStringLiteral("url")).toString().contains(QLatin1String("X-Amz-Expires=3600")));
}

void TestCliSign::neverPrintsTheSecret()
{
    const Run run
        = runMantleWith({QStringLiteral("sign"), QStringLiteral("--url"),
                         QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1/models"),
                         QStringLiteral("--region"), QStringLiteral("us-east-1")},
                        credentialsEnvironment(true));
    QCOMPARE(run.code, 0);
    QVERIFY(!run.out.contains(QLatin1String("wJalrXUtnFEMI")));
    // The session token is a header value to send, so it appears there (and only as that).
    QVERIFY(run.out.contains(QLatin1String("\"X-Amz-Security-Token\": \"session-token-canary\"")));
}

void TestCliSign::reportsUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("messagePart");
    const QString url = QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1/models");
    QTest::newRow("no url") << QStringList{QStringLiteral("--region"), QStringLiteral("us-east-1")}
                            << QStringLiteral("--url is required");
    QTest::newRow("no region") << QStringList{QStringLiteral("--url"), url}
                               << QStringLiteral("--region is required");
    QTest::newRow("unknown region")
        << QStringList{QStringLiteral("--url"), url, QStringLiteral("--region"),
                       QStringLiteral("us-west-1")}
        << QStringLiteral("Mantle is not served in “us-west-1”");
    QTest::newRow("not a region") << QStringList{QStringLiteral("--url"), url,
                                                 QStringLiteral("--region"),
                                                 QStringLiteral("Frankfurt")}
                                  << QStringLiteral("not a region code");
    QTest::newRow("malformed url")
        << QStringList{QStringLiteral("--url"), QStringLiteral("bedrock-mantle/v1"),
                       QStringLiteral("--region"), QStringLiteral("us-east-1")}
        << QStringLiteral("no scheme");
    QTest::newRow("bad time") << QStringList{QStringLiteral("--url"),
                                             url,
                                             QStringLiteral("--region"),
                                             QStringLiteral("us-east-1"),
                                             QStringLiteral("--time"),
                                             QStringLiteral("2026-11-25")}
                              << QStringLiteral("YYYYMMDDTHHMMSSZ");
    QTest::newRow("bad header") << QStringList{QStringLiteral("--url"),
                                               url,
                                               QStringLiteral("--region"),
                                               QStringLiteral("us-east-1"),
                                               QStringLiteral("--header"),
                                               QStringLiteral("no colon")}
                                << QStringLiteral("Name: value");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--secret"), QStringLiteral("x")} << QStringLiteral("secret");
    QTest::newRow("bad presign") << QStringList{QStringLiteral("--url"),
                                                url,
                                                QStringLiteral("--region"),
                                                QStringLiteral("us-east-1"),
                                                QStringLiteral("--presign"),
                                                QStringLiteral("0")}
                                 << QStringLiteral("--presign");
}

void TestCliSign::reportsUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, messagePart);
    const Run run
        = runMantleWith(QStringList{QStringLiteral("sign")} + args, credentialsEnvironment());
    QCOMPARE(run.code, int(kExitUsage));
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(messagePart), qPrintable(run.err));
}

void TestCliSign::failsWithoutCredentials()
{
    const QStringList args{QStringLiteral("sign"), QStringLiteral("--url"), kSuiteUrl,
                           QStringLiteral("--region"), QStringLiteral("us-east-1")};
    const Run none = runMantleWith(args, QProcessEnvironment());
    QCOMPARE(none.code, int(kExitFailed));
    QVERIFY2(none.err.contains(QLatin1String("AWS_ACCESS_KEY_ID")), qPrintable(none.err));

    QProcessEnvironment half;
    half.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDEXAMPLE"));
    const Run partial = runMantleWith(args, half);
    QCOMPARE(partial.code, int(kExitFailed));
    QVERIFY2(partial.err.contains(QLatin1String("AWS_SECRET_ACCESS_KEY")), qPrintable(partial.err));
}

void TestCliSign::printsVersionAndHelp()
{
    const Run version = runMantleWith({QStringLiteral("--version")}, {});
    QCOMPARE(version.code, 0);
    QVERIFY(version.out.startsWith(QLatin1String("mantle " MANTLE_VERSION)));
    const Run help = runMantleWith({QStringLiteral("sign"), QStringLiteral("--help")}, {});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains(QLatin1String("--body-file")));
    const Run unknown = runMantleWith({QStringLiteral("frobnicate")}, {});
    QCOMPARE(unknown.code, int(kExitUsage));
    QVERIFY(unknown.err.contains(QLatin1String("frobnicate")));
}

QTEST_GUILESS_MAIN(TestCliSign)
#include "tst_clisign.moc"
