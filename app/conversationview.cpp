#include "conversationview.h"

#include "conversationitemlayout.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <utility>

namespace mantle::ui {

namespace {

/// At most one repaint per frame while text streams in.
constexpr int kFrameIntervalMs = 16;
/// How long a Copy button says "Copied".
constexpr int kCopiedFeedbackMs = 1500;
/// Laid-out items kept beyond those on screen.
constexpr int kLayoutCacheCapacity = 64;

} // namespace

ConversationView::ConversationView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Conversation"));
    setAccessibleDescription(
        tr("The prompts and answers of this session. Up and Down select an item; the context menu "
           "copies, edits, deletes or re-runs it; Ctrl+C copies the selected item's text."));
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Always on: a scroll bar that comes and goes would change the width, and every height.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setBackgroundRole(QPalette::Window);
    viewport()->setAutoFillBackground(true);

    m_frameTimer.setSingleShot(true);
    m_frameTimer.setInterval(kFrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &ConversationView::onFrame);
    m_copiedTimer.setSingleShot(true);
    m_copiedTimer.setInterval(kCopiedFeedbackMs);
    connect(&m_copiedTimer, &QTimer::timeout, this, [this] {
        m_copiedId = 0;
        m_copiedButton = -1;
        viewport()->update();
    });

    updateStyle();
    m_cardWidth = cardWidth();
}

ConversationView::~ConversationView() = default;

// --- items ---------------------------------------------------------------------------------

int ConversationView::count() const
{
    return int(m_entries.size());
}

const ConversationItem &ConversationView::item(int row) const
{
    Q_ASSERT(row >= 0 && row < count());
    return m_entries[std::size_t(row)].item;
}

void ConversationView::setItems(QList<ConversationItem> items)
{
    m_cache.clear();
    m_pendingStreams.clear();
    m_entries.clear();
    m_entries.reserve(std::size_t(items.size()));
    for (ConversationItem &item : items) {
        Entry entry;
        entry.item = std::move(item);
        entry.id = m_nextId++;
        entry.height = estimateRowHeight(entry);
        m_entries.push_back(std::move(entry));
    }
    m_topsDirtyFrom = 0;
    m_laidOutCount = 0;
    m_followTail = true;
    const bool currentChanged = m_current != -1;
    m_current = -1;
    settle({});
    if (currentChanged)
        emit currentRowChanged(-1);
}

int ConversationView::appendItem(ConversationItem item)
{
    const Anchor anchor = captureAnchor();
    Entry entry;
    entry.item = std::move(item);
    entry.id = m_nextId++;
    entry.height = estimateRowHeight(entry);
    m_entries.push_back(std::move(entry));
    const int row = count() - 1;
    m_topsDirtyFrom = std::min(m_topsDirtyFrom, row);
    settle(anchor);
    return row;
}

void ConversationView::updateItem(int row, ConversationItem item)
{
    if (row < 0 || row >= count())
        return;
    const Anchor anchor = captureAnchor();
    Entry &entry = m_entries[std::size_t(row)];
    entry.item = std::move(item);
    dropLayout(row);
    m_pendingStreams.removeAll(entry.id);
    setRowHeight(row, estimateRowHeight(entry), false);
    settle(anchor);
}

void ConversationView::removeItem(int row)
{
    if (row < 0 || row >= count())
        return;
    const Anchor anchor = captureAnchor();
    const quint64 id = m_entries[std::size_t(row)].id;
    m_cache.remove(id);
    m_pendingStreams.removeAll(id);
    m_entries.erase(m_entries.begin() + row);
    m_topsDirtyFrom = std::min(m_topsDirtyFrom, row);
    int current = m_current;
    if (current == row)
        current = -1;
    else if (current > row)
        --current;
    const bool currentChanged = current != m_current;
    m_current = current;
    settle(anchor);
    if (currentChanged)
        emit currentRowChanged(m_current);
}

void ConversationView::clear()
{
    setItems({});
}

