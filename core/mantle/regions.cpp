#include "regions.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include <array>

namespace mantle::mantle {

namespace {

struct RegionEntry
{
    const char *code;
    const char *name;
};

// FACTS.md, "Regions (13)". Names as the AWS console shows them.
constexpr std::array<RegionEntry, 13> kRegions{{
    {"us-east-1", QT_TRANSLATE_NOOP("mantle::Regions", "US East (N. Virginia)")},
    {"us-east-2", QT_TRANSLATE_NOOP("mantle::Regions", "US East (Ohio)")},
    {"us-west-2", QT_TRANSLATE_NOOP("mantle::Regions", "US West (Oregon)")},
    {"ap-south-1", QT_TRANSLATE_NOOP("mantle::Regions", "Asia Pacific (Mumbai)")},
    {"ap-southeast-3", QT_TRANSLATE_NOOP("mantle::Regions", "Asia Pacific (Jakarta)")},
    {"ap-southeast-2", QT_TRANSLATE_NOOP("mantle::Regions", "Asia Pacific (Sydney)")},
    {"ap-northeast-1", QT_TRANSLATE_NOOP("mantle::Regions", "Asia Pacific (Tokyo)")},
    {"eu-central-1", QT_TRANSLATE_NOOP("mantle::Regions", "Europe (Frankfurt)")},
    {"eu-west-1", QT_TRANSLATE_NOOP("mantle::Regions", "Europe (Ireland)")},
    {"eu-west-2", QT_TRANSLATE_NOOP("mantle::Regions", "Europe (London)")},
    {"eu-south-1", QT_TRANSLATE_NOOP("mantle::Regions", "Europe (Milan)")},
    {"eu-north-1", QT_TRANSLATE_NOOP("mantle::Regions", "Europe (Stockholm)")},
    {"sa-east-1", QT_TRANSLATE_NOOP("mantle::Regions", "South America (São Paulo)")},
}};

} // namespace

QList<Region> mantleRegions()
{
    QList<Region> out;
    out.reserve(qsizetype(kRegions.size()));
    for (const auto &r : kRegions)
        out.append(
            {QString::fromLatin1(r.code), QCoreApplication::translate("mantle::Regions", r.name)});
    return out;
}

bool isMantleRegion(const QString &code)
{
    for (const auto &r : kRegions) {
        if (code == QLatin1String(r.code))
            return true;
    }
    return false;
}

QString regionDisplayName(const QString &code)
{
    for (const auto &r : kRegions) {
        if (code == QLatin1String(r.code))
            return QCoreApplication::translate("mantle::Regions", r.name);
    }
    return {};
}

QString mantleRegionCodes()
{
    QStringList codes;
    for (const auto &r : kRegions)
        codes.append(QString::fromLatin1(r.code));
    return codes.join(QLatin1String(", "));
}

bool looksLikeRegionCode(const QString &code)
{
    static const QRegularExpression re(QStringLiteral("^[a-z]{2,}(-[a-z0-9]+)+-[0-9]+$"));
    return re.match(code).hasMatch();
}

} // namespace mantle::mantle
