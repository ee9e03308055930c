#include "mantle/endpoint.h"

#include "mantle/regions.h"

#include <QTest>

using mantle::Error;
using mantle::Result;
using mantle::mantle::Endpoint;
using mantle::mantle::mantleRegionCodes;
using mantle::mantle::mantleRegions;
using mantle::mantle::Region;

class TestEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void acceptsRootUrls_data();
    void acceptsRootUrls();
    void rejectsBadUrls_data();
    void rejectsBadUrls();
    void refusesPlainHttpToOtherHostsNamingHostAndReason_data();
    void refusesPlainHttpToOtherHostsNamingHostAndReason();
    void suggestsTheRootWhenARouteIsIncluded_data();
    void suggestsTheRootWhenARouteIsIncluded();
    void neverShowsUserInfoInMessages();
    void neverShowsQueryInMessages();
    void equalsItselfWithOrWithoutTrailingSlash();
    void appendsPathsAfterThePathPrefix();
    void givesMantleEndpointForEveryRegion_data();
    void givesMantleEndpointForEveryRegion();
    void refusesRegionsWithoutMantle_data();
    void refusesRegionsWithoutMantle();
    void recognisesLoopbackHosts_data();
    void recognisesLoopbackHosts();
};

void TestEndpoint::acceptsRootUrls_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("pathPrefix");
    QTest::addColumn<bool>("loopback");

    const QString mantle = QStringLiteral("https://bedrock-mantle.us-east-1.api.aws");
    const QString mantleHost = QStringLiteral("bedrock-mantle.us-east-1.api.aws");
    QTest::addRow("mantle host") << mantle << mantle << mantleHost << -1 << QString() << false;
    QTest::addRow("trailing slash stripped")
        << mantle + QLatin1Char('/') << mantle << mantleHost << -1 << QString() << false;
    QTest::addRow("white space trimmed")
        << QStringLiteral("  %1\n").arg(mantle) << mantle << mantleHost << -1 << QString() << false;
    QTest::addRow("vpc endpoint")
        << QStringLiteral("https://vpce-0abc-1.bedrock-mantle.us-west-2.vpce.amazonaws.com")
        << QStringLiteral("https://vpce-0abc-1.bedrock-mantle.us-west-2.vpce.amazonaws.com")
        << QStringLiteral("vpce-0abc-1.bedrock-mantle.us-west-2.vpce.amazonaws.com") << -1
        << QString() << false;
    QTest::addRow("gateway with path prefix")
        << QStringLiteral("https://gateway.example.com/mantle/")
        << QStringLiteral("https://gateway.example.com/mantle")
        << QStringLiteral("gateway.example.com") << -1 << QStringLiteral("/mantle") << false;
    QTest::addRow("port and deep prefix, repeated slashes")
        << QStringLiteral("https://gateway.example.com:8443/team/mantle//")
        << QStringLiteral("https://gateway.example.com:8443/team/mantle")
        << QStringLiteral("gateway.example.com") << 8443 << QStringLiteral("/team/mantle") << false;
    QTest::addRow("scheme and host lower-cased, path kept")
        << QStringLiteral("HTTPS://Gateway.Example.COM/Mantle")
        << QStringLiteral("https://gateway.example.com/Mantle")
        << QStringLiteral("gateway.example.com") << -1 << QStringLiteral("/Mantle") << false;
    QTest::addRow("https to a private address")
        << QStringLiteral("https://10.0.0.5") << QStringLiteral("https://10.0.0.5")
        << QStringLiteral("10.0.0.5") << -1 << QString() << false;
    QTest::addRow("http 127.0.0.1 with port")
        << QStringLiteral("http://127.0.0.1:4010") << QStringLiteral("http://127.0.0.1:4010")
        << QStringLiteral("127.0.0.1") << 4010 << QString() << true;
    QTest::addRow("http 127.0.0.1 with slash")
        << QStringLiteral("http://127.0.0.1:4010/") << QStringLiteral("http://127.0.0.1:4010")
        << QStringLiteral("127.0.0.1") << 4010 << QString() << true;
    QTest::addRow("http elsewhere in 127/8")
        << QStringLiteral("http://127.5.6.7:9") << QStringLiteral("http://127.5.6.7:9")
        << QStringLiteral("127.5.6.7") << 9 << QString() << true;
    QTest::addRow("http localhost")
        << QStringLiteral("http://localhost:3000") << QStringLiteral("http://localhost:3000")
        << QStringLiteral("localhost") << 3000 << QString() << true;
    QTest::addRow("http LOCALHOST")
        << QStringLiteral("http://LOCALHOST:3000/") << QStringLiteral("http://localhost:3000")
        << QStringLiteral("localhost") << 3000 << QString() << true;
    QTest::addRow("http [::1]") << QStringLiteral("http://[::1]:8080")
                                << QStringLiteral("http://[::1]:8080") << QStringLiteral("::1")
                                << 8080 << QString() << true;
    QTest::addRow("http loopback with path prefix")
        << QStringLiteral("http://127.0.0.1:4010/proxy/")
        << QStringLiteral("http://127.0.0.1:4010/proxy") << QStringLiteral("127.0.0.1") << 4010
        << QStringLiteral("/proxy") << true;
    QTest::addRow("http loopback without port")
        << QStringLiteral("http://localhost") << QStringLiteral("http://localhost")
        << QStringLiteral("localhost") << -1 << QString() << true;
}

