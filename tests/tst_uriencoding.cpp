// URI encoding, path normalisation and URL parsing as SigV4 needs them.

#include "aws/requesturl.h"
#include "aws/uriencoding.h"

#include <QTest>

using namespace mantle;
using namespace mantle::aws;

class TestUriEncoding : public QObject
{
    Q_OBJECT

private slots:
    void encodesAllButUnreserved_data();
    void encodesAllButUnreserved();
    void decodesOnlyValidEscapes_data();
    void decodesOnlyValidEscapes();
    void makesPathsStrict_data();
    void makesPathsStrict();
    void normalizesPathsLikeNonS3Services_data();
    void normalizesPathsLikeNonS3Services();
    void parsesRequestUrls_data();
    void parsesRequestUrls();
    void rejectsMalformedUrls_data();
    void rejectsMalformedUrls();
};

void TestUriEncoding::encodesAllButUnreserved_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("keepSlash");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("unreserved") << QByteArray("AZaz09-._~") << false << QByteArray("AZaz09-._~");
    QTest::newRow("space") << QByteArray("a b") << false << QByteArray("a%20b");
    QTest::newRow("plus") << QByteArray("a+b") << false << QByteArray("a%2Bb");
    QTest::newRow("slash kept") << QByteArray("/a/b") << true << QByteArray("/a/b");
    QTest::newRow("slash encoded") << QByteArray("/a/b") << false << QByteArray("%2Fa%2Fb");
    QTest::newRow("percent") << QByteArray("100%") << false << QByteArray("100%25");
    QTest::newRow("utf8 upper hex")
        << QByteArray("\xe1\x88\xb4") << false << QByteArray("%E1%88%B4");
    QTest::newRow("reserved") << QByteArray("!*'();:@&=$,?#[]") << false
                              << QByteArray("%21%2A%27%28%29%3B%3A%40%26%3D%24%2C%3F%23%5B%5D");
    QTest::newRow("nul and del") << QByteArray("\0\x7f", 2) << false << QByteArray("%00%7F");
}

void TestUriEncoding::encodesAllButUnreserved()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, keepSlash);
    QFETCH(QByteArray, expected);
    QCOMPARE(uriEncode(input, keepSlash), expected);
}

void TestUriEncoding::decodesOnlyValidEscapes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("escape") << QByteArray("a%20b") << QByteArray("a b");
    QTest::newRow("lower hex") << QByteArray("%e1%88%b4") << QByteArray("\xe1\x88\xb4");
    QTest::newRow("plus stays") << QByteArray("a+b") << QByteArray("a+b");
    QTest::newRow("bad escape") << QByteArray("%zz%4") << QByteArray("%zz%4");
    QTest::newRow("trailing percent") << QByteArray("50%") << QByteArray("50%");
}

void TestUriEncoding::decodesOnlyValidEscapes()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(percentDecode(input), expected);
}

void TestUriEncoding::makesPathsStrict_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("/v1/models") << QByteArray("/v1/models");
    QTest::newRow("space") << QByteArray("/a b/") << QByteArray("/a%20b/");
    QTest::newRow("escape kept, hex upper") << QByteArray("/a%2fb") << QByteArray("/a%2Fb");
    QTest::newRow("lone percent") << QByteArray("/100%") << QByteArray("/100%25");
    QTest::newRow("utf8") << QByteArray("/\xc3\xbc") << QByteArray("/%C3%BC");
    QTest::newRow("sub-delims") << QByteArray("/a:b@c") << QByteArray("/a%3Ab%40c");
}

void TestUriEncoding::makesPathsStrict()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(strictPath(input), expected);
}

void TestUriEncoding::normalizesPathsLikeNonS3Services_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty") << QByteArray() << QByteArray("/");
    QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    QTest::newRow("double slashes") << QByteArray("//example//") << QByteArray("/example/");
    QTest::newRow("dot") << QByteArray("/./example") << QByteArray("/example");
    QTest::newRow("dot dot") << QByteArray("/a/b/../c") << QByteArray("/a/c");
    QTest::newRow("above root") << QByteArray("/../../a") << QByteArray("/a");
    QTest::newRow("to root") << QByteArray("/a/b/../..") << QByteArray("/");
    QTest::newRow("trailing dot") << QByteArray("/a/.") << QByteArray("/a");
    QTest::newRow("trailing slash kept") << QByteArray("/a/b/") << QByteArray("/a/b/");
    QTest::newRow("dots in names") << QByteArray("/a..b/.c") << QByteArray("/a..b/.c");
}

