// The Accounts dialog and its form, offscreen, against a real Secret Service (gnome-keyring in a
// private D-Bus session, tests/with-keyring.sh): each kind of account added through the form,
// validation as the user types (OK enabled only when valid, the message under the field it
// names), editing, removing, importing an AWS profile, errors shown without closing, and Test
// Connection against an in-process emulator. Settings live in a temporary directory; each test
// uses its own keychain service.

#include "accounteditor.h"
#include "accountsdialog.h"
#include "accounttestenvironment.h"
#include "iampolicydialog.h"
#include "mainwindow.h"

#include "accounts/account.h"
#include "accounts/accountmanager.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "common/clock.h"
#include "localemulator.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>
#include <optional>

using namespace mantle;
using namespace ::mantle::accounts;
using ::mantle::ui::AccountEditor;
using ::mantle::ui::AccountsDialog;
using ::mantle::ui::IamPolicyDialog;
using ::mantle::ui::MainWindow;

namespace {

constexpr int kTimeoutMs = 30000;

const QString kFieldNames[] = {
    QStringLiteral("name"),
    QStringLiteral("region"),
    QStringLiteral("accessKeyId"),
    QStringLiteral("secretAccessKey"),
    QStringLiteral("sessionToken"),
    QStringLiteral("roleArn"),
    QStringLiteral("externalId"),
    QStringLiteral("roleSessionName"),
    QStringLiteral("durationSeconds"),
    QStringLiteral("sourceAccount"),
    QStringLiteral("sourceProfile"),
    QStringLiteral("apiKey"),
    QStringLiteral("endpoint"),
};

const QString kNoSecret = QStringLiteral("<no secret>");

/// The secret as text (these are test values), kNoSecret when the keychain has none.
QString readSecret(SecretStore &store, const QString &account, SecretKind kind)
{
    std::optional<Result<std::optional<SecretString>>> answer;
    store.read(account, kind,
               [&answer](Result<std::optional<SecretString>> result) { answer.emplace(result); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, kTimeoutMs))
        return QStringLiteral("<timed out>");
    if (!*answer)
        return QStringLiteral("<read failed: %1>").arg(answer->error().message);
    if (!answer->value())
        return kNoSecret;
    const std::string_view bytes = (*answer->value()).view();
    return QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
}

template<typename T> T *child(QObject *parent, const QString &name)
{
    return parent->findChild<T *>(name);
}

QPushButton *okButton(AccountEditor *editor)
{
    return child<QDialogButtonBox>(editor, QStringLiteral("accountEditorButtons"))
        ->button(QDialogButtonBox::Ok);
}

QLabel *errorLabel(AccountEditor *editor, const QString &field)
{
    return child<QLabel>(editor, field + QStringLiteral("Error"));
}

/// The fields whose error label is showing.
QStringList visibleErrors(AccountEditor *editor)
{
    QStringList fields;
    for (const QString &field : kFieldNames) {
        if (QLabel *label = errorLabel(editor, field); label && label->isVisibleTo(editor))
            fields << field;
    }
    return fields;
}

void type(AccountEditor *editor, const QString &field, const QString &text)
{
    auto *edit = child<QLineEdit>(editor, field);
    QVERIFY2(edit, qPrintable(field));
    edit->clear();
    QTest::keyClicks(edit, text);
}

void selectData(AccountEditor *editor, const QString &combo, const QVariant &data)
{
    auto *box = child<QComboBox>(editor, combo);
    QVERIFY2(box, qPrintable(combo));
    const int index = box->findData(data);
    QVERIFY(index >= 0);
    box->setCurrentIndex(index);
}

void selectAccount(AccountsDialog &dialog, const QString &name)
{
    auto *list = child<QTreeWidget>(&dialog, QStringLiteral("accountList"));
    const auto items = list->findItems(name, Qt::MatchExactly);
    QCOMPARE(items.size(), 1);
    list->setCurrentItem(items.first());
}

} // namespace

class TestAccountsDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void addsAnAccessKeyAccountThroughTheForm();
    void addsAnApiKeyAccountThroughTheForm();
    void addsARoleAccountWithASourceAccount();
    void addsARoleAccountWithAnAwsProfile();
    void formNamesTheBadFieldAndDisablesOk_data();
    void formNamesTheBadFieldAndDisablesOk();
    void formRefusesANameThatIsTaken();
    void editRenamesAndUpdatesTheAccountAndItsSecret();
    void editKeepsTheSecretWhenItsFieldIsLeftEmpty();
    void removeDeletesTheAccountAndItsSecrets();
    void removeRefusedIsShownInTheDialog();
    void importsAnAwsProfileAndShowsAFailureWithoutClosing();
    void fileAccountsOpensTheDialogWindowModal();
    void testConnectionShowsEachStepAsItEnds_data();
    void testConnectionShowsEachStepAsItEnds();
    void iamPolicyShowsTheSelectedAccountsPolicyReadyToCopy_data();
    void iamPolicyShowsTheSelectedAccountsPolicyReadyToCopy();

