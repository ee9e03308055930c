#include "accounteditor.h"

#include "accounts/accountmanager.h"
#include "accounts/accountsecrets.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "aws/awsenvironment.h"
#include "mantle/regions.h"

#include <QColor>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <memory>
#include <vector>

namespace mantle::ui {

using accounts::Account;
using accounts::AuthMethod;
using accounts::RoleSource;
using accounts::SecretKind;

namespace {

Error fieldError(const QString &field, const QString &message)
{
    Error error = makeError(Error::Kind::InvalidInput, message);
    error.code = field;
    return error;
}

SecretString secretOf(const QLineEdit *edit)
{
    return SecretString(edit->text().toUtf8());
}

} // namespace

AccountEditor::AccountEditor(accounts::AccountStore &store, accounts::AccountManager &manager,
                             accounts::SecretStore &secrets, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_manager(manager)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("accountEditor"));
    setWindowTitle(tr("Add Account"));

    auto *layout = new QVBoxLayout(this);
    auto *top = new QFormLayout;
    layout->addLayout(top);

    m_name = lineEdit(QStringLiteral("accountName"), tr("Name"));
    addRow(top, tr("&Name:"), m_name, QStringLiteral("name"));

    m_region = new QComboBox(this);
    m_region->setObjectName(QStringLiteral("accountRegion"));
    m_region->setAccessibleName(tr("Region"));
    for (const mantle::Region &region : mantle::mantleRegions())
        m_region->addItem(tr("%1 (%2)").arg(region.code, region.displayName), region.code);
    addRow(top, tr("&Region:"), m_region, QStringLiteral("region"));

