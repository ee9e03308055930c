#include "syntaxcolours.h"

#include "conversationstyle.h"

namespace mantle::ui {

SyntaxColours::SyntaxColours(const QPalette &palette)
    : text(palette.color(QPalette::Text))
    , base(palette.color(QPalette::Base))
{
    darkBase = base.lightnessF() < 0.5;
}

QColor SyntaxColours::faded(qreal t) const
{
    return ConversationStyle::mix(text, base, t);
}

QColor SyntaxColours::accent(int hue) const
{
    return QColor::fromHslF(float(hue) / 360.0f, darkBase ? 0.65f : 0.75f,
                            darkBase ? 0.72f : 0.34f);
}

} // namespace mantle::ui