private:
    void addThroughManager(const Account &account, const AccountSecrets &secrets);
    AccountEditor *openAddForm(AccountsDialog &dialog);
    void acceptForm(AccountEditor *editor);

    ::mantle::test::AccountTestEnvironment m_env;
};

void TestAccountsDialog::init()
{
    QVERIFY(m_env.create(QStringLiteral("tst_accountsdialog")));
}

void TestAccountsDialog::cleanup()
{
    m_env.destroy();
}

void TestAccountsDialog::addThroughManager(const Account &account, const AccountSecrets &secrets)
{
    std::optional<Status> answer;
    m_env.manager->add(account, secrets, [&answer](Status status) { answer.emplace(status); });
    QVERIFY(QTest::qWaitFor([&answer] { return answer.has_value(); }, kTimeoutMs));
    QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
}

AccountEditor *TestAccountsDialog::openAddForm(AccountsDialog &dialog)
{
    child<QPushButton>(&dialog, QStringLiteral("addAccount"))->click();
    AccountEditor *editor = dialog.editor();
    if (editor && editor->isVisible() && editor->windowModality() == Qt::WindowModal)
        return editor;
    return nullptr;
}

void TestAccountsDialog::acceptForm(AccountEditor *editor)
{
    QSignalSpy accepted(editor, &QDialog::accepted);
    QVERIFY(okButton(editor)->isEnabled());
    okButton(editor)->click();
    // An edit that writes nothing to the keychain is accepted at once.
    if (accepted.isEmpty())
        QVERIFY2(accepted.wait(kTimeoutMs),
                 qPrintable(child<QLabel>(editor, QStringLiteral("accountEditorStatus"))->text()));
}

void TestAccountsDialog::addsAnAccessKeyAccountThroughTheForm()
{
    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    AccountEditor *editor = openAddForm(dialog);
    QVERIFY(editor);
    QVERIFY(!okButton(editor)->isEnabled());
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("name")});

    type(editor, QStringLiteral("accountName"), QStringLiteral("prod keys"));
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("accessKeyId")});
    QVERIFY(!okButton(editor)->isEnabled());
    selectData(editor, QStringLiteral("accountRegion"), QStringLiteral("eu-west-1"));
    type(editor, QStringLiteral("accountAccessKeyId"), QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("secretAccessKey")});
    QVERIFY(!okButton(editor)->isEnabled());
    auto *secret = child<QLineEdit>(editor, QStringLiteral("accountSecretAccessKey"));
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("accountSessionToken"))->echoMode(),
             QLineEdit::Password);
    type(editor, QStringLiteral("accountSecretAccessKey"), QStringLiteral("wJalr-form-secret"));
    type(editor, QStringLiteral("accountSessionToken"), QStringLiteral("form-session-token"));
    QCOMPARE(visibleErrors(editor), QStringList());
    acceptForm(editor);

    const auto saved = m_env.store->load(QStringLiteral("prod keys"));
    QVERIFY2(saved, qPrintable(saved.ok() ? QString() : saved.error().message));
    QCOMPARE(saved->auth, AuthMethod::AccessKey);
    QCOMPARE(saved->region, QStringLiteral("eu-west-1"));
    QCOMPARE(saved->accessKeyId, QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
    QCOMPARE(readSecret(*m_env.secrets, saved->name, SecretKind::SecretAccessKey),
             QStringLiteral("wJalr-form-secret"));
    QCOMPARE(readSecret(*m_env.secrets, saved->name, SecretKind::SessionToken),
             QStringLiteral("form-session-token"));
    // The list shows it: name, auth method, region.
    auto *list = child<QTreeWidget>(&dialog, QStringLiteral("accountList"));
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("prod keys"));
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("Access key"));
    QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("eu-west-1"));
}

