// The aligned tables `mantle` prints (models --details, regions, compare) share one formatter.

#include "texttable.h"

#include <QTest>

using mantle::cli::TextTable;

class TestTextTable : public QObject
{
    Q_OBJECT

private slots:
    void padsEveryColumnButTheLastToItsWidestCell();
    void rightAlignsTheColumnsAskedFor();
    void endsNoLineWithWhiteSpace();
    void emptyTableIsEmpty();
};

void TestTextTable::padsEveryColumnButTheLastToItsWidestCell()
{
    const QString table = TextTable::format(
        {{QStringLiteral("ID"), QStringLiteral("REGION"), QStringLiteral("NOTE")},
         {QStringLiteral("a-long-id"), QStringLiteral("eu"), QStringLiteral("a long last cell")}});
    QCOMPARE(table,
             QStringLiteral("ID         REGION  NOTE\n"
                            "a-long-id  eu      a long last cell\n"));
}

void TestTextTable::rightAlignsTheColumnsAskedFor()
{
    using Align = TextTable::Align;
    const QString table = TextTable::format(
        {{QStringLiteral("target"), QStringLiteral("in"), QStringLiteral("error")},
         {QStringLiteral("x"), QStringLiteral("1234"), QString()}},
        {Align::Left, Align::Right});
    QCOMPARE(table,
             QStringLiteral("target    in  error\n"
                            "x       1234\n"));
}

void TestTextTable::endsNoLineWithWhiteSpace()
{
    const QString table = TextTable::format(
        {{QStringLiteral("A"), QStringLiteral("B")}, {QStringLiteral("long"), QString()}});
    QCOMPARE(table, QStringLiteral("A     B\nlong\n"));
}

void TestTextTable::emptyTableIsEmpty()
{
    QCOMPARE(TextTable::format({}), QString());
}

QTEST_APPLESS_MAIN(TestTextTable)
#include "tst_texttable.moc"
