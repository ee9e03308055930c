#pragma once

#include <QStyledItemDelegate>

namespace mantle::ui {

/// Paints a row of the sessions sidebar on two lines: the title, and below it, smaller and
/// muted, the surface, model and date (SessionListModel's roles). A session that cannot be read
/// is painted greyed with a warning icon. Rows all have the same height, so the list can use
/// uniform item sizes and stays fast with thousands of sessions. The title editor (rename)
/// covers the first line only.
///
/// It paints and sizes rows; it decides nothing about what a row may do.
class SessionItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionItemDelegate)

public:
    explicit SessionItemDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

    /// The smaller font of the second line.
    static QFont subtitleFont(const QFont &base);
};

} // namespace mantle::ui
