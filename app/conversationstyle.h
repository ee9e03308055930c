#pragma once

#include "conversationitem.h"

#include <QColor>
#include <QFont>
#include <QPalette>

class QWidget;

namespace mantle::ui {

/// The fonts, colours and spacing the conversation view paints with, all derived from the
/// widget's font and palette (so light and dark palettes both work and nothing is hard-coded
/// white or black). A value computed once per font or palette change; it paints nothing.
struct ConversationStyle
{
    QFont font; ///< the answer text
    QFont smallFont; ///< header, footer, reasoning toggle, buttons
    QFont boldFont; ///< tool call names
    QFont monoFont; ///< code, tool arguments and tool results
    QPalette palette;
    qreal margin = 8; ///< between the viewport's edges and the cards
    qreal spacing = 8; ///< between two cards
    qreal padding = 8; ///< inside a card
    qreal gap = 4; ///< between the sections of a card
    qreal radius = 6;
    qreal lineHeight = 16; ///< of `font`
    qreal smallLineHeight = 14; ///< of `smallFont`
    qreal monoLineHeight = 16; ///< of `monoFont`, estimated, for height estimates
    qreal averageCharWidth = 7; ///< of `font`, for height estimates
    qreal monoCharWidth = 8; ///< of `monoFont`, estimated, for height estimates

    static ConversationStyle fromWidget(const QWidget &widget);

    QColor textColor() const;
    QColor mutedColor() const;
    QColor errorColor() const;
    QColor borderColor() const;
    QColor currentBorderColor(bool focused) const;
    QColor cardColor(ConversationItem::Kind kind) const;
    QColor codeBackground() const;
    QColor toolCardColor() const;
    QColor viewBackground() const;

    /// a blended with b: t = 0 gives a, t = 1 gives b.
    static QColor mix(const QColor &a, const QColor &b, qreal t);
};

} // namespace mantle::ui
