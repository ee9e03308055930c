// The SecretStore and AccountManager against a real Secret Service (gnome-keyring in a private
// D-Bus session, tests/with-keyring.sh): secrets are stored, read, overwritten and deleted; another
// Secret Service client (secret-tool) sees them under "Mantle Playground" and "<account>/<kind>";
// the settings file never holds them; rename moves them and remove deletes them.

#include "accounts/account.h"
#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace mantle;
using namespace mantle::accounts;

namespace {

const QByteArray kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETCANARY";
const QByteArray kSessionToken = "session-token-canary-0b7e";
const QByteArray kOverwritten = "overwritten-secret-canary-93d1";

struct Lookup
{
    int exitCode = -1;
    QByteArray output;
};

/// What another Secret Service client reads under QtKeychain's attributes for `key`.
Lookup secretToolLookup(const QString &service, const QString &key)
{
    QProcess process;
    process.start(
        QStringLiteral("secret-tool"),
        {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    Lookup lookup;
    if (!process.waitForFinished(20000))
        return lookup;
    lookup.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    lookup.output = process.readAllStandardOutput();
    return lookup;
}

bool anyFileContains(const QString &dir, const QByteArray &needle)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            return true;
    }
    return false;
}

Status waitStatus(const std::function<void(SecretStore::Done)> &start)
{
    std::optional<Status> answer;
    start([&answer](Status status) { answer.emplace(status); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 30000))
        return makeError(Error::Kind::Internal, QStringLiteral("timed out"));
    return *answer;
}

Result<std::optional<SecretString>> readSecret(SecretStore &store, const QString &account,
                                               SecretKind kind)
{
    std::optional<Result<std::optional<SecretString>>> answer;
    store.read(account, kind,
               [&answer](Result<std::optional<SecretString>> result) { answer.emplace(result); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 30000))
        return makeError(Error::Kind::Internal, QStringLiteral("timed out"));
    return *answer;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void storesReadsOverwritesAndDeletes();
    void otherSecretServiceClientsSeeTheSecret();
    void managerKeepsSecretsOutOfTheSettings();
    void renameMovesAndRemoveDeletesTheSecrets();
    void addRefusesAMissingSecret();
};

void TestSecretStore::initTestCase()
{
    QVERIFY2(qEnvironmentVariable("HOME").contains(QLatin1String("mantle-keyring")),
             "run this test through tests/with-keyring.sh (ctest does)");
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty(),
             "secret-tool is missing (Debian: libsecret-tools; scripts/bootstrap installs it)");
}

void TestSecretStore::storesReadsOverwritesAndDeletes()
{
    SecretStore store;
    QCOMPARE(store.service(), QStringLiteral("Mantle Playground"));
    const QString account = QStringLiteral("store-test");
    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SecretAccessKey, SecretString(kSecretKey), done);
    }));
    auto read = readSecret(store, account, SecretKind::SecretAccessKey);
    QVERIFY(read);
    QVERIFY(read->has_value());
    QVERIFY(**read == SecretString(kSecretKey));

    QVERIFY(waitStatus([&](auto done) {
        store.write(account, SecretKind::SecretAccessKey, SecretString(kOverwritten), done);
    }));
    read = readSecret(store, account, SecretKind::SecretAccessKey);
    QVERIFY(read && read->has_value());
    QVERIFY(**read == SecretString(kOverwritten));

    QVERIFY(
        waitStatus([&](auto done) { store.remove(account, SecretKind::SecretAccessKey, done); }));
    read = readSecret(store, account, SecretKind::SecretAccessKey);
    QVERIFY(read);
    QVERIFY(!read->has_value());
    // Deleting what is not there is not an error.
    QVERIFY(
        waitStatus([&](auto done) { store.remove(account, SecretKind::SecretAccessKey, done); }));
}

void TestSecretStore::otherSecretServiceClientsSeeTheSecret()
{
    SecretStore store;
    QVERIFY(waitStatus([&](auto done) {
        store.write(QStringLiteral("shared"), SecretKind::ApiKey, SecretString(kSessionToken),
                    done);
    }));
    QCOMPARE(SecretStore::keyFor(QStringLiteral("shared"), SecretKind::ApiKey),
             QStringLiteral("shared/api-key"));
    const Lookup lookup
        = secretToolLookup(QStringLiteral("Mantle Playground"), QStringLiteral("shared/api-key"));
    QCOMPARE(lookup.exitCode, 0);
    QCOMPARE(lookup.output.trimmed(), kSessionToken);
    QVERIFY(waitStatus(
        [&](auto done) { store.remove(QStringLiteral("shared"), SecretKind::ApiKey, done); }));
    QVERIFY(secretToolLookup(QStringLiteral("Mantle Playground"), QStringLiteral("shared/api-key"))
                .output.isEmpty());
}

