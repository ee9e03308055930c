#include "modellistprinter.h"

#include "mantle/routeresolver.h"
#include "texttable.h"

#include <QLocale>
#include <QStringList>

namespace mantle::cli {

namespace {

const QString kUnknown = QStringLiteral("\u2014");

QString surfacesText(const mantle::ApiSurfaceSet &surfaces)
{
    QStringList names;
    for (const mantle::ApiSurface surface : surfaces)
        names.append(mantle::apiSurfaceName(surface));
    return names.isEmpty() ? kUnknown : names.join(QLatin1Char(','));
}

QString amount(double value)
{
    // At least two decimals ("1.00"), more when the price has them ("0.075").
    const QLocale c = QLocale::c();
    const QString shortest = c.toString(value, 'f', QLocale::FloatingPointShortest);
    const qsizetype dot = shortest.indexOf(QLatin1Char('.'));
    const qsizetype decimals = dot < 0 ? 0 : shortest.size() - dot - 1;
    return decimals >= 2 ? shortest : c.toString(value, 'f', 2);
}

} // namespace

QString ModelListPrinter::source(const mantle::ModelListEntry &entry)
{
    if (entry.custom)
        return QStringLiteral("custom");
    if (entry.listedLive)
        return QStringLiteral("live");
    return QStringLiteral("catalogue");
}

QString ModelListPrinter::routePrefix(const mantle::ModelListEntry &entry)
{
    const mantle::ApiSurfaceSet &surfaces = entry.model.surfaces;
    const bool openAiStyle = surfaces.count(mantle::ApiSurface::ChatCompletions) > 0
        || surfaces.count(mantle::ApiSurface::Responses) > 0;
    if (!openAiStyle && surfaces.count(mantle::ApiSurface::Messages) > 0)
        return mantle::routePrefixPath(mantle::RoutePrefix::AnthropicV1);
    return mantle::routePrefixPath(entry.model.needsOpenAiPrefix ? mantle::RoutePrefix::OpenAiV1
                                                                 : mantle::RoutePrefix::V1);
}

QString ModelListPrinter::price(const mantle::ModelListEntry &entry, bool input)
{
    if (!entry.model.prices)
        return kUnknown;
    const mantle::ModelPrices &prices = *entry.model.prices;
    return QStringLiteral("%1 %2").arg(
        amount(input ? prices.inputPerMillion : prices.outputPerMillion), prices.currency);
}

QString ModelListPrinter::ids(const QList<mantle::ModelListEntry> &entries)
{
    QString out;
    for (const mantle::ModelListEntry &entry : entries)
        out += entry.model.id + QLatin1Char('\n');
    return out;
}

QString ModelListPrinter::details(const QList<mantle::ModelListEntry> &entries)
{
    QList<QStringList> rows;
    rows.append(QStringList{QStringLiteral("ID"), QStringLiteral("SURFACES"),
                            QStringLiteral("PREFIX"), QStringLiteral("REGION"),
                            QStringLiteral("SOURCE"), QStringLiteral("INPUT/M"),
                            QStringLiteral("OUTPUT/M")});
    for (const mantle::ModelListEntry &entry : entries) {
        rows.append(QStringList{entry.model.id, surfacesText(entry.model.surfaces),
                                routePrefix(entry), entry.region, source(entry), price(entry, true),
                                price(entry, false)});
    }
    return TextTable::format(rows);
}

QJsonObject ModelListPrinter::toJson(const mantle::ModelListEntry &entry)
{
    return QJsonObject{
        {QStringLiteral("id"), entry.model.id},
        {QStringLiteral("displayName"), entry.model.displayName},
        {QStringLiteral("provider"), entry.model.provider},
        {QStringLiteral("surfaces"), mantle::apiSurfacesToJson(entry.model.surfaces)},
        {QStringLiteral("routePrefix"), routePrefix(entry)},
        {QStringLiteral("region"), entry.region},
        {QStringLiteral("listedLive"), entry.listedLive},
        {QStringLiteral("inCatalogue"), entry.inCatalogue},
        {QStringLiteral("custom"), entry.custom},
        {QStringLiteral("privatePrices"), entry.pricesArePrivate},
        {QStringLiteral("prices"),
         entry.model.prices ? QJsonValue(entry.model.prices->toJson())
                            : QJsonValue(QJsonValue::Null)},
    };
}

QJsonArray ModelListPrinter::toJson(const QList<mantle::ModelListEntry> &entries)
{
    QJsonArray array;
    for (const mantle::ModelListEntry &entry : entries)
        array.append(toJson(entry));
    return array;
}

} // namespace mantle::cli
