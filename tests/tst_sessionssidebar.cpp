// The sessions sidebar and the keyboard shortcuts dialog (issue #6, items 4 and 9), offscreen:
// rows from SessionStore's summaries, activation, unreadable sessions, the debounced search and
// the window's search results, rename through the model and the editor, the context menu's
// actions and the delete confirmation; the shortcuts dialog's rows.
#include "sessionlistmodel.h"
#include "sessionssidebar.h"
#include "shortcutsdialog.h"

#include "common/error.h"
#include "mantle/apisurface.h"
#include "sessions/sessionstore.h"

#include <QAbstractItemView>
#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

#include <initializer_list>
#include <optional>

using ::mantle::Error;
using ::mantle::mantle::ApiSurface;
using ::mantle::sessions::SessionSummary;
using ::mantle::ui::SessionListModel;
using ::mantle::ui::SessionsSidebar;
using ::mantle::ui::ShortcutsDialog;

namespace {

SessionSummary summary(const QString &id, const QString &title,
                       ApiSurface surface = ApiSurface::ChatCompletions,
                       const QString &model = QStringLiteral("openai.gpt-oss-120b"))
{
    SessionSummary s;
    s.id = id;
    s.title = title;
    s.surface = surface;
    s.model = model;
    s.updatedAt = QDateTime::currentDateTimeUtc();
    s.entryCount = 2;
    s.filePath = QStringLiteral("/sessions/%1.json").arg(id);
    return s;
}

SessionSummary unreadable(const QString &id)
{
    SessionSummary s;
    s.id = id;
    s.filePath = QStringLiteral("/sessions/%1.json").arg(id);
    Error error;
    error.kind = Error::Kind::Config;
    error.code = QStringLiteral("FutureSessionVersion");
    error.message = QStringLiteral("This session was saved by a newer Mantle Playground.");
    error.hint = QStringLiteral("Update the app to open it.");
    s.problem = error;
    return s;
}

/// a, b, c (newest first) and an unreadable "bad".
QList<SessionSummary> fourSessions()
{
    return {summary(QStringLiteral("a"), QStringLiteral("Alpha")),
            summary(QStringLiteral("b"), QStringLiteral("Bravo"), ApiSurface::Responses),
            summary(QStringLiteral("c"), QStringLiteral("Charlie"), ApiSurface::Messages,
                    QStringLiteral("anthropic.claude")),
            unreadable(QStringLiteral("bad"))};
}

QStringList idList(std::initializer_list<const char *> ids)
{
    QStringList list;
    for (const char *id : ids)
        list << QLatin1String(id);
    return list;
}

QStringList shownIds(const SessionsSidebar &sidebar)
{
    QStringList ids;
    const SessionListModel *model = sidebar.model();
    for (int row = 0; row < model->rowCount(); ++row)
        ids << model->index(row).data(SessionListModel::IdRole).toString();
    return ids;
}

QModelIndex indexOf(const SessionsSidebar &sidebar, const QString &id)
{
    return sidebar.model()->index(sidebar.model()->rowOf(id));
}

void clickRow(SessionsSidebar &sidebar, const QString &id)
{
    QListView *view = sidebar.view();
    const QRect rect = view->visualRect(indexOf(sidebar, id));
    QVERIFY(rect.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
}

} // namespace

class TestSessionsSidebar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsRowsInTheGivenOrder();
    void subtitleNamesSurfaceModelAndDate_data();
    void subtitleNamesSurfaceModelAndDate();
    void clickOrEnterActivatesASession();
    void setCurrentSessionHighlightsWithoutActivating();
    void unreadableSessionIsShownButCannotBeUsed();
    void searchIsDebounced();
    void clearingTheSearchShowsEverySessionAtOnce();
    void searchResultsFilterAndOrderTheRows();
    void editingTheModelRequestsARename();
    void renameActionOpensTheTitleEditor();
    void contextMenuActionsEmitForTheCurrentRow();
    void contextMenuActsOnTheRowUnderTheCursor();
    void deleteAsksFirst();
    void deletingAnUnreadableSessionIsRefused();
    void newAndImportButtonsEmit();
    void focusSearchFocusesTheSearchField();
    void keepsAThousandSessions();

