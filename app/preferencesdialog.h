#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QSettings;

namespace mantle::ui {

/// Edit > Preferences (the application menu on macOS): the language of the app, the system's by
/// default. The choice is saved in the settings when the dialog is accepted and takes effect at
/// the next start (the window says so and offers to restart); it does not retranslate open
/// windows.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    explicit PreferencesDialog(QSettings &settings, QWidget *parent = nullptr);

    /// The language picked: a code of Translations::languages(), or empty for the system's.
    QString language() const;
    void setLanguage(const QString &code);
    /// True when accepting changed the saved language (set by accept()).
    bool languageChanged() const { return m_languageChanged; }

    void accept() override;

private:
    QSettings &m_settings;
    QComboBox *m_language = nullptr;
    QLabel *m_restartNote = nullptr;
    bool m_languageChanged = false;
};

} // namespace mantle::ui
