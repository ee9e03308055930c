// Accounts without the keychain: the Account value type (JSON round trip, validation naming the
// bad field), the AccountStore in a QSettings file (save, load, rename, remove; the accounts'
// model settings too) and the export and import of an account's non-secret settings.

#include "accounts/account.h"
#include "accounts/accountstore.h"
#include "accounts/modelsettingsstore.h"

#include <QFile>
#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace mantle::accounts;

Q_DECLARE_METATYPE(mantle::accounts::Account)

namespace {

Account keysAccount()
{
    Account account;
    account.name = QStringLiteral("Team dev");
    account.region = QStringLiteral("eu-west-1");
    account.auth = AuthMethod::AccessKey;
    account.accessKeyId = QStringLiteral("AKIAIOSFODNN7EXAMPLE");
    account.notes = QStringLiteral("shared sandbox");
    return account;
}

Account apiKeyAccount()
{
    Account account;
    account.name = QStringLiteral("key");
    account.region = QStringLiteral("us-east-1");
    account.auth = AuthMethod::ApiKey;
    account.endpoint = QStringLiteral("https://vpce-1.example.com/mantle");
    return account;
}

Account roleAccount()
{
    Account account;
    account.name = QStringLiteral("prod role");
    account.region = QStringLiteral("us-west-2");
    account.auth = AuthMethod::AssumeRole;
    account.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/MantleUser");
    account.externalId = QStringLiteral("ext-42");
    account.roleSessionName = QStringLiteral("tester");
    account.durationSeconds = 1800;
    account.roleSource = RoleSource::Account;
    account.sourceAccount = QStringLiteral("Team dev");
    return account;
}

Account profileRoleAccount()
{
    Account account = roleAccount();
    account.name = QStringLiteral("profile role");
    account.roleSource = RoleSource::AwsProfile;
    account.sourceAccount.clear();
    account.sourceProfile = QStringLiteral("base");
    return account;
}

} // namespace

class TestAccountStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void roundTripsThroughJson_data();
    void roundTripsThroughJson();
    void validationNamesTheBadField_data();
    void validationNamesTheBadField();
    void savesAndLoadsUnderTheAccountsGroup();
    void renameMovesSettingsAndDependents();
    void removeDeletesTheGroup();
    void loadReportsAMissingAccount();
    void exportsAndImportsWithoutSecrets();
    void importRejectsAForeignFile();
    void keepsModelSettingsPerAccountAndMovesThemWithIt();
    void reportsUnreadableModelSettings();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString settingsPath() const { return m_dir->filePath(QStringLiteral("settings.conf")); }
};

void TestAccountStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestAccountStore::roundTripsThroughJson_data()
{
    QTest::addColumn<Account>("account");
    QTest::addRow("access key") << keysAccount();
    QTest::addRow("api key with endpoint") << apiKeyAccount();
    QTest::addRow("role over an account") << roleAccount();
    QTest::addRow("role over an AWS profile") << profileRoleAccount();
}

void TestAccountStore::roundTripsThroughJson()
{
    QFETCH(Account, account);
    QVERIFY(account.validate());
    const auto back = Account::fromJson(account.toJson());
    QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
    QCOMPARE(*back, account);
}