    void shortcutsDialogListsEveryActionShortcut();
    void shortcutsDialogStripsMnemonics_data();
    void shortcutsDialogStripsMnemonics();
};

void TestSessionsSidebar::showsRowsInTheGivenOrder()
{
    SessionsSidebar sidebar;
    sidebar.setSessions(fourSessions());
    QCOMPARE(shownIds(sidebar), (idList({"a", "b", "c", "bad"})));
    const SessionListModel *model = sidebar.model();
    QCOMPARE(model->index(0).data().toString(), QStringLiteral("Alpha"));
    QCOMPARE(model->index(1).data().toString(), QStringLiteral("Bravo"));
    // An unreadable file has no title: its file name stands in.
    QCOMPARE(model->index(3).data().toString(), QStringLiteral("bad.json"));
    const QString second = model->index(1).data(SessionListModel::SubtitleRole).toString();
    QVERIFY2(second.startsWith(QStringLiteral("Responses · openai.gpt-oss-120b · ")),
             qPrintable(second));
    QVERIFY(sidebar.findChild<QLabel *>(QStringLiteral("sessionsPlaceholder"))->isHidden());

    sidebar.setSessions({});
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(!sidebar.findChild<QLabel *>(QStringLiteral("sessionsPlaceholder"))->isHidden());
}

void TestSessionsSidebar::subtitleNamesSurfaceModelAndDate_data()
{
    QTest::addColumn<ApiSurface>("surface");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("daysAgo");
    QTest::addColumn<QString>("expected");

    // "now" is Thursday 12 March 2026, 15:30 local time; the session was saved at 09:05.
    const QLocale locale;
    const QString today = locale.toString(QTime(9, 5), QLocale::ShortFormat);
    QTest::addRow("chat today") << ApiSurface::ChatCompletions << QStringLiteral("m1") << 0
                                << QStringLiteral("Chat Completions · m1 · %1").arg(today);
    QTest::addRow("responses yesterday") << ApiSurface::Responses << QStringLiteral("m2") << 1
                                         << QStringLiteral("Responses · m2 · Yesterday");
    QTest::addRow("messages this week")
        << ApiSurface::Messages << QStringLiteral("m3") << 3
        << QStringLiteral("Messages · m3 · %1").arg(locale.dayName(1, QLocale::LongFormat));
    QTest::addRow("older: short date")
        << ApiSurface::Messages << QStringLiteral("m3") << 30
        << QStringLiteral("Messages · m3 · %1")
               .arg(locale.toString(QDate(2026, 2, 10), QLocale::ShortFormat));
    QTest::addRow("no model") << ApiSurface::Responses << QString() << 1
                              << QStringLiteral("Responses · Yesterday");
}

void TestSessionsSidebar::subtitleNamesSurfaceModelAndDate()
{
    QFETCH(ApiSurface, surface);
    QFETCH(QString, model);
    QFETCH(int, daysAgo);
    QFETCH(QString, expected);
    const QDateTime now(QDate(2026, 3, 12), QTime(15, 30));
    SessionSummary s = summary(QStringLiteral("x"), QStringLiteral("X"), surface, model);
    s.updatedAt = QDateTime(QDate(2026, 3, 12).addDays(-daysAgo), QTime(9, 5)).toUTC();
    QCOMPARE(SessionListModel::subtitle(s, now), expected);
}

void TestSessionsSidebar::clickOrEnterActivatesASession()
{
    SessionsSidebar sidebar;
    sidebar.resize(300, 500);
    sidebar.setSessions(fourSessions());
    sidebar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
    QSignalSpy activated(&sidebar, &SessionsSidebar::sessionActivated);

    clickRow(sidebar, QStringLiteral("b"));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("b"));
    QCOMPARE(sidebar.currentSession(), QStringLiteral("b"));
    // The open one again: nothing to do.
    clickRow(sidebar, QStringLiteral("b"));
    QCOMPARE(activated.size(), 1);

    sidebar.view()->setCurrentIndex(indexOf(sidebar, QStringLiteral("c")));
    QCOMPARE(activated.size(), 1); // moving the cursor opens nothing
    QTest::keyClick(sidebar.view(), Qt::Key_Return);
    QCOMPARE(activated.size(), 2);
    QCOMPARE(activated.at(1).at(0).toString(), QStringLiteral("c"));
}

