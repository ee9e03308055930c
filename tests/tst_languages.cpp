// The app in every language it ships (issue #9): the translations are there and loaded, the main
// window speaks the language and its layout survives it at the default size (no button or label
// cut off, the window's minimum size within the default one), with a picture of each language
// saved for review; and Preferences > Language saves the choice that the next start uses.
// Runs offscreen with every file in a temporary directory.

#include "demowindowfixture.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "translations.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using mantle::Translations;
using mantle::ui::MainWindow;
using mantle::ui::PreferencesDialog;

namespace {

/// The visible buttons and one-line labels of `root` narrower than they need to be: their text
/// is cut off.
QStringList clippedWidgets(const QWidget *root)
{
    QStringList clipped;
    int checked = 0;
    for (const QWidget *widget : root->findChildren<QWidget *>()) {
        if (!widget->isVisible() || widget->width() <= 1)
            continue;
        QString text;
        if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
            text = button->text();
        else if (const auto *label = qobject_cast<const QLabel *>(widget);
                 label && !label->wordWrap() && label->textFormat() != Qt::RichText)
            text = label->text();
        if (text.isEmpty())
            continue;
        ++checked;
        if (widget->width() < widget->minimumSizeHint().width())
            clipped << QStringLiteral("%1 “%2”: %3 px wide, needs %4")
                           .arg(QLatin1String(widget->metaObject()->className()), text)
                           .arg(widget->width())
                           .arg(widget->minimumSizeHint().width());
    }
    if (checked == 0)
        clipped << QStringLiteral("no visible button or label to check");
    return clipped;
}

} // namespace

class TestLanguages : public QObject
{
    Q_OBJECT

private slots:
    void theShippedLanguagesAreListed();
    void windowSpeaksAndFitsEachLanguage_data();
    void windowSpeaksAndFitsEachLanguage();
    void preferencesSaveTheChosenLanguage();
    void unknownSavedLanguageMeansTheSystems();
    void changingTheLanguageOffersARestart();
};

void TestLanguages::theShippedLanguagesAreListed()
{
    const QStringList expected{
        QStringLiteral("de"), QStringLiteral("en"),    QStringLiteral("es"),   QStringLiteral("fr"),
        QStringLiteral("ja"), QStringLiteral("pt_BR"), QStringLiteral("zh_CN")};
    QCOMPARE(Translations::languages(), expected);
    QCOMPARE(Translations::nativeName(QStringLiteral("de")), QStringLiteral("Deutsch"));
    QCOMPARE(Translations::nativeName(QStringLiteral("ja")), QStringLiteral("日本語"));
    QVERIFY(Translations::nativeName(QStringLiteral("pt_BR")).contains(QStringLiteral("Brasil")));
}

void TestLanguages::windowSpeaksAndFitsEachLanguage_data()
{
    QTest::addColumn<QString>("code");
    for (const QString &code : Translations::languages())
        QTest::newRow(qPrintable(code)) << code;
}

void TestLanguages::windowSpeaksAndFitsEachLanguage()
{
    QFETCH(QString, code);
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/mantle_%1.qm").arg(code)));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    QLocale::setDefault(QLocale(code));
    const auto restore = qScopeGuard([&] {
        QCoreApplication::removeTranslator(&translator);
        QLocale::setDefault(QLocale::c());
    });

    DemoWindowFixture fixture(QStringLiteral("Mantle Playground tst_languages"));
    QVERIFY(fixture.isValid());
    std::unique_ptr<MainWindow> window = fixture.openWindow();
    QVERIFY(window);
    window->resize(MainWindow::kDefaultSize);
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));

    // It speaks the language: the menus are translated (English keeps its source text).
    const QList<QAction *> menus = window->menuBar()->actions();
    QVERIFY(menus.size() >= 5);
    const QString file = menus.constFirst()->text();
    QCOMPARE(file == QLatin1String("&File"), code == QLatin1String("en"));
    if (code != QLatin1String("en"))
        QCOMPARE(file, translator.translate("mantle::ui::MainWindow", "&File"));

    // Its layout survives the language at the default size.
    const QSize minimum = window->minimumSizeHint();
    QVERIFY2(
        minimum.width() <= MainWindow::kDefaultSize.width()
            && minimum.height() <= MainWindow::kDefaultSize.height(),
        qPrintable(
            QStringLiteral("the window needs %1×%2").arg(minimum.width()).arg(minimum.height())));
    const QStringList clipped = clippedWidgets(window.get());
    auto *sideTabs = window->findChild<QTabWidget *>(QStringLiteral("sideTabs"));
    QVERIFY(sideTabs);
    for (int i = 0; i < sideTabs->count(); ++i) {
        const QRect tab = sideTabs->tabBar()->tabRect(i);
        QVERIFY2(
            tab.right() < sideTabs->tabBar()->width(),
            qPrintable(QStringLiteral("the tab “%1” is out of sight").arg(sideTabs->tabText(i))));
    }
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped.join(QStringLiteral("\n"))));

    PreferencesDialog preferences(fixture.settings(), window.get());
    preferences.show();
    QVERIFY(QTest::qWaitForWindowExposed(&preferences));
    const QStringList clippedPreferences = clippedWidgets(&preferences);
    QVERIFY2(clippedPreferences.isEmpty(),
             qPrintable(clippedPreferences.join(QStringLiteral("\n"))));
    preferences.close();

    // A picture for reviewers (docs/screenshots/languages has the committed ones).
    QVERIFY(QDir().mkpath(QStringLiteral(MANTLE_LANGUAGE_SHOTS_DIR)));
    QVERIFY(window->grab().save(
        QStringLiteral(MANTLE_LANGUAGE_SHOTS_DIR "/main-window-%1.png").arg(code)));
}