void TestAccountStore::validationNamesTheBadField_data()
{
    QTest::addColumn<Account>("account");
    QTest::addColumn<QString>("field");

    Account a = keysAccount();
    a.name = QStringLiteral("a/b");
    QTest::addRow("slash in name") << a << "name";
    a = keysAccount();
    a.name = QStringLiteral(" padded");
    QTest::addRow("blank around name") << a << "name";
    a = keysAccount();
    a.name.clear();
    QTest::addRow("empty name") << a << "name";
    a = keysAccount();
    a.region = QStringLiteral("us-west-1"); // a real region without Mantle
    QTest::addRow("region without Mantle") << a << "region";
    a = keysAccount();
    a.accessKeyId = QStringLiteral("AKID WITH SPACE");
    QTest::addRow("bad access key id") << a << "accessKeyId";
    a = keysAccount();
    a.endpoint = QStringLiteral("http://example.com");
    QTest::addRow("plain http endpoint") << a << "endpoint";
    a = roleAccount();
    a.roleArn = QStringLiteral("not-an-arn");
    QTest::addRow("bad role arn") << a << "roleArn";
    a = roleAccount();
    a.durationSeconds = 60;
    QTest::addRow("short duration") << a << "durationSeconds";
    a = roleAccount();
    a.externalId = QStringLiteral("x");
    QTest::addRow("short external id") << a << "externalId";
    a = roleAccount();
    a.sourceAccount.clear();
    QTest::addRow("role without source account") << a << "sourceAccount";
    a = roleAccount();
    a.sourceAccount = a.name;
    QTest::addRow("role as its own source") << a << "sourceAccount";
    a = profileRoleAccount();
    a.sourceProfile.clear();
    QTest::addRow("role without source profile") << a << "sourceProfile";
}

void TestAccountStore::validationNamesTheBadField()
{
    QFETCH(Account, account);
    QFETCH(QString, field);
    const mantle::Status status = account.validate();
    QVERIFY(!status);
    QCOMPARE(status.error().code, field);
    QVERIFY(!status.error().message.isEmpty());
    QCOMPARE(status.error().kind, mantle::Error::Kind::InvalidInput);
}

void TestAccountStore::savesAndLoadsUnderTheAccountsGroup()
{
    {
        QSettings settings(settingsPath(), QSettings::IniFormat);
        AccountStore store(settings);
        QVERIFY(store.save(keysAccount()));
        QVERIFY(store.save(roleAccount()));
        QVERIFY(!store.save(Account())); // invalid: nothing written
    }
    QSettings settings(settingsPath(), QSettings::IniFormat);
    // The app decides on its demo account by this group.
    QVERIFY(settings.childGroups().contains(QStringLiteral("accounts")));
    AccountStore store(settings);
    QCOMPARE(store.names(), (QStringList{QStringLiteral("Team dev"), QStringLiteral("prod role")}));
    const auto keys = store.load(QStringLiteral("Team dev"));
    QVERIFY(keys);
    QCOMPARE(*keys, keysAccount());
    const auto role = store.load(QStringLiteral("prod role"));
    QVERIFY(role);
    QCOMPARE(*role, roleAccount());
    QCOMPARE(store.dependentsOf(QStringLiteral("Team dev")),
             QStringList{QStringLiteral("prod role")});
}

void TestAccountStore::renameMovesSettingsAndDependents()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    AccountStore store(settings);
    QVERIFY(store.save(keysAccount()));
    QVERIFY(store.save(roleAccount()));
    QVERIFY(!store.rename(QStringLiteral("Team dev"), QStringLiteral("prod role"))); // taken
    QVERIFY(!store.rename(QStringLiteral("Team dev"), QStringLiteral("bad/name")));
    QVERIFY(store.rename(QStringLiteral("Team dev"), QStringLiteral("Team")));
    QCOMPARE(store.names(), (QStringList{QStringLiteral("Team"), QStringLiteral("prod role")}));
    Account expected = keysAccount();
    expected.name = QStringLiteral("Team");
    QCOMPARE(*store.load(QStringLiteral("Team")), expected);
    QCOMPARE(store.load(QStringLiteral("prod role"))->sourceAccount, QStringLiteral("Team"));
}

void TestAccountStore::removeDeletesTheGroup()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    AccountStore store(settings);
    QVERIFY(store.save(keysAccount()));
    QVERIFY(store.save(apiKeyAccount()));
    QVERIFY(store.remove(QStringLiteral("Team dev")));
    QCOMPARE(store.names(), QStringList{QStringLiteral("key")});
    QVERIFY(!store.contains(QStringLiteral("Team dev")));
    settings.sync();
    QFile file(settingsPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("AKIAIOSFODNN7EXAMPLE"));
}

void TestAccountStore::loadReportsAMissingAccount()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    AccountStore store(settings);
    const auto missing = store.load(QStringLiteral("nobody"));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, QStringLiteral("NoSuchAccount"));
    QVERIFY(missing.error().message.contains(QStringLiteral("nobody")));
}