void TestSessionsSidebar::setCurrentSessionHighlightsWithoutActivating()
{
    SessionsSidebar sidebar;
    sidebar.setSessions(fourSessions());
    QSignalSpy activated(&sidebar, &SessionsSidebar::sessionActivated);
    sidebar.setCurrentSession(QStringLiteral("c"));
    QCOMPARE(sidebar.currentSession(), QStringLiteral("c"));
    QCOMPARE(sidebar.view()->currentIndex(), indexOf(sidebar, QStringLiteral("c")));
    QVERIFY(sidebar.view()->selectionModel()->isSelected(indexOf(sidebar, QStringLiteral("c"))));

    // A new list (another order) keeps the highlight on the same session.
    QList<SessionSummary> reordered = fourSessions();
    reordered.move(2, 0);
    sidebar.setSessions(reordered);
    QCOMPARE(sidebar.view()->currentIndex().row(), 0);
    QCOMPARE(sidebar.view()->currentIndex().data(SessionListModel::IdRole).toString(),
             QStringLiteral("c"));
    QCOMPARE(activated.size(), 0);
}

void TestSessionsSidebar::unreadableSessionIsShownButCannotBeUsed()
{
    SessionsSidebar sidebar;
    sidebar.resize(300, 500);
    sidebar.setSessions(fourSessions());
    sidebar.setConfirmDeletes(false);
    sidebar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
    QSignalSpy activated(&sidebar, &SessionsSidebar::sessionActivated);
    QSignalSpy duplicated(&sidebar, &SessionsSidebar::duplicateRequested);
    QSignalSpy exported(&sidebar, &SessionsSidebar::exportRequested);
    QSignalSpy renamed(&sidebar, &SessionsSidebar::renameRequested);

    const QModelIndex bad = indexOf(sidebar, QStringLiteral("bad"));
    QVERIFY(bad.data(SessionListModel::HasProblemRole).toBool());
    const QString tooltip = bad.data(Qt::ToolTipRole).toString();
    QVERIFY2(tooltip.contains(QStringLiteral("saved by a newer Mantle Playground")),
             qPrintable(tooltip));
    QVERIFY2(tooltip.contains(QStringLiteral("Update the app to open it.")), qPrintable(tooltip));
    QVERIFY2(tooltip.contains(QStringLiteral("/sessions/bad.json")), qPrintable(tooltip));
    QVERIFY(!(bad.flags() & Qt::ItemIsEditable));
    QVERIFY(indexOf(sidebar, QStringLiteral("a")).flags() & Qt::ItemIsEditable);

    clickRow(sidebar, QStringLiteral("bad"));
    QTest::keyClick(sidebar.view(), Qt::Key_Return);
    QCOMPARE(activated.size(), 0);

    sidebar.view()->setCurrentIndex(bad);
    QVERIFY(!sidebar.renameAction()->isEnabled());
    QVERIFY(!sidebar.duplicateAction()->isEnabled());
    QVERIFY(!sidebar.exportJsonAction()->isEnabled());
    QVERIFY(sidebar.deleteAction()->isEnabled()); // to say why it stays
    sidebar.duplicateAction()->trigger();
    sidebar.exportMarkdownAction()->trigger();
    sidebar.renameAction()->trigger();
    QVERIFY(!sidebar.view()->indexWidget(bad)); // no title editor
    QVERIFY(!sidebar.model()->setData(bad, QStringLiteral("New"), Qt::EditRole));
    QCoreApplication::processEvents();
    QCOMPARE(duplicated.size(), 0);
    QCOMPARE(exported.size(), 0);
    QCOMPARE(renamed.size(), 0);

    sidebar.view()->setCurrentIndex(indexOf(sidebar, QStringLiteral("a")));
    QVERIFY(sidebar.renameAction()->isEnabled());
    QVERIFY(sidebar.duplicateAction()->isEnabled());
}

