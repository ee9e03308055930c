// JsonPointer (RFC 6901): building and splitting pointers with their escapes, reading the value
// a pointer names, and editing a document at a pointer.

#include "schema/jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using mantle::schema::JsonPointer;

namespace {

QJsonValue document()
{
    // The example document of RFC 6901, section 5.
    return QJsonObject{
        {QStringLiteral("foo"), QJsonArray{QStringLiteral("bar"), QStringLiteral("baz")}},
        {QString(), 0},
        {QStringLiteral("a/b"), 1},
        {QStringLiteral("c%d"), 2},
        {QStringLiteral("e^f"), 3},
        {QStringLiteral("g|h"), 4},
        {QStringLiteral("i\\j"), 5},
        {QStringLiteral("k\"l"), 6},
        {QStringLiteral(" "), 7},
        {QStringLiteral("m~n"), 8},
    };
}

} // namespace

class TestJsonPointer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolvesTheRfcExamples_data();
    void resolvesTheRfcExamples();
    void roundTripsTokens_data();
    void roundTripsTokens();
    void findsNothingWhereThereIsNothing_data();
    void findsNothingWhereThereIsNothing();
    void editsOnlyTheValueNamed();
};

void TestJsonPointer::resolvesTheRfcExamples_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QJsonValue>("expected");
    QTest::addRow("whole document") << QString() << document();
    QTest::addRow("/foo") << QStringLiteral("/foo")
                          << QJsonValue(QJsonArray{QStringLiteral("bar"), QStringLiteral("baz")});
    QTest::addRow("/foo/0") << QStringLiteral("/foo/0") << QJsonValue(QStringLiteral("bar"));
    QTest::addRow("/") << QStringLiteral("/") << QJsonValue(0);
    QTest::addRow("/a~1b") << QStringLiteral("/a~1b") << QJsonValue(1);
    QTest::addRow("percent") << QStringLiteral("/c%d") << QJsonValue(2);
    QTest::addRow("/k\"l") << QStringLiteral("/k\"l") << QJsonValue(6);
    QTest::addRow("/ ") << QStringLiteral("/ ") << QJsonValue(7);
    QTest::addRow("/m~0n") << QStringLiteral("/m~0n") << QJsonValue(8);
}

void TestJsonPointer::resolvesTheRfcExamples()
{
    QFETCH(QString, pointer);
    QFETCH(QJsonValue, expected);
    const std::optional<QJsonValue> value = JsonPointer::valueAt(document(), pointer);
    QVERIFY(value);
    QCOMPARE(*value, expected);
}

void TestJsonPointer::roundTripsTokens_data()
{
    QTest::addColumn<QStringList>("tokens");
    QTest::addColumn<QString>("pointer");
    QTest::addRow("none") << QStringList{} << QString();
    QTest::addRow("plain") << QStringList{QStringLiteral("items"), QStringLiteral("0")}
                           << QStringLiteral("/items/0");
    QTest::addRow("slash and tilde")
        << QStringList{QStringLiteral("a/b"), QStringLiteral("~1")} << QStringLiteral("/a~1b/~01");
    QTest::addRow("empty token") << QStringList{QString()} << QStringLiteral("/");
}

void TestJsonPointer::roundTripsTokens()
{
    QFETCH(QStringList, tokens);
    QFETCH(QString, pointer);
    QCOMPARE(JsonPointer::fromTokens(tokens), pointer);
    QCOMPARE(JsonPointer::toTokens(pointer), std::optional<QStringList>(tokens));
}

void TestJsonPointer::findsNothingWhereThereIsNothing_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addRow("no leading slash") << QStringLiteral("foo");
    QTest::addRow("missing key") << QStringLiteral("/nope");
    QTest::addRow("index past the end") << QStringLiteral("/foo/2");
    QTest::addRow("leading zero") << QStringLiteral("/foo/01");
    QTest::addRow("minus") << QStringLiteral("/foo/-");
    QTest::addRow("through a scalar") << QStringLiteral("/a~1b/x");
}

void TestJsonPointer::findsNothingWhereThereIsNothing()
{
    QFETCH(QString, pointer);
    QVERIFY(!JsonPointer::valueAt(document(), pointer));
    const auto replace = [](const QJsonValue &) {
        return QJsonValue(42);
    };
    QCOMPARE(JsonPointer::edited(document(), pointer, replace), document());
}

void TestJsonPointer::editsOnlyTheValueNamed()
{
    const QJsonValue edited
        = JsonPointer::edited(document(), QStringLiteral("/foo/1"), [](const QJsonValue &v) {
              return QJsonValue(v.toString().toUpper());
          });
    QCOMPARE(JsonPointer::valueAt(edited, QStringLiteral("/foo")),
             std::optional<QJsonValue>(QJsonArray{QStringLiteral("bar"), QStringLiteral("BAZ")}));
    QJsonObject expected = document().toObject();
    expected.insert(QStringLiteral("foo"),
                    QJsonArray{QStringLiteral("bar"), QStringLiteral("BAZ")});
    QCOMPARE(edited, QJsonValue(expected));
}

QTEST_GUILESS_MAIN(TestJsonPointer)
#include "tst_jsonpointer.moc"
