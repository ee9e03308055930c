#include "accountsdialog.h"

#include "accounteditor.h"

#include "accounts/accountimporter.h"
#include "accounts/accountmanager.h"
#include "accounts/secretstore.h"
#include "aws/awsenvironment.h"
#include "aws/awsprofile.h"
#include "mantle/regions.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mantle::ui {

using accounts::AuthMethod;

namespace {

QString authDisplayName(AuthMethod method)
{
    switch (method) {
    case AuthMethod::AccessKey:
        return AccountsDialog::tr("Access key");
    case AuthMethod::AssumeRole:
        return AccountsDialog::tr("Assumed role");
    case AuthMethod::ApiKey:
        return AccountsDialog::tr("API key");
    }
    return {};
}

/// The AWS profiles of the user's ~/.aws files (or those AWS_CONFIG_FILE and
/// AWS_SHARED_CREDENTIALS_FILE name).
Result<aws::AwsProfileResolver> loadAwsProfiles()
{
    const auto environment = aws::readAwsEnvironment(QProcessEnvironment::systemEnvironment());
    if (!environment)
        return environment.error();
    return aws::AwsProfileResolver::load(environment->configFile, environment->credentialsFile);
}

} // namespace

AccountsDialog::AccountsDialog(QSettings &settings, QWidget *parent, const QString &keychainService)
    : QDialog(parent)
    , m_store(settings)
    , m_secrets(keychainService.isEmpty() ? new accounts::SecretStore(this)
                                          : new accounts::SecretStore(keychainService, this))
    , m_manager(new accounts::AccountManager(m_store, *m_secrets, this))
{
    setObjectName(QStringLiteral("accountsDialog"));
    setWindowTitle(tr("Accounts"));
    auto *layout = new QVBoxLayout(this);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("accountList"));
    m_list->setAccessibleName(tr("Accounts"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Name"), tr("Authentication"), tr("Region")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    layout->addLayout(row);

    auto *buttons = new QVBoxLayout;
    row->addLayout(buttons);
    const auto button = [this, buttons](const QString &objectName, const QString &text) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(objectName);
        buttons->addWidget(b);
        return b;
    };
    QPushButton *add = button(QStringLiteral("addAccount"), tr("&Add…"));
    m_edit = button(QStringLiteral("editAccount"), tr("&Edit…"));
    m_remove = button(QStringLiteral("removeAccount"), tr("&Remove"));
    QPushButton *import
        = button(QStringLiteral("importAwsProfile"), tr("&Import from AWS Profile"));
    m_importMenu = new QMenu(import);
    m_importMenu->setObjectName(QStringLiteral("importAwsProfileMenu"));
    import->setMenu(m_importMenu);
    buttons->addStretch(1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("accountsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->setObjectName(QStringLiteral("accountsButtons"));
    layout->addWidget(close);

    connect(add, &QPushButton::clicked, this, &AccountsDialog::addAccount);
    connect(m_edit, &QPushButton::clicked, this, &AccountsDialog::editSelectedAccount);
    connect(m_remove, &QPushButton::clicked, this, &AccountsDialog::removeSelectedAccount);
    connect(m_importMenu, &QMenu::aboutToShow, this, &AccountsDialog::fillImportMenu);
    connect(close, &QDialogButtonBox::rejected, this, &AccountsDialog::reject);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, [this] {
        const bool selected = !selectedName().isEmpty();
        m_edit->setEnabled(selected);
        m_remove->setEnabled(selected);
    });
    connect(m_list, &QTreeWidget::itemActivated, this, &AccountsDialog::editSelectedAccount);
    reload();
    resize(640, 360);
}

AccountsDialog::~AccountsDialog() = default;

AccountEditor *AccountsDialog::editor() const
{
    return m_editor;
}

void AccountsDialog::reload()
{
    const QString selected = selectedName();
    m_list->clear();
    for (const QString &name : m_store.names()) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, name);
        const auto account = m_store.load(name);
        if (account) {
            item->setText(1, authDisplayName(account->auth));
            item->setText(2, account->region);
            item->setToolTip(2, mantle::regionDisplayName(account->region));
        } else {
            item->setText(1, tr("Broken"));
            item->setToolTip(0, account.error().message);
        }
        if (name == selected)
            m_list->setCurrentItem(item);
    }
    const bool hasSelection = !selectedName().isEmpty();
    m_edit->setEnabled(hasSelection);
    m_remove->setEnabled(hasSelection);
}

QString AccountsDialog::selectedName() const
{
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    return items.isEmpty() ? QString() : items.first()->text(0);
}

void AccountsDialog::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void AccountsDialog::openEditor(AccountEditor *editor)
{
    // Window-modal, deleted on close: no nested event loop.
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, [this] {
        showMessage({});
        reload();
    });
    m_editor = editor;
    editor->open();
}

void AccountsDialog::addAccount()
{
    if (m_editor)
        return m_editor->raise();
    openEditor(new AccountEditor(m_store, *m_manager, *m_secrets, this));
}

void AccountsDialog::editSelectedAccount()
{
    const QString name = selectedName();
    if (name.isEmpty() || m_editor)
        return;
    const auto account = m_store.load(name);
    if (!account)
        return showMessage(account.error().toDisplayString());
    auto *editor = new AccountEditor(m_store, *m_manager, *m_secrets, this);
    editor->editAccount(*account);
    openEditor(editor);
}

void AccountsDialog::removeSelectedAccount()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Remove Account"),
        tr("Remove the account “%1” and its secrets from the keychain?").arg(name),
        QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("removeAccountConfirmation"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, name](QAbstractButton *clicked) {
        if (box->standardButton(clicked) != QMessageBox::Yes)
            return;
        m_manager->remove(name, [self = QPointer<AccountsDialog>(this)](Status status) {
            if (!self)
                return;
            self->reload();
            self->showMessage(status ? QString() : status.error().toDisplayString());
        });
    });
    box->open();
}

void AccountsDialog::fillImportMenu()
{
    m_importMenu->clear();
    const auto profiles = loadAwsProfiles();
    if (!profiles) {
        m_importMenu->addAction(profiles.error().message)->setEnabled(false);
        return;
    }
    const QStringList names = profiles->profileNames();
    if (names.isEmpty())
        m_importMenu->addAction(tr("No AWS profiles found"))->setEnabled(false);
    for (const QString &name : names) {
        QAction *action = m_importMenu->addAction(name);
        action->setObjectName(QStringLiteral("importProfile_") + name);
        connect(action, &QAction::triggered, this, [this, name] { importAwsProfile(name); });
    }
}

void AccountsDialog::importAwsProfile(const QString &profile)
{
    const auto profiles = loadAwsProfiles();
    if (!profiles)
        return showMessage(profiles.error().toDisplayString());
    const auto imported = accounts::AccountImporter().fromAwsProfile(*profiles, profile);
    if (!imported)
        return showMessage(imported.error().toDisplayString());
    const QString name = imported->account.name;
    const QStringList warnings = imported->warnings;
    m_manager->add(imported->account, imported->secrets,
                   [self = QPointer<AccountsDialog>(this), name, warnings](Status status) {
                       if (!self)
                           return;
                       if (!status)
                           return self->showMessage(status.error().toDisplayString());
                       self->reload();
                       QStringList lines{
                           AccountsDialog::tr("Imported the AWS profile as “%1”.").arg(name)};
                       self->showMessage((lines + warnings).join(QLatin1Char('\n')));
                   });
}

} // namespace mantle::ui