void TestSessionsSidebar::searchIsDebounced()
{
    SessionsSidebar sidebar;
    sidebar.setSessions(fourSessions());
    auto *search = sidebar.findChild<QLineEdit *>(QStringLiteral("sessionSearch"));
    QVERIFY(search);
    QCOMPARE(search->placeholderText(), QStringLiteral("Search sessions"));
    QSignalSpy changed(&sidebar, &SessionsSidebar::searchChanged);

    QTest::keyClicks(search, QStringLiteral("brav"));
    QCOMPARE(changed.size(), 0); // not on every key
    QVERIFY(search->isClearButtonEnabled()); // a clear button once there is text
    QVERIFY(changed.wait());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("brav"));
    QCOMPARE(sidebar.searchText(), QStringLiteral("brav"));

    QTest::keyClick(search, Qt::Key_O);
    QCOMPARE(changed.size(), 1);
    QTRY_COMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toString(), QStringLiteral("bravo"));
}

void TestSessionsSidebar::clearingTheSearchShowsEverySessionAtOnce()
{
    SessionsSidebar sidebar;
    sidebar.setSessions(fourSessions());
    auto *search = sidebar.findChild<QLineEdit *>(QStringLiteral("sessionSearch"));
    QSignalSpy changed(&sidebar, &SessionsSidebar::searchChanged);
    QTest::keyClicks(search, QStringLiteral("zz"));
    QVERIFY(changed.wait());
    sidebar.setSearchResults(QStringList{});
    QCOMPARE(sidebar.model()->rowCount(), 0);
    auto *placeholder = sidebar.findChild<QLabel *>(QStringLiteral("sessionsPlaceholder"));
    QVERIFY(!placeholder->isHidden());
    QVERIFY2(placeholder->text().contains(QStringLiteral("zz")), qPrintable(placeholder->text()));

    search->clear();
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toString(), QString());
    QCOMPARE(shownIds(sidebar), (idList({"a", "b", "c", "bad"})));
    QVERIFY(placeholder->isHidden());
}

void TestSessionsSidebar::searchResultsFilterAndOrderTheRows()
{
    SessionsSidebar sidebar;
    sidebar.setSessions(fourSessions());
    sidebar.setSearchResults(idList({"c", "a", "unknown"}));
    QCOMPARE(shownIds(sidebar), (idList({"c", "a"})));
    QCOMPARE(sidebar.model()->rowOf(QStringLiteral("b")), -1);

    // A new list (after a rename, say) keeps the narrowing.
    QList<SessionSummary> updated = fourSessions();
    updated.append(summary(QStringLiteral("d"), QStringLiteral("Delta")));
    sidebar.setSessions(updated);
    QCOMPARE(shownIds(sidebar), (idList({"c", "a"})));

    sidebar.setSearchResults(std::nullopt);
    QCOMPARE(shownIds(sidebar), (idList({"a", "b", "c", "bad", "d"})));
}

void TestSessionsSidebar::editingTheModelRequestsARename()
{
    SessionsSidebar sidebar;
    sidebar.setSessions(fourSessions());
    QSignalSpy renamed(&sidebar, &SessionsSidebar::renameRequested);
    SessionListModel *model = sidebar.model();
    const QModelIndex b = indexOf(sidebar, QStringLiteral("b"));
    QCOMPARE(b.data(Qt::EditRole).toString(), QStringLiteral("Bravo"));

    QVERIFY(model->setData(b, QStringLiteral("  Better title "), Qt::EditRole));
    QVERIFY(renamed.wait());
    QCOMPARE(renamed.size(), 1);
    QCOMPARE(renamed.at(0).at(0).toString(), QStringLiteral("b"));
    QCOMPARE(renamed.at(0).at(1).toString(), QStringLiteral("Better title"));

    // Unchanged or empty titles rename nothing.
    QVERIFY(!model->setData(b, QStringLiteral("Bravo"), Qt::EditRole));
    QVERIFY(!model->setData(b, QStringLiteral("   "), Qt::EditRole));
    QCoreApplication::processEvents();
    QCOMPARE(renamed.size(), 1);
}