void ConversationView::appendText(int row, QStringView delta)
{
    if (row < 0 || row >= count() || delta.isEmpty())
        return;
    Entry &entry = m_entries[std::size_t(row)];
    entry.item.text.append(delta);
    if (ConversationItemLayout *layout = m_cache.find(entry.id)) {
        if (layout->isStreaming())
            layout->appendText(delta);
        else
            dropLayout(row); // not meant for finished items: lay it out again, once per frame
    }
    scheduleFrame(entry.id);
}

void ConversationView::appendReasoning(int row, QStringView delta)
{
    if (row < 0 || row >= count() || delta.isEmpty())
        return;
    Entry &entry = m_entries[std::size_t(row)];
    entry.item.reasoning.append(delta);
    if (ConversationItemLayout *layout = m_cache.find(entry.id)) {
        if (layout->isStreaming())
            layout->appendReasoning(delta);
        else
            dropLayout(row);
    }
    scheduleFrame(entry.id);
}

// --- current item, scrolling -----------------------------------------------------------------

int ConversationView::currentRow() const
{
    return m_current;
}

void ConversationView::setCurrentRow(int row)
{
    if (row < -1 || row >= count())
        row = -1;
    if (row == m_current)
        return;
    m_current = row;
    viewport()->update();
    emit currentRowChanged(row);
}

void ConversationView::scrollToBottom()
{
    m_followTail = true;
    settle({});
}

void ConversationView::scrollToRow(int row)
{
    if (row < 0 || row >= count())
        return;
    layoutFor(row);
    const int top = rowTop(row);
    const int bottom = top + m_entries[std::size_t(row)].height + int(m_style.spacing);
    const int value = verticalScrollBar()->value();
    const int height = viewport()->height();
    int target = value;
    if (top < value)
        target = top;
    else if (bottom > value + height)
        target = std::min(top, bottom - height);
    if (target == value)
        return;
    updateScrollRange();
    verticalScrollBar()->setValue(target); // scrollContentsBy() settles
}

bool ConversationView::isReasoningExpanded(int row) const
{
    return row >= 0 && row < count() && m_entries[std::size_t(row)].reasoningExpanded;
}

void ConversationView::setReasoningExpanded(int row, bool expanded)
{
    if (row < 0 || row >= count() || m_entries[std::size_t(row)].reasoningExpanded == expanded)
        return;
    const Anchor anchor = captureAnchor();
    m_entries[std::size_t(row)].reasoningExpanded = expanded;
    dropLayout(row);
    layoutFor(row);
    settle(anchor);
}

bool ConversationView::atBottom() const
{
    return verticalScrollBar()->value() >= verticalScrollBar()->maximum();
}

// --- geometry --------------------------------------------------------------------------------

void ConversationView::updateStyle()
{
    m_cache.clear(); // the layouts hold the old fonts
    m_style = ConversationStyle::fromWidget(*this);
    verticalScrollBar()->setSingleStep(int(std::ceil(m_style.lineHeight * 3)));
}

qreal ConversationView::cardWidth() const
{
    return std::max<qreal>(m_style.averageCharWidth * 8, viewport()->width() - 2 * m_style.margin);
}

int ConversationView::estimateRowHeight(const Entry &entry) const
{
    return int(std::ceil(ConversationItemLayout::estimateHeight(entry.item, entry.reasoningExpanded,
                                                                m_style, m_cardWidth)))
        + int(m_style.spacing);
}

void ConversationView::setRowHeight(int row, int height, bool exact)
{
    Entry &entry = m_entries[std::size_t(row)];
    entry.exact = exact;
    if (entry.height == height)
        return;
    entry.height = height;
    m_topsDirtyFrom = std::min(m_topsDirtyFrom, row + 1);
}

void ConversationView::ensureTops() const
{
    const int n = count();
    if (int(m_tops.size()) != n + 1) {
        m_tops.resize(std::size_t(n) + 1);
        m_topsDirtyFrom = 0;
    }
    if (m_topsDirtyFrom > n)
        return;
    m_tops[0] = 0;
    for (int row = std::max(1, m_topsDirtyFrom); row <= n; ++row)
        m_tops[std::size_t(row)]
            = m_tops[std::size_t(row) - 1] + m_entries[std::size_t(row) - 1].height;
    m_topsDirtyFrom = n + 1;
}

