// `mantle replay` run in-process on every recorded answer (the shared transcripts and ours):
// the turn JSON it prints, its exit codes and messages; and the outside hook script that checks
// the real binary against the shared transcripts.

#include "api/turn.h"
#include "commandline.h"
#include "turntranscripts.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mantle::cli;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run runMantleWith(const QStringList &args)
{
    Run run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    CommandContext context{args, QProcessEnvironment(), &out, &err};
    run.code = runMantle(context);
    out.flush();
    err.flush();
    return run;
}

QString apiName(mantle::mantle::ApiSurface surface)
{
    return mantle::mantle::apiSurfaceName(surface);
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private slots:
    void printsTheExpectedTurnForEveryTranscript_data();
    void printsTheExpectedTurnForEveryTranscript();
    void printsTheStableShapeWithNulls();
    void roundTripsATurnThroughTheReplayJson();
    void exitsZeroWhenTheStreamReportsAnError();
    void readsAnEmptyFileAsAStreamCutShort();
    void reportsUsageErrors_data();
    void reportsUsageErrors();
    void failsWhenTheFileCannotBeRead();
    void failsWhenABodyIsNotJson();
    void printsHelp();
    void passesTheSharedHookScript_data();
    void passesTheSharedHookScript();

private:
    QTemporaryDir m_dir;
};

void TestReplay::printsTheExpectedTurnForEveryTranscript_data()
{
    QTest::addColumn<QString>("api");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("expected");
    const QList<mantle::test::Transcript> transcripts = mantle::test::allTranscripts();
    QVERIFY(transcripts.size() >= 6 + 12);
    for (const mantle::test::Transcript &t : transcripts)
        QTest::addRow("%s", qPrintable(t.name)) << apiName(t.surface) << t.path << t.expected;
}

void TestReplay::printsTheExpectedTurnForEveryTranscript()
{
    QFETCH(QString, api);
    QFETCH(QString, path);
    QFETCH(QJsonObject, expected);
    const Run run = runMantleWith({QStringLiteral("replay"), QStringLiteral("--api"), api, path});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QJsonParseError parseError;
    const QJsonDocument printed = QJsonDocument::fromJson(run.out.toUtf8(), &parseError);
    QVERIFY2(printed.isObject(), qPrintable(parseError.errorString()));
    const QString mismatch = mantle::test::conventionMismatch(printed.object(), expected);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestReplay::printsTheStableShapeWithNulls()
{
    const QString path = QStringLiteral(MANTLE_SHARED_TESTDATA "/sse/chat-reasoning-crlf.sse");
    const Run run = runMantleWith(
        {QStringLiteral("replay"), QStringLiteral("--api"), QStringLiteral("chat"), path});
    QCOMPARE(run.code, 0);
    const QJsonObject printed = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QStringList keys = printed.keys();
    keys.sort();
    QCOMPARE(keys,
             QStringList({QStringLiteral("error"), QStringLiteral("reasoning"),
                          QStringLiteral("response_id"), QStringLiteral("stop_reason"),
                          QStringLiteral("text"), QStringLiteral("tool_calls"),
                          QStringLiteral("usage")}));
    QVERIFY(printed.value(QLatin1String("usage")).isNull());
    QVERIFY(printed.value(QLatin1String("error")).isNull());
    QVERIFY(printed.value(QLatin1String("tool_calls")).isArray());
}

void TestReplay::roundTripsATurnThroughTheReplayJson()
{
    using mantle::api::Turn;
    Turn full;
    full.text = QStringLiteral("Answer ✓");
    full.reasoning = QStringLiteral("Because.");
    full.toolCalls = {{QStringLiteral("call_1"), QStringLiteral("f"), QStringLiteral("{\"a\":1}")},
                      {QStringLiteral("call_2"), QStringLiteral("g"), QStringLiteral("{}")}};
    mantle::api::Usage usage;
    usage.inputTokens = 12;
    usage.outputTokens = 34;
    usage.cachedInputTokens = 5;
    usage.cacheCreationInputTokens = 0;
    usage.reasoningTokens = 7;
    usage.raw = QJsonObject{{QStringLiteral("input_tokens"), 12}};
    full.usage = usage;
    full.stopReason = QStringLiteral("tool_calls");
    full.responseId = QStringLiteral("chatcmpl-1");
    full.error = mantle::api::TurnError{QStringLiteral("invalid_request_error"),
                                        QStringLiteral("Bad."), QStringLiteral("validation_error")};
    QCOMPARE(Turn::fromReplayJson(full.toReplayJson()), full);

    const QJsonObject empty = Turn().toReplayJson();
    QVERIFY(empty.value(QLatin1String("reasoning")).isNull());
    QVERIFY(empty.value(QLatin1String("stop_reason")).isNull());
    QVERIFY(empty.value(QLatin1String("response_id")).isNull());
    QCOMPARE(empty.value(QLatin1String("text")), QJsonValue(QString()));
    QCOMPARE(Turn::fromReplayJson(empty), Turn());
}

void TestReplay::exitsZeroWhenTheStreamReportsAnError()
{
    const QString path
        = QStringLiteral(MANTLE_SHARED_TESTDATA "/sse/anthropic-overloaded-midstream.sse");
    const Run run = runMantleWith(
        {QStringLiteral("replay"), QStringLiteral("--api"), QStringLiteral("messages"), path});
    QCOMPARE(run.code, 0);
    const QJsonObject error = QJsonDocument::fromJson(run.out.toUtf8())
                                  .object()
                                  .value(QLatin1String("error"))
                                  .toObject();
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("overloaded_error"));
}

