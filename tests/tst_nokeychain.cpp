// Without a keychain (the session bus points nowhere, so no Secret Service can answer) every
// SecretStore call fails with a clear "No keychain is available" error, and AccountManager saves
// nothing: no settings, and certainly no secret in a plain file.

#include "accounts/account.h"
#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace mantle;
using namespace mantle::accounts;

namespace {

const QByteArray kSecret = "no-keychain-secret-canary-51c9";

} // namespace

class TestNoKeychain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void secretStoreSaysNoKeychainIsAvailable();
    void addSavesNothingWithoutAKeychain();

private:
    QTemporaryDir m_dir;
};

void TestNoKeychain::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // No D-Bus session bus at all: the Secret Service (and KWallet) cannot be reached. The
    // private runtime folder keeps a real $XDG_RUNTIME_DIR/bus from being found instead.
    qputenv("DBUS_SESSION_BUS_ADDRESS",
            "unix:path=" + m_dir.filePath(QStringLiteral("no-bus")).toUtf8());
    qputenv("XDG_RUNTIME_DIR", m_dir.path().toUtf8());
    qputenv("HOME", m_dir.path().toUtf8());
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    qunsetenv("DISPLAY");
}

void TestNoKeychain::secretStoreSaysNoKeychainIsAvailable()
{
    SecretStore store(QStringLiteral("mantle-test-nokeychain"));
    std::optional<Status> written;
    store.write(QStringLiteral("acct"), SecretKind::ApiKey, SecretString(kSecret),
                [&written](Status status) { written.emplace(status); });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 30000);
    QVERIFY(!*written);
    QCOMPARE(written->error().code, QStringLiteral("NoKeychain"));
    QVERIFY2(written->error().message.startsWith(QLatin1String("No keychain is available")),
             qPrintable(written->error().message));
    QVERIFY(!written->error().toDisplayString().contains(QString::fromUtf8(kSecret)));

    std::optional<Result<std::optional<SecretString>>> read;
    store.read(QStringLiteral("acct"), SecretKind::ApiKey,
               [&read](Result<std::optional<SecretString>> result) { read.emplace(result); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 30000);
    QVERIFY(!*read);
    QCOMPARE(read->error().code, QStringLiteral("NoKeychain"));
}

void TestNoKeychain::addSavesNothingWithoutAKeychain()
{
    const QString path = m_dir.filePath(QStringLiteral("settings.conf"));
    {
        QSettings settings(path, QSettings::IniFormat);
        AccountStore store(settings);
        SecretStore secrets(QStringLiteral("mantle-test-nokeychain"));
        AccountManager manager(store, secrets);
        Account account;
        account.name = QStringLiteral("work");
        account.region = QStringLiteral("us-east-1");
        account.auth = AuthMethod::ApiKey;
        AccountSecrets given;
        given.apiKey = SecretString(kSecret);
        std::optional<Status> added;
        manager.add(account, given, [&added](Status status) { added.emplace(status); });
        QTRY_VERIFY_WITH_TIMEOUT(added.has_value(), 30000);
        QVERIFY(!*added);
        QCOMPARE(added->error().code, QStringLiteral("NoKeychain"));
        QVERIFY2(added->error().message.contains(QLatin1String("was not saved")),
                 qPrintable(added->error().message));
        QVERIFY(store.names().isEmpty());
    }
    QSettings settings(path, QSettings::IniFormat);
    QVERIFY(!settings.childGroups().contains(QStringLiteral("accounts")));
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        QVERIFY(!file.readAll().contains(kSecret));
}

QTEST_GUILESS_MAIN(TestNoKeychain)
#include "tst_nokeychain.moc"
