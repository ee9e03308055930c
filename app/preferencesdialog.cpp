#include "preferencesdialog.h"

#include "translations.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QVBoxLayout>

namespace mantle::ui {

PreferencesDialog::PreferencesDialog(QSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("preferencesDialog"));

    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    const QString system = QLocale::system().name();
    m_language->addItem(
        tr("System language (%1)")
            .arg(Translations::nativeName(
                Translations::languages().contains(system)
                    ? system
                    : QLocale::system().bcp47Name().section(QLatin1Char('-'), 0, 0))),
        QString());
    for (const QString &code : Translations::languages())
        m_language->addItem(Translations::nativeName(code), code);
    setLanguage(Translations::chosenLanguage(settings));

    m_restartNote
        = new QLabel(tr("A new language is used from the next start of Mantle Playground."), this);
    m_restartNote->setObjectName(QStringLiteral("languageRestartNote"));
    m_restartNote->setWordWrap(true);
    m_restartNote->setEnabled(false); // a hint, drawn in the disabled text colour

    auto *form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), m_restartNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
}

QString PreferencesDialog::language() const
{
    return m_language->currentData().toString();
}

void PreferencesDialog::setLanguage(const QString &code)
{
    const int index = m_language->findData(code);
    m_language->setCurrentIndex(index < 0 ? 0 : index);
}

void PreferencesDialog::accept()
{
    const QString before = Translations::chosenLanguage(m_settings);
    m_languageChanged = language() != before;
    if (language().isEmpty())
        m_settings.remove(QLatin1String(Translations::kLanguageKey));
    else
        m_settings.setValue(QLatin1String(Translations::kLanguageKey), language());
    QDialog::accept();
}

} // namespace mantle::ui
