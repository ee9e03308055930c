#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>

class QAction;
class QTableWidget;

namespace mantle::ui {

/// Help > Keyboard Shortcuts: a two-column table of what a key does and its keys, in the
/// platform's own notation (QKeySequence::NativeText, so "⌘N" on macOS and "Ctrl+N" elsewhere).
/// The rows are the given actions that have shortcuts (text without mnemonics, every shortcut),
/// then the extra rows added for keys not bound to an action (a widget's own keys).
///
/// It shows the shortcuts as they are; it does not let the user change them.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    explicit ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);

    /// Adds a row below the others; ignored when `keys` is empty.
    void addRow(const QString &action, const QKeySequence &keys);

    int rowCount() const;
    /// The texts of one row: the action's and its keys' (one shortcut a line).
    QString actionText(int row) const;
    QString keysText(int row) const;

    /// The action's text as a menu shows it: "&&" becomes "&", lone '&' go, and "(&X)"-style
    /// mnemonics of CJK translations with them.
    static QString withoutMnemonics(const QString &text);

private:
    void addRow(const QString &action, const QList<QKeySequence> &keys);
    void fitToContents();

    QTableWidget *m_table = nullptr;
};

} // namespace mantle::ui
