#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mantle::ui {

namespace {

enum Column { ActionColumn, KeysColumn, ColumnCount };

/// The share of the screen the dialog may grow to before it scrolls.
constexpr double kMaxScreenShare = 0.8;

} // namespace

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, ColumnCount, this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));

    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);

    for (const QAction *action : actions) {
        if (action && !action->isSeparator())
            addRow(withoutMnemonics(action->text()), action->shortcuts());
    }
    fitToContents();
}

void ShortcutsDialog::addRow(const QString &action, const QKeySequence &keys)
{
    addRow(action, QList<QKeySequence>{keys});
    fitToContents();
}

void ShortcutsDialog::addRow(const QString &action, const QList<QKeySequence> &keys)
{
    QStringList texts;
    for (const QKeySequence &sequence : keys) {
        if (!sequence.isEmpty())
            texts << sequence.toString(QKeySequence::NativeText);
    }
    if (action.isEmpty() || texts.isEmpty())
        return;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, ActionColumn, new QTableWidgetItem(action));
    auto *keysItem = new QTableWidgetItem(texts.join(QLatin1Char('\n')));
    keysItem->setData(Qt::AccessibleTextRole, texts.join(tr(", ")));
    m_table->setItem(row, KeysColumn, keysItem);
}

int ShortcutsDialog::rowCount() const
{
    return m_table->rowCount();
}

QString ShortcutsDialog::actionText(int row) const
{
    const QTableWidgetItem *item = m_table->item(row, ActionColumn);
    return item ? item->text() : QString();
}

QString ShortcutsDialog::keysText(int row) const
{
    const QTableWidgetItem *item = m_table->item(row, KeysColumn);
    return item ? item->text() : QString();
}

QString ShortcutsDialog::withoutMnemonics(const QString &text)
{
    // "(&F)" after a CJK text goes with its mnemonic, as QAction does for tooltips.
    static const QRegularExpression cjkMnemonic(QStringLiteral("\\s*\\(&[^&]\\)"));
    QString plain = text;
    plain.remove(cjkMnemonic);
    QString result;
    result.reserve(plain.size());
    for (qsizetype i = 0; i < plain.size(); ++i) {
        if (plain.at(i) == QLatin1Char('&')) {
            if (i + 1 < plain.size() && plain.at(i + 1) == QLatin1Char('&')) {
                result += QLatin1Char('&');
                ++i;
            }
            continue;
        }
        result += plain.at(i);
    }
    return result;
}

void ShortcutsDialog::fitToContents()
{
    m_table->resizeColumnsToContents();
    m_table->resizeRowsToContents();
    const QMargins margins = m_table->contentsMargins();
    int width = margins.left() + margins.right() + m_table->verticalScrollBar()->sizeHint().width();
    for (int column = 0; column < ColumnCount; ++column)
        width += m_table->horizontalHeader()->sectionSize(column);
    int height
        = margins.top() + margins.bottom() + m_table->horizontalHeader()->sizeHint().height();
    for (int row = 0; row < m_table->rowCount(); ++row)
        height += m_table->rowHeight(row);
    if (const QScreen *screen
        = this->screen() ? this->screen() : QGuiApplication::primaryScreen()) {
        const QSize available = screen->availableSize() * kMaxScreenShare;
        width = qMin(width, available.width());
        height = qMin(height, available.height());
    }
    // Wide enough for both columns; as high as the rows, which the user may shrink (it scrolls).
    m_table->setMinimumWidth(width);
    const int otherHeight = sizeHint().height() - m_table->sizeHint().height();
    resize(sizeHint().width(), otherHeight + height);
}

} // namespace mantle::ui