void TestSecretStore::managerKeepsSecretsOutOfTheSettings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.conf"));
    QSettings settings(path, QSettings::IniFormat);
    AccountStore store(settings);
    SecretStore secrets;
    AccountManager manager(store, secrets);
    Account account;
    account.name = QStringLiteral("keys");
    account.region = QStringLiteral("us-east-2");
    account.accessKeyId = QStringLiteral("AKIDKEYCHAINTEST");
    AccountSecrets given;
    given.secretAccessKey = SecretString(kSecretKey);
    given.sessionToken = SecretString(kSessionToken);
    QVERIFY(waitStatus([&](auto done) { manager.add(account, given, done); }));
    QCOMPARE(*store.load(QStringLiteral("keys")), account);
    // A second add under the same name is refused.
    QVERIFY(!waitStatus([&](auto done) { manager.add(account, given, done); }));

    std::optional<Result<AccountSecrets>> read;
    manager.readSecrets(account, [&read](Result<AccountSecrets> r) { read.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 30000);
    QVERIFY(*read);
    QVERIFY((*read)->secretAccessKey == SecretString(kSecretKey));
    QVERIFY((*read)->sessionToken == SecretString(kSessionToken));

    settings.sync();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("AKIDKEYCHAINTEST")); // the settings are there...
    QVERIFY(!text.contains(kSecretKey)); // ...the secrets are not
    QVERIFY(!text.contains(kSessionToken));
    for (const QString &folder :
         {dir.path(), qEnvironmentVariable("HOME"), qEnvironmentVariable("XDG_CONFIG_HOME"),
          qEnvironmentVariable("XDG_DATA_HOME")}) {
        QVERIFY2(!anyFileContains(folder, kSecretKey), qPrintable(folder));
    }
    QVERIFY(waitStatus([&](auto done) { manager.remove(QStringLiteral("keys"), done); }));
}

void TestSecretStore::renameMovesAndRemoveDeletesTheSecrets()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.conf")), QSettings::IniFormat);
    AccountStore store(settings);
    SecretStore secrets;
    AccountManager manager(store, secrets);
    Account account;
    account.name = QStringLiteral("old");
    account.region = QStringLiteral("eu-central-1");
    account.auth = AuthMethod::ApiKey;
    AccountSecrets given;
    given.apiKey = SecretString(kOverwritten);
    QVERIFY(waitStatus([&](auto done) { manager.add(account, given, done); }));
    const QString service = QStringLiteral("Mantle Playground");
    QCOMPARE(secretToolLookup(service, QStringLiteral("old/api-key")).output.trimmed(),
             kOverwritten);

    QVERIFY(waitStatus(
        [&](auto done) { manager.rename(QStringLiteral("old"), QStringLiteral("new"), done); }));
    QCOMPARE(store.names(), QStringList{QStringLiteral("new")});
    QVERIFY(secretToolLookup(service, QStringLiteral("old/api-key")).output.isEmpty());
    QCOMPARE(secretToolLookup(service, QStringLiteral("new/api-key")).output.trimmed(),
             kOverwritten);

    QVERIFY(waitStatus([&](auto done) { manager.remove(QStringLiteral("new"), done); }));
    QVERIFY(store.names().isEmpty());
    QVERIFY(secretToolLookup(service, QStringLiteral("new/api-key")).output.isEmpty());
}

void TestSecretStore::addRefusesAMissingSecret()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.conf")), QSettings::IniFormat);
    AccountStore store(settings);
    SecretStore secrets;
    AccountManager manager(store, secrets);
    Account account;
    account.name = QStringLiteral("nokey");
    account.region = QStringLiteral("us-east-1");
    account.auth = AuthMethod::ApiKey;
    const Status status = waitStatus([&](auto done) { manager.add(account, {}, done); });
    QVERIFY(!status);
    QCOMPARE(status.error().kind, Error::Kind::InvalidInput);
    QVERIFY(store.names().isEmpty());
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
