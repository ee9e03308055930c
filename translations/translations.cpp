#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace mantle {

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

Translations Translations::install(QCoreApplication &app, const QLocale &locale)
{
    Translations installed;
    // Qt's first, so that the app's own translation, installed last, is searched first.
    installed.qtFile = installTranslator(app, locale, QStringLiteral("qtbase"),
                                         QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    installed.appFile = installTranslator(app, locale, kAppTranslationName, kAppTranslationDir);
    if (installed.appFile.isEmpty())
        installed.appFile = installTranslator(app, QLocale(QLocale::English, QLocale::UnitedStates),
                                              kAppTranslationName, kAppTranslationDir);
    return installed;
}

QStringList Translations::languages()
{
    QStringList codes;
    const QStringList files
        = QDir(kAppTranslationDir)
              .entryList({kAppTranslationName + QStringLiteral("_*.qm")}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        codes << file.mid(kAppTranslationName.size() + 1).chopped(3);
    return codes;
}

QLocale Translations::localeFor(const QString &code)
{
    if (code.isEmpty() || code == QLatin1String("system"))
        return QLocale::system();
    return QLocale(code);
}

QString Translations::chosenLanguage(const QSettings &settings)
{
    const QString code = settings.value(QLatin1String(kLanguageKey)).toString();
    return languages().contains(code) ? code : QString();
}

QString Translations::nativeName(const QString &code)
{
    const QLocale locale(code);
    QString name = locale.nativeLanguageName();
    if (!name.isEmpty())
        name[0] = name.at(0).toUpper();
    // Only where the code names a country (pt_BR, zh_CN): "Português (Brasil)".
    if (code.contains(QLatin1Char('_')))
        name += QStringLiteral(" (%1)").arg(locale.nativeTerritoryName());
    return name;
}

} // namespace mantle
