#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;
class QLocale;
class QSettings;

namespace mantle {

/// The translations in use by the app and the CLI: our own (embedded under :/i18n by the
/// mantle_translations library, built from translations/*.ts) and Qt's qtbase translation for
/// the same language, which translates Qt's standard dialogs and messages; and the language the
/// user chose (the app's Preferences, or --language for one run). QtCore only.
///
/// install() runs once at start-up, before any window exists; it is not a language switcher (a
/// new choice applies at the next start). The app's translation falls back to English when there
/// is none for the locale; Qt's is used only where the Qt installation has one.
struct Translations
{
    /// The settings key of the chosen language: a code of languages(), or empty for the system's.
    static constexpr char kLanguageKey[] = "ui/language";

    QString appFile; ///< the app translation loaded, e.g. ":/i18n/mantle_en.qm"; empty if none
    QString qtFile; ///< Qt's translation loaded; empty when Qt has none for the locale

    /// Installs the translators for locale (usually QLocale::system()) as children of app.
    static Translations install(QCoreApplication &app, const QLocale &locale);

    /// The languages the app has a translation for, as codes ("de", "en", "pt_BR", ...), sorted.
    static QStringList languages();
    /// The locale for a language code of languages(); "system" or an empty code is the system's.
    static QLocale localeFor(const QString &code);
    /// The language chosen in settings: a code of languages(), or empty (the system's).
    static QString chosenLanguage(const QSettings &settings);
    /// How a language names itself, for menus: "Deutsch", "português (Brasil)", "日本語".
    static QString nativeName(const QString &code);
};

} // namespace mantle
