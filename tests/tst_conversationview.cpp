// The conversation view (issue #6, item 2), offscreen: items appended, updated and removed;
// streamed text accumulated exactly and laid out paragraph by paragraph; the view following the
// tail only when it is at the bottom, and keeping still when estimates are corrected above the
// viewport; Markdown rendered once an answer finishes, with Copy buttons on code blocks; the
// reasoning toggle; the context menu's signals; the keyboard; and a 2,000-item session laid out
// only where it is seen.
#include "conversationitem.h"
#include "conversationview.h"
#include "streamingtextlayout.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFont>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using mantle::ui::ConversationItem;
using mantle::ui::ConversationView;
using mantle::ui::StreamingTextLayout;
using Kind = ConversationItem::Kind;
using State = ConversationItem::State;

namespace {

ConversationItem makeItem(Kind kind, const QString &text, State state = State::Finished)
{
    ConversationItem item;
    item.kind = kind;
    item.state = state;
    item.text = text;
    item.header = kind == Kind::User ? QStringLiteral("You") : QStringLiteral("Assistant · test");
    if (kind == Kind::Assistant && state != State::Streaming)
        item.footer = QStringLiteral("12 in · 340 out");
    return item;
}

/// A few paragraphs of varied length (and Markdown), so estimates and real heights differ.
QString paragraphs(int seed)
{
    QString text;
    const int count = 1 + seed % 4;
    for (int p = 0; p < count; ++p) {
        if (p > 0)
            text += QStringLiteral("\n\n");
        if ((seed + p) % 5 == 0)
            text += QStringLiteral("## Heading %1\n\n- one\n- two\n- three").arg(seed);
        else
            text += QStringLiteral("Paragraph %1 of item %2: ").arg(p).arg(seed)
                + QStringLiteral("lorem ipsum dolor sit amet ").repeated(3 + (seed * 7 + p) % 20);
    }
    return text;
}

QList<ConversationItem> session(int count)
{
    QList<ConversationItem> items;
    for (int i = 0; i < count; ++i)
        items.append(makeItem(i % 2 == 0 ? Kind::User : Kind::Assistant, paragraphs(i)));
    return items;
}

/// A view shown offscreen at a fixed size.
std::unique_ptr<ConversationView> shownView(int width = 480, int height = 360)
{
    auto view = std::make_unique<ConversationView>();
    view->resize(width, height);
    view->show();
    if (!QTest::qWaitForWindowExposed(view.get()))
        qWarning("window not exposed");
    return view;
}

} // namespace

class TestConversationView : public QObject
{
    Q_OBJECT

private slots:
    void itemsAreAppendedUpdatedAndRemoved();
    void removingTheCurrentItemClearsTheCurrentRow();
    void streamedDeltasAccumulateExactly_data();
    void streamedDeltasAccumulateExactly();
    void incrementalLayoutTouchesOnlyTheLastParagraph();
    void longParagraphIsLaidOutInBoundedPieces_data();
    void longParagraphIsLaidOutInBoundedPieces();
    void followsTheTailWhenAtTheBottom();
    void staysPutWhenScrolledUp();
    void keepsStillWhenEstimatesAboveAreCorrected();
    void rendersMarkdownOnceFinishedAndCopiesCode_data();
    void rendersMarkdownOnceFinishedAndCopiesCode();
    void reasoningToggleExpandsTheItem();
    void contextMenuActionsEmitTheirRow_data();
    void contextMenuActionsEmitTheirRow();
    void editIsOnlyOfferedForUserItems();
    void copyTextAndCtrlCCopyTheRawText();
    void keyboardMovesTheCurrentItem();
    void doubleClickOnAUserItemRequestsAnEdit();
    void largeSessionIsLaidOutOnlyWhereSeen();
    void isAccessibleAndTakesFocus();
};

void TestConversationView::itemsAreAppendedUpdatedAndRemoved()
{
    ConversationView view;
    QCOMPARE(view.count(), 0);
    QCOMPARE(view.appendItem(makeItem(Kind::User, QStringLiteral("Hello"))), 0);
    QCOMPARE(view.appendItem(makeItem(Kind::Assistant, QStringLiteral("Hi *there*"))), 1);
    ConversationItem tool = makeItem(Kind::Tool, QStringLiteral("{\"ok\":true}"));
    tool.toolCalls.append({QStringLiteral("call_1"), QStringLiteral("get_weather"),
                           QStringLiteral("{\"city\":\"Paris\"}")});
    QCOMPARE(view.appendItem(tool), 2);
    QCOMPARE(view.count(), 3);
    QCOMPARE(view.item(0).text, QStringLiteral("Hello"));
    QCOMPARE(view.item(2), tool);

    ConversationItem failed = makeItem(Kind::Assistant, QStringLiteral("partial"), State::Failed);
    failed.errorText = QStringLiteral("Access denied\nAdd bedrock-mantle:CreateInference");
    view.updateItem(1, failed);
    QCOMPARE(view.item(1), failed);
    QCOMPARE(view.count(), 3);

    view.removeItem(0);
    QCOMPARE(view.count(), 2);
    QCOMPARE(view.item(0), failed);
    QCOMPARE(view.item(1), tool);

    view.removeItem(5); // out of range: ignored
    QCOMPARE(view.count(), 2);
    view.clear();
    QCOMPARE(view.count(), 0);
}

