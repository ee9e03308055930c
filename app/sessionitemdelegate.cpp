#include "sessionitemdelegate.h"

#include "sessionlistmodel.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QStyle>
#include <QWidget>

namespace mantle::ui {

namespace {

constexpr int kMargin = 6; ///< around the two lines
constexpr int kLineGap = 2; ///< between them
constexpr double kSubtitleScale = 0.85;

QStyle *styleOf(const QStyleOptionViewItem &option)
{
    return option.widget ? option.widget->style() : QApplication::style();
}

/// The rectangle of the text lines, right of the warning icon when there is one (iconSize > 0).
QRect textRect(const QStyleOptionViewItem &option, int iconSize)
{
    QRect rect = option.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (iconSize > 0)
        rect.setLeft(rect.left() + iconSize + kMargin);
    return rect;
}

} // namespace

SessionItemDelegate::SessionItemDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QFont SessionItemDelegate::subtitleFont(const QFont &base)
{
    QFont font = base;
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * kSubtitleScale);
    else
        font.setPixelSize(qMax(1, qRound(font.pixelSize() * kSubtitleScale)));
    return font;
}

void SessionItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const bool problem = index.data(SessionListModel::HasProblemRole).toBool();
    const QString title = opt.text;
    const QString subtitle = index.data(SessionListModel::SubtitleRole).toString();

    // The background, selection and focus frame, without text or icon.
    opt.text.clear();
    opt.icon = QIcon();
    opt.features &= ~QStyleOptionViewItem::HasDecoration;
    QStyle *style = styleOf(option);
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, option.widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = problem || !(opt.state & QStyle::State_Enabled)
        ? QPalette::Disabled
        : (opt.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive);
    const QColor textColor
        = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor mutedColor = textColor;
    if (!problem)
        mutedColor.setAlphaF(0.65F);

    painter->save();
    const int iconSize = style->pixelMetric(QStyle::PM_SmallIconSize, nullptr, option.widget);
    if (problem) {
        const QIcon warning
            = style->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, option.widget);
        const QRect iconRect(option.rect.left() + kMargin,
                             option.rect.top() + (option.rect.height() - iconSize) / 2, iconSize,
                             iconSize);
        warning.paint(painter, iconRect);
    }
    const QRect lines = textRect(opt, problem ? iconSize : 0);
    const QFontMetrics titleMetrics(opt.font);
    const QFont smallFont = subtitleFont(opt.font);
    const QFontMetrics smallMetrics(smallFont);

    QRect titleRect = lines;
    titleRect.setHeight(titleMetrics.height());
    painter->setFont(opt.font);
    painter->setPen(textColor);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      titleMetrics.elidedText(title, Qt::ElideRight, titleRect.width()));

    QRect subtitleRect = lines;
    subtitleRect.setTop(titleRect.bottom() + 1 + kLineGap);
    subtitleRect.setHeight(smallMetrics.height());
    painter->setFont(smallFont);
    painter->setPen(mutedColor);
    painter->drawText(subtitleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      smallMetrics.elidedText(subtitle, Qt::ElideRight, subtitleRect.width()));
    painter->restore();
}

QSize SessionItemDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    Q_UNUSED(index);
    const QFontMetrics titleMetrics(option.font);
    const QFontMetrics smallMetrics(subtitleFont(option.font));
    const int height = kMargin + titleMetrics.height() + kLineGap + smallMetrics.height() + kMargin;
    // The width is the view's: the text is elided, never wrapped.
    return {titleMetrics.averageCharWidth() * 20, height};
}

void SessionItemDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                               const QModelIndex &index) const
{
    Q_UNUSED(index);
    QRect rect = textRect(option, 0);
    rect.setLeft(option.rect.left() + kMargin / 2);
    rect.setHeight(qMax(editor->sizeHint().height(), QFontMetrics(option.font).height()));
    editor->setGeometry(rect);
}

} // namespace mantle::ui
