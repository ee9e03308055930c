// SHA-256 and HMAC-SHA-256 against published vectors (FIPS 180-2 and RFC 4231), including keys
// longer than a block and the empty message.

#include "aws/sha256.h"

#include <QTest>

using namespace mantle::aws;

class TestSha256 : public QObject
{
    Q_OBJECT

private slots:
    void hashesKnownMessages_data();
    void hashesKnownMessages();
    void computesRfc4231Vectors_data();
    void computesRfc4231Vectors();
};

void TestSha256::hashesKnownMessages_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");
    QTest::newRow("empty") << QByteArray()
                           << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
                                         "7852b855");
    QTest::newRow("abc") << QByteArray("abc")
                         << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f"
                                       "20015ad");
}

void TestSha256::hashesKnownMessages()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    QCOMPARE(toHex(sha256(message)), digest);
}

void TestSha256::computesRfc4231Vectors_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("mac");
    QTest::newRow("case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                            << QByteArray("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376"
                                          "c2e32cff7");
    QTest::newRow("case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                            << QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b"
                                          "964ec3843");
    QTest::newRow("case 3") << QByteArray(20, '\xaa') << QByteArray(50, '\xdd')
                            << QByteArray("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d963551"
                                          "4ced565fe");
    QTest::newRow("case 6: key over a block")
        << QByteArray(131, '\xaa')
        << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
        << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    QTest::newRow("case 7: key and data over a block")
        << QByteArray(131, '\xaa')
        << QByteArray("This is a test using a larger than block-size key and a larger than "
                      "block-size data. The key needs to be hashed before being used by the HMAC "
                      "algorithm.")
        << QByteArray("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    QTest::newRow("key of exactly a block, empty data")
        << QByteArray(64, 'k') << QByteArray()
        << QByteArray("83026a325aaee70e36cfe607536aa1054104ad1077c36134810d4ccded1ccd3b");
}

void TestSha256::computesRfc4231Vectors()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, mac);
    QCOMPARE(toHex(hmacSha256(key, data)), mac);
}

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