void TestConversationView::removingTheCurrentItemClearsTheCurrentRow()
{
    ConversationView view;
    view.setItems(session(4));
    QSignalSpy spy(&view, &ConversationView::currentRowChanged);
    view.setCurrentRow(2);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toInt(), 2);
    view.removeItem(0); // the current item moves up
    QCOMPARE(view.currentRow(), 1);
    QCOMPARE(spy.last().at(0).toInt(), 1);
    view.removeItem(1);
    QCOMPARE(view.currentRow(), -1);
    QCOMPARE(spy.last().at(0).toInt(), -1);
}

void TestConversationView::streamedDeltasAccumulateExactly_data()
{
    QTest::addColumn<QStringList>("deltas");
    QTest::addRow("words") << QStringList{QStringLiteral("Hel"), QStringLiteral("lo, "),
                                          QStringLiteral("wor"), QStringLiteral("ld.")};
    QTest::addRow("newlines inside and across deltas")
        << QStringList{QStringLiteral("one\n"), QStringLiteral("\ntwo"), QStringLiteral("\n"),
                       QStringLiteral("three\n\n\nfour"), QStringLiteral("\n")};
    QTest::addRow("non-ASCII and surrogate pairs")
        << QStringList{QStringLiteral("Grüße "), QStringLiteral("\U0001F600"),
                       QStringLiteral(" 日本語"), QStringLiteral("\n— fin")};
    QStringList many;
    for (int i = 0; i < 500; ++i)
        many.append(i % 40 == 39 ? QStringLiteral("end.\n") : QStringLiteral("word "));
    QTest::addRow("500 deltas") << many;
}

void TestConversationView::streamedDeltasAccumulateExactly()
{
    QFETCH(QStringList, deltas);
    auto view = shownView();
    view->appendItem(makeItem(Kind::User, QStringLiteral("Tell me")));
    const int row = view->appendItem(makeItem(Kind::Assistant, {}, State::Streaming));
    const int emptyHeight = view->visualRect(row).height();
    for (const QString &delta : deltas) {
        view->appendText(row, delta);
        view->appendReasoning(row, QStringLiteral("r"));
    }
    view->flushPendingUpdates();
    QCOMPARE(view->item(row).text, deltas.join(QString()));
    QCOMPARE(view->item(row).reasoning, QStringLiteral("r").repeated(deltas.size()));
    QCOMPARE(view->item(row).state, State::Streaming);
    // The card grew with the text (a toggle line for the reasoning at the least).
    QVERIFY2(view->visualRect(row).height() > emptyHeight,
             qPrintable(
                 QStringLiteral("%1 <= %2").arg(view->visualRect(row).height()).arg(emptyHeight)));
}

void TestConversationView::incrementalLayoutTouchesOnlyTheLastParagraph()
{
    StreamingTextLayout layout(QFont(), 300);
    QString text;
    for (int i = 0; i < 100; ++i)
        text += QStringLiteral("Paragraph %1 with some words in it.\n").arg(i);
    layout.append(text);
    layout.update();
    QCOMPARE(layout.text(), text);
    QCOMPARE(layout.paragraphCount(), 101); // the text ends with a newline: an empty last one
    const qint64 initial = layout.paragraphLayouts();
    QCOMPARE(initial, 101);
    const qreal height = layout.height();

    layout.append(QStringLiteral("more"));
    layout.update();
    QCOMPARE(layout.paragraphLayouts(), initial + 1); // only the last paragraph again
    layout.append(QStringLiteral(" text\nand a new one"));
    layout.update();
    QCOMPARE(layout.paragraphLayouts(), initial + 3); // the last one and the new one
    QVERIFY(layout.height() > height);
    layout.update(); // nothing changed: nothing laid out
    QCOMPARE(layout.paragraphLayouts(), initial + 3);
}