void TestAccountsDialog::addsAnApiKeyAccountThroughTheForm()
{
    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    AccountEditor *editor = openAddForm(dialog);
    QVERIFY(editor);
    type(editor, QStringLiteral("accountName"), QStringLiteral("bedrock-key"));
    selectData(editor, QStringLiteral("accountAuthMethod"), int(AuthMethod::ApiKey));
    QCOMPARE(child<QWidget>(editor, QStringLiteral("apiKeyPage"))->isVisibleTo(editor), true);
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("apiKey")});
    QVERIFY(!okButton(editor)->isEnabled());
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("accountApiKey"))->echoMode(),
             QLineEdit::Password);
    type(editor, QStringLiteral("accountApiKey"), QStringLiteral("ABSK-form-api-key"));
    type(editor, QStringLiteral("accountEndpoint"), QStringLiteral("http://127.0.0.1:8123"));
    QCOMPARE(visibleErrors(editor), QStringList());
    acceptForm(editor);

    const auto saved = m_env.store->load(QStringLiteral("bedrock-key"));
    QVERIFY(saved);
    QCOMPARE(saved->auth, AuthMethod::ApiKey);
    QCOMPARE(saved->region, QStringLiteral("us-east-1"));
    QCOMPARE(saved->endpoint, QStringLiteral("http://127.0.0.1:8123"));
    QCOMPARE(readSecret(*m_env.secrets, saved->name, SecretKind::ApiKey),
             QStringLiteral("ABSK-form-api-key"));
}

void TestAccountsDialog::addsARoleAccountWithASourceAccount()
{
    Account source;
    source.name = QStringLiteral("base");
    source.region = QStringLiteral("us-east-1");
    source.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    AccountSecrets secrets;
    secrets.secretAccessKey = SecretString(std::string_view("base-secret"));
    addThroughManager(source, secrets);

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    AccountEditor *editor = openAddForm(dialog);
    QVERIFY(editor);
    type(editor, QStringLiteral("accountName"), QStringLiteral("admin role"));
    selectData(editor, QStringLiteral("accountAuthMethod"), int(AuthMethod::AssumeRole));
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("roleArn")});
    type(editor, QStringLiteral("accountRoleArn"),
         QStringLiteral("arn:aws:iam::123456789012:role"));
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("roleArn")});
    QVERIFY(errorLabel(editor, QStringLiteral("roleArn"))->text().contains(QStringLiteral("ARN")));
    type(editor, QStringLiteral("accountRoleArn"),
         QStringLiteral("arn:aws:iam::123456789012:role/Admin"));
    type(editor, QStringLiteral("accountExternalId"), QStringLiteral("ext-42"));
    child<QSpinBox>(editor, QStringLiteral("accountDuration"))->setValue(600);
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("durationSeconds")});
    QVERIFY(!okButton(editor)->isEnabled());
    child<QSpinBox>(editor, QStringLiteral("accountDuration"))->setValue(1800);
    auto *sources = child<QComboBox>(editor, QStringLiteral("accountSourceAccount"));
    QCOMPARE(sources->count(), 1);
    QCOMPARE(sources->currentText(), QStringLiteral("base"));
    QCOMPARE(visibleErrors(editor), QStringList());
    acceptForm(editor);

    const auto saved = m_env.store->load(QStringLiteral("admin role"));
    QVERIFY(saved);
    QCOMPARE(saved->auth, AuthMethod::AssumeRole);
    QCOMPARE(saved->roleArn, QStringLiteral("arn:aws:iam::123456789012:role/Admin"));
    QCOMPARE(saved->externalId, QStringLiteral("ext-42"));
    QCOMPARE(saved->durationSeconds, 1800);
    QCOMPARE(saved->roleSource, RoleSource::Account);
    QCOMPARE(saved->sourceAccount, QStringLiteral("base"));
}

void TestAccountsDialog::addsARoleAccountWithAnAwsProfile()
{
    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    AccountEditor *editor = openAddForm(dialog);
    QVERIFY(editor);
    type(editor, QStringLiteral("accountName"), QStringLiteral("profile role"));
    selectData(editor, QStringLiteral("accountAuthMethod"), int(AuthMethod::AssumeRole));
    type(editor, QStringLiteral("accountRoleArn"),
         QStringLiteral("arn:aws:iam::123456789012:role/Reader"));
    // No access-key account exists to be the source.
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("sourceAccount")});
    selectData(editor, QStringLiteral("accountRoleSource"), int(RoleSource::AwsProfile));
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("sourceProfile")});
    type(editor, QStringLiteral("accountSourceProfile"), QStringLiteral("dev"));
    QCOMPARE(visibleErrors(editor), QStringList());
    acceptForm(editor);

    const auto saved = m_env.store->load(QStringLiteral("profile role"));
    QVERIFY(saved);
    QCOMPARE(saved->roleSource, RoleSource::AwsProfile);
    QCOMPARE(saved->sourceProfile, QStringLiteral("dev"));
    QCOMPARE(saved->durationSeconds, 3600);
}

