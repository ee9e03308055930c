#pragma once

#include "conversationitem.h"
#include "conversationlayoutcache.h"
#include "conversationstyle.h"

#include <QAbstractScrollArea>
#include <QList>
#include <QTimer>

#include <vector>

class QAction;
class QMenu;

namespace mantle::ui {

class ConversationItemLayout;

/// The conversation of the playground window: user prompts, assistant answers (Markdown once
/// finished, plain text while streaming), reasoning (collapsible), tool calls and errors, as a
/// column of painted cards.
///
/// Virtualised: only the items on screen are laid out and painted. Heights of items never laid
/// out are estimates; when a real height replaces one above the viewport, the scroll position
/// keeps the content on screen still. Laid-out documents live in a bounded LRU cache, so memory
/// does not grow with the conversation. appendText() on a streaming item costs the new text
/// only: its paragraphs are laid out incrementally and repaints are coalesced to one per frame.
///
/// It shows and reports; it does not edit, run or store anything (the window reacts to the
/// signals). No text selection inside items: "Copy text" and Ctrl+C copy an item's raw text.
class ConversationView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationView)

public:
    explicit ConversationView(QWidget *parent = nullptr);
    ~ConversationView() override;

    int count() const;
    const ConversationItem &item(int row) const;
    /// Loads a whole session and shows its end. Lays out only what is on screen.
    void setItems(QList<ConversationItem> items);
    /// Returns the new item's row.
    int appendItem(ConversationItem item);
    /// Replaces one item (e.g. when an answer finishes: its Markdown is rendered then, once).
    void updateItem(int row, ConversationItem item);
    void removeItem(int row);
    void clear();
    /// Streaming: appends to the item's text (meant for a Streaming item; cheap).
    void appendText(int row, QStringView delta);
    void appendReasoning(int row, QStringView delta);

    int currentRow() const;
    void setCurrentRow(int row);
    void scrollToBottom();
    /// Scrolls so that the item is wholly visible (its top, if taller than the viewport).
    void scrollToRow(int row);

    bool isReasoningExpanded(int row) const;
    void setReasoningExpanded(int row, bool expanded);

    /// The item's card in viewport coordinates (laid out first); empty for a bad row.
    QRect visualRect(int row);
    /// The row under a viewport position, or -1.
    int rowAt(const QPoint &viewportPos);

    /// The context menu, set up for `row` (not shown): its actions are copyTextAction(),
    /// editAction(), rerunAction() and deleteAction().
    QMenu *contextMenuForRow(int row);
    QAction *copyTextAction() const { return m_copyTextAction; }
    QAction *editAction() const { return m_editAction; }
    QAction *rerunAction() const { return m_rerunAction; }
    QAction *deleteAction() const { return m_deleteAction; }

    // Test and benchmark hooks.
    /// How many items were laid out (a layout built) since the last setItems() or clear().
    int laidOutItemCount() const { return m_laidOutCount; }
    /// How many laid-out items the cache holds now.
    int cachedLayoutCount() const { return m_cache.size(); }
    /// The Copy buttons of a row's code blocks, in viewport coordinates (laid out first).
    QList<QRect> copyButtonRects(int row);
    /// The reasoning toggle of a row, in viewport coordinates; empty when it has none.
    QRect reasoningToggleRect(int row);
    /// Lays out and schedules the repaint of pending streamed text now, not at the next frame.
    void flushPendingUpdates();

Q_SIGNALS:
    void currentRowChanged(int row);
    void editRequested(int row);
    void deleteRequested(int row);
    void rerunRequested(int row);

protected:
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    struct Entry
    {
        ConversationItem item;
        quint64 id = 0;
        int height = 0; ///< the row's height: card plus spacing
        bool exact = false; ///< laid out at the current width, not an estimate
        bool reasoningExpanded = false;
    };

    /// What stays still on screen while heights change: an item and the scroll offset into it.
    struct Anchor
    {
        quint64 id = 0; ///< 0: none (follow the tail, or keep the value)
        int offset = 0;
    };

    void updateStyle();
    qreal cardWidth() const;
    int estimateRowHeight(const Entry &entry) const;
    void setRowHeight(int row, int height, bool exact);
    void ensureTops() const;
    int rowTop(int row) const;
    int contentHeight() const;
    int rowAtContentY(int y) const;
    ConversationItemLayout *layoutFor(int row);
    void dropLayout(int row);
    void reestimateAll();
    void updateScrollRange();
    Anchor captureAnchor() const;
    /// Lays out the items on screen, corrects their heights and scrolls so that `anchor` stays
    /// still (or the tail stays in view when following it), then repaints.
    void settle(const Anchor &anchor);
    void trimCache();
    int rowOfId(quint64 id) const;
    void scheduleFrame(quint64 id);
    void onFrame();
    void copyItemText(int row);
    void copyCode(int row, int index);
    bool atBottom() const;
    QPointF cardOrigin(int row) const;

    ConversationStyle m_style;
    std::vector<Entry> m_entries;
    mutable std::vector<int> m_tops;
    mutable int m_topsDirtyFrom = 0;
    ConversationLayoutCache m_cache;
    qreal m_cardWidth = 0;
    quint64 m_nextId = 1;
    int m_current = -1;
    int m_laidOutCount = 0;
    bool m_followTail = true;
    bool m_settling = false;

    QTimer m_frameTimer;
    QList<quint64> m_pendingStreams;

    quint64 m_copiedId = 0;
    int m_copiedButton = -1;
    QTimer m_copiedTimer;

    void buildMenu();
    QMenu *m_menu = nullptr;
    int m_menuRow = -1;
    QAction *m_copyTextAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_rerunAction = nullptr;
    QAction *m_deleteAction = nullptr;
};

} // namespace mantle::ui