void TestAccountStore::exportsAndImportsWithoutSecrets()
{
    const QString path = m_dir->filePath(QStringLiteral("role.json"));
    QVERIFY(AccountStore::exportToFile(roleAccount(), path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    // Only non-secret fields: nothing named like a secret is in the file.
    for (const QString &key : object.keys()) {
        QVERIFY2(!key.contains(QLatin1String("secret"), Qt::CaseInsensitive)
                     && !key.contains(QLatin1String("token"), Qt::CaseInsensitive)
                     && key != QLatin1String("apiKey"),
                 qPrintable(key));
    }
    QCOMPARE(object.value(QStringLiteral("roleArn")).toString(), roleAccount().roleArn);
    const auto imported = AccountStore::importFromFile(path);
    QVERIFY(imported);
    QCOMPARE(*imported, roleAccount());
}

void TestAccountStore::importRejectsAForeignFile()
{
    const QString path = m_dir->filePath(QStringLiteral("other.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name":"x","region":"us-east-1","auth":"api-key"})");
    file.close();
    const auto imported = AccountStore::importFromFile(path);
    QVERIFY(!imported);
    QCOMPARE(imported.error().kind, mantle::Error::Kind::Parse);
    QVERIFY(!AccountStore::importFromFile(m_dir->filePath(QStringLiteral("absent.json"))));
}

void TestAccountStore::keepsModelSettingsPerAccountAndMovesThemWithIt()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    AccountStore store(settings);
    QVERIFY(store.save(keysAccount()));
    QVERIFY(store.save(apiKeyAccount()));
    ModelSettingsStore modelStore(settings);
    // Nothing saved: empty settings (every model in the picker), not an error.
    QCOMPARE(*modelStore.load(QStringLiteral("Team dev")), mantle::mantle::ModelSettings());

    mantle::mantle::ModelSettings models;
    QVERIFY(models.addCustomModel(QStringLiteral("acme.one")).ok());
    models.setPickerModels(QStringList{QStringLiteral("acme.one")});
    QVERIFY(modelStore.save(QStringLiteral("Team dev"), models));
    QCOMPARE(AccountStore::modelSettingsKey(QStringLiteral("Team dev")),
             QStringLiteral("models/Team dev"));
    QVERIFY(settings.contains(QStringLiteral("models/Team dev")));
    QCOMPARE(*modelStore.load(QStringLiteral("Team dev")), models);
    QCOMPARE(*modelStore.load(QStringLiteral("key")), mantle::mantle::ModelSettings());

    // They follow a rename and go with a removal.
    QVERIFY(store.rename(QStringLiteral("Team dev"), QStringLiteral("Team")));
    QVERIFY(!settings.contains(QStringLiteral("models/Team dev")));
    QCOMPARE(*modelStore.load(QStringLiteral("Team")), models);
    QVERIFY(store.remove(QStringLiteral("Team")));
    QVERIFY(!settings.contains(QStringLiteral("models/Team")));

    // Empty settings leave no key behind.
    QVERIFY(modelStore.save(QStringLiteral("key"), models));
    QVERIFY(modelStore.save(QStringLiteral("key"), {}));
    QVERIFY(!settings.contains(QStringLiteral("models/key")));
}

void TestAccountStore::reportsUnreadableModelSettings()
{
    QSettings settings(settingsPath(), QSettings::IniFormat);
    AccountStore store(settings);
    ModelSettingsStore modelStore(settings);
    QVERIFY(store.save(apiKeyAccount()));
    settings.setValue(QStringLiteral("models/key"), QStringLiteral("{not json"));
    auto loaded = modelStore.load(QStringLiteral("key"));
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().message.contains(QStringLiteral("“key”")),
             qPrintable(loaded.error().message));
    settings.setValue(QStringLiteral("models/key"), QStringLiteral(R"({"picker":"a"})"));
    QVERIFY(!modelStore.load(QStringLiteral("key")));
}

QTEST_GUILESS_MAIN(TestAccountStore)
#include "tst_accountstore.moc"
