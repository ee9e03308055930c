// The bugs the fuzz targets (fuzz/, issue #10 part 2) found, each pinned by a unit test of the
// behaviour that was wrong. The inputs that first showed them are seeds in fuzz/seeds/ too.

#include "api/errorclassifier.h"
#include "sessions/session.h"

#include <QJsonDocument>
#include <QtTest>

using mantle::api::ClassifiedError;
using mantle::api::ErrorClassifier;
using mantle::api::FailedCall;
using mantle::sessions::Session;

class TestFuzzFindings : public QObject
{
    Q_OBJECT

private slots:
    void errorClassifierQuotesTheErrorTypeLikeTheMessage_data();
    void errorClassifierQuotesTheErrorTypeLikeTheMessage();
    void sessionSaveKeepsAForkEntryWithoutItsSession();
    void sessionVersionOutOfIntegerRangeIsRefused_data();
    void sessionVersionOutOfIntegerRangeIsRefused();
    void markdownWithoutATurnIsRefused_data();
    void markdownWithoutATurnIsRefused();
};

void TestFuzzFindings::errorClassifierQuotesTheErrorTypeLikeTheMessage_data()
{
    QTest::addColumn<QByteArray>("errorType");
    QTest::addColumn<QString>("mustNotAppear");

    // Found by fuzz_errorclassifier: the envelope's type went into the message as it came, so a
    // token a proxy echoed there was shown (and logged) whole.
    QTest::newRow("bearer token") << QByteArray("auth and Bearer abcdefghijklmnopqrstuvwxyz0123")
                                  << QStringLiteral("abcdefghijklmnopqrstuvwxyz0123");
    QTest::newRow("API key") << QByteArray("ABSKQmVkcm9ja0FQSUtleS1mYWtlLWtleQ")
                             << QStringLiteral("ABSKQmVkcm9ja0FQSUtleS1mYWtlLWtleQ");
    QTest::newRow("access key id")
        << QByteArray("denied for AKIAABCDEFGHIJKLMNOP") << QStringLiteral("AKIAABCDEFGHIJKLMNOP");
    // ... and a type of any length made a message of any length.
    QTest::newRow("very long type") << QByteArray(5000, 'x') << QString(400, QLatin1Char('x'));
}

void TestFuzzFindings::errorClassifierQuotesTheErrorTypeLikeTheMessage()
{
    QFETCH(QByteArray, errorType);
    QFETCH(QString, mustNotAppear);

    FailedCall call;
    call.surface = mantle::mantle::ApiSurface::ChatCompletions;
    call.region = QStringLiteral("us-east-1");
    call.routePrefix = QStringLiteral("/v1");
    call.httpStatus = 401;
    call.body = "{\"error\":{\"type\":\"" + errorType + "\",\"message\":\"refused\"}}";

    const ClassifiedError classified = ErrorClassifier::classify(call);
    const QString shown = classified.error.toDisplayString();
    QVERIFY2(!shown.contains(mustNotAppear), qPrintable(shown));
    QVERIFY2(classified.error.message.size() < 2 * ErrorClassifier::kMaxQuotedLength,
             qPrintable(QString::number(classified.error.message.size())));
    QVERIFY(classified.error.message.contains(QLatin1String("refused")));
}

// Found by fuzz_sessionjson (in CI's brief run): a "version" beyond the integers a double holds
// exactly was converted to an integer, which is undefined (UBSan: 1e+76 is outside the range of
// long long). It is an invalid version; a large whole one is a newer format, left untouched.
void TestFuzzFindings::sessionVersionOutOfIntegerRangeIsRefused_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QString>("expected");
    const QString invalid = QStringLiteral("expected a whole number");
    QTest::newRow("1e76") << QByteArray("1e76") << invalid;
    QTest::newRow("-1e300") << QByteArray("-1e300") << invalid;
    QTest::newRow("2^53 + 2") << QByteArray("9007199254740994") << invalid;
    QTest::newRow("2.5") << QByteArray("2.5") << invalid;
    QTest::newRow("999999") << QByteArray("999999") << QStringLiteral("newer version");
}

void TestFuzzFindings::sessionVersionOutOfIntegerRangeIsRefused()
{
    QFETCH(QByteArray, version);
    QFETCH(QString, expected);
    QJsonObject json = Session::create(mantle::mantle::ApiSurface::ChatCompletions).toJson();
    json.remove(QStringLiteral("version"));
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
    const QByteArray withVersion = text.left(text.size() - 1) + ",\"version\":" + version + "}";
    const QJsonDocument document = QJsonDocument::fromJson(withVersion);
    QVERIFY(document.isObject());
    const mantle::Result<Session> loaded = Session::fromJson(document.object());
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().message.contains(expected), qPrintable(loaded.error().message));
}

// Found by fuzz_sessionjson: a file whose forked_from names an entry but no session loaded with
// that entry, and saving it dropped the entry: a save changed what was loaded.
void TestFuzzFindings::sessionSaveKeepsAForkEntryWithoutItsSession()
{
    Session session = Session::create(mantle::mantle::ApiSurface::Responses);
    session.forkedFromEntry = QStringLiteral("entry-7");

    const mantle::Result<Session> reloaded = Session::fromJson(session.toJson());
    QVERIFY(reloaded.ok());
    QCOMPARE(reloaded->forkedFromEntry, QStringLiteral("entry-7"));
    QVERIFY(reloaded->forkedFromSession.isEmpty());
    QCOMPARE(*reloaded, session);
}

void TestFuzzFindings::markdownWithoutATurnIsRefused_data()
{
    QTest::addColumn<QString>("markdown");

    // Found by fuzz_sessionmarkdown: a file with a system prompt and no turn was imported as a
    // session without entries, although fromMarkdown() promises an error for it.
    QTest::newRow("exported, system prompt only")
        << QStringLiteral("# Only instructions\n\n<!-- mantle-entry role=system -->\n"
                          "## System prompt\n\nAnswer briefly.\n");
    QTest::newRow("hand-written, system prompt only")
        << QStringLiteral("## System prompt\n\nAnswer briefly.\n");
    QTest::newRow("no heading at all") << QStringLiteral("Just some text.\n");
}

void TestFuzzFindings::markdownWithoutATurnIsRefused()
{
    QFETCH(QString, markdown);

    const mantle::Result<Session> session
        = Session::fromMarkdown(markdown, mantle::mantle::ApiSurface::ChatCompletions);
    QVERIFY(!session.ok());
    QCOMPARE(session.error().kind, mantle::Error::Kind::Parse);
    QVERIFY(!session.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestFuzzFindings)
#include "tst_fuzzfindings.moc"
