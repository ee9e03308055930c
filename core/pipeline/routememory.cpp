#include "routememory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace mantle::pipeline {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::pipeline::RouteMemory)
};

constexpr int kFormatVersion = 1;

std::optional<mantle::RoutePrefix> prefixFromPath(const QString &path)
{
    if (path == mantle::routePrefixPath(mantle::RoutePrefix::V1))
        return mantle::RoutePrefix::V1;
    if (path == mantle::routePrefixPath(mantle::RoutePrefix::OpenAiV1))
        return mantle::RoutePrefix::OpenAiV1;
    return std::nullopt;
}

} // namespace

QString RouteMemory::keyFor(const QString &account, const QString &region, const QString &model)
{
    return account + QLatin1Char('\n') + region + QLatin1Char('\n') + model;
}

bool RouteMemory::record(const QString &account, const QString &region, const QString &model,
                         mantle::RoutePrefix prefix)
{
    if (model.isEmpty() || prefix == mantle::RoutePrefix::AnthropicV1)
        return false;
    const QString key = keyFor(account, region, model);
    const auto found = m_routes.constFind(key);
    if (found != m_routes.cend() && *found == prefix)
        return false;
    m_routes.insert(key, prefix);
    return true;
}

std::optional<mantle::RoutePrefix>
RouteMemory::lookup(const QString &account, const QString &region, const QString &model) const
{
    const auto found = m_routes.constFind(keyFor(account, region, model));
    if (found == m_routes.cend())
        return std::nullopt;
    return *found;
}

void RouteMemory::forgetAccount(const QString &account)
{
    const QString start = account + QLatin1Char('\n');
    m_routes.removeIf([&start](const auto &item) { return item.key().startsWith(start); });
}

mantle::RouteResolver RouteMemory::apply(const mantle::RouteResolver &base, const QString &account,
                                         const QString &region) const
{
    QStringList prefixModels = base.openAiPrefixModels();
    QStringList forcedV1 = base.forcedV1Models();
    const QString start = account + QLatin1Char('\n') + region + QLatin1Char('\n');
    bool changed = false;
    for (auto item = m_routes.cbegin(); item != m_routes.cend(); ++item) {
        if (!item.key().startsWith(start))
            continue;
        const QString model = item.key().mid(start.size());
        changed = true;
        if (item.value() == mantle::RoutePrefix::OpenAiV1) {
            forcedV1.removeAll(model);
            prefixModels.append(model);
        } else {
            forcedV1.append(model);
        }
    }
    if (!changed)
        return base;
    return mantle::RouteResolver(prefixModels, forcedV1);
}

Result<RouteMemory> RouteMemory::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return RouteMemory();
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Kind::Io,
                         Tr::tr("Could not read the learned routes in %1: %2")
                             .arg(QDir::toNativeSeparators(path), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return makeError(Error::Kind::Parse,
                         Tr::tr("The learned routes in %1 are not valid JSON.")
                             .arg(QDir::toNativeSeparators(path)),
                         Tr::tr("Delete the file; routes are learned again as needed."));
    RouteMemory memory;
    const QJsonArray routes = document.object().value(QStringLiteral("routes")).toArray();
    for (const QJsonValue &value : routes) {
        const QJsonObject route = value.toObject();
        const auto prefix = prefixFromPath(route.value(QStringLiteral("prefix")).toString());
        if (!prefix)
            continue; // a prefix this version does not know: ignore rather than fail
        memory.record(route.value(QStringLiteral("account")).toString(),
                      route.value(QStringLiteral("region")).toString(),
                      route.value(QStringLiteral("model")).toString(), *prefix);
    }
    return memory;
}

Status RouteMemory::save(const QString &path) const
{
    QJsonArray routes;
    QStringList keys = m_routes.keys();
    keys.sort(); // stable files: the same memory always writes the same bytes
    for (const QString &key : keys) {
        const QStringList parts = key.split(QLatin1Char('\n'));
        routes.append(
            QJsonObject{{QStringLiteral("account"), parts.value(0)},
                        {QStringLiteral("region"), parts.value(1)},
                        {QStringLiteral("model"), parts.value(2)},
                        {QStringLiteral("prefix"), mantle::routePrefixPath(m_routes.value(key))}});
    }
    const QJsonObject root{{QStringLiteral("version"), kFormatVersion},
                           {QStringLiteral("routes"), routes}};
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        return makeError(Error::Kind::Io,
                         Tr::tr("Could not save the learned routes to %1: %2")
                             .arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

} // namespace mantle::pipeline