void TestConversationView::longParagraphIsLaidOutInBoundedPieces_data()
{
    QTest::addColumn<QString>("delta");
    QTest::addRow("words") << QStringLiteral("word ");
    QTest::addRow("no space at all") << QStringLiteral("wordy");
    QTest::addRow("surrogate pairs") << QStringLiteral("\U0001F600\U0001F600x");
}

void TestConversationView::longParagraphIsLaidOutInBoundedPieces()
{
    // 40,000 characters without a newline, streamed in 5-character deltas: a frame must not
    // lay out the whole line again.
    QFETCH(QString, delta);
    StreamingTextLayout layout(QFont(), 300);
    QString streamed;
    for (int i = 0; i < 8000; ++i) {
        layout.append(delta);
        streamed += delta;
        if (i % 100 == 0)
            layout.update();
    }
    layout.update();
    QVERIFY2(layout.paragraphCount() >= 20, qPrintable(QString::number(layout.paragraphCount())));
    const qint64 before = layout.paragraphLayouts();
    layout.append(QStringLiteral("more"));
    layout.update();
    QCOMPARE(layout.paragraphLayouts(), before + 1);
    QCOMPARE(layout.text(), streamed + QStringLiteral("more")); // nothing lost or split apart
}

void TestConversationView::followsTheTailWhenAtTheBottom()
{
    auto view = shownView();
    view->setItems(session(30));
    QScrollBar *bar = view->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum()); // a loaded session shows its end
    const int row = view->appendItem(makeItem(Kind::Assistant, {}, State::Streaming));
    QCOMPARE(bar->value(), bar->maximum());
    const int maximumBefore = bar->maximum();
    for (int i = 0; i < 100; ++i)
        view->appendText(row, QStringLiteral("line %1 of the answer\n").arg(i));
    // Through the frame timer, as in the app.
    QTRY_VERIFY(bar->maximum() > maximumBefore + 100);
    QCOMPARE(bar->value(), bar->maximum());
    const QRect last = view->visualRect(row);
    QVERIFY(last.bottom() <= view->viewport()->height());
    QVERIFY(last.bottom() > view->viewport()->height() - 40);
}

void TestConversationView::staysPutWhenScrolledUp()
{
    auto view = shownView();
    view->setItems(session(30));
    QScrollBar *bar = view->verticalScrollBar();
    const int row = view->appendItem(makeItem(Kind::Assistant, {}, State::Streaming));
    bar->setValue(bar->maximum() - 300); // the user scrolls up
    const int value = bar->value();
    const int topRow = view->rowAt(QPoint(view->viewport()->width() / 2, 40));
    QVERIFY(topRow >= 0);
    const QRect before = view->visualRect(topRow);
    const int maximumBefore = bar->maximum();
    for (int i = 0; i < 100; ++i)
        view->appendText(row, QStringLiteral("line %1 of the answer\n").arg(i));
    QTRY_VERIFY(bar->maximum() > maximumBefore + 100);
    QCOMPARE(bar->value(), value);
    QCOMPARE(view->visualRect(topRow), before);

    view->scrollToBottom(); // and following again from there
    view->appendText(row, QStringLiteral("more\nand more\n"));
    view->flushPendingUpdates();
    QCOMPARE(bar->value(), bar->maximum());
}

void TestConversationView::keepsStillWhenEstimatesAboveAreCorrected()
{
    auto view = shownView();
    view->setItems(session(300));
    QScrollBar *bar = view->verticalScrollBar();
    const int laidOutAtStart = view->laidOutItemCount();
    // Scroll up a little at a time: each step lays out items never seen (estimated heights);
    // what was on screen must move by exactly the scrolled distance, no more.
    for (int step = 0; step < 40; ++step) {
        const QPoint probe(view->viewport()->width() / 2, view->viewport()->height() - 30);
        const int row = view->rowAt(probe);
        if (row < 0)
            continue; // between two cards
        const int top = view->visualRect(row).top();
        bar->setValue(bar->value() - 120);
        QCOMPARE(view->visualRect(row).top(), top + 120);
    }
    QVERIFY(view->laidOutItemCount() > laidOutAtStart); // new items were laid out on the way
}