void TestSessionsSidebar::renameActionOpensTheTitleEditor()
{
    SessionsSidebar sidebar;
    sidebar.resize(300, 500);
    sidebar.setSessions(fourSessions());
    sidebar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
    QSignalSpy renamed(&sidebar, &SessionsSidebar::renameRequested);

    sidebar.setCurrentSession(QStringLiteral("a"));
    sidebar.renameAction()->trigger();
    auto *editor = qobject_cast<QLineEdit *>(
        sidebar.view()->indexWidget(indexOf(sidebar, QStringLiteral("a"))));
    QVERIFY(editor);
    QCOMPARE(editor->text(), QStringLiteral("Alpha"));
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Aleph"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(renamed.size(), 1);
    QCOMPARE(renamed.at(0).at(0).toString(), QStringLiteral("a"));
    QCOMPARE(renamed.at(0).at(1).toString(), QStringLiteral("Aleph"));
}

void TestSessionsSidebar::contextMenuActionsEmitForTheCurrentRow()
{
    SessionsSidebar sidebar;
    sidebar.setSessions(fourSessions());
    sidebar.setConfirmDeletes(false);
    sidebar.setCurrentSession(QStringLiteral("b"));
    QSignalSpy duplicated(&sidebar, &SessionsSidebar::duplicateRequested);
    QSignalSpy exported(&sidebar, &SessionsSidebar::exportRequested);
    QSignalSpy deleted(&sidebar, &SessionsSidebar::deleteRequested);

    sidebar.duplicateAction()->trigger();
    QCOMPARE(duplicated.size(), 1);
    QCOMPARE(duplicated.at(0).at(0).toString(), QStringLiteral("b"));

    sidebar.exportJsonAction()->trigger();
    sidebar.exportMarkdownAction()->trigger();
    QCOMPARE(exported.size(), 2);
    QCOMPARE(exported.at(0), (QVariantList{QStringLiteral("b"), QStringLiteral("json")}));
    QCOMPARE(exported.at(1), (QVariantList{QStringLiteral("b"), QStringLiteral("markdown")}));

    sidebar.deleteAction()->trigger();
    QCOMPARE(deleted.size(), 1);
    QCOMPARE(deleted.at(0).at(0).toString(), QStringLiteral("b"));
}

void TestSessionsSidebar::contextMenuActsOnTheRowUnderTheCursor()
{
    SessionsSidebar sidebar;
    sidebar.resize(300, 500);
    sidebar.setSessions(fourSessions());
    sidebar.setCurrentSession(QStringLiteral("a"));
    sidebar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
    QSignalSpy duplicated(&sidebar, &SessionsSidebar::duplicateRequested);

    QListView *view = sidebar.view();
    const QRect rect = view->visualRect(indexOf(sidebar, QStringLiteral("c")));
    Q_EMIT view->customContextMenuRequested(rect.center());
    auto *menu = sidebar.findChild<QMenu *>();
    QVERIFY(menu);
    QTRY_VERIFY(menu->isVisible());
    const QList<QAction *> actions = menu->actions();
    QVERIFY(actions.contains(sidebar.renameAction()));
    QVERIFY(actions.contains(sidebar.exportMarkdownAction()));
    QVERIFY(actions.contains(sidebar.deleteAction()));
    sidebar.duplicateAction()->trigger();
    menu->hide();
    QCOMPARE(duplicated.size(), 1);
    QCOMPARE(duplicated.at(0).at(0).toString(), QStringLiteral("c"));

    // Once the menu has closed, the actions are the current row's again.
    QTRY_VERIFY(!menu->isVisible());
    QCoreApplication::processEvents();
    sidebar.duplicateAction()->trigger();
    QCOMPARE(duplicated.size(), 2);
    QCOMPARE(duplicated.at(1).at(0).toString(), QStringLiteral("a"));
    QCOMPARE(sidebar.currentSession(), QStringLiteral("a"));
}

