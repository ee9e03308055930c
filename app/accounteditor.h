#pragma once

#include "accounts/account.h"

#include <QDialog>
#include <QHash>

#include <functional>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QStackedWidget;

namespace mantle::accounts {
class AccountManager;
class AccountStore;
class SecretStore;
} // namespace mantle::accounts

namespace mantle::ui {

/// The form that adds an account or edits one: name, region, auth method (a page of fields per
/// method), endpoint override and notes. It validates as the user types (Account::validate(),
/// plus the secrets a new account needs), shows the message under the field it names and enables
/// OK only for a valid account. OK saves through AccountManager (secrets to the keychain only) and
/// closes only once that succeeded; a failure (no keychain, a taken name) stays in the form.
///
/// It holds no secret beyond its password fields, which it clears once saved. Editing keeps the
/// auth method (remove and add the account to change it) and, for empty secret fields, the
/// secrets already in the keychain. It does not test connections.
class AccountEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountEditor)

public:
    /// A form for a new account. The stores and the manager must outlive the dialog.
    AccountEditor(accounts::AccountStore &store, accounts::AccountManager &manager,
                  accounts::SecretStore &secrets, QWidget *parent = nullptr);
    ~AccountEditor() override;

    /// Switches to editing `account` (already saved) and fills the form with it.
    void editAccount(const accounts::Account &account);

    /// The account the fields describe (not validated).
    accounts::Account account() const;
    /// The current problem with the fields, or an empty Status.
    Status check() const;

public slots:
    void accept() override;

private:
    QLineEdit *lineEdit(const QString &objectName, const QString &accessibleName);
    void addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &fieldName);
    void revalidate();
    void showError(const QString &message);
    void setBusy(bool busy);
    void clearSecrets();
    void saveEdited();
    void writeSecrets(std::function<void(Status)> done);

    accounts::AccountStore &m_store;
    accounts::AccountManager &m_manager;
    accounts::SecretStore &m_secrets;
    std::optional<QString> m_originalName; ///< set when editing

    QLineEdit *m_name;
    QComboBox *m_region;
    QComboBox *m_auth;
    QStackedWidget *m_pages;
    QLineEdit *m_accessKeyId;
    QLineEdit *m_secretAccessKey;
    QLineEdit *m_sessionToken;
    QLineEdit *m_roleArn;
    QLineEdit *m_externalId;
    QLineEdit *m_roleSessionName;
    QSpinBox *m_duration;
    QComboBox *m_roleSource;
    QComboBox *m_sourceAccount;
    QLineEdit *m_sourceProfile;
    QLineEdit *m_apiKey;
    QLineEdit *m_endpoint;
    QPlainTextEdit *m_notes;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QHash<QString, QLabel *> m_fieldErrors; ///< by Error::code field name
    bool m_busy = false;
};

} // namespace mantle::ui