void TestConversationView::rendersMarkdownOnceFinishedAndCopiesCode_data()
{
    QTest::addColumn<QStringList>("deltas");
    QTest::addColumn<int>("block");
    QTest::addColumn<QString>("code");
    const QStringList one{QStringLiteral("Here:\n\n```py"), QStringLiteral("thon\nprint('hi')\n"),
                          QStringLiteral("x = [1,\n     2]\n``"), QStringLiteral("`\n\nDone.")};
    QTest::addRow("fenced block") << one << 0 << QStringLiteral("print('hi')\nx = [1,\n     2]");
    const QStringList two{QStringLiteral("First:\n\n```\nls -l\n```\n\nSecond:\n\n"),
                          QStringLiteral("```cpp\nint main()\n{\n\n    return 0;\n}\n```\n")};
    QTest::addRow("second of two blocks, blank line kept")
        << two << 1 << QStringLiteral("int main()\n{\n\n    return 0;\n}");
    QTest::addRow("first of two blocks") << two << 0 << QStringLiteral("ls -l");
    QTest::addRow("indented block")
        << QStringList{QStringLiteral("Run:\n\n    make\n    make install\n\nthen.")} << 0
        << QStringLiteral("make\nmake install");
}

void TestConversationView::rendersMarkdownOnceFinishedAndCopiesCode()
{
    QFETCH(QStringList, deltas);
    QFETCH(int, block);
    QFETCH(QString, code);
    auto view = shownView(520, 600);
    const int row = view->appendItem(makeItem(Kind::Assistant, {}, State::Streaming));
    for (const QString &delta : deltas)
        view->appendText(row, delta);
    view->flushPendingUpdates();
    QVERIFY(view->copyButtonRects(row).isEmpty()); // plain text while streaming

    ConversationItem finished = view->item(row);
    finished.state = State::Finished;
    finished.footer = QStringLiteral("done");
    view->updateItem(row, finished);
    const QList<QRect> buttons = view->copyButtonRects(row);
    QVERIFY(buttons.size() > block);
    view->scrollToRow(row);
    const QRect button = view->copyButtonRects(row).at(block);
    QVERIFY(view->viewport()->rect().contains(button));
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, button.center());
    QCOMPARE(QGuiApplication::clipboard()->text(), code);
    QCOMPARE(view->currentRow(), row);
}

void TestConversationView::reasoningToggleExpandsTheItem()
{
    auto view = shownView();
    ConversationItem answer = makeItem(Kind::Assistant, QStringLiteral("The answer is 4."));
    answer.reasoning = QStringLiteral("The user asks for 2 + 2.\nThat is 4.\nCheck: 4 - 2 = 2.");
    const int row = view->appendItem(answer);
    QVERIFY(!view->isReasoningExpanded(row)); // collapsed by default
    const int collapsed = view->visualRect(row).height();
    const QRect toggle = view->reasoningToggleRect(row);
    QVERIFY(!toggle.isEmpty());

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, toggle.center());
    QVERIFY(view->isReasoningExpanded(row));
    const int expanded = view->visualRect(row).height();
    QVERIFY2(expanded > collapsed + 2 * QFontMetrics(view->font()).lineSpacing(),
             qPrintable(QStringLiteral("%1 vs %2").arg(expanded).arg(collapsed)));

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->reasoningToggleRect(row).center());
    QVERIFY(!view->isReasoningExpanded(row));
    QCOMPARE(view->visualRect(row).height(), collapsed);

    const int plain = view->appendItem(makeItem(Kind::User, QStringLiteral("no reasoning")));
    QVERIFY(view->reasoningToggleRect(plain).isEmpty());
}

void TestConversationView::contextMenuActionsEmitTheirRow_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("row");
    QTest::addRow("edit a user item") << QStringLiteral("edit") << 2;
    QTest::addRow("re-run from an assistant item") << QStringLiteral("rerun") << 1;
    QTest::addRow("delete the first item") << QStringLiteral("delete") << 0;
    QTest::addRow("delete the last item") << QStringLiteral("delete") << 3;
}

void TestConversationView::contextMenuActionsEmitTheirRow()
{
    QFETCH(QString, action);
    QFETCH(int, row);
    ConversationView view;
    view.setItems(session(4));
    QSignalSpy edit(&view, &ConversationView::editRequested);
    QSignalSpy rerun(&view, &ConversationView::rerunRequested);
    QSignalSpy remove(&view, &ConversationView::deleteRequested);

    QMenu *menu = view.contextMenuForRow(row);
    QVERIFY(menu);
    auto *found = menu->findChild<QAction *>(action);
    QVERIFY(found);
    QVERIFY(menu->actions().contains(found));
    found->trigger();

    QSignalSpy *expected = action == QLatin1String("edit") ? &edit
        : action == QLatin1String("rerun")                 ? &rerun
                                                           : &remove;
    QCOMPARE(expected->count(), 1);
    QCOMPARE(expected->first().at(0).toInt(), row);
    QCOMPARE(edit.count() + rerun.count() + remove.count(), 1);
}

