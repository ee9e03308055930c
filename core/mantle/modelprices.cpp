#include "modelprices.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace mantle::mantle {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::mantle::ModelPrices)
};

QJsonValue optionalPrice(const std::optional<double> &price)
{
    return price ? QJsonValue(*price) : QJsonValue(QJsonValue::Null);
}

Error invalidPrice(const QString &key)
{
    return makeError(Error::Kind::InvalidInput,
                     Tr::tr("The price \"%1\" must be a number of zero or more.").arg(key));
}

// A price that must be there: a non-negative number.
Result<double> requiredPrice(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isDouble() || value.toDouble() < 0)
        return invalidPrice(key);
    return value.toDouble();
}

// A price that may be missing or null (unknown), else a non-negative number.
Result<std::optional<double>> optionalPriceFrom(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return std::optional<double>();
    if (!value.isDouble() || value.toDouble() < 0)
        return invalidPrice(key);
    return std::optional<double>(value.toDouble());
}

} // namespace

QJsonObject ModelPrices::toJson() const
{
    QJsonObject json{
        {QStringLiteral("inputPerMillion"), inputPerMillion},
        {QStringLiteral("outputPerMillion"), outputPerMillion},
        {QStringLiteral("cachedInputPerMillion"), optionalPrice(cachedInputPerMillion)},
        {QStringLiteral("cacheWritePerMillion"), optionalPrice(cacheWritePerMillion)},
        {QStringLiteral("currency"), currency},
        {QStringLiteral("source"), source},
        {QStringLiteral("date"), date},
        {QStringLiteral("note"), note},
    };
    if (isPrivate)
        json.insert(QStringLiteral("private"), true);
    return json;
}

Result<ModelPrices> ModelPrices::fromJson(const QJsonObject &json)
{
    ModelPrices prices;
    const Result<double> input = requiredPrice(json, QStringLiteral("inputPerMillion"));
    if (!input)
        return input.error();
    const Result<double> output = requiredPrice(json, QStringLiteral("outputPerMillion"));
    if (!output)
        return output.error();
    const auto cached = optionalPriceFrom(json, QStringLiteral("cachedInputPerMillion"));
    if (!cached)
        return cached.error();
    const auto cacheWrite = optionalPriceFrom(json, QStringLiteral("cacheWritePerMillion"));
    if (!cacheWrite)
        return cacheWrite.error();
    prices.inputPerMillion = *input;
    prices.outputPerMillion = *output;
    prices.cachedInputPerMillion = *cached;
    prices.cacheWritePerMillion = *cacheWrite;
    const QString currency = json.value(QLatin1String("currency")).toString();
    if (!currency.isEmpty())
        prices.currency = currency;
    prices.source = json.value(QLatin1String("source")).toString();
    prices.date = json.value(QLatin1String("date")).toString();
    prices.note = json.value(QLatin1String("note")).toString();
    prices.isPrivate = json.value(QLatin1String("private")).toBool();
    return prices;
}

} // namespace mantle::mantle
