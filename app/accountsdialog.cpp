#include "accountsdialog.h"

#include "accounteditor.h"
#include "iampolicydialog.h"
#include "playgroundservices.h"
#include "shorttermkeydialog.h"

#include "accounts/accountimporter.h"
#include "accounts/accountmanager.h"
#include "accounts/accountresolver.h"
#include "accounts/connectiontest.h"
#include "accounts/secretstore.h"
#include "aws/awsenvironment.h"
#include "aws/awsprofile.h"
#include "aws/sigv4signer.h"
#include "common/clock.h"
#include "mantle/regions.h"
#include "mantle/routeresolver.h"
#include "net/httpclient.h"
#include "net/systemproxyfactory.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace mantle::ui {

using accounts::AuthMethod;
using accounts::ConnectionStep;

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

/// The step's name as the user reads it; ConnectionTest names its steps in stepNames().
QString stepDisplayName(const QString &name)
{
    if (name == QLatin1String("credentials"))
        return AccountsDialog::tr("Credentials");
    if (name == QLatin1String("region"))
        return AccountsDialog::tr("Region");
    if (name == QLatin1String("models"))
        return AccountsDialog::tr("Models");
    if (name == QLatin1String("request"))
        return AccountsDialog::tr("Request");
    return name;
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
    , m_clock(std::make_unique<SystemClock>())
    , m_signer(std::make_unique<aws::SigV4Signer>())
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
    m_test = button(QStringLiteral("testConnection"), tr("&Test Connection"));
    m_test->setToolTip(tr("Checks the selected account's credentials, region, models and one "
                          "tiny request."));
    m_policy = button(QStringLiteral("iamPolicy"), tr("IAM &Policy…"));
    m_policy->setToolTip(tr("Shows the least-privilege IAM policy the selected account needs, "
                            "ready to copy."));
    // Short-term Bedrock API keys (issue #11 item 5, tokens)
    m_shortTermKey = button(QStringLiteral("shortTermKey"), tr("Short-term API &key…"));
    m_shortTermKey->setToolTip(tr("Makes a short-term Bedrock API key from the selected "
                                  "account's SigV4 credentials, to copy or to use for this "
                                  "session."));
    m_shortTermKey->hide();
    connect(m_shortTermKey, &QPushButton::clicked, this, &AccountsDialog::showShortTermKey);
    buttons->addStretch(1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("accountsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    m_testSummary = new QLabel(this);
    m_testSummary->setObjectName(QStringLiteral("connectionTestSummary"));
    m_testSummary->setAccessibleName(tr("Connection test result"));
    m_testSummary->setWordWrap(true);
    m_testSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testSummary->hide();
    layout->addWidget(m_testSummary);

    m_testResults = new QTreeWidget(this);
    m_testResults->setObjectName(QStringLiteral("connectionTestResults"));
    m_testResults->setAccessibleName(tr("Connection test steps"));
    m_testResults->setHeaderLabels({QString(), tr("Step"), tr("Detail")});
    m_testResults->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_testResults->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_testResults->header()->setStretchLastSection(true);
    m_testResults->setWordWrap(true);
    m_testResults->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_testResults->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(tr("&Copy"), m_testResults);
    copy->setObjectName(QStringLiteral("copyConnectionTestResults"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    m_testResults->addAction(copy);
    m_testResults->hide();
    layout->addWidget(m_testResults);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->setObjectName(QStringLiteral("accountsButtons"));
    layout->addWidget(close);

    connect(add, &QPushButton::clicked, this, &AccountsDialog::addAccount);
    connect(m_edit, &QPushButton::clicked, this, &AccountsDialog::editSelectedAccount);
    connect(m_remove, &QPushButton::clicked, this, &AccountsDialog::removeSelectedAccount);
    connect(m_importMenu, &QMenu::aboutToShow, this, &AccountsDialog::fillImportMenu);
    connect(close, &QDialogButtonBox::rejected, this, &AccountsDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &AccountsDialog::testSelectedAccount);
    connect(m_policy, &QPushButton::clicked, this, &AccountsDialog::showIamPolicy);
    connect(copy, &QAction::triggered, this, &AccountsDialog::copyTestResults);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &AccountsDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, &AccountsDialog::editSelectedAccount);

    auto *network = new QNetworkAccessManager(this);
    network->setProxyFactory(new net::SystemProxyFactory); // the manager owns it
    m_client = new net::HttpClient(network, *m_signer, *m_clock, this);
    m_resolver
        = new accounts::AccountResolver(m_store, *m_manager, network, *m_signer, *m_clock, this);
    if (const auto environment
        = aws::readAwsEnvironment(QProcessEnvironment::systemEnvironment())) {
        m_resolver->setAwsFiles(environment->configFile, environment->credentialsFile);
    }

    reload();
    resize(640, 480);
}

AccountsDialog::~AccountsDialog()
{
    // A test still running uses the client and the resolver: it goes first.
    delete m_connectionTest;
}

AccountEditor *AccountsDialog::editor() const
{
    return m_editor;
}

IamPolicyDialog *AccountsDialog::iamPolicyDialog() const
{
    return m_policyDialog;
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
    updateButtons();
}

void AccountsDialog::updateButtons()
{
    const bool hasSelection = !selectedName().isEmpty();
    m_edit->setEnabled(hasSelection);
    m_remove->setEnabled(hasSelection);
    m_test->setEnabled(hasSelection && !m_connectionTest);
    m_policy->setEnabled(hasSelection);
    // Short-term Bedrock API keys (issue #11 item 5, tokens): for accounts that sign with SigV4
    m_shortTermKey->setEnabled(hasSelection && m_services
                               && m_services->signsWithSigV4(selectedName()));
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

void AccountsDialog::testSelectedAccount()
{
    const QString name = selectedName();
    if (name.isEmpty() || m_connectionTest)
        return;
    const auto account = m_store.load(name);
    if (!account)
        return showMessage(account.error().toDisplayString());

    QPointer<accounts::AccountResolver> resolver(m_resolver);
    auto *test = new accounts::ConnectionTest(
        *m_client,
        [resolver, name](accounts::ConnectionTest::TargetDone done) {
            if (!resolver)
                return;
            resolver->resolve(name, [done](Result<pipeline::CallTarget> target) {
                if (target) {
                    target->routes = mantle::RouteResolver::fromEnvironment(
                        QProcessEnvironment::systemEnvironment());
                }
                done(std::move(target));
            });
        },
        nullptr, this);
    test->setObjectName(QStringLiteral("connectionTest"));
    if (account->auth == AuthMethod::AssumeRole) {
        const QString source = account->roleSource == accounts::RoleSource::Account
            ? tr("the IAM principal of account “%1”").arg(account->sourceAccount)
            : tr("the IAM principal of AWS profile “%1”").arg(account->sourceProfile);
        test->setRole(account->roleArn, source, !account->externalId.isEmpty());
    }
    connect(test, &accounts::ConnectionTest::stepFinished, this, &AccountsDialog::showStep);
    connect(test, &accounts::ConnectionTest::finished, this, [this, test, name](bool passed) {
        test->deleteLater();
        m_connectionTest = nullptr;
        showTestResult(name, passed);
        updateButtons();
    });
    m_connectionTest = test;

    showMessage({});
    m_testResults->clear();
    m_testResults->show();
    m_testSummary->setText(tr("Testing “%1”…").arg(name));
    m_testSummary->show();
    updateButtons();
    test->start();
}

void AccountsDialog::showIamPolicy()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    const auto account = m_store.load(name);
    if (!account)
        return showMessage(account.error().toDisplayString());
    if (m_policyDialog)
        m_policyDialog->close(); // deleted on close; one policy at a time
    auto *dialog = new IamPolicyDialog(*account, this);
    // Window-modal, deleted on close: no nested event loop.
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_policyDialog = dialog;
    dialog->open();
}

void AccountsDialog::showStep(const ConnectionStep &step)
{
    auto *item = new QTreeWidgetItem(m_testResults);
    switch (step.status) {
    case ConnectionStep::Status::Ok:
        item->setText(0, QStringLiteral("\u2713"));
        item->setData(0, Qt::AccessibleTextRole, tr("Passed"));
        item->setText(2, step.detail);
        break;
    case ConnectionStep::Status::Failed:
        item->setText(0, QStringLiteral("\u2717"));
        item->setData(0, Qt::AccessibleTextRole, tr("Failed"));
        item->setText(2, step.detail);
        break;
    case ConnectionStep::Status::Skipped:
        item->setText(0, QStringLiteral("\u2013"));
        item->setData(0, Qt::AccessibleTextRole, tr("Skipped"));
        item->setText(2, tr("Skipped"));
        break;
    }
    item->setText(1, stepDisplayName(step.name));
    item->setToolTip(2, item->text(2));
    const auto addLine = [item](const QString &label, const QString &text) {
        auto *line = new QTreeWidgetItem(item);
        line->setText(1, label);
        line->setText(2, text);
        line->setToolTip(2, text);
        item->setExpanded(true);
    };
    if (step.status == ConnectionStep::Status::Failed && !step.fix.isEmpty())
        addLine(tr("Fix"), step.fix);
    if (step.status == ConnectionStep::Status::Ok && !step.note.isEmpty())
        addLine(tr("Note"), step.note);
}

void AccountsDialog::showTestResult(const QString &account, bool passed)
{
    if (passed) {
        m_testSummary->setText(tr("“%1” works.").arg(account));
        return;
    }
    QString failedStep;
    for (int i = 0; i < m_testResults->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_testResults->topLevelItem(i);
        if (item->text(0) == QStringLiteral("\u2717")) {
            failedStep = item->text(1);
            break;
        }
    }
    m_testSummary->setText(
        failedStep.isEmpty()
            ? tr("“%1” does not work.").arg(account)
            : tr("“%1” does not work: the step “%2” failed.").arg(account, failedStep));
}

void AccountsDialog::copyTestResults()
{
    // The selected rows (all of them when none is), one a line, for a bug report or a search.
    QList<QTreeWidgetItem *> items = m_testResults->selectedItems();
    if (items.isEmpty()) {
        for (QTreeWidgetItemIterator it(m_testResults); *it; ++it)
            items << *it;
    }
    QStringList lines;
    for (const QTreeWidgetItem *item : std::as_const(items)) {
        QStringList columns;
        for (int column = 0; column < item->columnCount(); ++column) {
            if (!item->text(column).isEmpty())
                columns << item->text(column);
        }
        lines << (item->parent() ? QStringLiteral("  ") : QString())
                + columns.join(QLatin1Char(' '));
    }
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

// Short-term Bedrock API keys (issue #11 item 5, tokens) -------------------------------------

void AccountsDialog::setPlaygroundServices(PlaygroundServices *services)
{
    m_services = services;
    m_shortTermKey->setVisible(services != nullptr);
    updateButtons();
}

ShortTermKeyDialog *AccountsDialog::shortTermKeyDialog() const
{
    return m_shortTermKeyDialog;
}

void AccountsDialog::showShortTermKey()
{
    const QString name = selectedName();
    if (name.isEmpty() || !m_services || !m_services->signsWithSigV4(name))
        return;
    if (m_shortTermKeyDialog)
        m_shortTermKeyDialog->close(); // deleted on close; one account at a time
    auto *dialog = new ShortTermKeyDialog(*m_services, name, this);
    // Window-modal, deleted on close: no nested event loop.
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_shortTermKeyDialog = dialog;
    dialog->open();
}

} // namespace mantle::ui