void TestSessionsSidebar::deleteAsksFirst()
{
    QWidget window;
    auto *sidebar = new SessionsSidebar(&window);
    sidebar->setSessions(fourSessions());
    QVERIFY(sidebar->confirmDeletes());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy deleted(sidebar, &SessionsSidebar::deleteRequested);

    // Cancelled: nothing.
    sidebar->setCurrentSession(QStringLiteral("c"));
    sidebar->deleteAction()->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY(
        (box = sidebar->findChild<QMessageBox *>(QStringLiteral("deleteSessionConfirmation")))
        && box->isVisible());
    QCOMPARE(box->windowModality(), Qt::WindowModal);
    QVERIFY2(box->text().contains(QStringLiteral("Charlie")), qPrintable(box->text()));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!sidebar->findChild<QMessageBox *>(QStringLiteral("deleteSessionConfirmation")));
    QCOMPARE(deleted.size(), 0);

    // Confirmed.
    sidebar->deleteAction()->trigger();
    QTRY_VERIFY(
        (box = sidebar->findChild<QMessageBox *>(QStringLiteral("deleteSessionConfirmation")))
        && box->isVisible());
    box->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton"))->click();
    QTRY_COMPARE(deleted.size(), 1);
    QCOMPARE(deleted.at(0).at(0).toString(), QStringLiteral("c"));
}

void TestSessionsSidebar::deletingAnUnreadableSessionIsRefused()
{
    QWidget window;
    auto *sidebar = new SessionsSidebar(&window);
    sidebar->setSessions(fourSessions());
    sidebar->setConfirmDeletes(false);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy deleted(sidebar, &SessionsSidebar::deleteRequested);

    sidebar->view()->setCurrentIndex(indexOf(*sidebar, QStringLiteral("bad")));
    sidebar->deleteAction()->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY(
        (box = sidebar->findChild<QMessageBox *>(QStringLiteral("sessionNotDeletedMessage")))
        && box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("left untouched")), qPrintable(box->text()));
    QVERIFY2(box->informativeText().contains(QStringLiteral("/sessions/bad.json")),
             qPrintable(box->informativeText()));
    box->button(QMessageBox::Ok)->click();
    QCoreApplication::processEvents();
    QCOMPARE(deleted.size(), 0);
}