int ConversationView::rowTop(int row) const
{
    ensureTops();
    return m_tops[std::size_t(row)];
}

int ConversationView::contentHeight() const
{
    if (m_entries.empty())
        return 0;
    return rowTop(count()) + int(m_style.spacing); // a gap below the last card too
}

int ConversationView::rowAtContentY(int y) const
{
    const int n = count();
    if (n == 0)
        return -1;
    ensureTops();
    const auto it = std::upper_bound(m_tops.begin(), m_tops.begin() + n, y);
    return std::clamp(int(it - m_tops.begin()) - 1, 0, n - 1);
}

QPointF ConversationView::cardOrigin(int row) const
{
    return QPointF(m_style.margin, rowTop(row) + m_style.spacing - verticalScrollBar()->value());
}

ConversationItemLayout *ConversationView::layoutFor(int row)
{
    Entry &entry = m_entries[std::size_t(row)];
    ConversationItemLayout *layout = m_cache.find(entry.id);
    if (!layout) {
        layout = m_cache.insert(entry.id,
                                std::make_unique<ConversationItemLayout>(
                                    entry.item, entry.reasoningExpanded, m_style, m_cardWidth));
        ++m_laidOutCount;
    } else if (layout->width() != m_cardWidth) {
        layout->setWidth(m_cardWidth);
    }
    setRowHeight(row, int(std::ceil(layout->height())) + int(m_style.spacing), true);
    return layout;
}

void ConversationView::dropLayout(int row)
{
    m_cache.remove(m_entries[std::size_t(row)].id);
}

void ConversationView::reestimateAll()
{
    for (Entry &entry : m_entries) {
        entry.height = estimateRowHeight(entry);
        entry.exact = false;
    }
    m_topsDirtyFrom = 0;
}

void ConversationView::updateScrollRange()
{
    QScrollBar *bar = verticalScrollBar();
    const int height = viewport()->height();
    bar->setPageStep(height);
    bar->setRange(0, std::max(0, contentHeight() - height));
}

ConversationView::Anchor ConversationView::captureAnchor() const
{
    if (m_followTail || m_entries.empty())
        return {};
    const int value = verticalScrollBar()->value();
    const int bottom = value + viewport()->height();
    const int first = rowAtContentY(value);
    // The first item on screen whose height is real: estimates corrected above it (or in it)
    // must not move it.
    int row = first;
    for (int r = first; r < count() && rowTop(r) < bottom; ++r) {
        if (m_entries[std::size_t(r)].exact) {
            row = r;
            break;
        }
    }
    return {m_entries[std::size_t(row)].id, value - rowTop(row)};
}

void ConversationView::settle(const Anchor &anchor)
{
    if (m_settling)
        return;
    m_settling = true;
    QScrollBar *bar = verticalScrollBar();
    const int height = viewport()->height();
    // Each pass lays out what is on screen; a few passes reach a fixed point, since an item
    // laid out keeps its height.
    for (int pass = 0; pass < 8 && !m_entries.empty(); ++pass) {
        updateScrollRange();
        if (m_followTail) {
            bar->setValue(bar->maximum());
        } else if (anchor.id != 0) {
            if (const int row = rowOfId(anchor.id); row >= 0)
                bar->setValue(rowTop(row) + anchor.offset);
        }
        const int value = bar->value();
        bool changed = false;
        for (int row = rowAtContentY(value); row < count() && rowTop(row) < value + height; ++row) {
            const Entry &entry = m_entries[std::size_t(row)];
            const int before = entry.height;
            const bool wasExact = entry.exact;
            layoutFor(row);
            changed = changed || !wasExact || entry.height != before;
        }
        if (!changed)
            break;
    }
    updateScrollRange();
    if (m_followTail)
        bar->setValue(bar->maximum());
    m_settling = false;
    trimCache();
    viewport()->update();
}

