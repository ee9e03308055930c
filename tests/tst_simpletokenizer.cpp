// The emulator's simple word/punctuation tokenizer: counts, streaming pieces, truncation.

#include "simpletokenizer.h"

#include <QTest>

using mantle::emulator::SimpleTokenizer;

class tst_SimpleTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void tokenizerCountsWordsAndPunctuation_data();
    void tokenizerCountsWordsAndPunctuation();
    void tokenizerPiecesRebuildTheText_data();
    void tokenizerPiecesRebuildTheText();
    void tokenizerTruncatesAtATokenEnd();
};

// --- The tokenizer ---------------------------------------------------------------------------

void tst_SimpleTokenizer::tokenizerCountsWordsAndPunctuation_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("empty") << QString() << qint64(0);
    QTest::newRow("white space") << QStringLiteral(" \n\t ") << qint64(0);
    QTest::newRow("words and punctuation") << QStringLiteral("Hello, world!") << qint64(4);
    QTest::newRow("json") << QStringLiteral(R"({"city":"Paris"})") << qint64(9);
    QTest::newRow("digits and underscore") << QStringLiteral("get_weather 42") << qint64(2);
    QTest::newRow("accents are letters") << QStringLiteral("café crème") << qint64(2);
    QTest::newRow("emoji is one token") << QStringLiteral("hi 😀!") << qint64(3);
}

void tst_SimpleTokenizer::tokenizerCountsWordsAndPunctuation()
{
    QFETCH(QString, text);
    QFETCH(qint64, tokens);
    QCOMPARE(SimpleTokenizer::count(text), tokens);
}

void tst_SimpleTokenizer::tokenizerPiecesRebuildTheText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("pieces");
    QTest::newRow("words") << QStringLiteral("Hello, dear world!")
                           << QStringList{QStringLiteral("Hello,"), QStringLiteral(" dear"),
                                          QStringLiteral(" world!")};
    QTest::newRow("leading and trailing space")
        << QStringLiteral("  Hi there ")
        << QStringList{QStringLiteral("  Hi"), QStringLiteral(" there ")};
    QTest::newRow("long json is cut at token ends")
        << QStringLiteral(R"({"city":"Paris","units":"celsius"})")
        << QStringList{QStringLiteral(R"({"city":"Paris)"), QStringLiteral(R"(","units":"celsius)"),
                       QStringLiteral(R"("})")};
    QTest::newRow("surrogate pairs stay whole")
        << QStringLiteral("😀😀😀😀😀😀😀😀 ok")
        << QStringList{QStringLiteral("😀😀😀😀😀😀"), QStringLiteral("😀😀"), QStringLiteral(" ok")};
    QTest::newRow("empty") << QString() << QStringList();
}

void tst_SimpleTokenizer::tokenizerPiecesRebuildTheText()
{
    QFETCH(QString, text);
    QFETCH(QStringList, pieces);
    const QStringList got = SimpleTokenizer::pieces(text);
    QCOMPARE(got, pieces);
    QCOMPARE(got.join(QString()), text);
}

void tst_SimpleTokenizer::tokenizerTruncatesAtATokenEnd()
{
    QCOMPARE(SimpleTokenizer::truncated(u"Hello, dear world!", 2), QStringLiteral("Hello,"));
    QCOMPARE(SimpleTokenizer::truncated(u"Hello, dear world!", 3), QStringLiteral("Hello, dear"));
    QCOMPARE(SimpleTokenizer::truncated(u"Hello", 5), QStringLiteral("Hello"));
    QCOMPARE(SimpleTokenizer::truncated(u"Hello", 0), QString());
}

QTEST_GUILESS_MAIN(tst_SimpleTokenizer)
#include "tst_simpletokenizer.moc"