void TestUriEncoding::normalizesPathsLikeNonS3Services()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(normalizePath(input), expected);
}

void TestUriEncoding::parsesRequestUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("hostHeader");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QList<QByteArray>>("query"); // key, value, key, value...
    QTest::newRow("mantle") << QStringLiteral("https://bedrock-mantle.us-east-1.api.aws/v1/models")
                            << QByteArray("bedrock-mantle.us-east-1.api.aws")
                            << QByteArray("/v1/models") << QList<QByteArray>{};
    QTest::newRow("default https port dropped")
        << QStringLiteral("https://Example.COM:443") << QByteArray("example.com") << QByteArray("/")
        << QList<QByteArray>{};
    QTest::newRow("non-default port kept")
        << QStringLiteral("https://example.com:8443/x") << QByteArray("example.com:8443")
        << QByteArray("/x") << QList<QByteArray>{};
    QTest::newRow("http default port dropped")
        << QStringLiteral("http://127.0.0.1:80/") << QByteArray("127.0.0.1") << QByteArray("/")
        << QList<QByteArray>{};
    QTest::newRow("loopback port")
        << QStringLiteral("http://127.0.0.1:43123/v1/models?a=1") << QByteArray("127.0.0.1:43123")
        << QByteArray("/v1/models") << QList<QByteArray>{"a", "1"};
    QTest::newRow("ipv6") << QStringLiteral("http://[::1]:9000/") << QByteArray("[::1]:9000")
                          << QByteArray("/") << QList<QByteArray>{};
    QTest::newRow("query decoded, repeated, empty")
        << QStringLiteral("https://h/p?b=2&a=%20x&a=&c&d=e=f#frag") << QByteArray("h")
        << QByteArray("/p") << QList<QByteArray>{"b", "2", "a", " x", "a", "", "c", "", "d", "e=f"};
    QTest::newRow("raw space and utf8 in path")
        << QStringLiteral("https://h/a b/\u00fc") << QByteArray("h") << QByteArray("/a%20b/%C3%BC")
        << QList<QByteArray>{};
}

void TestUriEncoding::parsesRequestUrls()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, hostHeader);
    QFETCH(QByteArray, path);
    QFETCH(QList<QByteArray>, query);
    const auto parsed = parseRequestUrl(url);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed->hostHeader, hostHeader);
    QCOMPARE(parsed->path, path);
    QList<QByteArray> flat;
    for (const auto &[k, v] : parsed->query)
        flat << k << v;
    QCOMPARE(flat, query);
}

void TestUriEncoding::rejectsMalformedUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("no scheme") << QStringLiteral("example.com/v1") << QStringLiteral("no scheme");
    QTest::newRow("ftp") << QStringLiteral("ftp://example.com/") << QStringLiteral("ftp");
    QTest::newRow("no host") << QStringLiteral("https:///v1") << QStringLiteral("host");
    QTest::newRow("space in host")
        << QStringLiteral("https://exa mple.com/") << QStringLiteral("host");
    QTest::newRow("user info") << QStringLiteral("https://user:pw@example.com/")
                               << QStringLiteral("password");
    QTest::newRow("bad port") << QStringLiteral("https://example.com:99999/")
                              << QStringLiteral("host");
    QTest::newRow("empty port") << QStringLiteral("https://example.com:/")
                                << QStringLiteral("port");
}

void TestUriEncoding::rejectsMalformedUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, messagePart);
    const auto parsed = parseRequestUrl(url);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().kind, Error::Kind::InvalidInput);
    QVERIFY2(parsed.error().message.contains(messagePart, Qt::CaseInsensitive),
             qPrintable(parsed.error().message));
    QVERIFY(!parsed.error().hint.isEmpty());
}

QTEST_GUILESS_MAIN(TestUriEncoding)
#include "tst_uriencoding.moc"
