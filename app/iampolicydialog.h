#pragma once

#include "accounts/account.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace mantle::ui {

/// The IAM policy an account needs, ready to copy: the least-privilege identity policy for its
/// auth method (IamPolicyHelper, for the account's region and, when the user gives it, the AWS
/// account id; else the helper's placeholder), the role's trust policy for an assumed role,
/// the managed-policy alternative and when to use which. Copy puts the identity policy's JSON
/// on the clipboard (it holds no secret).
///
/// It shows text only: it attaches nothing and asks AWS nothing.
class IamPolicyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IamPolicyDialog)

public:
    explicit IamPolicyDialog(const accounts::Account &account, QWidget *parent = nullptr);

    /// The identity policy's JSON as shown (and copied).
    QString policyText() const;
    /// The role's trust policy as shown; empty for other auth methods.
    QString trustPolicyText() const;

public slots:
    /// Puts the identity policy's JSON on the clipboard.
    void copyPolicy();
    void copyTrustPolicy();

private:
    void updatePolicies();

    accounts::Account m_account;
    QLineEdit *m_accountId;
    QCheckBox *m_marketplace;
    QPlainTextEdit *m_policy;
    QPlainTextEdit *m_trust = nullptr;
    QLabel *m_accountIdError;
};

} // namespace mantle::ui
