#pragma once

#include "common/result.h"
#include "mantle/routeresolver.h"

#include <QHash>
#include <QString>

namespace mantle::pipeline {

/// What the app and the CLI have learned about which OpenAI prefix (/v1 or /openai/v1) a model
/// needs, per account and region: a model refused with a wrong-prefix error and then served on
/// the other prefix is recorded here, so the next request goes to the right place at once.
///
/// A value type with an optional JSON file behind it (written atomically). It does not send
/// anything and does not decide routes on its own: apply() folds what it knows into a
/// RouteResolver, which decides.
class RouteMemory
{
public:
    RouteMemory() = default;

    /// Remembers that `model` is served under `prefix` (V1 or OpenAiV1) for that account (empty
    /// for credentials from the environment) and region. Returns true when that changed anything.
    bool record(const QString &account, const QString &region, const QString &model,
                mantle::RoutePrefix prefix);
    /// What was learned for that model, if anything.
    std::optional<mantle::RoutePrefix> lookup(const QString &account, const QString &region,
                                              const QString &model) const;
    /// Forgets everything learned for the account (e.g. when it is removed).
    void forgetAccount(const QString &account);
    bool isEmpty() const { return m_routes.isEmpty(); }

    /// `base` with what was learned for the account and region: a model learned on /openai/v1
    /// needs the prefix even if `base` forced it to /v1, and one learned on /v1 is forced there.
    mantle::RouteResolver apply(const mantle::RouteResolver &base, const QString &account,
                                const QString &region) const;

    /// Reads the file written by save(). A missing file is an empty memory, not an error.
    static Result<RouteMemory> load(const QString &path);
    /// Writes the memory atomically (a temporary file renamed over the old one).
    Status save(const QString &path) const;

    bool operator==(const RouteMemory &) const = default;

private:
    static QString keyFor(const QString &account, const QString &region, const QString &model);

    /// "account\nregion\nmodel" → prefix.
    QHash<QString, mantle::RoutePrefix> m_routes;
};

} // namespace mantle::pipeline