void TestEndpoint::acceptsRootUrls()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, pathPrefix);
    QFETCH(bool, loopback);

    const Result<Endpoint> endpoint = Endpoint::parse(input);
    QVERIFY2(endpoint.ok(), qPrintable(endpoint ? QString() : endpoint.error().message));
    QCOMPARE(endpoint->toString(), expected);
    QCOMPARE(endpoint->url(), QUrl(expected));
    QCOMPARE(endpoint->host(), host);
    QCOMPARE(endpoint->port(), port);
    QCOMPARE(endpoint->pathPrefix(), pathPrefix);
    QCOMPARE(endpoint->isLoopback(), loopback);
}

void TestEndpoint::rejectsBadUrls_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("messagePart");

    QTest::addRow("empty") << QString() << QStringLiteral("No endpoint URL");
    QTest::addRow("blank") << QStringLiteral("   ") << QStringLiteral("No endpoint URL");
    QTest::addRow("no scheme") << QStringLiteral("bedrock-mantle.us-east-1.api.aws")
                               << QStringLiteral("has no scheme");
    QTest::addRow("host and port without scheme")
        << QStringLiteral("localhost:8080") << QStringLiteral("has no scheme");
    QTest::addRow("unknown scheme")
        << QStringLiteral("ftp://example.com") << QStringLiteral("the scheme “ftp”");
    QTest::addRow("websocket scheme")
        << QStringLiteral("wss://example.com") << QStringLiteral("the scheme “wss”");
    QTest::addRow("missing host") << QStringLiteral("https://") << QStringLiteral("no host name");
    QTest::addRow("missing host with path")
        << QStringLiteral("https:///mantle") << QStringLiteral("no host name");
    QTest::addRow("space in host")
        << QStringLiteral("https://exa mple.com") << QStringLiteral("not a valid URL");
    QTest::addRow("port out of range")
        << QStringLiteral("https://example.com:99999") << QStringLiteral("not a valid URL");
    QTest::addRow("port not a number")
        << QStringLiteral("https://example.com:https") << QStringLiteral("not a valid URL");
    QTest::addRow("port zero") << QStringLiteral("https://example.com:0")
                               << QStringLiteral("invalid port");
    QTest::addRow("empty port") << QStringLiteral("https://example.com:/mantle")
                                << QStringLiteral("invalid port");
    QTest::addRow("user and password")
        << QStringLiteral("https://user:pw@example.com") << QStringLiteral("user name or password");
    QTest::addRow("user only") << QStringLiteral("https://user@example.com")
                               << QStringLiteral("user name or password");
    QTest::addRow("empty user info")
        << QStringLiteral("https://@example.com") << QStringLiteral("user name or password");
    QTest::addRow("query") << QStringLiteral("https://example.com/?region=us-east-1")
                           << QStringLiteral("has a query");
    QTest::addRow("empty query") << QStringLiteral("https://example.com?")
                                 << QStringLiteral("has a query");
    QTest::addRow("fragment") << QStringLiteral("https://example.com/mantle#top")
                              << QStringLiteral("has a fragment");
    QTest::addRow("dot-dot segment")
        << QStringLiteral("https://example.com/a/../mantle") << QStringLiteral("“..”");
    QTest::addRow("dot segment") << QStringLiteral("https://example.com/./mantle")
                                 << QStringLiteral("“..”");
    QTest::addRow("ends with /v1") << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1")
                                   << QStringLiteral("already ends with the route “/v1”");
}