void TestAccountsDialog::formNamesTheBadFieldAndDisablesOk_data()
{
    QTest::addColumn<QString>("widget");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");

    QTest::addRow("name with a slash")
        << QStringLiteral("accountName") << QStringLiteral("a/b") << QStringLiteral("name");
    QTest::addRow("name with a trailing blank")
        << QStringLiteral("accountName") << QStringLiteral("keys ") << QStringLiteral("name");
    QTest::addRow("access key id with a blank")
        << QStringLiteral("accountAccessKeyId") << QStringLiteral("AKIA X")
        << QStringLiteral("accessKeyId");
    QTest::addRow("secret with a blank")
        << QStringLiteral("accountSecretAccessKey") << QStringLiteral("two words")
        << QStringLiteral("secretAccessKey");
    QTest::addRow("empty secret") << QStringLiteral("accountSecretAccessKey") << QString()
                                  << QStringLiteral("secretAccessKey");
    QTest::addRow("quoted session token")
        << QStringLiteral("accountSessionToken") << QStringLiteral("\"token\"")
        << QStringLiteral("sessionToken");
    QTest::addRow("endpoint that is no URL")
        << QStringLiteral("accountEndpoint") << QStringLiteral("not a url")
        << QStringLiteral("endpoint");
}

void TestAccountsDialog::formNamesTheBadFieldAndDisablesOk()
{
    QFETCH(QString, widget);
    QFETCH(QString, text);
    QFETCH(QString, field);

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    AccountEditor *editor = openAddForm(dialog);
    QVERIFY(editor);
    type(editor, QStringLiteral("accountName"), QStringLiteral("keys"));
    type(editor, QStringLiteral("accountAccessKeyId"), QStringLiteral("AKIDEXAMPLE"));
    type(editor, QStringLiteral("accountSecretAccessKey"), QStringLiteral("secret"));
    QVERIFY(okButton(editor)->isEnabled());

    auto *edit = child<QLineEdit>(editor, widget);
    const QString good = edit->text();
    type(editor, widget, text);
    QCOMPARE(visibleErrors(editor), QStringList{field});
    QVERIFY(!errorLabel(editor, field)->text().isEmpty());
    QCOMPARE(editor->check().error().code, field);
    QVERIFY(!okButton(editor)->isEnabled());

    type(editor, widget, good);
    QCOMPARE(visibleErrors(editor), QStringList());
    QVERIFY(okButton(editor)->isEnabled());
}

void TestAccountsDialog::formRefusesANameThatIsTaken()
{
    Account existing;
    existing.name = QStringLiteral("taken");
    existing.region = QStringLiteral("us-east-1");
    existing.auth = AuthMethod::ApiKey;
    AccountSecrets secrets;
    secrets.apiKey = SecretString(std::string_view("existing-key"));
    addThroughManager(existing, secrets);

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    AccountEditor *editor = openAddForm(dialog);
    QVERIFY(editor);
    selectData(editor, QStringLiteral("accountAuthMethod"), int(AuthMethod::ApiKey));
    type(editor, QStringLiteral("accountApiKey"), QStringLiteral("new-key"));
    type(editor, QStringLiteral("accountName"), QStringLiteral("taken"));
    QCOMPARE(visibleErrors(editor), QStringList{QStringLiteral("name")});
    QVERIFY(errorLabel(editor, QStringLiteral("name"))->text().contains(QStringLiteral("taken")));
    QVERIFY(!okButton(editor)->isEnabled());
    QCOMPARE(readSecret(*m_env.secrets, QStringLiteral("taken"), SecretKind::ApiKey),
             QStringLiteral("existing-key"));
}