void ConversationView::trimCache()
{
    if (m_cache.size() <= kLayoutCacheCapacity)
        return;
    QSet<quint64> keep;
    const int value = verticalScrollBar()->value();
    const int bottom = value + viewport()->height();
    for (int row = rowAtContentY(value); row >= 0 && row < count() && rowTop(row) < bottom; ++row)
        keep.insert(m_entries[std::size_t(row)].id);
    for (const Entry &entry : m_entries) {
        if (entry.item.state == ConversationItem::State::Streaming)
            keep.insert(entry.id); // its incremental layout is worth keeping
    }
    m_cache.trim(std::max(kLayoutCacheCapacity, int(keep.size())),
                 [&keep](quint64 id) { return keep.contains(id); });
}

int ConversationView::rowOfId(quint64 id) const
{
    for (int row = count() - 1; row >= 0; --row) {
        if (m_entries[std::size_t(row)].id == id)
            return row;
    }
    return -1;
}

// --- streaming -------------------------------------------------------------------------------

void ConversationView::scheduleFrame(quint64 id)
{
    if (!m_pendingStreams.contains(id))
        m_pendingStreams.append(id);
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void ConversationView::onFrame()
{
    if (m_pendingStreams.isEmpty())
        return;
    const Anchor anchor = captureAnchor();
    const QList<quint64> pending = std::exchange(m_pendingStreams, {});
    for (const quint64 id : pending) {
        const int row = rowOfId(id);
        if (row < 0)
            continue;
        if (ConversationItemLayout *layout = m_cache.find(id)) {
            layout->updateStreaming();
            setRowHeight(row, int(std::ceil(layout->height())) + int(m_style.spacing), true);
        } else {
            setRowHeight(row, estimateRowHeight(m_entries[std::size_t(row)]), false);
        }
    }
    settle(anchor);
}

void ConversationView::flushPendingUpdates()
{
    m_frameTimer.stop();
    onFrame();
}

// --- hit testing and test hooks --------------------------------------------------------------

int ConversationView::rowAt(const QPoint &viewportPos)
{
    const int row = rowAtContentY(verticalScrollBar()->value() + viewportPos.y());
    if (row < 0)
        return -1;
    const QRect rect = visualRect(row);
    return rect.contains(viewportPos) ? row : -1;
}

QRect ConversationView::visualRect(int row)
{
    if (row < 0 || row >= count())
        return {};
    const ConversationItemLayout *layout = layoutFor(row);
    const QPointF origin = cardOrigin(row);
    return QRectF(origin, QSizeF(layout->width(), layout->height())).toAlignedRect();
}

QList<QRect> ConversationView::copyButtonRects(int row)
{
    QList<QRect> rects;
    if (row < 0 || row >= count())
        return rects;
    const ConversationItemLayout *layout = layoutFor(row);
    const QPointF origin = cardOrigin(row);
    for (int i = 0; i < layout->codeBlockCount(); ++i)
        rects.append(layout->copyButtonRect(i).translated(origin).toAlignedRect());
    return rects;
}

QRect ConversationView::reasoningToggleRect(int row)
{
    if (row < 0 || row >= count())
        return {};
    const ConversationItemLayout *layout = layoutFor(row);
    const QRectF rect = layout->reasoningToggleRect();
    return rect.isEmpty() ? QRect() : rect.translated(cardOrigin(row)).toAlignedRect();
}

void ConversationView::buildMenu()
{
    m_menu = new QMenu(this);
    m_copyTextAction = m_menu->addAction(tr("Copy Text"));
    m_copyTextAction->setObjectName(QStringLiteral("copyText"));
    m_copyTextAction->setShortcut(QKeySequence::Copy); // shown only; keyPressEvent handles it
    m_editAction = m_menu->addAction(tr("Edit…"));
    m_editAction->setObjectName(QStringLiteral("edit"));
    m_rerunAction = m_menu->addAction(tr("Re-run from Here"));
    m_rerunAction->setObjectName(QStringLiteral("rerun"));
    m_menu->addSeparator();
    m_deleteAction = m_menu->addAction(tr("Delete"));
    m_deleteAction->setObjectName(QStringLiteral("delete"));
    const auto menuRow = [this] {
        return m_menuRow >= 0 && m_menuRow < count() ? m_menuRow : -1;
    };
    connect(m_copyTextAction, &QAction::triggered, this, [this, menuRow] {
        if (const int row = menuRow(); row >= 0)
            copyItemText(row);
    });
    connect(m_editAction, &QAction::triggered, this, [this, menuRow] {
        if (const int row = menuRow(); row >= 0)
            emit editRequested(row);
    });
    connect(m_rerunAction, &QAction::triggered, this, [this, menuRow] {
        if (const int row = menuRow(); row >= 0)
            emit rerunRequested(row);
    });
    connect(m_deleteAction, &QAction::triggered, this, [this, menuRow] {
        if (const int row = menuRow(); row >= 0)
            emit deleteRequested(row);
    });
}

QMenu *ConversationView::contextMenuForRow(int row)
{
    if (!m_menu)
        buildMenu(); // on first use: a menu is a window, costly to make at start-up
    m_menuRow = row;
    const bool valid = row >= 0 && row < count();
    const ConversationItem *target = valid ? &m_entries[std::size_t(row)].item : nullptr;
    m_copyTextAction->setEnabled(target && !target->text.isEmpty());
    m_editAction->setEnabled(target && target->kind == ConversationItem::Kind::User);
    m_rerunAction->setEnabled(valid);
    m_deleteAction->setEnabled(valid);
    return m_menu;
}

void ConversationView::copyItemText(int row)
{
    QGuiApplication::clipboard()->setText(m_entries[std::size_t(row)].item.text);
}

void ConversationView::copyCode(int row, int index)
{
    ConversationItemLayout *layout = layoutFor(row);
    QGuiApplication::clipboard()->setText(layout->codeBlockText(index));
    m_copiedId = m_entries[std::size_t(row)].id;
    m_copiedButton = index;
    m_copiedTimer.start();
    viewport()->update();
}

// --- events ----------------------------------------------------------------------------------

bool ConversationView::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Ctrl+C copies the current item here, not whatever a window-wide shortcut would do.
        auto *keyEvent = static_cast<QKeyEvent *>(event);
        if (keyEvent->matches(QKeySequence::Copy) && m_current >= 0) {
            event->accept();
            return true;
        }
    }
    return QAbstractScrollArea::event(event);
}