    m_auth = new QComboBox(this);
    m_auth->setObjectName(QStringLiteral("accountAuthMethod"));
    m_auth->setAccessibleName(tr("Authentication method"));
    m_auth->addItem(tr("Access key"), int(AuthMethod::AccessKey));
    m_auth->addItem(tr("Assumed role"), int(AuthMethod::AssumeRole));
    m_auth->addItem(tr("API key"), int(AuthMethod::ApiKey));
    addRow(top, tr("&Authentication:"), m_auth, QStringLiteral("auth"));

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("accountAuthPages"));
    layout->addWidget(m_pages);

    // Access key page.
    auto *keyPage = new QWidget(m_pages);
    keyPage->setObjectName(QStringLiteral("accessKeyPage"));
    auto *keyForm = new QFormLayout(keyPage);
    keyForm->setContentsMargins(0, 0, 0, 0);
    m_accessKeyId = lineEdit(QStringLiteral("accountAccessKeyId"), tr("Access key ID"));
    addRow(keyForm, tr("Access key &ID:"), m_accessKeyId, QStringLiteral("accessKeyId"));
    m_secretAccessKey = lineEdit(QStringLiteral("accountSecretAccessKey"), tr("Secret access key"));
    m_secretAccessKey->setEchoMode(QLineEdit::Password);
    addRow(keyForm, tr("&Secret access key:"), m_secretAccessKey,
           QStringLiteral("secretAccessKey"));
    m_sessionToken = lineEdit(QStringLiteral("accountSessionToken"), tr("Session token"));
    m_sessionToken->setEchoMode(QLineEdit::Password);
    m_sessionToken->setPlaceholderText(tr("Optional"));
    addRow(keyForm, tr("Session &token:"), m_sessionToken, QStringLiteral("sessionToken"));
    m_pages->addWidget(keyPage);

    // Assumed role page.
    auto *rolePage = new QWidget(m_pages);
    rolePage->setObjectName(QStringLiteral("assumeRolePage"));
    auto *roleForm = new QFormLayout(rolePage);
    roleForm->setContentsMargins(0, 0, 0, 0);
    m_roleArn = lineEdit(QStringLiteral("accountRoleArn"), tr("Role ARN"));
    m_roleArn->setPlaceholderText(QStringLiteral("arn:aws:iam::123456789012:role/name"));
    addRow(roleForm, tr("Role &ARN:"), m_roleArn, QStringLiteral("roleArn"));
    m_externalId = lineEdit(QStringLiteral("accountExternalId"), tr("External ID"));
    m_externalId->setPlaceholderText(tr("Optional"));
    addRow(roleForm, tr("E&xternal ID:"), m_externalId, QStringLiteral("externalId"));
    m_roleSessionName = lineEdit(QStringLiteral("accountRoleSessionName"), tr("Session name"));
    m_roleSessionName->setPlaceholderText(Account().effectiveRoleSessionName());
    addRow(roleForm, tr("Session na&me:"), m_roleSessionName, QStringLiteral("roleSessionName"));
    m_duration = new QSpinBox(rolePage);
    m_duration->setObjectName(QStringLiteral("accountDuration"));
    m_duration->setAccessibleName(tr("Session duration in seconds"));
    m_duration->setRange(1, 43200);
    m_duration->setValue(Account().durationSeconds);
    m_duration->setSuffix(tr(" s"));
    addRow(roleForm, tr("&Duration:"), m_duration, QStringLiteral("durationSeconds"));
    m_roleSource = new QComboBox(rolePage);
    m_roleSource->setObjectName(QStringLiteral("accountRoleSource"));
    m_roleSource->setAccessibleName(tr("Source of the credentials"));
    m_roleSource->addItem(tr("Another account's keys"), int(RoleSource::Account));
    m_roleSource->addItem(tr("An AWS profile"), int(RoleSource::AwsProfile));
    addRow(roleForm, tr("Credentials &from:"), m_roleSource, QStringLiteral("roleSource"));
    m_sourceAccount = new QComboBox(rolePage);
    m_sourceAccount->setObjectName(QStringLiteral("accountSourceAccount"));
    m_sourceAccount->setAccessibleName(tr("Source account"));
    for (const QString &name : m_store.names()) {
        if (const auto other = m_store.load(name); other && other->auth == AuthMethod::AccessKey)
            m_sourceAccount->addItem(name);
    }
    addRow(roleForm, tr("Source a&ccount:"), m_sourceAccount, QStringLiteral("sourceAccount"));
    m_sourceProfile = lineEdit(QStringLiteral("accountSourceProfile"), tr("AWS profile"));
    addRow(roleForm, tr("AWS &profile:"), m_sourceProfile, QStringLiteral("sourceProfile"));
    m_pages->addWidget(rolePage);

    // API key page.
    auto *apiKeyPage = new QWidget(m_pages);
    apiKeyPage->setObjectName(QStringLiteral("apiKeyPage"));
    auto *apiKeyForm = new QFormLayout(apiKeyPage);
    apiKeyForm->setContentsMargins(0, 0, 0, 0);
    m_apiKey = lineEdit(QStringLiteral("accountApiKey"), tr("API key"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    addRow(apiKeyForm, tr("API &key:"), m_apiKey, QStringLiteral("apiKey"));
    m_pages->addWidget(apiKeyPage);

    auto *bottom = new QFormLayout;
    layout->addLayout(bottom);
    m_endpoint = lineEdit(QStringLiteral("accountEndpoint"), tr("Endpoint override"));
    m_endpoint->setPlaceholderText(tr("Optional: the region's Mantle endpoint"));
    addRow(bottom, tr("&Endpoint:"), m_endpoint, QStringLiteral("endpoint"));
    m_notes = new QPlainTextEdit(this);
    m_notes->setObjectName(QStringLiteral("accountNotes"));
    m_notes->setAccessibleName(tr("Notes"));
    m_notes->setTabChangesFocus(true);
    m_notes->setMaximumHeight(80);
    addRow(bottom, tr("N&otes:"), m_notes, QStringLiteral("notes"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("accountEditorStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    layout->addWidget(m_status);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("accountEditorButtons"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AccountEditor::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AccountEditor::reject);

    const auto changed = [this] {
        revalidate();
    };
    for (QLineEdit *edit : findChildren<QLineEdit *>())
        connect(edit, &QLineEdit::textChanged, this, changed);
    connect(m_notes, &QPlainTextEdit::textChanged, this, changed);
    connect(m_duration, &QSpinBox::valueChanged, this, changed);
    for (QComboBox *combo : {m_region, m_auth, m_roleSource, m_sourceAccount})
        connect(combo, &QComboBox::currentIndexChanged, this, changed);
    connect(m_auth, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);
    revalidate();
}

AccountEditor::~AccountEditor() = default;

QLineEdit *AccountEditor::lineEdit(const QString &objectName, const QString &accessibleName)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    return edit;
}

void AccountEditor::addRow(QFormLayout *form, const QString &label, QWidget *field,
                           const QString &fieldName)
{
    form->addRow(label, field);
    auto *error = new QLabel(field->parentWidget());
    error->setObjectName(fieldName + QStringLiteral("Error"));
    error->setWordWrap(true);
    QPalette palette = error->palette();
    palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    error->setPalette(palette);
    error->hide();
    form->addRow(QString(), error);
    m_fieldErrors.insert(fieldName, error);
}

void AccountEditor::editAccount(const Account &account)
{
    m_originalName = account.name;
    setWindowTitle(tr("Edit Account"));
    m_name->setText(account.name);
    m_region->setCurrentIndex(qMax(0, m_region->findData(account.region)));
    m_auth->setCurrentIndex(m_auth->findData(int(account.auth)));
    m_auth->setEnabled(false);
    m_auth->setToolTip(tr("To change the authentication method, remove the account and add it "
                          "again."));
    m_accessKeyId->setText(account.accessKeyId);
    m_roleArn->setText(account.roleArn);
    m_externalId->setText(account.externalId);
    m_roleSessionName->setText(account.roleSessionName);
    m_duration->setValue(account.durationSeconds);
    m_roleSource->setCurrentIndex(m_roleSource->findData(int(account.roleSource)));
    const int source = m_sourceAccount->findText(account.sourceAccount);
    if (source >= 0)
        m_sourceAccount->setCurrentIndex(source);
    m_sourceProfile->setText(account.sourceProfile);
    m_endpoint->setText(account.endpoint);
    m_notes->setPlainText(account.notes);
    const QString keep = tr("Unchanged (stored in the keychain)");
    m_secretAccessKey->setPlaceholderText(keep);
    m_sessionToken->setPlaceholderText(keep);
    m_apiKey->setPlaceholderText(keep);
    // A role account cannot be its own source.
    const int self = m_sourceAccount->findText(account.name);
    if (self >= 0 && account.auth != AuthMethod::AccessKey)
        m_sourceAccount->removeItem(self);
    revalidate();
}

Account AccountEditor::account() const
{
    Account account;
    account.name = m_name->text();
    account.region = m_region->currentData().toString();
    account.auth = AuthMethod(m_auth->currentData().toInt());
    account.endpoint = m_endpoint->text().trimmed();
    account.notes = m_notes->toPlainText();
    switch (account.auth) {
    case AuthMethod::AccessKey:
        account.accessKeyId = m_accessKeyId->text();
        break;
    case AuthMethod::AssumeRole:
        account.roleArn = m_roleArn->text();
        account.externalId = m_externalId->text();
        account.roleSessionName = m_roleSessionName->text();
        account.durationSeconds = m_duration->value();
        account.roleSource = RoleSource(m_roleSource->currentData().toInt());
        if (account.roleSource == RoleSource::Account)
            account.sourceAccount = m_sourceAccount->currentText();
        else
            account.sourceProfile = m_sourceProfile->text();
        break;
    case AuthMethod::ApiKey:
        break;
    }
    return account;
}

Status AccountEditor::check() const
{
    const Account account = this->account();
    if (Status ok = account.validate(); !ok)
        return ok;
    if (account.name != m_originalName && m_store.contains(account.name))
        return fieldError(QStringLiteral("name"),
                          tr("There is already an account “%1”.").arg(account.name));
    struct SecretField
    {
        QLineEdit *edit;
        QString field;
        QString label;
        bool required;
    };
    std::vector<SecretField> fields;
    const bool adding = !m_originalName.has_value();
    if (account.auth == AuthMethod::AccessKey) {
        fields.push_back({m_secretAccessKey, QStringLiteral("secretAccessKey"),
                          tr("The secret access key"), adding});
        fields.push_back(
            {m_sessionToken, QStringLiteral("sessionToken"), tr("The session token"), false});
    } else if (account.auth == AuthMethod::ApiKey) {
        fields.push_back({m_apiKey, QStringLiteral("apiKey"), tr("The API key"), adding});
    }
    for (const SecretField &field : fields) {
        const QString value = field.edit->text();
        if (value.isEmpty()) {
            if (field.required)
                return fieldError(field.field, tr("%1 is required.").arg(field.label));
            continue;
        }
        if (Status ok = aws::checkSecretValue(value, field.label); !ok)
            return fieldError(field.field, ok.error().message);
    }
    return {};
}

void AccountEditor::revalidate()
{
    const auto source = RoleSource(m_roleSource->currentData().toInt());
    m_sourceAccount->setEnabled(source == RoleSource::Account);
    m_sourceProfile->setEnabled(source == RoleSource::AwsProfile);

    const Status status = check();
    for (QLabel *label : std::as_const(m_fieldErrors))
        label->hide();
    if (!status) {
        QLabel *label = m_fieldErrors.value(status.error().code);
        if (label) {
            label->setText(status.error().message);
            label->setVisible(true);
        }
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(status.ok() && !m_busy);
}

void AccountEditor::showError(const QString &message)
{
    m_status->setText(message);
    m_status->setVisible(!message.isEmpty());
}

void AccountEditor::clearSecrets()
{
    for (QLineEdit *edit : {m_secretAccessKey, m_sessionToken, m_apiKey})
        edit->clear();
}

void AccountEditor::setBusy(bool busy)
{
    m_busy = busy;
    revalidate();
}

void AccountEditor::accept()
{
    if (m_busy || !check())
        return;
    showError({});
    setBusy(true);
    if (m_originalName)
        return saveEdited();
    accounts::AccountSecrets secrets;
    secrets.secretAccessKey = secretOf(m_secretAccessKey);
    secrets.sessionToken = secretOf(m_sessionToken);
    secrets.apiKey = secretOf(m_apiKey);
    m_manager.add(account(), secrets, [self = QPointer<AccountEditor>(this)](Status status) {
        if (!self)
            return;
        self->setBusy(false);
        if (!status)
            return self->showError(status.error().toDisplayString());
        self->clearSecrets();
        self->QDialog::accept();
    });
}

void AccountEditor::saveEdited()
{
    const Account edited = account();
    const QString from = *m_originalName;
    const auto finish = [self = QPointer<AccountEditor>(this)](Status status) {
        if (!self)
            return;
        self->setBusy(false);
        if (!status)
            return self->showError(status.error().toDisplayString());
        self->clearSecrets();
        self->QDialog::accept();
    };
    const auto saveRest = [self = QPointer<AccountEditor>(this), edited, finish](Status status) {
        if (!self)
            return;
        if (!status)
            return finish(status);
        self->m_originalName = edited.name;
        if (Status saved = self->m_store.save(edited); !saved)
            return finish(saved);
        self->writeSecrets(finish);
    };
    if (edited.name == from)
        return saveRest(Status());
    m_manager.rename(from, edited.name, saveRest);
}

void AccountEditor::writeSecrets(std::function<void(Status)> done)
{
    // Only the secrets the user typed again replace the stored ones.
    struct Item
    {
        SecretKind kind;
        SecretString secret;
    };
    auto items = std::make_shared<std::vector<Item>>();
    const auto add = [&items](SecretKind kind, QLineEdit *edit) {
        if (!edit->text().isEmpty())
            items->push_back({kind, secretOf(edit)});
    };
    const AuthMethod method = AuthMethod(m_auth->currentData().toInt());
    if (method == AuthMethod::AccessKey) {
        add(SecretKind::SecretAccessKey, m_secretAccessKey);
        add(SecretKind::SessionToken, m_sessionToken);
    } else if (method == AuthMethod::ApiKey) {
        add(SecretKind::ApiKey, m_apiKey);
    }
    const QString name = m_name->text();
    auto next = std::make_shared<std::function<void(Status)>>();
    *next = [this, self = QPointer<AccountEditor>(this), items, name, done,
             weakNext = std::weak_ptr<std::function<void(Status)>>(next)](Status status) {
        if (!self)
            return;
        if (!status || items->empty())
            return done(status);
        const Item item = items->back();
        items->pop_back();
        const auto again = weakNext.lock();
        m_secrets.write(name, item.kind, item.secret, [again](Status written) {
            if (again)
                (*again)(written);
        });
    };
    // Each pending write's callback holds the chain until it is answered.
    (*next)(Status());
}

} // namespace mantle::ui
