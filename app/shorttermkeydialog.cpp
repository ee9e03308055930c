#include "shorttermkeydialog.h"

#include "playgroundservices.h"

#include "common/clock.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QVBoxLayout>

namespace mantle::ui {

ShortTermKeyDialog::ShortTermKeyDialog(PlaygroundServices &services, const QString &account,
                                       QWidget *parent)
    : QDialog(parent)
    , m_services(services)
    , m_account(account)
{
    setObjectName(QStringLiteral("shortTermKeyDialog"));
    setWindowTitle(tr("Short-term API key for %1").arg(account));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(
        tr("A short-term Bedrock API key is made on this computer from the account's SigV4 "
           "credentials (a role account asks STS for them first). It works in the account's "
           "region only, for at most 12 hours or as long as the credentials last, and is kept in "
           "memory only: it is never saved."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    layout->addLayout(form);
    auto *lifetimeRow = new QHBoxLayout;
    m_lifetime = new QComboBox(this);
    m_lifetime->setObjectName(QStringLiteral("lifetime"));
    m_lifetime->addItem(tr("15 minutes"), 15 * 60);
    m_lifetime->addItem(tr("1 hour"), 60 * 60);
    m_lifetime->addItem(tr("4 hours"), 4 * 60 * 60);
    m_lifetime->addItem(tr("12 hours"), 12 * 60 * 60);
    m_lifetime->setCurrentIndex(m_lifetime->count() - 1);
    lifetimeRow->addWidget(m_lifetime, 1);
    m_generate = new QPushButton(tr("&Generate"), this);
    m_generate->setObjectName(QStringLiteral("generate"));
    lifetimeRow->addWidget(m_generate);
    form->addRow(tr("&Lifetime:"), lifetimeRow);

    auto *keyRow = new QHBoxLayout;
    m_keyField = new QLineEdit(this);
    m_keyField->setObjectName(QStringLiteral("key"));
    m_keyField->setAccessibleName(tr("Short-term API key"));
    m_keyField->setReadOnly(true);
    m_keyField->setEchoMode(QLineEdit::Password);
    keyRow->addWidget(m_keyField, 1);
    m_show = new QCheckBox(tr("&Show"), this);
    m_show->setObjectName(QStringLiteral("showKey"));
    keyRow->addWidget(m_show);
    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyKey"));
    keyRow->addWidget(m_copy);
    form->addRow(tr("&Key:"), keyRow);
    m_region = new QLabel(this);
    m_region->setObjectName(QStringLiteral("keyRegion"));
    form->addRow(tr("Region:"), m_region);
    m_expiry = new QLabel(this);
    m_expiry->setObjectName(QStringLiteral("keyExpiry"));
    m_expiry->setWordWrap(true);
    form->addRow(tr("Expiry:"), m_expiry);

    auto *useRow = new QHBoxLayout;
    m_use = new QPushButton(tr("&Use for This Session"), this);
    m_use->setObjectName(QStringLiteral("useForSession"));
    m_use->setToolTip(tr("Until the key expires, this account's requests in its region go with "
                         "the key instead of a SigV4 signature."));
    useRow->addWidget(m_use);
    m_stop = new QPushButton(tr("S&top Using"), this);
    m_stop->setObjectName(QStringLiteral("stopUsing"));
    useRow->addWidget(m_stop);
    useRow->addStretch(1);
    layout->addLayout(useRow);
    m_usage = new QLabel(this);
    m_usage->setObjectName(QStringLiteral("keyUsage"));
    m_usage->setWordWrap(true);
    layout->addWidget(m_usage);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("keyError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);
    layout->addStretch(1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);

    connect(m_generate, &QPushButton::clicked, this, &ShortTermKeyDialog::generate);
    connect(m_copy, &QPushButton::clicked, this, &ShortTermKeyDialog::copyKey);
    connect(m_use, &QPushButton::clicked, this, &ShortTermKeyDialog::useForSession);
    connect(m_stop, &QPushButton::clicked, this, &ShortTermKeyDialog::stopUsing);
    connect(m_show, &QCheckBox::toggled, this, [this](bool shown) {
        m_keyField->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &ShortTermKeyDialog::reject);

    showKey();
    showUsage();
    resize(560, 0);
}

ShortTermKeyDialog::~ShortTermKeyDialog()
{
    // The field's copy of the key goes with the widget; this one is wiped by SecretString.
    m_keyField->clear();
}

QList<int> ShortTermKeyDialog::lifetimes()
{
    return {15 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60};
}

void ShortTermKeyDialog::generate()
{
    m_generate->setEnabled(false);
    m_error->hide();
    const int lifetime = m_lifetime->currentData().toInt();
    m_services.generateShortTermKey(m_account, lifetime, this,
                                    [this](Result<aws::ShortTermKey> key) {
                                        m_generate->setEnabled(true);
                                        if (!key) {
                                            m_error->setText(key.error().toDisplayString());
                                            m_error->show();
                                            Q_EMIT generated(key.error().toDisplayString());
                                            return;
                                        }
                                        m_key = std::move(key).value();
                                        showKey();
                                        Q_EMIT generated(QString());
                                    });
}

void ShortTermKeyDialog::copyKey()
{
    if (!m_key)
        return;
    auto *data = new QMimeData;
    data->setText(QString::fromLatin1(m_key->key.view().data(), qsizetype(m_key->key.size())));
    // Marked as a secret the way clipboard managers understand, so that they keep it out of
    // their history (see kPasswordManagerHint).
    data->setData(QString::fromLatin1(kPasswordManagerHint), QByteArrayLiteral("secret"));
    data->setData(QString::fromLatin1(kWindowsNoHistory), QByteArray(4, '\0')); // DWORD 0
    data->setData(QString::fromLatin1(kWindowsExcludeFromMonitors), QByteArray(4, '\0'));
    QApplication::clipboard()->setMimeData(data);
}

void ShortTermKeyDialog::useForSession()
{
    if (!m_key)
        return;
    m_services.useShortTermKey(m_account, *m_key);
    showUsage();
}

void ShortTermKeyDialog::stopUsing()
{
    m_services.forgetShortTermKey(m_account);
    showUsage();
}

void ShortTermKeyDialog::showKey()
{
    const bool have = m_key.has_value();
    m_keyField->setText(
        have ? QString::fromLatin1(m_key->key.view().data(), qsizetype(m_key->key.size()))
             : QString());
    m_keyField->setPlaceholderText(have ? QString() : tr("Not generated yet"));
    m_copy->setEnabled(have);
    m_show->setEnabled(have);
    m_use->setEnabled(have);
    m_region->setText(have ? m_key->region : QString());
    if (!have) {
        m_expiry->clear();
        return;
    }
    QString expiry = describeExpiry(m_key->expiresAt);
    if (m_key->cappedByCredentials)
        expiry = tr("%1, shortened to the end of the account's temporary credentials").arg(expiry);
    m_expiry->setText(expiry);
}

void ShortTermKeyDialog::showUsage()
{
    const QDateTime until = m_services.shortTermKeyExpiry(m_account);
    m_stop->setVisible(until.isValid());
    m_usage->setText(
        until.isValid()
            ? tr("This account's requests go with a short-term key; %1.").arg(describeExpiry(until))
            : tr("This account's requests are signed with SigV4."));
}

QString ShortTermKeyDialog::describeExpiry(const QDateTime &expiresAt) const
{
    const qint64 left = std::max<qint64>(0, m_services.clock().nowUtc().secsTo(expiresAt));
    const QString at = QLocale().toString(expiresAt.toLocalTime().time(), QLocale::ShortFormat);
    const qint64 hours = left / 3600;
    const qint64 minutes = (left % 3600) / 60;
    const QString in = hours > 0 ? tr("in %1 h %2 min").arg(hours).arg(minutes)
                                 : tr("in %1 min").arg(std::max<qint64>(minutes, left > 0 ? 1 : 0));
    return tr("expires at %1 (%2)").arg(at, in);
}

} // namespace mantle::ui
