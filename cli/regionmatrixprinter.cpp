#include "regionmatrixprinter.h"

#include "compare/regionmatrix.h"
#include "texttable.h"

#include <QList>
#include <QStringList>

namespace mantle::cli {

namespace {

const QString kUnknown = QStringLiteral("—");

} // namespace

QString RegionMatrixPrinter::table(const compare::RegionMatrix &matrix)
{
    using State = compare::RegionCheck::State;
    QList<QStringList> rows;
    // Stable English headers, as `mantle models --details` has: scripts may read them.
    rows.append(QStringList{QStringLiteral("REGION"), QStringLiteral("NAME"),
                            QStringLiteral("SERVES_MODEL"), QStringLiteral("MODELS"),
                            QStringLiteral("LATENCY_MS"), QStringLiteral("ERROR")});
    for (const compare::RegionCheck &check : matrix.rows()) {
        const bool answered = check.state == State::Answered;
        QString serves = kUnknown;
        if (answered && !matrix.model().isEmpty())
            serves = check.listsModel ? QStringLiteral("yes") : QStringLiteral("no");
        rows.append(QStringList{check.region, check.regionName, serves,
                                answered ? QString::number(check.modelCount) : kUnknown,
                                check.latency ? QString::number(check.latency->count()) : kUnknown,
                                check.error.isEmpty() ? QString() : check.error});
    }
    return TextTable::format(rows);
}

} // namespace mantle::cli
