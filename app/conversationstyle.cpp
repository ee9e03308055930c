#include "conversationstyle.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace mantle::ui {

ConversationStyle ConversationStyle::fromWidget(const QWidget &widget)
{
    ConversationStyle style;
    style.font = widget.font();
    style.palette = widget.palette();

    style.smallFont = style.font;
    if (style.font.pointSizeF() > 0)
        style.smallFont.setPointSizeF(std::max(6.0, style.font.pointSizeF() * 0.85));
    else if (style.font.pixelSize() > 0)
        style.smallFont.setPixelSize(std::max(8, qRound(style.font.pixelSize() * 0.85)));

    style.boldFont = style.font;
    style.boldFont.setBold(true);

    style.monoFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (style.font.pointSizeF() > 0)
        style.monoFont.setPointSizeF(style.font.pointSizeF() * 0.95);

    const QFontMetricsF metrics(style.font);
    const QFontMetricsF smallMetrics(style.smallFont);
    style.lineHeight = metrics.lineSpacing();
    style.smallLineHeight = smallMetrics.lineSpacing();
    style.averageCharWidth = std::max(1.0, metrics.averageCharWidth());
    // The monospaced metrics only estimate heights of items not laid out yet (laying out uses
    // the font itself): derived from the text font, so that an empty view does not load a
    // second font family at start-up. A monospaced glyph is about as wide as an average
    // proportional one plus a fifth.
    style.monoLineHeight = style.lineHeight;
    style.monoCharWidth = style.averageCharWidth * 1.2;
    // Spacing follows the font, so the view scales with the user's font size; painting is in
    // device-independent pixels, so HiDPI screens need nothing more.
    style.padding = std::round(metrics.height() * 0.6);
    style.margin = style.padding;
    style.spacing = style.padding;
    style.gap = std::round(metrics.height() * 0.3);
    style.radius = std::round(metrics.height() * 0.35);
    return style;
}

QColor ConversationStyle::mix(const QColor &a, const QColor &b, qreal t)
{
    const QColor x = a.toRgb();
    const QColor y = b.toRgb();
    return QColor::fromRgbF(float(x.redF() + (y.redF() - x.redF()) * t),
                            float(x.greenF() + (y.greenF() - x.greenF()) * t),
                            float(x.blueF() + (y.blueF() - x.blueF()) * t),
                            float(x.alphaF() + (y.alphaF() - x.alphaF()) * t));
}

QColor ConversationStyle::textColor() const
{
    return palette.color(QPalette::Text);
}

QColor ConversationStyle::mutedColor() const
{
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.4);
}

QColor ConversationStyle::errorColor() const
{
    // No palette role holds an error colour: a red whose lightness contrasts with the base.
    const bool darkBase = palette.color(QPalette::Base).lightnessF() < 0.5;
    return QColor::fromHslF(0.0f, 0.75f, darkBase ? 0.7f : 0.4f);
}

QColor ConversationStyle::borderColor() const
{
    return mix(palette.color(QPalette::Window), palette.color(QPalette::Text), 0.18);
}

QColor ConversationStyle::currentBorderColor(bool focused) const
{
    const QColor highlight = palette.color(QPalette::Highlight);
    return focused ? highlight : mix(highlight, palette.color(QPalette::Window), 0.45);
}

QColor ConversationStyle::cardColor(ConversationItem::Kind kind) const
{
    const QColor base = palette.color(QPalette::Base);
    switch (kind) {
    case ConversationItem::Kind::User:
        return mix(base, palette.color(QPalette::Highlight), 0.14);
    case ConversationItem::Kind::Tool:
        return mix(base, palette.color(QPalette::Text), 0.05);
    case ConversationItem::Kind::Assistant:
        break;
    }
    return base;
}

QColor ConversationStyle::codeBackground() const
{
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.07);
}

QColor ConversationStyle::toolCardColor() const
{
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.06);
}

QColor ConversationStyle::viewBackground() const
{
    return palette.color(QPalette::Window);
}

} // namespace mantle::ui
