#include "mantle/regions.h"

#include "expectedregions.h"
#include <QSet>

#include <QTest>

using namespace mantle::mantle;

class TestRegions : public QObject
{
    Q_OBJECT

private slots:
    void listsTheThirteenMantleRegionsInOrder();
    void givesEveryRegionAUniqueDisplayName();
    void namesTheCityOfEachRegion_data();
    void namesTheCityOfEachRegion();
    void recognisesMantleRegions_data();
    void recognisesMantleRegions();
    void givesNoDisplayNameForOtherRegions();
    void joinsTheRegionCodesForMessages();
    void recognisesRegionShapedCodes_data();
    void recognisesRegionShapedCodes();
};

namespace {

const QStringList &kExpectedCodes = expectedMantleRegions();

} // namespace

void TestRegions::listsTheThirteenMantleRegionsInOrder()
{
    QStringList codes;
    for (const Region &region : mantleRegions())
        codes.append(region.code);
    QCOMPARE(codes, kExpectedCodes);
}

void TestRegions::givesEveryRegionAUniqueDisplayName()
{
    const QList<Region> regions = mantleRegions();
    QCOMPARE(regions.size(), 13);
    QSet<QString> names;
    for (const Region &region : regions) {
        QVERIFY2(!region.displayName.trimmed().isEmpty(), qPrintable(region.code));
        QCOMPARE(regionDisplayName(region.code), region.displayName);
        names.insert(region.displayName);
    }
    QCOMPARE(names.size(), 13);
}

void TestRegions::namesTheCityOfEachRegion_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("city");
    const QStringList cities{
        QStringLiteral("N. Virginia"), QStringLiteral("Ohio"),      QStringLiteral("Oregon"),
        QStringLiteral("Mumbai"),      QStringLiteral("Jakarta"),   QStringLiteral("Sydney"),
        QStringLiteral("Tokyo"),       QStringLiteral("Frankfurt"), QStringLiteral("Ireland"),
        QStringLiteral("London"),      QStringLiteral("Milan"),     QStringLiteral("Stockholm"),
        QStringLiteral("São Paulo"),
    };
    for (qsizetype i = 0; i < kExpectedCodes.size(); ++i)
        QTest::addRow("%s", qPrintable(kExpectedCodes[i])) << kExpectedCodes[i] << cities[i];
}

void TestRegions::namesTheCityOfEachRegion()
{
    QFETCH(QString, code);
    QFETCH(QString, city);
    QVERIFY2(regionDisplayName(code).contains(city), qPrintable(regionDisplayName(code)));
}

void TestRegions::recognisesMantleRegions_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("expected");
    for (const QString &code : kExpectedCodes)
        QTest::addRow("%s", qPrintable(code)) << code << true;
    QTest::addRow("us-west-1 (no Mantle)") << QStringLiteral("us-west-1") << false;
    QTest::addRow("eu-west-3 (no Mantle)") << QStringLiteral("eu-west-3") << false;
    QTest::addRow("upper case") << QStringLiteral("US-EAST-1") << false;
    QTest::addRow("leading space") << QStringLiteral(" us-east-1") << false;
    QTest::addRow("trailing space") << QStringLiteral("us-east-1 ") << false;
    QTest::addRow("display name") << QStringLiteral("US East (N. Virginia)") << false;
    QTest::addRow("empty") << QString() << false;
}

void TestRegions::recognisesMantleRegions()
{
    QFETCH(QString, code);
    QFETCH(bool, expected);
    QCOMPARE(isMantleRegion(code), expected);
}

void TestRegions::givesNoDisplayNameForOtherRegions()
{
    QVERIFY(regionDisplayName(QStringLiteral("us-west-1")).isEmpty());
    QVERIFY(regionDisplayName(QString()).isEmpty());
}

void TestRegions::joinsTheRegionCodesForMessages()
{
    QCOMPARE(mantleRegionCodes(), kExpectedCodes.join(QLatin1String(", ")));
}

void TestRegions::recognisesRegionShapedCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("expected");
    QTest::addRow("us-east-1") << QStringLiteral("us-east-1") << true;
    QTest::addRow("ap-southeast-3") << QStringLiteral("ap-southeast-3") << true;
    QTest::addRow("region without Mantle") << QStringLiteral("us-west-1") << true;
    QTest::addRow("three-part name") << QStringLiteral("us-gov-west-1") << true;
    QTest::addRow("two-digit number") << QStringLiteral("eu-west-10") << true;
    QTest::addRow("empty") << QString() << false;
    QTest::addRow("no number") << QStringLiteral("us-east") << false;
    QTest::addRow("no dashes") << QStringLiteral("useast1") << false;
    QTest::addRow("upper case") << QStringLiteral("US-EAST-1") << false;
    QTest::addRow("spaces") << QStringLiteral("us east 1") << false;
    QTest::addRow("leading dash") << QStringLiteral("-us-east-1") << false;
    QTest::addRow("trailing dash") << QStringLiteral("us-east-1-") << false;
    QTest::addRow("trailing space") << QStringLiteral("us-east-1 ") << false;
    QTest::addRow("display name") << QStringLiteral("US East (N. Virginia)") << false;
    QTest::addRow("host name") << QStringLiteral("bedrock-mantle.us-east-1.api.aws") << false;
}

void TestRegions::recognisesRegionShapedCodes()
{
    QFETCH(QString, code);
    QFETCH(bool, expected);
    QCOMPARE(looksLikeRegionCode(code), expected);
}

QTEST_GUILESS_MAIN(TestRegions)
#include "tst_regions.moc"
