// FaultPlan: the `x-emulator-fault` header of the architecture note's contract, item by item,
// combined, and refused when malformed.

#include "faultplan.h"

#include <QTest>

Q_DECLARE_METATYPE(mantle::emulator::FaultPlan)

using namespace mantle;
using namespace mantle::emulator;

namespace {

FaultPlan plan(void (*change)(FaultPlan &))
{
    FaultPlan p;
    change(p);
    return p;
}

} // namespace

class TestFaultPlan : public QObject
{
    Q_OBJECT

private slots:
    void readsEachItem_data();
    void readsEachItem();
    void refusesMalformedItems_data();
    void refusesMalformedItems();
};

void TestFaultPlan::readsEachItem_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<FaultPlan>("expected");
    QTest::addColumn<bool>("replacesAnswer");

    QTest::addRow("empty") << QByteArray() << FaultPlan() << false;
    QTest::addRow("latency") << QByteArray("latency=250")
                             << plan([](FaultPlan &p) { p.latencyMs = 250; }) << false;
    QTest::addRow("status") << QByteArray("status=503")
                            << plan([](FaultPlan &p) { p.status = 503; }) << true;
    QTest::addRow("status with retry-after")
        << QByteArray("status=429;retry-after=2") << plan([](FaultPlan &p) {
               p.status = 429;
               p.retryAfterSeconds = 2;
           })
        << true;
    QTest::addRow("access-denied")
        << QByteArray("access-denied") << plan([](FaultPlan &p) { p.accessDenied = true; }) << true;
    QTest::addRow("wrong-prefix") << QByteArray("wrong-prefix")
                                  << plan([](FaultPlan &p) { p.wrongPrefix = true; }) << true;
    QTest::addRow("drop-after") << QByteArray("drop-after=3")
                                << plan([](FaultPlan &p) { p.dropAfter = 3; }) << false;
    QTest::addRow("drop-after zero")
        << QByteArray("drop-after=0") << plan([](FaultPlan &p) { p.dropAfter = 0; }) << false;
    QTest::addRow("malformed-after") << QByteArray("malformed-after=1")
                                     << plan([](FaultPlan &p) { p.malformedAfter = 1; }) << false;
    QTest::addRow("stall-after") << QByteArray("stall-after=4")
                                 << plan([](FaultPlan &p) { p.stallAfter = 4; }) << false;
    QTest::addRow("several, spaces and case")
        << QByteArray(" Latency=10 ; drop-after = 2;;Wrong-Prefix ") << plan([](FaultPlan &p) {
               p.latencyMs = 10;
               p.dropAfter = 2;
               p.wrongPrefix = true;
           })
        << true;
}

void TestFaultPlan::readsEachItem()
{
    QFETCH(QByteArray, header);
    QFETCH(FaultPlan, expected);
    QFETCH(bool, replacesAnswer);
    const Result<FaultPlan> parsed = FaultPlan::parse(header);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QVERIFY(*parsed == expected);
    QCOMPARE(parsed->replacesAnswer(), replacesAnswer);
}

void TestFaultPlan::refusesMalformedItems_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("unknown") << QByteArray("explode") << QStringLiteral("explode");
    QTest::addRow("status out of range") << QByteArray("status=200") << QStringLiteral("status");
    QTest::addRow("status not a number") << QByteArray("status=abc") << QStringLiteral("abc");
    QTest::addRow("negative") << QByteArray("drop-after=-1") << QStringLiteral("drop-after");
    QTest::addRow("missing value") << QByteArray("latency") << QStringLiteral("latency");
    QTest::addRow("empty value") << QByteArray("latency=") << QStringLiteral("latency");
    QTest::addRow("value on a flag")
        << QByteArray("access-denied=1") << QStringLiteral("access-denied");
    QTest::addRow("latency too long") << QByteArray("latency=3600000") << QStringLiteral("latency");
    QTest::addRow("retry-after alone")
        << QByteArray("retry-after=2") << QStringLiteral("retry-after");
}

void TestFaultPlan::refusesMalformedItems()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, mentions);
    const Result<FaultPlan> parsed = FaultPlan::parse(header);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().message.contains(mentions), qPrintable(parsed.error().message));
}

QTEST_GUILESS_MAIN(TestFaultPlan)
#include "tst_faultplan.moc"
