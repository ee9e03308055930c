#include "iampolicydialog.h"

#include "accounts/iampolicyhelper.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace mantle::ui {

using accounts::AuthMethod;
using accounts::IamPolicyHelper;

namespace {

QPlainTextEdit *policyEditor(const QString &objectName, const QString &accessibleName,
                             QWidget *parent)
{
    auto *editor = new QPlainTextEdit(parent);
    editor->setObjectName(objectName);
    editor->setAccessibleName(accessibleName);
    editor->setReadOnly(true);
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return editor;
}

bool isAccountId(const QString &text)
{
    static const QRegularExpression twelveDigits(QStringLiteral("^\\d{12}$"));
    return twelveDigits.match(text).hasMatch();
}

} // namespace

IamPolicyDialog::IamPolicyDialog(const accounts::Account &account, QWidget *parent)
    : QDialog(parent)
    , m_account(account)
    , m_accountId(new QLineEdit(this))
    , m_marketplace(
          new QCheckBox(tr("Allow subscribing to third-party (Marketplace) models"), this))
    , m_policy(policyEditor(QStringLiteral("iamPolicyText"), tr("Identity policy"), this))
    , m_accountIdError(new QLabel(this))
{
    setObjectName(QStringLiteral("iamPolicyDialog"));
    setWindowTitle(tr("IAM Policy for “%1”").arg(account.name));
    auto *layout = new QVBoxLayout(this);

    const QString who = account.auth == AuthMethod::ApiKey
        ? tr("Attach it to the IAM user that owns the API key.")
        : account.auth == AuthMethod::AssumeRole
        ? tr("Attach it to the role %1.").arg(account.roleArn)
        : tr("Attach it to the IAM user or role of the access key.");
    auto *intro = new QLabel(
        tr("The least-privilege policy for this account in %1: only what Mantle Playground "
           "needs. %2")
            .arg(account.region, who),
        this);
    intro->setObjectName(QStringLiteral("iamPolicyIntro"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_accountId->setObjectName(QStringLiteral("iamPolicyAccountId"));
    m_accountId->setAccessibleName(tr("AWS account id"));
    m_accountId->setPlaceholderText(tr("12 digits; empty: any account (*)"));
    m_accountId->setText(IamPolicyHelper::accountIdOf(account.roleArn));
    // The bearer-token action is not bound to a project: no account id to fill in.
    m_accountId->setEnabled(account.auth != AuthMethod::ApiKey);
    form->addRow(tr("AWS &account id:"), m_accountId);
    m_accountIdError->setObjectName(QStringLiteral("iamPolicyAccountIdError"));
    m_accountIdError->setText(tr("An AWS account id has 12 digits."));
    m_accountIdError->hide();
    form->addRow(QString(), m_accountIdError);
    m_marketplace->setObjectName(QStringLiteral("iamPolicyMarketplace"));
    m_marketplace->setChecked(true);
    form->addRow(QString(), m_marketplace);
    layout->addLayout(form);

    layout->addWidget(new QLabel(tr("Identity policy:"), this));
    layout->addWidget(m_policy, 2);
    auto *copy = new QPushButton(tr("&Copy"), this);
    copy->setObjectName(QStringLiteral("iamPolicyCopy"));
    copy->setToolTip(tr("Copy the identity policy's JSON (it holds no secret)."));

    QPushButton *copyTrust = nullptr;
    if (account.auth == AuthMethod::AssumeRole) {
        m_trust = policyEditor(QStringLiteral("iamTrustPolicyText"), tr("Trust policy"), this);
        layout->addWidget(new QLabel(tr("Trust policy of the role (who may assume it):"), this));
        layout->addWidget(m_trust, 1);
        copyTrust = new QPushButton(tr("Copy &Trust Policy"), this);
        copyTrust->setObjectName(QStringLiteral("iamTrustPolicyCopy"));
    }

    auto *managed = new QLabel(IamPolicyHelper::managedAlternative(account), this);
    managed->setObjectName(QStringLiteral("iamPolicyManaged"));
    managed->setWordWrap(true);
    managed->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(managed);
    auto *which = new QLabel(
        tr("Use the policy above to grant only what the playground needs, for this region; "
           "attach the managed policy when you would rather have AWS keep the permissions up to "
           "date as Mantle changes, or when several regions and tools share the principal."),
        this);
    which->setObjectName(QStringLiteral("iamPolicyWhich"));
    which->setWordWrap(true);
    layout->addWidget(which);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("iamPolicyButtons"));
    buttons->addButton(copy, QDialogButtonBox::ActionRole);
    if (copyTrust)
        buttons->addButton(copyTrust, QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);

    connect(copy, &QPushButton::clicked, this, &IamPolicyDialog::copyPolicy);
    if (copyTrust)
        connect(copyTrust, &QPushButton::clicked, this, &IamPolicyDialog::copyTrustPolicy);
    connect(buttons, &QDialogButtonBox::rejected, this, &IamPolicyDialog::reject);
    connect(m_accountId, &QLineEdit::textChanged, this, &IamPolicyDialog::updatePolicies);
    connect(m_marketplace, &QCheckBox::toggled, this, &IamPolicyDialog::updatePolicies);

    updatePolicies();
    resize(620, 640);
}

QString IamPolicyDialog::policyText() const
{
    return m_policy->toPlainText();
}

QString IamPolicyDialog::trustPolicyText() const
{
    return m_trust ? m_trust->toPlainText() : QString();
}

void IamPolicyDialog::copyPolicy()
{
    QApplication::clipboard()->setText(policyText());
}

void IamPolicyDialog::copyTrustPolicy()
{
    if (m_trust)
        QApplication::clipboard()->setText(trustPolicyText());
}

void IamPolicyDialog::updatePolicies()
{
    const QString accountId = m_accountId->text().trimmed();
    const bool valid = accountId.isEmpty() || isAccountId(accountId);
    m_accountIdError->setVisible(!valid);
    IamPolicyHelper::Options options;
    // An id that is not one yet (while typing) leaves the helper's placeholder.
    options.accountId = valid ? accountId : QString();
    options.marketplace = m_marketplace->isChecked();
    m_policy->setPlainText(QString::fromUtf8(
        IamPolicyHelper::pretty(IamPolicyHelper::identityPolicy(m_account, options))));
    if (m_trust) {
        const auto trust = IamPolicyHelper::trustPolicy(m_account, options);
        m_trust->setPlainText(trust ? QString::fromUtf8(IamPolicyHelper::pretty(*trust))
                                    : QString());
    }
}

} // namespace mantle::ui
