#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace mantle::cli {

/// The aligned plain-text tables `mantle` prints (models --details, regions, compare): each
/// column but the last padded to its widest cell, cells separated by two spaces, no white space
/// at a line's end. It knows nothing of what the cells hold; JSON and CSV are not its business.
class TextTable
{
public:
    enum class Align { Left, Right };

    /// `rows` (the header first, every row as wide as the header) as lines ending in '\n'.
    /// `align` gives each column's alignment (missing entries: Left); the last column is never
    /// padded, so a long last cell (an error message) does not widen the others.
    static QString format(const QList<QStringList> &rows, const QList<Align> &align = {});
};

} // namespace mantle::cli
