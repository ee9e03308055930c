#pragma once

#include <QStringList>

/// The 13 Mantle regions of FACTS.md ("Regions (13)"), in the order AWS lists them. Written out
/// here rather than taken from core/mantle/regions.h, so that a region dropped there fails a test.
inline const QStringList &expectedMantleRegions()
{
    static const QStringList regions{
        QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),
        QStringLiteral("us-west-2"),      QStringLiteral("ap-south-1"),
        QStringLiteral("ap-southeast-3"), QStringLiteral("ap-southeast-2"),
        QStringLiteral("ap-northeast-1"), QStringLiteral("eu-central-1"),
        QStringLiteral("eu-west-1"),      QStringLiteral("eu-west-2"),
        QStringLiteral("eu-south-1"),     QStringLiteral("eu-north-1"),
        QStringLiteral("sa-east-1"),
    };
    return regions;
}