void ConversationView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::PaletteChange:
    case QEvent::StyleChange: {
        const Anchor anchor = captureAnchor();
        updateStyle();
        m_cardWidth = cardWidth();
        reestimateAll();
        settle(anchor);
        break;
    }
    default:
        break;
    }
}

void ConversationView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    const qreal width = cardWidth();
    if (width == m_cardWidth) {
        settle(captureAnchor());
        return;
    }
    // Keep the first item on screen at the same relative place while every height changes.
    Anchor anchor;
    qreal fraction = 0;
    if (!m_followTail && !m_entries.empty()) {
        const int value = verticalScrollBar()->value();
        const int row = rowAtContentY(value);
        anchor.id = m_entries[std::size_t(row)].id;
        fraction = qreal(value - rowTop(row)) / std::max(1, m_entries[std::size_t(row)].height);
    }
    m_cardWidth = width;
    reestimateAll();
    if (anchor.id != 0) {
        const int row = rowOfId(anchor.id);
        anchor.offset = int(fraction * m_entries[std::size_t(row)].height);
    }
    settle(anchor);
}

void ConversationView::scrollContentsBy(int, int)
{
    if (!m_settling) {
        m_followTail = atBottom();
        settle(captureAnchor());
    }
    viewport()->update();
}

void ConversationView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    if (m_entries.empty())
        return;
    const QRect exposed = event->rect();
    const int value = verticalScrollBar()->value();
    bool heightsChanged = false;
    for (int row = rowAtContentY(value + exposed.top()); row < count(); ++row) {
        const int top = rowTop(row) - value;
        if (top > exposed.bottom())
            break;
        const int before = m_entries[std::size_t(row)].height;
        const ConversationItemLayout *layout = layoutFor(row);
        heightsChanged = heightsChanged || m_entries[std::size_t(row)].height != before;
        const QPointF origin = cardOrigin(row);
        ConversationItemLayout::PaintOptions options;
        options.current = row == m_current;
        options.focused = hasFocus();
        options.copiedButton = m_entries[std::size_t(row)].id == m_copiedId ? m_copiedButton : -1;
        painter.save();
        painter.translate(origin);
        layout->paint(&painter, QRectF(exposed).translated(-origin), options);
        painter.restore();
    }
    if (heightsChanged) // something changed without a settle: correct the scroll range after
        QMetaObject::invokeMethod(
            this, [this] { settle(captureAnchor()); }, Qt::QueuedConnection);
}

