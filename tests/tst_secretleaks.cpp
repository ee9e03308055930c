// Secrets under test, app (issue #10 part 4; the command line is tests/secret-leaks.sh). The
// window answers on every surface with keychain accounts of each kind that the emulator takes
// (an access key with a session token, a Bedrock API key), with Qt's debug logging on and every
// message kept; the inspector's record and "Copy as curl" and the code export dialog in every
// language give their text; the sessions are saved. Then tests/secretscan.py searches the
// files under the test's directories (settings, sessions, learned routes, HOME and the XDG
// directories of tests/with-keyring.sh, but not the keyring itself) and everything the app
// printed, showed or put on the clipboard, for each secret as is, percent-encoded, JSON-escaped
// or in base64: zero hits. The emulator must accept its own secret access key and API key, so
// those are real; the session token, which it takes whatever its value, is a canary.

#include "codeexportdialog.h"
#include "conversationview.h"
#include "demowindowfixture.h"
#include "inspectorview.h"
#include "localemulator.h"
#include "mainwindow.h"
#include "playgroundpage.h"
#include "playgroundservices.h"

#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "common/clock.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextEdit>

#include <cstdio>
#include <memory>

using mantle::accounts::Account;
using mantle::accounts::AccountSecrets;
using mantle::accounts::AuthMethod;
using mantle::mantle::ApiSurface;
using mantle::ui::MainWindow;
using mantle::ui::PlaygroundPage;

namespace {

constexpr int kWaitMs = DemoWindowFixture::kWaitMs;
const QByteArray kSessionTokenCanary = "MantleCanaryAppSessionToken2Jm";

/// Every message Qt and the app log, at every level, appended here.
QByteArray *g_log = nullptr;

void keepMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (g_log) {
        g_log->append(context.category ? context.category : "default");
        g_log->append(": ");
        g_log->append(message.toUtf8());
        g_log->append('\n');
    }
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

/// All the text a widget tree shows: text edits, labels and the cells of item views.
QString shownText(const QWidget *root)
{
    QStringList texts;
    for (const auto *edit : root->findChildren<QPlainTextEdit *>())
        texts.append(edit->toPlainText());
    for (const auto *edit : root->findChildren<QTextEdit *>())
        texts.append(edit->toPlainText());
    for (const auto *label : root->findChildren<QLabel *>())
        texts.append(label->text());
    for (const auto *view : root->findChildren<QAbstractItemView *>()) {
        const QAbstractItemModel *model = view->model();
        if (!model)
            continue;
        for (int row = 0; row < model->rowCount(); ++row) {
            for (int column = 0; column < model->columnCount(); ++column) {
                const QModelIndex index = model->index(row, column);
                texts.append(model->data(index, Qt::DisplayRole).toString());
                texts.append(model->data(index, Qt::ToolTipRole).toString());
            }
        }
    }
    return texts.join(QLatin1Char('\n'));
}

} // namespace

class TestSecretLeaks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void noSecretIsWrittenShownLoggedOrCopied();

private:
    bool addAccount(const Account &account, const AccountSecrets &secrets);

    std::unique_ptr<DemoWindowFixture> m_files;
    QByteArray m_log;
};

void TestSecretLeaks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mantle Playground Tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_secretleaks"));
    // The most verbose logging there is, every message kept for the scan.
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
    g_log = &m_log;
    qInstallMessageHandler(keepMessage);
    m_files
        = std::make_unique<DemoWindowFixture>(QStringLiteral("Mantle Playground tst_secretleaks"));
    QVERIFY(m_files->isValid());
}

void TestSecretLeaks::cleanupTestCase()
{
    qInstallMessageHandler(nullptr);
    g_log = nullptr;
    m_files.reset();
}

bool TestSecretLeaks::addAccount(const Account &account, const AccountSecrets &secrets)
{
    mantle::accounts::AccountStore store(m_files->settings());
    mantle::accounts::SecretStore keychain(m_files->locations().keychainService);
    mantle::accounts::AccountManager manager(store, keychain);
    std::optional<mantle::Status> added;
    manager.add(account, secrets, [&added](mantle::Status status) { added = status; });
    if (!QTest::qWaitFor([&] { return added.has_value(); }, kWaitMs))
        return false;
    if (!added->ok())
        qWarning("cannot add the account: %s", qPrintable(added->error().message));
    return added->ok();
}

