#include "regionmatrixprinter.h"

#include "compare/regionmatrix.h"

#include <QList>

#include <algorithm>
#include <array>

namespace mantle::cli {

namespace {

constexpr qsizetype kColumns = 6;
const QString kUnknown = QStringLiteral("—");

} // namespace

QString RegionMatrixPrinter::table(const compare::RegionMatrix &matrix)
{
    using Row = std::array<QString, kColumns>;
    using State = compare::RegionCheck::State;
    QList<Row> rows;
    // Stable English headers, as `mantle models --details` has: scripts may read them.
    rows.append(Row{QStringLiteral("REGION"), QStringLiteral("NAME"),
                    QStringLiteral("SERVES_MODEL"), QStringLiteral("MODELS"),
                    QStringLiteral("LATENCY_MS"), QStringLiteral("ERROR")});
    for (const compare::RegionCheck &check : matrix.rows()) {
        const bool answered = check.state == State::Answered;
        QString serves = kUnknown;
        if (answered && !matrix.model().isEmpty())
            serves = check.listsModel ? QStringLiteral("yes") : QStringLiteral("no");
        rows.append(Row{check.region, check.regionName, serves,
                        answered ? QString::number(check.modelCount) : kUnknown,
                        check.latency ? QString::number(check.latency->count()) : kUnknown,
                        check.error.isEmpty() ? QString() : check.error});
    }
    std::array<qsizetype, kColumns> widths{};
    for (const Row &row : std::as_const(rows)) {
        for (qsizetype column = 0; column < kColumns; ++column)
            widths[column] = std::max(widths[column], row[column].size());
    }
    QString out;
    for (const Row &row : std::as_const(rows)) {
        QString line;
        for (qsizetype column = 0; column < kColumns; ++column) {
            if (column > 0)
                line += QStringLiteral("  ");
            line += column + 1 < kColumns ? row[column].leftJustified(widths[column]) : row[column];
        }
        out += line.trimmed() + QLatin1Char('\n');
    }
    return out;
}

} // namespace mantle::cli
