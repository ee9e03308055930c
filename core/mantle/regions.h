#pragma once

#include <QList>
#include <QString>

namespace mantle::mantle {

/// One of the AWS regions that serve Bedrock Mantle.
struct Region
{
    QString code; ///< "us-east-1"
    QString displayName; ///< "US East (N. Virginia)", translated

    bool operator==(const Region &) const = default;
};

/// The 13 regions that serve Mantle (FACTS.md, "Regions"), in the order AWS lists them.
/// Display names are translated with the current translator.
QList<Region> mantleRegions();

/// True for the code of one of the 13 Mantle regions.
bool isMantleRegion(const QString &code);

/// The region's display name, or an empty string for a code that is not a Mantle region.
QString regionDisplayName(const QString &code);

/// "us-east-1, us-east-2, …": for messages that tell the user what is allowed.
QString mantleRegionCodes();

/// True for a string shaped like an AWS region code (lower-case words and digits joined by '-').
bool looksLikeRegionCode(const QString &code);

} // namespace mantle::mantle
