#pragma once

#include <QString>

namespace mantle::compare {
class RegionMatrix;
}

namespace mantle::cli {

/// How `mantle regions` writes a region matrix as text: a header and one row per region
/// (region, name, whether it lists the model, models listed, latency in ms, error), aligned with
/// two spaces, "—" where a value is unknown. The JSON form is RegionMatrix::toJson().
///
/// Text only: it fetches nothing and writes to no stream.
class RegionMatrixPrinter
{
public:
    static QString table(const compare::RegionMatrix &matrix);
};

} // namespace mantle::cli
