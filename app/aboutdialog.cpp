#include "aboutdialog.h"

#include "appicons.h"
#include "appresources.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

namespace mantle::ui {

namespace {

constexpr int kIconSize = 64;

/// One component and its licence, by SPDX identifier.
struct LicenceEntry
{
    const char *component;
    const char *licenceName;
    const char *spdxId;
};

// The app, then the libraries it links and ships with.
constexpr LicenceEntry kLicences[] = {
    {"Mantle Playground", "Apache License 2.0", "Apache-2.0"},
    {"Qt", "GNU Lesser General Public License v3.0", "LGPL-3.0"},
    {"QtKeychain", "BSD 3-Clause License", "BSD-3-Clause"},
    {"OpenSSL", "Apache License 2.0", "Apache-2.0"},
};

QString licenceFileText()
{
    QFile file(QStringLiteral(":/LICENSE"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    initAppResources();
    setWindowTitle(tr("About Mantle Playground"));

    const QString version = QLatin1String(MANTLE_VERSION);
    QStringList lines;
    lines << tr("Mantle Playground %1").arg(version)
          << tr("A desktop playground for Amazon Bedrock Mantle.") << QString()
          << tr("Qt %1 (built with Qt %2)")
                 .arg(QLatin1String(qVersion()), QLatin1String(QT_VERSION_STR))
          << tr("%1 (built with %2)")
                 .arg(QLatin1String(OpenSSL_version(OPENSSL_VERSION)),
                      QLatin1String(OPENSSL_VERSION_TEXT))
          << QString() << tr("Licences:");
    for (const LicenceEntry &entry : kLicences)
        lines << tr("%1: %2 (%3)")
                     .arg(QLatin1String(entry.component), QLatin1String(entry.licenceName),
                          QLatin1String(entry.spdxId));
    const QString licence = licenceFileText();
    if (!licence.isEmpty())
        lines << QString() << tr("The licence of Mantle Playground:") << QString() << licence;
    m_aboutText = lines.join(QLatin1Char('\n'));

    auto *icon = new QLabel(this);
    // Empty where Qt has no SVG support installed (the qt6-svg plugins); the text says it all.
    icon->setPixmap(appIcon(AppIcon::Application).pixmap(kIconSize));
    icon->setVisible(!icon->pixmap().isNull());
    auto *title = new QLabel(tr("<b>Mantle Playground</b><br>Version %1").arg(version), this);
    title->setObjectName(QStringLiteral("aboutTitle"));

    auto *text = new QPlainTextEdit(m_aboutText, this);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *header = new QHBoxLayout;
    header->addWidget(icon);
    header->addWidget(title, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(text, 1);
    layout->addWidget(buttons);
    resize(640, 520);
}

QString AboutDialog::aboutText() const
{
    return m_aboutText;
}

} // namespace mantle::ui