void TestAccountsDialog::editRenamesAndUpdatesTheAccountAndItsSecret()
{
    Account account;
    account.name = QStringLiteral("alpha");
    account.region = QStringLiteral("us-east-1");
    account.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    AccountSecrets secrets;
    secrets.secretAccessKey = SecretString(std::string_view("alpha-secret"));
    addThroughManager(account, secrets);

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    selectAccount(dialog, QStringLiteral("alpha"));
    child<QPushButton>(&dialog, QStringLiteral("editAccount"))->click();
    AccountEditor *editor = dialog.editor();
    QVERIFY(editor && editor->isVisible());
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("accountName"))->text(),
             QStringLiteral("alpha"));
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("accountAccessKeyId"))->text(),
             QStringLiteral("AKIDEXAMPLE"));
    QVERIFY(child<QLineEdit>(editor, QStringLiteral("accountSecretAccessKey"))->text().isEmpty());
    QVERIFY(!child<QComboBox>(editor, QStringLiteral("accountAuthMethod"))->isEnabled());
    QVERIFY(okButton(editor)->isEnabled());

    type(editor, QStringLiteral("accountName"), QStringLiteral("beta"));
    selectData(editor, QStringLiteral("accountRegion"), QStringLiteral("ap-south-1"));
    type(editor, QStringLiteral("accountSecretAccessKey"), QStringLiteral("beta-secret"));
    acceptForm(editor);

    QVERIFY(!m_env.store->contains(QStringLiteral("alpha")));
    const auto saved = m_env.store->load(QStringLiteral("beta"));
    QVERIFY(saved);
    QCOMPARE(saved->region, QStringLiteral("ap-south-1"));
    QCOMPARE(saved->accessKeyId, QStringLiteral("AKIDEXAMPLE"));
    QCOMPARE(readSecret(*m_env.secrets, QStringLiteral("beta"), SecretKind::SecretAccessKey),
             QStringLiteral("beta-secret"));
    QCOMPARE(readSecret(*m_env.secrets, QStringLiteral("alpha"), SecretKind::SecretAccessKey),
             kNoSecret);
    auto *list = child<QTreeWidget>(&dialog, QStringLiteral("accountList"));
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("beta"));
}

void TestAccountsDialog::editKeepsTheSecretWhenItsFieldIsLeftEmpty()
{
    Account account;
    account.name = QStringLiteral("keep");
    account.region = QStringLiteral("us-east-1");
    account.auth = AuthMethod::ApiKey;
    AccountSecrets secrets;
    secrets.apiKey = SecretString(std::string_view("kept-api-key"));
    addThroughManager(account, secrets);

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    selectAccount(dialog, QStringLiteral("keep"));
    dialog.editSelectedAccount();
    AccountEditor *editor = dialog.editor();
    QVERIFY(editor);
    child<QPlainTextEdit>(editor, QStringLiteral("accountNotes"))
        ->setPlainText(QStringLiteral("team key"));
    acceptForm(editor);

    QCOMPARE(m_env.store->load(QStringLiteral("keep"))->notes, QStringLiteral("team key"));
    QCOMPARE(readSecret(*m_env.secrets, QStringLiteral("keep"), SecretKind::ApiKey),
             QStringLiteral("kept-api-key"));
}

void TestAccountsDialog::removeDeletesTheAccountAndItsSecrets()
{
    Account account;
    account.name = QStringLiteral("gamma");
    account.region = QStringLiteral("us-east-1");
    account.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    AccountSecrets secrets;
    secrets.secretAccessKey = SecretString(std::string_view("gamma-secret"));
    secrets.sessionToken = SecretString(std::string_view("gamma-token"));
    addThroughManager(account, secrets);

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    selectAccount(dialog, QStringLiteral("gamma"));
    child<QPushButton>(&dialog, QStringLiteral("removeAccount"))->click();
    auto *box = child<QMessageBox>(&dialog, QStringLiteral("removeAccountConfirmation"));
    QVERIFY(box && box->isVisible());
    // "No" keeps it.
    box->button(QMessageBox::No)->click();
    QVERIFY(m_env.store->contains(QStringLiteral("gamma")));

    QTRY_VERIFY(!child<QMessageBox>(&dialog, QStringLiteral("removeAccountConfirmation")));
    child<QPushButton>(&dialog, QStringLiteral("removeAccount"))->click();
    box = child<QMessageBox>(&dialog, QStringLiteral("removeAccountConfirmation"));
    QVERIFY(box);
    box->button(QMessageBox::Yes)->click();
    auto *list = child<QTreeWidget>(&dialog, QStringLiteral("accountList"));
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 0, kTimeoutMs);
    QVERIFY(!m_env.store->contains(QStringLiteral("gamma")));
    QCOMPARE(readSecret(*m_env.secrets, QStringLiteral("gamma"), SecretKind::SecretAccessKey),
             kNoSecret);
    QCOMPARE(readSecret(*m_env.secrets, QStringLiteral("gamma"), SecretKind::SessionToken),
             kNoSecret);
}

