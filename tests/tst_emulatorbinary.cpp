// The real `mantle-emulator` and `mantle emulator` processes: the first stdout line of the
// contract, a request served, SIGTERM and SIGINT ending them with exit code 0, and the exit
// codes for a wrong command line and a port that is taken.

#include <QHostAddress>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#if defined(Q_OS_UNIX)
#include <csignal>
#endif

namespace {

struct Program
{
    QString binary;
    QStringList prefix; ///< arguments before the emulator's own
};

Program programNamed(const QString &name)
{
    if (name == QLatin1String("mantle emulator"))
        return {QStringLiteral(MANTLE_BINARY), {QStringLiteral("emulator")}};
    return {QStringLiteral(MANTLE_EMULATOR_BINARY), {}};
}

/// Reads the first line of stdout; an empty string when none comes.
QString firstLine(QProcess &process)
{
    QByteArray line;
    while (!line.contains('\n') && process.waitForReadyRead(10000))
        line += process.readAllStandardOutput();
    if (!line.contains('\n') && process.state() == QProcess::NotRunning)
        line += process.readAllStandardOutput();
    return QString::fromUtf8(line);
}

/// A GET with the emulator's API key; the status code, or 0.
int getStatus(quint16 port, const QByteArray &path)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return 0;
    socket.write("GET " + path
                 + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer mantle-emulator-key\r\n"
                   "Connection: close\r\n\r\n");
    QByteArray answer;
    while (socket.waitForReadyRead(5000))
        answer += socket.readAll();
    answer += socket.readAll();
    const QList<QByteArray> parts = answer.left(answer.indexOf("\r\n")).split(' ');
    return parts.size() >= 2 ? parts[1].toInt() : 0;
}

const QRegularExpression
    kListening(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)\\n"));

} // namespace

class TestEmulatorBinary : public QObject
{
    Q_OBJECT

private slots:
    void printsTheListeningLineAndStopsOnSignal_data();
    void printsTheListeningLineAndStopsOnSignal();
    void listensOnTheRequestedPort();
    void refusesAWrongCommandLine_data();
    void refusesAWrongCommandLine();
    void failsWhenThePortIsTaken();
};

void TestEmulatorBinary::printsTheListeningLineAndStopsOnSignal_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<int>("signalNumber");
    QTest::addRow("mantle-emulator, SIGTERM") << QStringLiteral("mantle-emulator") << 15;
    QTest::addRow("mantle emulator, SIGTERM") << QStringLiteral("mantle emulator") << 15;
#if defined(Q_OS_UNIX)
    QTest::addRow("mantle-emulator, SIGINT") << QStringLiteral("mantle-emulator") << 2;
    QTest::addRow("mantle emulator, SIGINT") << QStringLiteral("mantle emulator") << 2;
#endif
}

void TestEmulatorBinary::printsTheListeningLineAndStopsOnSignal()
{
    QFETCH(QString, program);
    QFETCH(int, signalNumber);
    const Program p = programNamed(program);
    QProcess process;
    process.start(p.binary,
                  p.prefix + QStringList{QStringLiteral("--region"), QStringLiteral("eu-west-1")});
    QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));

    const QString line = firstLine(process);
    const QRegularExpressionMatch match = kListening.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    const uint port = match.captured(1).toUInt();
    QVERIFY(port > 0 && port < 65536);

    QCOMPARE(getStatus(quint16(port), "/v1/models"), 200);
    QCOMPARE(process.state(), QProcess::Running);

#if defined(Q_OS_UNIX)
    ::kill(pid_t(process.processId()), signalNumber);
#else
    Q_UNUSED(signalNumber);
    process.terminate();
#endif
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray errors = process.readAllStandardError();
    QVERIFY2(errors.isEmpty(), errors.constData());
}

void TestEmulatorBinary::listensOnTheRequestedPort()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    QProcess process;
    process.start(QStringLiteral(MANTLE_EMULATOR_BINARY),
                  {QStringLiteral("--port"), QString::number(port)});
    QVERIFY(process.waitForStarted());
    QCOMPARE(firstLine(process), QStringLiteral("listening on http://127.0.0.1:%1\n").arg(port));
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

void TestEmulatorBinary::refusesAWrongCommandLine_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("region outside Mantle")
        << QStringLiteral("mantle-emulator")
        << QStringList{QStringLiteral("--region"), QStringLiteral("ca-central-1")};
    QTest::addRow("port not a number")
        << QStringLiteral("mantle emulator")
        << QStringList{QStringLiteral("--port"), QStringLiteral("http")};
    QTest::addRow("port too large")
        << QStringLiteral("mantle-emulator")
        << QStringList{QStringLiteral("--port"), QStringLiteral("70000")};
    QTest::addRow("unknown option")
        << QStringLiteral("mantle-emulator") << QStringList{QStringLiteral("--tls")};
    QTest::addRow("pace not a number")
        << QStringLiteral("mantle-emulator")
        << QStringList{QStringLiteral("--pace-ms"), QStringLiteral("-5")};
}

void TestEmulatorBinary::refusesAWrongCommandLine()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    const Program p = programNamed(program);
    QProcess process;
    process.start(p.binary, p.prefix + arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QVERIFY(!process.readAllStandardError().isEmpty());
}

void TestEmulatorBinary::failsWhenThePortIsTaken()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    QProcess process;
    process.start(QStringLiteral(MANTLE_EMULATOR_BINARY),
                  {QStringLiteral("--port"), QString::number(taken.serverPort())});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QVERIFY(process.readAllStandardError().contains("cannot listen"));
}

QTEST_GUILESS_MAIN(TestEmulatorBinary)
#include "tst_emulatorbinary.moc"
