#include "apptranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace mantle::ui {

namespace {

const auto kAppTranslationDir = QStringLiteral(":/i18n");
const auto kAppTranslationName = QStringLiteral("mantle");

/// Loads filename_<language>.qm from directory for locale into a new translator owned by app, and
/// installs it. Returns the file loaded, or an empty string.
QString installTranslator(QCoreApplication &app, const QLocale &locale, const QString &filename,
                          const QString &directory)
{
    auto *translator = new QTranslator(&app);
    if (!translator->load(locale, filename, QStringLiteral("_"), directory)) {
        delete translator;
        return {};
    }
    QCoreApplication::installTranslator(translator);
    return translator->filePath();
}

} // namespace

AppTranslations AppTranslations::install(QCoreApplication &app, const QLocale &locale)
{
    AppTranslations installed;
    // Qt's first, so that the app's own translation, installed last, is searched first.
    installed.qtFile = installTranslator(app, locale, QStringLiteral("qtbase"),
                                         QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    installed.appFile = installTranslator(app, locale, kAppTranslationName, kAppTranslationDir);
    if (installed.appFile.isEmpty())
        installed.appFile = installTranslator(app, QLocale(QLocale::English, QLocale::UnitedStates),
                                              kAppTranslationName, kAppTranslationDir);
    return installed;
}

} // namespace mantle::ui