void TestAccountsDialog::removeRefusedIsShownInTheDialog()
{
    Account source;
    source.name = QStringLiteral("src");
    source.region = QStringLiteral("us-east-1");
    source.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    AccountSecrets secrets;
    secrets.secretAccessKey = SecretString(std::string_view("src-secret"));
    addThroughManager(source, secrets);
    Account role;
    role.name = QStringLiteral("uses-src");
    role.region = QStringLiteral("us-east-1");
    role.auth = AuthMethod::AssumeRole;
    role.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/R");
    role.sourceAccount = QStringLiteral("src");
    addThroughManager(role, {});

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    selectAccount(dialog, QStringLiteral("src"));
    child<QPushButton>(&dialog, QStringLiteral("removeAccount"))->click();
    auto *box = child<QMessageBox>(&dialog, QStringLiteral("removeAccountConfirmation"));
    QVERIFY(box);
    box->button(QMessageBox::Yes)->click();
    auto *message = child<QLabel>(&dialog, QStringLiteral("accountsMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), kTimeoutMs);
    QVERIFY2(message->text().contains(QStringLiteral("uses-src")), qPrintable(message->text()));
    QVERIFY(dialog.isVisible());
    QVERIFY(m_env.store->contains(QStringLiteral("src")));
    QCOMPARE(readSecret(*m_env.secrets, QStringLiteral("src"), SecretKind::SecretAccessKey),
             QStringLiteral("src-secret"));
}

void TestAccountsDialog::importsAnAwsProfileAndShowsAFailureWithoutClosing()
{
    const QString config = m_env.dir->filePath(QStringLiteral("aws-config"));
    const QString credentials = m_env.dir->filePath(QStringLiteral("aws-credentials"));
    QFile configFile(config);
    QVERIFY(configFile.open(QIODevice::WriteOnly));
    configFile.write("[profile dev]\nregion = us-west-2\n");
    configFile.close();
    QFile credentialsFile(credentials);
    QVERIFY(credentialsFile.open(QIODevice::WriteOnly));
    credentialsFile.write("[dev]\naws_access_key_id = AKIDIMPORTED\n"
                          "aws_secret_access_key = imported-secret\n");
    credentialsFile.close();
    qputenv("AWS_CONFIG_FILE", config.toLocal8Bit());
    qputenv("AWS_SHARED_CREDENTIALS_FILE", credentials.toLocal8Bit());
    const auto unset = qScopeGuard([] {
        qunsetenv("AWS_CONFIG_FILE");
        qunsetenv("AWS_SHARED_CREDENTIALS_FILE");
    });

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    auto *list = child<QTreeWidget>(&dialog, QStringLiteral("accountList"));
    dialog.importAwsProfile(QStringLiteral("dev"));
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, kTimeoutMs);
    const auto saved = m_env.store->load(QStringLiteral("dev"));
    QVERIFY(saved);
    QCOMPARE(saved->auth, AuthMethod::AccessKey);
    QCOMPARE(saved->region, QStringLiteral("us-west-2"));
    QCOMPARE(saved->accessKeyId, QStringLiteral("AKIDIMPORTED"));
    QCOMPARE(readSecret(*m_env.secrets, QStringLiteral("dev"), SecretKind::SecretAccessKey),
             QStringLiteral("imported-secret"));

    // Again: the name is taken, and the dialog says so.
    auto *message = child<QLabel>(&dialog, QStringLiteral("accountsMessage"));
    dialog.importAwsProfile(QStringLiteral("dev"));
    QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("already")), kTimeoutMs);
    QVERIFY(dialog.isVisible());
    QCOMPARE(list->topLevelItemCount(), 1);

    // A profile that does not exist.
    dialog.importAwsProfile(QStringLiteral("nope"));
    QVERIFY2(message->text().contains(QStringLiteral("nope")), qPrintable(message->text()));
}

void TestAccountsDialog::fileAccountsOpensTheDialogWindowModal()
{
    MainWindow window(*m_env.settings);
    window.show();
    auto *action = window.findChild<QAction *>(QStringLiteral("actionAccounts"));
    QVERIFY(action);
    QVERIFY(!window.accountsDialog());
    action->trigger();
    AccountsDialog *dialog = window.accountsDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->windowModality(), Qt::WindowModal);
    // Triggering again reuses the open dialog.
    action->trigger();
    QCOMPARE(window.accountsDialog(), dialog);
    dialog->reject();
    QTRY_VERIFY(!window.accountsDialog());
}

void TestAccountsDialog::testConnectionShowsEachStepAsItEnds_data()
{
    QTest::addColumn<QByteArray>("apiKey");
    QTest::addColumn<QStringList>("statuses");
    QTest::addColumn<bool>("passed");

    const QString ok = QStringLiteral("\u2713");
    const QString failed = QStringLiteral("\u2717");
    const QString skipped = QStringLiteral("\u2013");
    QTest::addRow("the emulator's API key")
        << QByteArray(emulator::LocalEmulator::kApiKey) << QStringList{ok, ok, ok, ok} << true;
    // An API key is first sent with the listing of models: that step fails, the request is skipped.
    QTest::addRow("a wrong API key") << QByteArrayLiteral("not-a-key-the-emulator-knows")
                                     << QStringList{ok, ok, failed, skipped} << false;
}