void TestReplay::readsAnEmptyFileAsAStreamCutShort()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("empty.sse"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const Run run = runMantleWith(
        {QStringLiteral("replay"), QStringLiteral("--api"), QStringLiteral("responses"), path});
    QCOMPARE(run.code, 0);
    const QJsonObject printed = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(printed.value(QLatin1String("error")).toObject().value(QLatin1String("type")),
             QStringLiteral("incomplete_stream"));
    QCOMPARE(printed.value(QLatin1String("text")).toString(), QString());
}

void TestReplay::reportsUsageErrors_data()
{
    const QString file = QStringLiteral(MANTLE_SHARED_TESTDATA "/sse/chat-reasoning-crlf.sse");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addRow("no api") << QStringList{file} << QStringLiteral("--api");
    QTest::addRow("no file") << QStringList{QStringLiteral("--api"), QStringLiteral("chat")}
                             << QStringLiteral("FILE");
    QTest::addRow("unknown api") << QStringList{QStringLiteral("--api"), QStringLiteral("gemini"),
                                                file}
                                 << QStringLiteral("gemini");
    QTest::addRow("api without turns")
        << QStringList{QStringLiteral("--api"), QStringLiteral("models"), file}
        << QStringLiteral("models");
    QTest::addRow("two files") << QStringList{QStringLiteral("--api"), QStringLiteral("chat"), file,
                                              file}
                               << QStringLiteral("unexpected");
    QTest::addRow("unknown option") << QStringList{QStringLiteral("--api"), QStringLiteral("chat"),
                                                   QStringLiteral("--fast"), file}
                                    << QStringLiteral("fast");
}

void TestReplay::reportsUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run run = runMantleWith(QStringList{QStringLiteral("replay")} + args);
    QCOMPARE(run.code, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.err.contains(QLatin1String("mantle replay --help")));
}

void TestReplay::failsWhenTheFileCannotBeRead()
{
    const QString missing = m_dir.filePath(QStringLiteral("no-such-recording.sse"));
    const Run run = runMantleWith(
        {QStringLiteral("replay"), QStringLiteral("--api"), QStringLiteral("chat"), missing});
    QCOMPARE(run.code, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(QLatin1String("no-such-recording.sse")), qPrintable(run.err));
}

void TestReplay::failsWhenABodyIsNotJson()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"id\": \"chatcmpl-1\", \"choices\": [");
    file.close();
    for (const QString &api :
         {QStringLiteral("chat"), QStringLiteral("responses"), QStringLiteral("messages")}) {
        const Run run
            = runMantleWith({QStringLiteral("replay"), QStringLiteral("--api"), api, path});
        QCOMPARE(run.code, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QLatin1String("JSON"))
                     || run.err.contains(QLatin1String("Messages body")),
                 qPrintable(run.err));
    }
}

void TestReplay::printsHelp()
{
    const Run run = runMantleWith({QStringLiteral("replay"), QStringLiteral("--help")});
    QCOMPARE(run.code, 0);
    QVERIFY(run.out.contains(QLatin1String("--api chat|responses|messages FILE")));
    const Run list = runMantleWith({QStringLiteral("--help")});
    QVERIFY(list.out.contains(QLatin1String("replay")));
}

void TestReplay::passesTheSharedHookScript_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addRow("shared") << QStringLiteral(MANTLE_SHARED_TESTDATA "/sse");
    QTest::addRow("ours") << QStringLiteral(MANTLE_TEST_DATA "/sse");
}

void TestReplay::passesTheSharedHookScript()
{
    QFETCH(QString, folder);
    const QString script = QStringLiteral(MANTLE_REPLAY_CHECK_SCRIPT);
    if (!QFileInfo::exists(script))
        QSKIP("the replay hook script is not there (MANTLE_REPLAY_CHECK_SCRIPT)");
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed");
    QProcess process;
    process.start(python, {script, QStringLiteral(MANTLE_BINARY), folder});
    QVERIFY(process.waitForStarted());
    QVERIFY(process.waitForFinished(120000));
    const QString output = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(output + QString::fromUtf8(process.readAllStandardError())));
    QVERIFY2(output.contains(QLatin1String("transcripts match")), qPrintable(output));
}

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