void TestEndpoint::rejectsBadUrls()
{
    QFETCH(QString, input);
    QFETCH(QString, messagePart);

    const Result<Endpoint> endpoint = Endpoint::parse(input);
    QVERIFY(!endpoint.ok());
    QCOMPARE(endpoint.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(endpoint.error().message.contains(messagePart), qPrintable(endpoint.error().message));
    QVERIFY(!endpoint.error().hint.isEmpty());
}

void TestEndpoint::refusesPlainHttpToOtherHostsNamingHostAndReason_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("host");

    QTest::addRow("private address")
        << QStringLiteral("http://10.0.0.5") << QStringLiteral("10.0.0.5");
    QTest::addRow("private address with port")
        << QStringLiteral("http://10.0.0.5:8080/mantle") << QStringLiteral("10.0.0.5");
    QTest::addRow("public name") << QStringLiteral("http://example.com")
                                 << QStringLiteral("example.com");
    QTest::addRow("mantle host") << QStringLiteral("http://bedrock-mantle.us-east-1.api.aws")
                                 << QStringLiteral("bedrock-mantle.us-east-1.api.aws");
    QTest::addRow("name starting like loopback")
        << QStringLiteral("http://127.0.0.1.example.com:4010")
        << QStringLiteral("127.0.0.1.example.com");
    QTest::addRow("name starting with localhost") << QStringLiteral("http://localhost.example.com")
                                                  << QStringLiteral("localhost.example.com");
    QTest::addRow("outside 127/8")
        << QStringLiteral("http://128.0.0.1") << QStringLiteral("128.0.0.1");
    QTest::addRow("any address") << QStringLiteral("http://0.0.0.0:4010")
                                 << QStringLiteral("0.0.0.0");
    QTest::addRow("IPv6 other than ::1")
        << QStringLiteral("http://[::2]:80") << QStringLiteral("::2");
}

void TestEndpoint::refusesPlainHttpToOtherHostsNamingHostAndReason()
{
    QFETCH(QString, input);
    QFETCH(QString, host);

    const Result<Endpoint> endpoint = Endpoint::parse(input);
    QVERIFY(!endpoint.ok());
    const Error &error = endpoint.error();
    QCOMPARE(error.kind, Error::Kind::InvalidInput);
    QVERIFY2(error.message.contains(QStringLiteral("plain http to %1,").arg(host)),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(QLatin1String("unencrypted")), qPrintable(error.message));
    QVERIFY2(error.hint.contains(QLatin1String("https://")), qPrintable(error.hint));

    // The same host over https is fine.
    QString https = input;
    https.replace(0, 4, QStringLiteral("https"));
    QVERIFY2(Endpoint::parse(https).ok(), qPrintable(https));
}