void TestAccountsDialog::testConnectionShowsEachStepAsItEnds()
{
    QFETCH(QByteArray, apiKey);
    QFETCH(QStringList, statuses);
    QFETCH(bool, passed);

    SystemClock clock;
    emulator::LocalEmulator server(clock);
    QVERIFY2(server.start(0), qPrintable(server.errorString()));
    Account account;
    account.name = QStringLiteral("local emulator");
    account.region = QStringLiteral("us-east-1");
    account.auth = AuthMethod::ApiKey;
    account.endpoint = server.rootUrl().toString();
    AccountSecrets secrets;
    secrets.apiKey = SecretString(std::string_view(apiKey.constData(), size_t(apiKey.size())));
    addThroughManager(account, secrets);

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    auto *test = child<QPushButton>(&dialog, QStringLiteral("testConnection"));
    auto *results = child<QTreeWidget>(&dialog, QStringLiteral("connectionTestResults"));
    auto *summary = child<QLabel>(&dialog, QStringLiteral("connectionTestSummary"));
    QVERIFY(test && results && summary);
    QVERIFY(!test->isEnabled());
    QVERIFY(!results->isVisible());
    selectAccount(dialog, account.name);
    QVERIFY(test->isEnabled());

    test->click();
    // Runs from the event loop: nothing has finished yet and the button waits for the end.
    QVERIFY(!test->isEnabled());
    QVERIFY(results->isVisible());
    QCOMPARE(results->topLevelItemCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), kTimeoutMs);

    QStringList shown;
    for (int i = 0; i < results->topLevelItemCount(); ++i)
        shown << results->topLevelItem(i)->text(0);
    QCOMPARE(shown, statuses);
    QVERIFY2(summary->isVisible() && summary->text().contains(account.name),
             qPrintable(summary->text()));
    QCOMPARE(summary->text().contains(QStringLiteral("works")), passed);
    for (int i = 0; i < results->topLevelItemCount(); ++i) {
        QTreeWidgetItem *step = results->topLevelItem(i);
        QVERIFY2(!step->text(1).isEmpty() && !step->text(2).isEmpty(), qPrintable(step->text(1)));
        if (step->text(0) != QStringLiteral("\u2717")) {
            for (int line = 0; line < step->childCount(); ++line)
                QVERIFY(step->child(line)->text(1) != QStringLiteral("Fix"));
            continue;
        }
        // A failed step carries its fix, as a line of its own the user can select and copy.
        QCOMPARE(step->childCount(), 1);
        QCOMPARE(step->child(0)->text(1), QStringLiteral("Fix"));
        QVERIFY(!step->child(0)->text(2).trimmed().isEmpty());
        QVERIFY(step->child(0)->flags() & Qt::ItemIsSelectable);
    }
}

void TestAccountsDialog::iamPolicyShowsTheSelectedAccountsPolicyReadyToCopy_data()
{
    QTest::addColumn<int>("auth");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("resource"); ///< of the first statement, before an account id
    QTest::addColumn<QString>("resourceWithId"); ///< after typing 111122223333
    QTest::addColumn<bool>("hasTrustPolicy");
    QTest::addRow("access key") << int(AuthMethod::AccessKey)
                                << QStringLiteral("bedrock-mantle:CreateInference")
                                << QStringLiteral("arn:aws:bedrock-mantle:eu-west-1:*:project/*")
                                << QStringLiteral(
                                       "arn:aws:bedrock-mantle:eu-west-1:111122223333:project/*")
                                << false;
    // Not bound to a project: no account id to give.
    QTest::addRow("API key") << int(AuthMethod::ApiKey)
                             << QStringLiteral("bedrock-mantle:CallWithBearerToken")
                             << QStringLiteral("*") << QStringLiteral("*") << false;
    // The role's own account id, from its ARN, until the user types another.
    QTest::addRow("assumed role")
        << int(AuthMethod::AssumeRole) << QStringLiteral("bedrock-mantle:CreateInference")
        << QStringLiteral("arn:aws:bedrock-mantle:eu-west-1:123456789012:project/*")
        << QStringLiteral("arn:aws:bedrock-mantle:eu-west-1:111122223333:project/*") << true;
}