void TestSecretLeaks::noSecretIsWrittenShownLoggedOrCopied()
{
    // An emulator of the test's own, for the stored accounts (the window's demo account uses
    // the one built into the app, with the same test key).
    mantle::SystemClock clock;
    mantle::emulator::LocalEmulator emulator(clock);
    QVERIFY2(emulator.start(0), qPrintable(emulator.errorString()));
    const QString endpoint = emulator.rootUrl().toString();
    const QByteArray emulatorSecret = mantle::emulator::LocalEmulator::kSecretAccessKey;
    const QByteArray emulatorKey = mantle::emulator::LocalEmulator::kApiKey;

    Account accessKey;
    accessKey.name = QStringLiteral("leaks-access");
    accessKey.region = QStringLiteral("us-east-1");
    accessKey.auth = AuthMethod::AccessKey;
    accessKey.accessKeyId = QString::fromLatin1(mantle::emulator::LocalEmulator::kAccessKeyId);
    accessKey.endpoint = endpoint;
    AccountSecrets accessSecrets;
    accessSecrets.secretAccessKey = mantle::SecretString(emulatorSecret);
    accessSecrets.sessionToken = mantle::SecretString(kSessionTokenCanary);
    QVERIFY(addAccount(accessKey, accessSecrets));
    Account apiKey;
    apiKey.name = QStringLiteral("leaks-key");
    apiKey.region = QStringLiteral("us-east-1");
    apiKey.auth = AuthMethod::ApiKey;
    apiKey.endpoint = endpoint;
    AccountSecrets keySecrets;
    keySecrets.apiKey = mantle::SecretString(emulatorKey);
    QVERIFY(addAccount(apiKey, keySecrets));

    QByteArray given; // what the app showed and put on the clipboard
    int answers = 0;
    {
        auto window = m_files->openWindow();
        QVERIFY(window);
        auto *accounts = window->findChild<QComboBox *>(QStringLiteral("accountCombo"));
        QVERIFY(accounts);
        for (const QString &account : {accessKey.name, apiKey.name}) {
            const int index = accounts->findData(account);
            QVERIFY2(index >= 0, qPrintable(account));
            QSignalSpy loaded(window.get(), &MainWindow::modelsLoaded);
            accounts->setCurrentIndex(index);
            QVERIFY(loaded.count() > 0 || loaded.wait(kWaitMs));
            for (const ApiSurface surface :
                 {ApiSurface::ChatCompletions, ApiSurface::Responses, ApiSurface::Messages}) {
                const QString model = surface == ApiSurface::Messages
                    ? QStringLiteral("anthropic.claude-haiku-4-5")
                    : QStringLiteral("openai.gpt-oss-120b");
                PlaygroundPage *page = DemoWindowFixture::showSurface(*window, surface, model);
                QVERIFY2(page, qPrintable(model));
                accounts->setCurrentIndex(accounts->findData(account));
                const QString prompt = QStringLiteral("Leak check %1 %2")
                                           .arg(account, mantle::mantle::apiSurfaceName(surface));
                QSignalSpy finished(page, &PlaygroundPage::answerFinished);
                page->promptEdit()->setPlainText(prompt);
                page->send();
                QVERIFY(finished.wait(kWaitMs));
                const auto &entries = page->session().entries;
                QVERIFY(entries.size() >= 2);
                QCOMPARE(entries.constLast().account, account);
                QVERIFY2(entries.constLast().text.contains(prompt),
                         qPrintable(entries.constLast().text));
                // The secret went out (so its absence below means something), redacted in the
                // record: the session token for the access key, the key for the API key.
                QVERIFY(entries.constLast().request);
                const QByteArrayList secretHeaders = account == accessKey.name
                    ? QByteArrayList{"x-amz-security-token"}
                    : QByteArrayList{"authorization", "x-api-key"}; // x-api-key: Messages
                bool sent = false;
                for (const auto &[name, value] : entries.constLast().request->requestHeaders) {
                    sent = sent
                        || (secretHeaders.contains(name.toLower()) && value.contains("redacted"));
                }
                QVERIFY2(sent, qPrintable(prompt));
                ++answers;
                page->conversation()->setCurrentRow(int(entries.size()) - 1);

                // The inspector's record, as shown.
                given += shownText(window->inspector()).toUtf8() + '\n';
                // Copy as curl: variable references, never values.
                QGuiApplication::clipboard()->clear();
                auto *copy = window->inspector()->findChild<QPushButton *>(
                    QStringLiteral("inspectorCopyAsCurl"));
                QVERIFY(copy);
                QTest::mouseClick(copy, Qt::LeftButton);
                const QString curl = QGuiApplication::clipboard()->text();
                QVERIFY2(curl.contains(QLatin1String("$AWS_")), qPrintable(curl));
                QVERIFY(curl.contains(prompt));
                given += curl.toUtf8() + '\n';
                // Export as code, every language, through its Copy button.
                window->exportAsCode();
                mantle::ui::CodeExportDialog *dialog = window->codeExportDialog();
                QVERIFY(dialog);
                QVERIFY(!dialog->languages().isEmpty());
                for (const auto language : dialog->languages()) {
                    QVERIFY(dialog->setCurrentLanguage(language));
                    auto *copyCode
                        = dialog->findChild<QPushButton *>(QStringLiteral("codeExportCopy"));
                    QVERIFY(copyCode);
                    QGuiApplication::clipboard()->clear();
                    copyCode->click();
                    const QString code = QGuiApplication::clipboard()->text();
                    QCOMPARE(code, dialog->code());
                    QVERIFY2(code.contains(QLatin1String("AWS_")), qPrintable(code));
                    given += code.toUtf8() + '\n';
                }
                dialog->close();
                QTRY_VERIFY(!window->codeExportDialog());
                QVERIFY(page->saveNow());
            }
        }
        given += shownText(window.get()).toUtf8() + '\n';
    } // the window closes: settings, routes and sessions written
    QCOMPARE(answers, 6);
    m_files->settings().sync();

    // The scan: everything written, shown, copied and logged.
    const QString printed = m_files->filePath(QStringLiteral("printed"));
    QVERIFY(QDir().mkpath(printed));
    QVERIFY(writeFile(printed + QStringLiteral("/given.txt"), given));
    QVERIFY(writeFile(printed + QStringLiteral("/log.txt"), m_log));
    QVERIFY2(m_log.contains("qt."), "debug logging was not on");
    QVERIFY(QFileInfo(m_files->filePath(QStringLiteral("sessions"))).isDir());
    const QString secrets = m_files->filePath(QStringLiteral("secrets.list"));
    QVERIFY(writeFile(secrets,
                      emulatorSecret + '\n' + emulatorKey + '\n' + kSessionTokenCanary + '\n'));
    QStringList arguments{QStringLiteral(MANTLE_SECRETSCAN), QStringLiteral("--list"),
                          QStringLiteral("--secrets"),       secrets,
                          QStringLiteral("--exclude"),       secrets};
    // The keychain is where the secrets belong.
    const QString data = qEnvironmentVariable("XDG_DATA_HOME");
    if (!data.isEmpty())
        arguments << QStringLiteral("--exclude") << data + QStringLiteral("/keyrings");
    arguments << m_files->path();
    for (const char *variable : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        // Only the throw-away directories of tests/with-keyring.sh, never a real home.
        const QString dir = qEnvironmentVariable(variable);
        if (!dir.isEmpty() && qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
            && dir.contains(QLatin1String("mantle-keyring.")))
            arguments << dir;
    }
    QProcess scan;
    scan.setProcessChannelMode(QProcess::MergedChannels);
    scan.start(QStringLiteral(MANTLE_PYTHON), arguments);
    QVERIFY(scan.waitForFinished(60000));
    const QByteArray report = scan.readAll();
    QVERIFY2(scan.exitStatus() == QProcess::NormalExit && scan.exitCode() == 0, report.constData());
    std::fprintf(stderr, "%s\n", report.trimmed().constData());

    // The scan finds what it looks for: the same secrets planted in base64 are a hit.
    QVERIFY(writeFile(printed + QStringLiteral("/planted.txt"),
                      ("x" + kSessionTokenCanary).toBase64()));
    scan.start(QStringLiteral(MANTLE_PYTHON),
               {QStringLiteral(MANTLE_SECRETSCAN), QStringLiteral("--secrets"), secrets, printed});
    QVERIFY(scan.waitForFinished(60000));
    QCOMPARE(scan.exitCode(), 1);
}

QTEST_MAIN(TestSecretLeaks)
#include "tst_secretleaks.moc"
