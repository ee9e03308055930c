#include "aws/stsresponseparser.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

using mantle::Error;
using mantle::aws::AssumedRole;
using mantle::aws::StsResponseParser;

namespace {

QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(MANTLE_TEST_DATA "/sts/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open the fixture %s", name);
    return file.readAll();
}

StsResponseParser::Exchange exchange(int status, QByteArray contentType = "text/xml")
{
    StsResponseParser::Exchange e;
    e.httpStatus = status;
    e.contentType = std::move(contentType);
    e.endpoint = QStringLiteral("https://sts.eu-west-1.amazonaws.com/");
    e.region = QStringLiteral("eu-west-1");
    e.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
    e.accessKeyId = QStringLiteral("AKIDSOURCEEXAMPLE");
    return e;
}

QByteArray errorBody(const QByteArray &code, const QByteArray &message)
{
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
           "<Type>Sender</Type><Code>"
        + code + "</Code><Message>" + message
        + "</Message></Error><RequestId>req-123</RequestId></ErrorResponse>";
}

QByteArray successBody(const QByteArray &credentialsXml)
{
    return "<AssumeRoleResponse><AssumeRoleResult><Credentials>" + credentialsXml
        + "</Credentials></AssumeRoleResult></AssumeRoleResponse>";
}

const QByteArray kAllCredentialFields
    = "<AccessKeyId>ASIAKEY</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>"
      "<SessionToken>token</SessionToken><Expiration>2026-11-25T13:00:00Z</Expiration>";

} // namespace

class TestStsResponseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAssumeRoleAnswer()
    {
        const auto result
            = StsResponseParser::parseAssumeRole(fixture("assumerole-success.xml"), exchange(200));
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        const AssumedRole &role = *result;
        QCOMPARE(role.credentials.accessKeyId, QStringLiteral("ASIAIOSFODNN7EXAMPLE"));
        QCOMPARE(role.credentials.secretAccessKey.view(),
                 std::string_view("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"));
        QCOMPARE(role.credentials.sessionToken.view(),
                 std::string_view("IQoJb3JpZ2luX2VjEXAMPLETOKEN/with+slash="));
        QCOMPARE(role.credentials.expiration,
                 QDateTime(QDate(2026, 11, 25), QTime(13, 0, 0, 500), QTimeZone::utc()));
        QCOMPARE(role.credentials.expiration.timeSpec(), Qt::UTC);
        QCOMPARE(
            role.arn,
            QStringLiteral("arn:aws:sts::123456789012:assumed-role/MantleUser/mantle-session"));
        QCOMPARE(role.assumedRoleId, QStringLiteral("AROA3XFRBF535PLBIFPI4:mantle-session"));
        QCOMPARE(role.requestId, QStringLiteral("c6104cbe-af31-11e0-8154-cbc7ccf896c7"));
    }

    void convertsExpirationToUtc_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime one(QDate(2026, 11, 25), QTime(13, 0), QTimeZone::utc());
        QTest::addRow("Z") << QByteArray("2026-11-25T13:00:00Z") << one;
        QTest::addRow("milliseconds")
            << QByteArray("2026-11-25T13:00:00.250Z") << one.addMSecs(250);
        QTest::addRow("offset") << QByteArray("2026-11-25T14:00:00+01:00") << one;
        QTest::addRow("no offset means UTC") << QByteArray("2026-11-25T13:00:00") << one;
    }

    void convertsExpirationToUtc()
    {
        QFETCH(QByteArray, text);
        QFETCH(QDateTime, expected);
        QByteArray fields = kAllCredentialFields;
        fields.replace("2026-11-25T13:00:00Z", text);
        const auto result = StsResponseParser::parseAssumeRole(successBody(fields), exchange(200));
        QVERIFY(result.ok());
        QCOMPARE(result->credentials.expiration, expected);
        QCOMPARE(result->credentials.expiration.timeSpec(), Qt::UTC);
    }

    void reportsMissingFields_data()
    {
        QTest::addColumn<QString>("field");
        for (const char *field : {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"})
            QTest::addRow("%s", field) << QString::fromLatin1(field);
    }

    void reportsMissingFields()
    {
        QFETCH(QString, field);
        QByteArray fields = kAllCredentialFields;
        const QByteArray open = "<" + field.toLatin1() + ">";
        const QByteArray close = "</" + field.toLatin1() + ">";
        const qsizetype start = fields.indexOf(open);
        fields.remove(start, fields.indexOf(close) + close.size() - start);
        const auto result = StsResponseParser::parseAssumeRole(successBody(fields), exchange(200));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, Error::Kind::Parse);
        QVERIFY2(result.error().message.contains(field), qPrintable(result.error().message));
        QVERIFY(result.error().message.contains(QLatin1String("200")));
        QVERIFY(result.error().message.contains(QLatin1String("text/xml")));
        QVERIFY(!result.error().message.contains(QLatin1String("secret")));
    }

    void rejectsUnreadableExpiration()
    {
        QByteArray fields = kAllCredentialFields;
        fields.replace("2026-11-25T13:00:00Z", "tomorrow");
        const auto result = StsResponseParser::parseAssumeRole(successBody(fields), exchange(200));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, Error::Kind::Parse);
        QVERIFY(result.error().message.contains(QLatin1String("tomorrow")));
    }

    void explainsStsErrors_data()
    {
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<bool>("externalIdSent");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("hintMentions");
        const QString role = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
        QTest::addRow("AccessDenied")
            << QByteArray("AccessDenied") << false << int(Error::Kind::Auth)
            << QStringList{QStringLiteral("sts:AssumeRole"), role, QStringLiteral("trust policy")};
        QTest::addRow("AccessDenied with external ID")
            << QByteArray("AccessDenied") << true << int(Error::Kind::Auth)
            << QStringList{QStringLiteral("sts:AssumeRole"), role,
                           QStringLiteral("sts:ExternalId condition")};
        QTest::addRow("ExpiredToken")
            << QByteArray("ExpiredToken") << false << int(Error::Kind::Auth)
            << QStringList{QStringLiteral("Refresh")};
        QTest::addRow("InvalidClientTokenId")
            << QByteArray("InvalidClientTokenId") << false << int(Error::Kind::Auth)
            << QStringList{QStringLiteral("access key id")};
        QTest::addRow("SignatureDoesNotMatch")
            << QByteArray("SignatureDoesNotMatch") << false << int(Error::Kind::Auth)
            << QStringList{QStringLiteral("secret access key"),
                           QStringLiteral("AKIDSOURCEEXAMPLE")};
        QTest::addRow("RegionDisabledException")
            << QByteArray("RegionDisabledException") << false << int(Error::Kind::Config)
            << QStringList{QStringLiteral("Enable the region"), QStringLiteral("another region")};
    }

    void explainsStsErrors()
    {
        QFETCH(QByteArray, code);
        QFETCH(bool, externalIdSent);
        QFETCH(int, kind);
        QFETCH(QStringList, hintMentions);
        auto ex = exchange(403);
        ex.externalIdSent = externalIdSent;
        const auto result = StsResponseParser::parseAssumeRole(errorBody(code, "STS says no"), ex);
        QVERIFY(!result.ok());
        const Error &e = result.error();
        QCOMPARE(int(e.kind), kind);
        QCOMPARE(e.code, QString::fromLatin1(code));
        QCOMPARE(e.httpStatus, 403);
        QCOMPARE(e.requestId, QStringLiteral("req-123"));
        QVERIFY2(e.message.contains(QLatin1String("STS says no")), qPrintable(e.message));
        for (const QString &mention : hintMentions)
            QVERIFY2(e.hint.contains(mention), qPrintable(e.hint));
        if (code == "AccessDenied")
            QCOMPARE(e.hint.contains(QLatin1String("sts:ExternalId condition")), externalIdSent);
    }

    void parsesAccessDeniedFixture()
    {
        const Error e
            = StsResponseParser::parseError(fixture("error-accessdenied.xml"), exchange(403));
        QCOMPARE(e.code, QStringLiteral("AccessDenied"));
        QCOMPARE(e.requestId, QStringLiteral("4e9bd3a5-2a4f-4c4e-9f0b-5a3c2c2e1a11"));
        QVERIFY(e.message.contains(QLatin1String("not authorized to perform: sts:AssumeRole")));
    }

    void repeatsValidationMessage()
    {
        const QByteArray said = "1 validation error detected: Value '99' at 'durationSeconds' "
                                "failed to satisfy constraint";
        const Error e
            = StsResponseParser::parseError(errorBody("ValidationError", said), exchange(400));
        QCOMPARE(e.kind, Error::Kind::InvalidInput);
        QVERIFY2(e.message.contains(QString::fromLatin1(said)), qPrintable(e.message));
    }

    void namesUnknownErrorCodes()
    {
        const Error e = StsResponseParser::parseError(errorBody("Throttling", "Rate exceeded"),
                                                      exchange(400));
        QCOMPARE(e.kind, Error::Kind::Http);
        QCOMPARE(e.code, QStringLiteral("Throttling"));
        QVERIFY(e.message.contains(QLatin1String("Throttling")));
        QVERIFY(e.message.contains(QLatin1String("Rate exceeded")));
        QVERIFY(e.message.contains(QLatin1String("400")));
    }

    void blamesTheClockForExpiredSignatures()
    {
        const Error e = StsResponseParser::parseError(
            errorBody("SignatureDoesNotMatch",
                      "Signature expired: 20261125T100000Z is now earlier than 20261125T110000Z"),
            exchange(403));
        QVERIFY2(e.hint.contains(QLatin1String("clock")), qPrintable(e.hint));
    }

    void takesRequestIdFromHeaderWhenBodyHasNone()
    {
        auto ex = exchange(403);
        ex.requestIdHeader = QStringLiteral("header-id");
        const Error e = StsResponseParser::parseError(
            "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error>"
            "</ErrorResponse>",
            ex);
        QCOMPARE(e.requestId, QStringLiteral("header-id"));
    }

    void readsTheOlderQueryErrorShape()
    {
        const Error e = StsResponseParser::parseError(
            "<Response><Errors><Error><Code>ExpiredToken</Code><Message>gone</Message></Error>"
            "</Errors><RequestID>r-9</RequestID></Response>",
            exchange(400));
        QCOMPARE(e.code, QStringLiteral("ExpiredToken"));
        QCOMPARE(e.requestId, QStringLiteral("r-9"));
    }

    void treatsAnErrorBodyAsAnErrorEvenWithStatus200()
    {
        const auto result
            = StsResponseParser::parseAssumeRole(errorBody("AccessDenied", "no"), exchange(200));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("AccessDenied"));
    }

    void rejectsAnswersThatAreNotSts_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        const QByteArray marker = "BODY-MARKER";
        QTest::addRow("captive portal")
            << 200 << QByteArray("text/html; charset=utf-8") << fixture("captive-portal.html");
        QTest::addRow("xhtml without doctype")
            << 200 << QByteArray("text/html")
            << QByteArray("<html><body><p>" + marker + "</p></body></html>");
        QTest::addRow("proxy error page")
            << 502 << QByteArray("text/html") << QByteArray("<h1>Bad gateway " + marker + "</h1>");
        QTest::addRow("json") << 200 << QByteArray("application/json")
                              << QByteArray("{\"message\":\"" + marker + "\"}");
        QTest::addRow("truncated xml")
            << 200 << QByteArray("text/xml")
            << QByteArray("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>"
                          + marker);
        QTest::addRow("empty 200") << 200 << QByteArray() << QByteArray();
        QTest::addRow("white space") << 200 << QByteArray("text/xml") << QByteArray(" \r\n ");
        QTest::addRow("other xml")
            << 200 << QByteArray("text/xml")
            << QByteArray("<GetCallerIdentityResponse>" + marker + "</GetCallerIdentityResponse>");
        QTest::addRow("error without code") << 500 << QByteArray("text/xml")
                                            << QByteArray("<ErrorResponse><Error><Message>" + marker
                                                          + "</Message></Error></ErrorResponse>");
        QByteArray deep;
        for (int i = 0; i < 100; ++i)
            deep += "<a>";
        QTest::addRow("deep nesting") << 200 << QByteArray("text/xml") << deep + marker;
    }

    void rejectsAnswersThatAreNotSts()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        const auto result = StsResponseParser::parseAssumeRole(body, exchange(status, contentType));
        QVERIFY(!result.ok());
        const Error &e = result.error();
        QCOMPARE(e.kind, Error::Kind::Parse);
        QCOMPARE(e.httpStatus, status);
        QVERIFY2(e.message.contains(QString::number(status)), qPrintable(e.message));
        if (!contentType.isEmpty())
            QVERIFY2(e.message.contains(QString::fromLatin1(contentType)), qPrintable(e.message));
        QVERIFY2(e.hint.contains(QLatin1String("proxy")), qPrintable(e.hint));
        QVERIFY2(e.hint.contains(QLatin1String("captive portal")), qPrintable(e.hint));
        for (const QString &text : {e.message, e.hint}) {
            QVERIFY(!text.contains(QLatin1String("MARKER")));
            QVERIFY(!text.contains(QLatin1String("<")));
        }
    }

    void saysWhenTheBodyIsEmpty()
    {
        const auto result = StsResponseParser::parseAssumeRole({}, exchange(200, {}));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(QLatin1String("empty")),
                 qPrintable(result.error().message));
    }
};

QTEST_GUILESS_MAIN(TestStsResponseParser)
#include "tst_stsresponseparser.moc"