void TestAccountsDialog::iamPolicyShowsTheSelectedAccountsPolicyReadyToCopy()
{
    QFETCH(int, auth);
    QFETCH(QString, action);
    QFETCH(QString, resource);
    QFETCH(QString, resourceWithId);
    QFETCH(bool, hasTrustPolicy);

    // Only the settings matter here: the policy needs no secret.
    Account account;
    account.name = QStringLiteral("policy");
    account.region = QStringLiteral("eu-west-1");
    account.auth = AuthMethod(auth);
    if (account.auth == AuthMethod::AccessKey)
        account.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    if (account.auth == AuthMethod::AssumeRole) {
        account.roleArn = QStringLiteral("arn:aws:iam::123456789012:role/Playground");
        account.externalId = QStringLiteral("ext-77");
        account.roleSource = RoleSource::AwsProfile;
        account.sourceProfile = QStringLiteral("dev");
    }
    const Status saved = m_env.store->save(account);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));

    AccountsDialog dialog(*m_env.settings, nullptr, m_env.service);
    dialog.show();
    auto *button = child<QPushButton>(&dialog, QStringLiteral("iamPolicy"));
    QVERIFY(button);
    QVERIFY(!button->isEnabled());
    selectAccount(dialog, account.name);
    QVERIFY(button->isEnabled());
    button->click();
    IamPolicyDialog *policy = dialog.iamPolicyDialog();
    QVERIFY(policy && policy->isVisible());
    QCOMPARE(policy->windowModality(), Qt::WindowModal);

    const auto firstStatement = [policy] {
        const QJsonDocument document = QJsonDocument::fromJson(policy->policyText().toUtf8());
        return document.object().value(QLatin1String("Statement")).toArray().first().toObject();
    };
    auto *text = child<QPlainTextEdit>(policy, QStringLiteral("iamPolicyText"));
    QVERIFY(text->isReadOnly());
    // The platform's fixed-width font (offscreen has no real fonts to ask fixedPitch() of).
    QCOMPARE(text->font(), QFontDatabase::systemFont(QFontDatabase::FixedFont));
    QCOMPARE(firstStatement().value(QLatin1String("Action")).toArray().first().toString(), action);
    QCOMPARE(firstStatement().value(QLatin1String("Resource")).toString(), resource);
    QVERIFY(policy->policyText().contains(QLatin1String("aws-marketplace:Subscribe")));
    auto *managed = child<QLabel>(policy, QStringLiteral("iamPolicyManaged"));
    QVERIFY2(managed->text().contains(QLatin1String("AmazonBedrockMantleInferenceAccess")),
             qPrintable(managed->text()));
    QVERIFY(!child<QLabel>(policy, QStringLiteral("iamPolicyWhich"))->text().isEmpty());
    QCOMPARE(!policy->trustPolicyText().isEmpty(), hasTrustPolicy);
    if (hasTrustPolicy)
        QVERIFY2(
            policy->trustPolicyText().contains(QLatin1String("\"sts:ExternalId\": \"ext-77\"")),
            qPrintable(policy->trustPolicyText()));

    // Copy: the identity policy's JSON, and nothing else.
    QApplication::clipboard()->clear();
    child<QPushButton>(policy, QStringLiteral("iamPolicyCopy"))->click();
    QCOMPARE(QApplication::clipboard()->text(), policy->policyText());
    QVERIFY(QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8()).isObject());

    // An account id narrows the resource; a half-typed one is flagged and not used (the
    // resource stays as it was: "*", or a role's own account).
    auto *accountId = child<QLineEdit>(policy, QStringLiteral("iamPolicyAccountId"));
    auto *idError = child<QLabel>(policy, QStringLiteral("iamPolicyAccountIdError"));
    if (accountId->isEnabled()) {
        accountId->clear();
        QTest::keyClicks(accountId, QStringLiteral("1111"));
        QVERIFY(idError->isVisibleTo(policy));
        QCOMPARE(firstStatement().value(QLatin1String("Resource")).toString(), resource);
        QTest::keyClicks(accountId, QStringLiteral("22223333"));
        QVERIFY(!idError->isVisibleTo(policy));
    }
    QCOMPARE(firstStatement().value(QLatin1String("Resource")).toString(), resourceWithId);
    child<QCheckBox>(policy, QStringLiteral("iamPolicyMarketplace"))->setChecked(false);
    QVERIFY(!policy->policyText().contains(QLatin1String("aws-marketplace")));

    policy->reject();
    QTRY_VERIFY(!dialog.iamPolicyDialog());
}

QTEST_MAIN(TestAccountsDialog)

#include "tst_accountsdialog.moc"
