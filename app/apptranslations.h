#pragma once

#include <QString>

class QCoreApplication;
class QLocale;

namespace mantle::ui {

/// The translations in use: the app's own (embedded under :/i18n, built from translations/*.ts)
/// and Qt's qtbase translation for the same language, which translates Qt's standard dialogs and
/// messages.
///
/// install() runs once at start-up, before any window exists; it is not a language switcher. The
/// app's translation falls back to English when there is none for the locale; Qt's is used only
/// where the Qt installation has one.
struct AppTranslations
{
    QString appFile; ///< the app translation loaded, e.g. ":/i18n/mantle_en.qm"; empty if none
    QString qtFile; ///< Qt's translation loaded; empty when Qt has none for the locale

    /// Installs the translators for locale (usually QLocale::system()) as children of app.
    static AppTranslations install(QCoreApplication &app, const QLocale &locale);
};

} // namespace mantle::ui