void TestLanguages::preferencesSaveTheChosenLanguage()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    {
        PreferencesDialog dialog(settings);
        auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("languageCombo"));
        QVERIFY(combo);
        // The system's language first, then each shipped language by its own name.
        QCOMPARE(combo->count(), Translations::languages().size() + 1);
        QCOMPARE(combo->itemData(0).toString(), QString());
        QVERIFY(combo->findText(QStringLiteral("Deutsch")) > 0);
        QCOMPARE(dialog.language(), QString());
        combo->setCurrentIndex(combo->findData(QStringLiteral("ja")));
        dialog.accept();
        QVERIFY(dialog.languageChanged());
    }
    QCOMPARE(settings.value(QLatin1String(Translations::kLanguageKey)).toString(),
             QStringLiteral("ja"));
    QCOMPARE(Translations::chosenLanguage(settings), QStringLiteral("ja"));
    {
        PreferencesDialog dialog(settings);
        QCOMPARE(dialog.language(), QStringLiteral("ja"));
        dialog.accept(); // unchanged
        QVERIFY(!dialog.languageChanged());
        dialog.setLanguage(QString());
        dialog.accept();
        QVERIFY(dialog.languageChanged());
    }
    QVERIFY(!settings.contains(QLatin1String(Translations::kLanguageKey)));
    QCOMPARE(Translations::localeFor(QString()), QLocale::system());
    QCOMPARE(Translations::localeFor(QStringLiteral("pt_BR")).name(), QStringLiteral("pt_BR"));
}

void TestLanguages::unknownSavedLanguageMeansTheSystems()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    settings.setValue(QLatin1String(Translations::kLanguageKey), QStringLiteral("xx"));
    QCOMPARE(Translations::chosenLanguage(settings), QString());
    PreferencesDialog dialog(settings);
    QCOMPARE(dialog.language(), QString());
}

void TestLanguages::changingTheLanguageOffersARestart()
{
    DemoWindowFixture fixture(QStringLiteral("Mantle Playground tst_languages"));
    QVERIFY(fixture.isValid());
    MainWindow window(fixture.settings(), fixture.locations());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *action = window.findChild<QAction *>(QStringLiteral("actionPreferences"));
    QVERIFY(action);
    QCOMPARE(action->menuRole(), QAction::PreferencesRole);

    // Unchanged: no question.
    action->trigger();
    auto *dialog = window.findChild<PreferencesDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->accept();
    QTRY_VERIFY(!window.findChild<PreferencesDialog *>());
    QVERIFY(!window.findChild<QMessageBox *>(QStringLiteral("restartQuestion")));

    // Changed: saved at once, and a restart is offered; "Later" keeps the window as it is.
    action->trigger();
    dialog = window.findChild<PreferencesDialog *>();
    QVERIFY(dialog);
    dialog->setLanguage(QStringLiteral("fr"));
    dialog->accept();
    QCOMPARE(Translations::chosenLanguage(fixture.settings()), QStringLiteral("fr"));
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = window.findChild<QMessageBox *>(QStringLiteral("restartQuestion"))));
    QAbstractButton *later = nullptr;
    for (QAbstractButton *button : question->buttons()) {
        if (question->buttonRole(button) == QMessageBox::RejectRole)
            later = button;
    }
    QVERIFY(later);
    later->click();
    QTRY_VERIFY(!window.findChild<QMessageBox *>(QStringLiteral("restartQuestion")));
    QVERIFY(window.isVisible());
}

QTEST_MAIN(TestLanguages)
#include "tst_languages.moc"