void ConversationView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        if (m_current >= 0)
            copyItemText(m_current);
        event->accept();
        return;
    }
    const int n = count();
    QScrollBar *bar = verticalScrollBar();
    switch (event->key()) {
    case Qt::Key_Up:
        if (n > 0) {
            setCurrentRow(m_current < 0 ? n - 1 : std::max(0, m_current - 1));
            scrollToRow(m_current);
        }
        break;
    case Qt::Key_Down:
        if (n > 0) {
            setCurrentRow(m_current < 0 ? 0 : std::min(n - 1, m_current + 1));
            scrollToRow(m_current);
        }
        break;
    case Qt::Key_Home:
        if (n > 0)
            setCurrentRow(0);
        bar->triggerAction(QAbstractSlider::SliderToMinimum);
        break;
    case Qt::Key_End:
        if (n > 0)
            setCurrentRow(n - 1);
        scrollToBottom();
        break;
    case Qt::Key_PageUp:
        bar->triggerAction(QAbstractSlider::SliderPageStepSub);
        break;
    case Qt::Key_PageDown:
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ConversationView::mousePressEvent(QMouseEvent *event)
{
    setFocus(Qt::MouseFocusReason);
    const QPoint pos = event->position().toPoint();
    const int row = rowAt(pos);
    if (row < 0) {
        event->ignore();
        return;
    }
    setCurrentRow(row);
    if (event->button() == Qt::LeftButton) {
        const ConversationItemLayout::Hit hit = layoutFor(row)->hitTest(pos - cardOrigin(row));
        if (hit.kind == ConversationItemLayout::HitKind::ReasoningToggle)
            setReasoningExpanded(row, !isReasoningExpanded(row));
        else if (hit.kind == ConversationItemLayout::HitKind::CopyButton)
            copyCode(row, hit.index);
    }
    event->accept();
}

void ConversationView::mouseReleaseEvent(QMouseEvent *event)
{
    // Presses act at once (toggles, Copy buttons); the release completes them.
    event->setAccepted(rowAt(event->position().toPoint()) >= 0);
}

void ConversationView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const int row = rowAt(pos);
    if (row < 0) {
        event->ignore();
        return;
    }
    const ConversationItemLayout::Hit hit = layoutFor(row)->hitTest(pos - cardOrigin(row));
    if (hit.kind != ConversationItemLayout::HitKind::None) {
        mousePressEvent(event); // a quick second click on a toggle or button acts again
        return;
    }
    if (item(row).kind == ConversationItem::Kind::User)
        emit editRequested(row);
    event->accept();
}

void ConversationView::contextMenuEvent(QContextMenuEvent *event)
{
    const int row
        = event->reason() == QContextMenuEvent::Keyboard ? m_current : rowAt(event->pos());
    if (row < 0) {
        event->ignore();
        return;
    }
    setCurrentRow(row);
    QPoint globalPos = event->globalPos();
    if (event->reason() == QContextMenuEvent::Keyboard) {
        scrollToRow(row);
        globalPos = viewport()->mapToGlobal(visualRect(row).topLeft() + QPoint(8, 8));
    }
    contextMenuForRow(row)->popup(globalPos);
    event->accept();
}

void ConversationView::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void ConversationView::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

} // namespace mantle::ui