void TestSessionsSidebar::newAndImportButtonsEmit()
{
    SessionsSidebar sidebar;
    sidebar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
    QSignalSpy created(&sidebar, &SessionsSidebar::newSessionRequested);
    QSignalSpy imported(&sidebar, &SessionsSidebar::importRequested);
    auto *newButton = sidebar.findChild<QToolButton *>(QStringLiteral("newSessionButton"));
    auto *importButton = sidebar.findChild<QToolButton *>(QStringLiteral("importSessionButton"));
    QVERIFY(newButton && importButton);
    QCOMPARE(newButton->text(), QStringLiteral("New session"));
    QVERIFY(!newButton->icon().isNull());
    QCOMPARE(newButton->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
    QVERIFY(!newButton->accessibleName().isEmpty());
    QTest::mouseClick(newButton, Qt::LeftButton);
    QTest::mouseClick(importButton, Qt::LeftButton);
    QCOMPARE(created.size(), 1);
    QCOMPARE(imported.size(), 1);
}

void TestSessionsSidebar::focusSearchFocusesTheSearchField()
{
    SessionsSidebar sidebar;
    sidebar.setSessions(fourSessions());
    sidebar.show();
    QVERIFY(QTest::qWaitForWindowActive(&sidebar));
    auto *search = sidebar.findChild<QLineEdit *>(QStringLiteral("sessionSearch"));
    search->setText(QStringLiteral("old"));
    sidebar.view()->setFocus();
    QTRY_VERIFY(sidebar.view()->hasFocus());
    sidebar.focusSearch();
    QTRY_VERIFY(search->hasFocus());
    QCOMPARE(search->selectedText(), QStringLiteral("old"));
}

void TestSessionsSidebar::keepsAThousandSessions()
{
    QList<SessionSummary> many;
    QStringList everyOther;
    for (int i = 0; i < 1000; ++i) {
        const QString id = QStringLiteral("s%1").arg(i);
        many.append(summary(id, QStringLiteral("Session %1").arg(i)));
        if (i % 2 == 0)
            everyOther.prepend(id);
    }
    SessionsSidebar sidebar;
    sidebar.resize(300, 600);
    sidebar.setSessions(many);
    sidebar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
    QVERIFY(sidebar.view()->uniformItemSizes());
    QCOMPARE(sidebar.model()->rowCount(), 1000);
    sidebar.setCurrentSession(QStringLiteral("s999"));
    QCOMPARE(sidebar.view()->currentIndex().row(), 999);
    sidebar.setSearchResults(everyOther);
    QCOMPARE(sidebar.model()->rowCount(), 500);
    QCOMPARE(sidebar.model()->index(0).data().toString(), QStringLiteral("Session 998"));
    QCOMPARE(sidebar.model()->index(499).data().toString(), QStringLiteral("Session 0"));
    QVERIFY(!sidebar.view()->currentIndex().isValid()); // s999 is not among them
}

void TestSessionsSidebar::shortcutsDialogListsEveryActionShortcut()
{
    QAction newSession(QStringLiteral("&New Session"));
    newSession.setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    QAction find(QStringLiteral("&Find Session"));
    find.setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_F), QKeySequence(Qt::Key_F3)});
    QAction noKeys(QStringLiteral("&About"));
    QAction fullScreen(QStringLiteral("Full Screen && Focus"));
    fullScreen.setShortcut(QKeySequence(Qt::Key_F11));

    ShortcutsDialog dialog({&newSession, &find, &noKeys, &fullScreen});
    dialog.addRow(QStringLiteral("Send"), QKeySequence(Qt::CTRL | Qt::Key_Return));
    dialog.addRow(QStringLiteral("Nothing"), QKeySequence());

    const QString native = QKeySequence(Qt::CTRL | Qt::Key_N).toString(QKeySequence::NativeText);
    QCOMPARE(dialog.rowCount(), 4);
    QCOMPARE(dialog.actionText(0), QStringLiteral("New Session"));
    QCOMPARE(dialog.keysText(0), native);
    QCOMPARE(dialog.actionText(1), QStringLiteral("Find Session"));
    QCOMPARE(dialog.keysText(1),
             QKeySequence(Qt::CTRL | Qt::Key_F).toString(QKeySequence::NativeText)
                 + QLatin1Char('\n') + QKeySequence(Qt::Key_F3).toString(QKeySequence::NativeText));
    QCOMPARE(dialog.actionText(2), QStringLiteral("Full Screen & Focus"));
    QCOMPARE(dialog.keysText(2), QKeySequence(Qt::Key_F11).toString(QKeySequence::NativeText));
    QCOMPARE(dialog.actionText(3), QStringLiteral("Send"));
    QCOMPARE(dialog.keysText(3),
             QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText));

    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("shortcutsTable"));
    QVERIFY(table);
    QCOMPARE(table->columnCount(), 2);
    QCOMPARE(table->item(0, 1)->text(), native);

    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // Both columns fit without a horizontal scroll bar.
    QVERIFY(table->horizontalHeader()->length() <= table->viewport()->width());
    auto *buttons = dialog.findChild<QDialogButtonBox *>();
    QVERIFY(buttons && buttons->button(QDialogButtonBox::Close));
    buttons->button(QDialogButtonBox::Close)->click();
    QVERIFY(!dialog.isVisible());
}

void TestSessionsSidebar::shortcutsDialogStripsMnemonics_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addRow("leading") << QStringLiteral("&File") << QStringLiteral("File");
    QTest::addRow("inside") << QStringLiteral("E&xport…") << QStringLiteral("Export…");
    QTest::addRow("escaped ampersand")
        << QStringLiteral("Save && &Quit") << QStringLiteral("Save & Quit");
    QTest::addRow("cjk") << QStringLiteral("文件(&F)") << QStringLiteral("文件");
    QTest::addRow("none") << QStringLiteral("Send") << QStringLiteral("Send");
}

void TestSessionsSidebar::shortcutsDialogStripsMnemonics()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(ShortcutsDialog::withoutMnemonics(text), expected);
}

QTEST_MAIN(TestSessionsSidebar)
#include "tst_sessionssidebar.moc"