void TestEndpoint::suggestsTheRootWhenARouteIsIncluded_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("root");

    QTest::addRow("/v1") << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1")
                         << QStringLiteral("/v1")
                         << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws");
    QTest::addRow("/openai/v1 with slash")
        << QStringLiteral("https://bedrock-mantle.eu-west-1.api.aws/openai/v1/")
        << QStringLiteral("/openai/v1")
        << QStringLiteral("https://bedrock-mantle.eu-west-1.api.aws");
    QTest::addRow("/anthropic/v1 behind a prefix")
        << QStringLiteral("https://gateway.example.com/mantle/anthropic/v1")
        << QStringLiteral("/anthropic/v1") << QStringLiteral("https://gateway.example.com/mantle");
    QTest::addRow("emulator /v1") << QStringLiteral("http://127.0.0.1:4010/v1")
                                  << QStringLiteral("/v1")
                                  << QStringLiteral("http://127.0.0.1:4010");
}

void TestEndpoint::suggestsTheRootWhenARouteIsIncluded()
{
    QFETCH(QString, input);
    QFETCH(QString, route);
    QFETCH(QString, root);

    const Result<Endpoint> endpoint = Endpoint::parse(input);
    QVERIFY(!endpoint.ok());
    QVERIFY2(endpoint.error().message.contains(QStringLiteral("route “%1”").arg(route)),
             qPrintable(endpoint.error().message));
    QVERIFY2(endpoint.error().hint.endsWith(QLatin1Char(' ') + root),
             qPrintable(endpoint.error().hint));
    QVERIFY(Endpoint::parse(root).ok());
}

void TestEndpoint::neverShowsUserInfoInMessages()
{
    const Result<Endpoint> endpoint
        = Endpoint::parse(QStringLiteral("http://alice:s3cr3t-pw@10.0.0.5/mantle?x=1"));
    QVERIFY(!endpoint.ok());
    QVERIFY(endpoint.error().message.contains(QLatin1String("user name or password")));
    QVERIFY(!endpoint.error().toDisplayString().contains(QLatin1String("s3cr3t")));
    QVERIFY(!endpoint.error().toDisplayString().contains(QLatin1String("alice")));
}

void TestEndpoint::neverShowsQueryInMessages()
{
    for (const QString &input : {QStringLiteral("https://example.com/mantle?token=abc123"),
                                 QStringLiteral("https://example.com/mantle#token=abc123"),
                                 QStringLiteral("https://exa mple.com/?token=abc123")}) {
        const Result<Endpoint> endpoint = Endpoint::parse(input);
        QVERIFY(!endpoint.ok());
        QVERIFY2(!endpoint.error().toDisplayString().contains(QLatin1String("abc123")),
                 qPrintable(endpoint.error().toDisplayString()));
        QVERIFY2(endpoint.error().message.contains(QLatin1String("mple.com")),
                 qPrintable(endpoint.error().message));
    }
}

void TestEndpoint::equalsItselfWithOrWithoutTrailingSlash()
{
    const auto a = Endpoint::parse(QStringLiteral("https://gateway.example.com/mantle"));
    const auto b = Endpoint::parse(QStringLiteral("https://GATEWAY.example.com/mantle/"));
    const auto c = Endpoint::parse(QStringLiteral("https://gateway.example.com/other"));
    QVERIFY(a && b && c);
    QVERIFY(*a == *b);
    QVERIFY(!(*a == *c));
}

void TestEndpoint::appendsPathsAfterThePathPrefix()
{
    const auto gateway = Endpoint::parse(QStringLiteral("https://gateway.example.com/mantle/"));
    QVERIFY(gateway.ok());
    QCOMPARE(gateway->urlWithPath(QStringLiteral("/v1/models")).toString(QUrl::FullyEncoded),
             QStringLiteral("https://gateway.example.com/mantle/v1/models"));

    const auto emulator = Endpoint::parse(QStringLiteral("http://[::1]:4010"));
    QVERIFY(emulator.ok());
    QCOMPARE(emulator->urlWithPath(QStringLiteral("/anthropic/v1/messages"))
                 .toString(QUrl::FullyEncoded),
             QStringLiteral("http://[::1]:4010/anthropic/v1/messages"));
}