void TestConversationView::editIsOnlyOfferedForUserItems()
{
    ConversationView view;
    view.setItems(session(2)); // a user item, then an assistant item
    view.contextMenuForRow(0);
    QVERIFY(view.editAction()->isEnabled());
    view.contextMenuForRow(1);
    QVERIFY(!view.editAction()->isEnabled());
    QVERIFY(view.rerunAction()->isEnabled());
    QVERIFY(view.deleteAction()->isEnabled());
}

void TestConversationView::copyTextAndCtrlCCopyTheRawText()
{
    auto view = shownView();
    const QString markdown = QStringLiteral("# Title\n\nSome **bold** text and `code`.");
    view->setItems(
        {makeItem(Kind::User, QStringLiteral("question")), makeItem(Kind::Assistant, markdown)});
    QGuiApplication::clipboard()->clear();
    view->contextMenuForRow(1);
    view->copyTextAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), markdown);

    view->setFocus();
    view->setCurrentRow(0);
    QTest::keySequence(view.get(), QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("question"));
}

void TestConversationView::keyboardMovesTheCurrentItem()
{
    auto view = shownView();
    view->setItems(session(50));
    QSignalSpy spy(view.get(), &ConversationView::currentRowChanged);
    view->setFocus();
    QTest::keyClick(view.get(), Qt::Key_Home);
    QCOMPARE(view->currentRow(), 0);
    QCOMPARE(view->verticalScrollBar()->value(), 0);
    QTest::keyClick(view.get(), Qt::Key_Down);
    QTest::keyClick(view.get(), Qt::Key_Down);
    QCOMPARE(view->currentRow(), 2);
    QTest::keyClick(view.get(), Qt::Key_Up);
    QCOMPARE(view->currentRow(), 1);
    QCOMPARE(spy.last().at(0).toInt(), 1);
    for (int i = 0; i < 20; ++i)
        QTest::keyClick(view.get(), Qt::Key_Down);
    QCOMPARE(view->currentRow(), 21);
    QVERIFY(view->viewport()->rect().intersects(view->visualRect(21))); // scrolled into view
    const int value = view->verticalScrollBar()->value();
    QTest::keyClick(view.get(), Qt::Key_PageDown);
    QVERIFY(view->verticalScrollBar()->value() > value);
    QTest::keyClick(view.get(), Qt::Key_End);
    QCOMPARE(view->currentRow(), 49);
    QCOMPARE(view->verticalScrollBar()->value(), view->verticalScrollBar()->maximum());
}

void TestConversationView::doubleClickOnAUserItemRequestsAnEdit()
{
    auto view = shownView();
    view->setItems(session(2));
    QSignalSpy edit(view.get(), &ConversationView::editRequested);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(1).center());
    QCOMPARE(edit.count(), 0); // an assistant item
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(0).center());
    QCOMPARE(edit.count(), 1);
    QCOMPARE(edit.first().at(0).toInt(), 0);
}

void TestConversationView::largeSessionIsLaidOutOnlyWhereSeen()
{
    auto view = shownView(600, 400);
    view->setItems(session(2000));
    QCOMPARE(view->count(), 2000);
    QCoreApplication::processEvents();
    const int atStart = view->laidOutItemCount();
    QVERIFY(atStart > 0);
    QVERIFY2(atStart <= 20, qPrintable(QString::number(atStart)));
    QCOMPARE(view->verticalScrollBar()->value(), view->verticalScrollBar()->maximum());

    // Scrolling through everything lays out each item about once, and keeps few layouts.
    QScrollBar *bar = view->verticalScrollBar();
    bar->setValue(0);
    int maxCached = 0;
    while (bar->value() < bar->maximum()) {
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        QCoreApplication::processEvents();
        maxCached = std::max(maxCached, view->cachedLayoutCount());
    }
    QVERIFY2(maxCached <= 64 + 20, qPrintable(QString::number(maxCached)));
    QVERIFY(view->laidOutItemCount() >= 2000); // every item was seen
    QVERIFY2(view->laidOutItemCount() <= 2000 + 2 * 64,
             qPrintable(QString::number(view->laidOutItemCount())));
}

void TestConversationView::isAccessibleAndTakesFocus()
{
    ConversationView view;
    QCOMPARE(view.accessibleName(), QStringLiteral("Conversation"));
    QVERIFY(!view.accessibleDescription().isEmpty());
    QCOMPARE(view.focusPolicy(), Qt::StrongFocus);
}

QTEST_MAIN(TestConversationView)
#include "tst_conversationview.moc"
