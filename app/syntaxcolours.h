#pragma once

#include <QColor>
#include <QPalette>

namespace mantle::ui {

/// The colours of highlighted text (code, JSON) that read on a palette's base, light or dark:
/// the same hue means the same kind of token in every highlighter of the app.
///
/// Only colours: which text is a keyword or a string is each highlighter's business.
struct SyntaxColours
{
    explicit SyntaxColours(const QPalette &palette);

    bool darkBase = false; ///< the editor's base is dark (a dark palette)
    QColor text;
    QColor base;

    QColor keyword() const { return accent(295); }
    QColor string() const { return accent(130); }
    QColor number() const { return accent(28); }
    QColor key() const { return accent(210); } ///< JSON object keys
    /// The text colour moved towards the base by `t` (0..1): comments, punctuation.
    QColor faded(qreal t) const;

    /// A colour of `hue` (degrees) that contrasts with the base.
    QColor accent(int hue) const;
};

} // namespace mantle::ui