void TestEndpoint::givesMantleEndpointForEveryRegion_data()
{
    QTest::addColumn<QString>("region");
    for (const Region &region : mantleRegions())
        QTest::addRow("%s", qPrintable(region.code)) << region.code;
}

void TestEndpoint::givesMantleEndpointForEveryRegion()
{
    QFETCH(QString, region);
    const Result<Endpoint> endpoint = Endpoint::forRegion(region);
    QVERIFY(endpoint.ok());
    QCOMPARE(endpoint->toString(), QStringLiteral("https://bedrock-mantle.%1.api.aws").arg(region));
    QCOMPARE(endpoint->scheme(), QStringLiteral("https"));
    QCOMPARE(endpoint->port(), -1);
    QVERIFY(endpoint->pathPrefix().isEmpty());
    QVERIFY(!endpoint->isLoopback());
    // What forRegion gives, parse accepts unchanged.
    const Result<Endpoint> reparsed = Endpoint::parse(endpoint->toString());
    QVERIFY(reparsed.ok());
    QVERIFY(*reparsed == *endpoint);
}

void TestEndpoint::refusesRegionsWithoutMantle_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("messagePart");
    QTest::addRow("region without Mantle")
        << QStringLiteral("us-west-1") << QStringLiteral("“us-west-1” does not serve");
    QTest::addRow("upper case") << QStringLiteral("US-EAST-1")
                                << QStringLiteral("“US-EAST-1” is not an AWS region code");
    QTest::addRow("display name") << QStringLiteral("Europe (Ireland)")
                                  << QStringLiteral("“Europe (Ireland)” is not an AWS region");
    QTest::addRow("empty") << QString() << QStringLiteral("No region");
}

void TestEndpoint::refusesRegionsWithoutMantle()
{
    QFETCH(QString, region);
    QFETCH(QString, messagePart);
    const Result<Endpoint> endpoint = Endpoint::forRegion(region);
    QVERIFY(!endpoint.ok());
    QCOMPARE(endpoint.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(endpoint.error().message.contains(messagePart), qPrintable(endpoint.error().message));
    QVERIFY2(endpoint.error().hint.contains(mantleRegionCodes()),
             qPrintable(endpoint.error().hint));
}

void TestEndpoint::recognisesLoopbackHosts_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("expected");
    QTest::addRow("localhost") << QStringLiteral("localhost") << true;
    QTest::addRow("LocalHost") << QStringLiteral("LocalHost") << true;
    QTest::addRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true;
    QTest::addRow("127.255.255.254") << QStringLiteral("127.255.255.254") << true;
    QTest::addRow("::1") << QStringLiteral("::1") << true;
    QTest::addRow("[::1]") << QStringLiteral("[::1]") << true;
    QTest::addRow("0:0:0:0:0:0:0:1") << QStringLiteral("0:0:0:0:0:0:0:1") << true;
    QTest::addRow("IPv4-mapped loopback") << QStringLiteral("::ffff:127.0.0.1") << true;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("128.0.0.1") << QStringLiteral("128.0.0.1") << false;
    QTest::addRow("10.0.0.5") << QStringLiteral("10.0.0.5") << false;
    QTest::addRow("0.0.0.0") << QStringLiteral("0.0.0.0") << false;
    QTest::addRow("::") << QStringLiteral("::") << false;
    QTest::addRow("::2") << QStringLiteral("::2") << false;
    QTest::addRow("127.0.0.1.example.com") << QStringLiteral("127.0.0.1.example.com") << false;
    QTest::addRow("localhost.example.com") << QStringLiteral("localhost.example.com") << false;
    QTest::addRow("notlocalhost") << QStringLiteral("notlocalhost") << false;
    QTest::addRow("example.com") << QStringLiteral("example.com") << false;
}

void TestEndpoint::recognisesLoopbackHosts()
{
    QFETCH(QString, host);
    QFETCH(bool, expected);
    QCOMPARE(Endpoint::isLoopbackHost(host), expected);
}

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
