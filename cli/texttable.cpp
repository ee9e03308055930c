#include "texttable.h"

#include <algorithm>

namespace mantle::cli {

QString TextTable::format(const QList<QStringList> &rows, const QList<Align> &align)
{
    if (rows.isEmpty())
        return {};
    const qsizetype columns = rows.first().size();
    QList<qsizetype> widths(columns, 0);
    for (const QStringList &row : rows) {
        for (qsizetype column = 0; column < columns; ++column)
            widths[column] = std::max(widths.at(column), row.value(column).size());
    }
    QString out;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype column = 0; column < columns; ++column) {
            const QString cell = row.value(column);
            if (column > 0)
                line += QLatin1String("  ");
            if (column + 1 == columns)
                line += cell;
            else if (align.value(column, Align::Left) == Align::Right)
                line += cell.rightJustified(widths.at(column));
            else
                line += cell.leftJustified(widths.at(column));
        }
        qsizetype end = line.size();
        while (end > 0 && line.at(end - 1).isSpace())
            --end;
        line.truncate(end);
        out += line + QLatin1Char('\n');
    }
    return out;
}

} // namespace mantle::cli
