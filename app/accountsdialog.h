#pragma once

#include "accounts/accountstore.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QLabel;
class QMenu;
class QPushButton;
class QSettings;
class QTreeWidget;

namespace mantle {
class Clock;
}
namespace mantle::aws {
class SigV4Signer;
}
namespace mantle::net {
class HttpClient;
}
namespace mantle::accounts {
class AccountManager;
class AccountResolver;
class ConnectionTest;
class SecretStore;
struct ConnectionStep;
} // namespace mantle::accounts

namespace mantle::ui {

class AccountEditor;
class IamPolicyDialog;
class PlaygroundServices;
class ShortTermKeyDialog;

/// File > Accounts…: the accounts of the app (name, auth method, region) with Add, Edit, Remove
/// and Import from AWS profile. Adding and editing happen in an AccountEditor; every change goes
/// through AccountManager, so secrets only ever reach the keychain, and failures are shown here
/// without closing the dialog. Test Connection runs core's ConnectionTest on the selected account
/// and lists each step as it ends (with the fix for a failed one) under the accounts. IAM
/// Policy… shows the selected account's least-privilege policy (IamPolicyDialog).
///
/// It owns the account store (on the QSettings it is given), the keychain access, the manager
/// and what a connection test needs (resolver, HTTP client) for as long as it is open. It holds
/// no protocol logic: the test, the credentials and the requests are core's.
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
    /// The IAM policy of the selected account, opened window-modal; null once it is closed.
    IamPolicyDialog *iamPolicyDialog() const;

public slots:
    void addAccount();
    void editSelectedAccount();
    void removeSelectedAccount();
    void reload();
    /// Imports the AWS profile (from the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE
    /// name, else ~/.aws) as a new account; the outcome shows under the list.
    void importAwsProfile(const QString &profile);
    /// Tests the selected account (asynchronously); the steps show in connectionTestResults.
    void testSelectedAccount();
    /// Opens the IAM policy of the selected account.
    void showIamPolicy();

    // Short-term Bedrock API keys (issue #11 item 5, tokens)
public:
    /// The app's services, which make short-term keys and use them for the session; without
    /// them (null) the Short-term API key button is hidden. Must outlive the dialog.
    void setPlaygroundServices(PlaygroundServices *services);
    /// The short-term key dialog of the selected account, window-modal; null once it is closed.
    ShortTermKeyDialog *shortTermKeyDialog() const;
public slots:
    /// Opens the short-term key dialog for the selected account (one that signs with SigV4).
    void showShortTermKey();

private:
    void openEditor(AccountEditor *editor);
    void fillImportMenu();
    void showMessage(const QString &message);
    QString selectedName() const;
    void updateButtons();
    void showStep(const accounts::ConnectionStep &step);
    void showTestResult(const QString &account, bool passed);
    void copyTestResults();

    accounts::AccountStore m_store;
    accounts::SecretStore *m_secrets;
    accounts::AccountManager *m_manager;
    QTreeWidget *m_list;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QPushButton *m_test;
    QPushButton *m_policy;
    QMenu *m_importMenu;
    QLabel *m_message;
    QPointer<AccountEditor> m_editor;
    QPointer<IamPolicyDialog> m_policyDialog;
    QTreeWidget *m_testResults;
    QLabel *m_testSummary;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<aws::SigV4Signer> m_signer;
    accounts::AccountResolver *m_resolver;
    net::HttpClient *m_client;
    QPointer<accounts::ConnectionTest> m_connectionTest;
    // Short-term Bedrock API keys (issue #11 item 5, tokens)
    PlaygroundServices *m_services = nullptr;
    QPushButton *m_shortTermKey;
    QPointer<ShortTermKeyDialog> m_shortTermKeyDialog;
};

} // namespace mantle::ui
