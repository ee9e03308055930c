#pragma once

#include "accounts/accountstore.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QMenu;
class QPushButton;
class QSettings;
class QTreeWidget;

namespace mantle::accounts {
class AccountManager;
class SecretStore;
} // namespace mantle::accounts

namespace mantle::ui {

class AccountEditor;

/// File > Accounts…: the accounts of the app (name, auth method, region) with Add, Edit, Remove
/// and Import from AWS profile. Adding and editing happen in an AccountEditor; every change goes
/// through AccountManager, so secrets only ever reach the keychain, and failures are shown here
/// without closing the dialog.
///
/// It owns the account store (on the QSettings it is given), the keychain access and the manager
/// for as long as it is open. It does not resolve credentials nor make requests.
class AccountsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountsDialog)

public:
    /// settings (not owned) must outlive the dialog. `keychainService` is the keychain's service
    /// name, empty for the app's own (tests pass theirs).
    explicit AccountsDialog(QSettings &settings, QWidget *parent = nullptr,
                            const QString &keychainService = {});
    ~AccountsDialog() override;

    /// The form for a new account, opened window-modal; null once it is closed.
    AccountEditor *editor() const;

public slots:
    void addAccount();
    void editSelectedAccount();
    void removeSelectedAccount();
    void reload();
    /// Imports the AWS profile (from the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE
    /// name, else ~/.aws) as a new account; the outcome shows under the list.
    void importAwsProfile(const QString &profile);

private:
    void openEditor(AccountEditor *editor);
    void fillImportMenu();
    void showMessage(const QString &message);
    QString selectedName() const;

    accounts::AccountStore m_store;
    accounts::SecretStore *m_secrets;
    accounts::AccountManager *m_manager;
    QTreeWidget *m_list;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QMenu *m_importMenu;
    QLabel *m_message;
    QPointer<AccountEditor> m_editor;
};

} // namespace mantle::ui
