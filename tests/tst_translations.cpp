// Translations: the app's translation is embedded and found for a locale, English is the
// fallback for languages without one, and Qt's own qtbase translation is loaded where Qt has it.

#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTest>
#include <QTranslator>

using mantle::Translations;

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void embedsTheEnglishTranslation();
    void loadsAppTranslationForLocale_data();
    void loadsAppTranslationForLocale();
    void loadsQtTranslationWhenQtHasOne_data();
    void loadsQtTranslationWhenQtHasOne();
    void installedTranslatorsAreOwnedByTheApplication();
    void englishHasItsPluralForms();
};

void TestTranslations::cleanup()
{
    const auto translators = QCoreApplication::instance()->findChildren<QTranslator *>();
    for (QTranslator *translator : translators) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

void TestTranslations::embedsTheEnglishTranslation()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/mantle_en.qm")));
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/mantle_en.qm")));
}

void TestTranslations::englishHasItsPluralForms()
{
    // Without the English file, "%n character(s)" would be shown as it is written.
    Translations::install(*QCoreApplication::instance(), QLocale(QLocale::English));
    const char *context = "mantle::aws::AssumeRoleParameters";
    const char *source = "The external ID has %n character(s).";
    QCOMPARE(QCoreApplication::translate(context, source, nullptr, 1),
             QStringLiteral("The external ID has 1 character."));
    QCOMPARE(QCoreApplication::translate(context, source, nullptr, 3000),
             QStringLiteral("The external ID has 3000 characters."));
}

void TestTranslations::loadsAppTranslationForLocale_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("expected");

    const auto english = QStringLiteral(":/i18n/mantle_en.qm");
    QTest::addRow("en_US") << QLocale(QLocale::English, QLocale::UnitedStates) << english;
    QTest::addRow("en_GB") << QLocale(QLocale::English, QLocale::UnitedKingdom) << english;
    QTest::addRow("de_DE") << QLocale(QLocale::German, QLocale::Germany)
                           << QStringLiteral(":/i18n/mantle_de.qm");
    QTest::addRow("de_AT") << QLocale(QLocale::German, QLocale::Austria)
                           << QStringLiteral(":/i18n/mantle_de.qm");
    QTest::addRow("ja_JP") << QLocale(QLocale::Japanese, QLocale::Japan)
                           << QStringLiteral(":/i18n/mantle_ja.qm");
    QTest::addRow("pt_BR") << QLocale(QLocale::Portuguese, QLocale::Brazil)
                           << QStringLiteral(":/i18n/mantle_pt_BR.qm");
    QTest::addRow("zh_CN") << QLocale(QLocale::Chinese, QLocale::SimplifiedHanScript,
                                      QLocale::China)
                           << QStringLiteral(":/i18n/mantle_zh_CN.qm");
    // No translation for these: English is the fallback.
    QTest::addRow("it_IT") << QLocale(QLocale::Italian, QLocale::Italy) << english;
    QTest::addRow("C") << QLocale::c() << english;
}

void TestTranslations::loadsAppTranslationForLocale()
{
    QFETCH(QLocale, locale);
    QFETCH(QString, expected);

    const Translations installed = Translations::install(*QCoreApplication::instance(), locale);
    QCOMPARE(installed.appFile, expected);
}

void TestTranslations::loadsQtTranslationWhenQtHasOne_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("qtFileName");

    QTest::addRow("de_DE") << QLocale(QLocale::German, QLocale::Germany)
                           << QStringLiteral("qtbase_de.qm");
    QTest::addRow("fr_FR") << QLocale(QLocale::French, QLocale::France)
                           << QStringLiteral("qtbase_fr.qm");
    QTest::addRow("C") << QLocale::c() << QString();
}

void TestTranslations::loadsQtTranslationWhenQtHasOne()
{
    QFETCH(QLocale, locale);
    QFETCH(QString, qtFileName);

    const QDir qtTranslations(QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    const bool qtHasIt = !qtFileName.isEmpty() && qtTranslations.exists(qtFileName);
    const Translations installed = Translations::install(*QCoreApplication::instance(), locale);
    if (qtHasIt)
        QCOMPARE(installed.qtFile, qtTranslations.filePath(qtFileName));
    else
        QCOMPARE(installed.qtFile, QString());
}

void TestTranslations::installedTranslatorsAreOwnedByTheApplication()
{
    QCOMPARE(QCoreApplication::instance()->findChildren<QTranslator *>().size(), 0);
    const Translations installed = Translations::install(
        *QCoreApplication::instance(), QLocale(QLocale::English, QLocale::UnitedStates));
    const qsizetype expected
        = (installed.appFile.isEmpty() ? 0 : 1) + (installed.qtFile.isEmpty() ? 0 : 1);
    QVERIFY(!installed.appFile.isEmpty());
    QCOMPARE(QCoreApplication::instance()->findChildren<QTranslator *>().size(), expected);
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
