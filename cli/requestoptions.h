#pragma once

#include "api/requestspec.h"
#include "common/result.h"
#include "mantle/apisurface.h"
#include "mantle/endpoint.h"

#include <QCommandLineOption>

#include <optional>

QT_BEGIN_NAMESPACE
class QCommandLineParser;
class QTextStream;
QT_END_NAMESPACE

namespace mantle::cli {

/// Where a request goes: an account, the region (the signing scope and, without an endpoint, the
/// host) and an optional endpoint override.
struct RequestTarget
{
    QString account; ///< an account of the app (--account); empty: the environment's credentials
    QString region; ///< empty: the account's region, else AWS_REGION (or AWS_DEFAULT_REGION)
    std::optional<mantle::Endpoint> endpoint;
};

/// A request as the command line describes it.
struct ParsedRequest
{
    api::RequestSpec spec;
    RequestTarget target;
    bool json = false; ///< print the final turn (or the answer body) as JSON
};

/// The request flags that `mantle chat|responses|messages|count-tokens` share, and the target
/// flags `mantle models` takes too (ARCHITECTURE.md, "Stable interfaces"): declares them on a
/// QCommandLineParser and reads them into a RequestSpec and a RequestTarget.
///
/// Every error it returns is a usage error (exit 2) that names the flag. It does not check what a
/// surface accepts beyond the flag values (the request builders do) and sends nothing
/// (RequestRunner does).
class RequestOptions
{
public:
    RequestOptions();

    /// --region, --endpoint, --account and --json.
    void addTargetOptionsTo(QCommandLineParser &parser) const;
    /// All request flags, the target flags included.
    void addRequestOptionsTo(QCommandLineParser &parser) const;

    Result<RequestTarget> readTarget(const QCommandLineParser &parser) const;
    bool wantsJson(const QCommandLineParser &parser) const;
    bool wantsStream(const QCommandLineParser &parser) const;
    /// --model, trimmed (may be empty).
    QString modelName(const QCommandLineParser &parser) const;

    /// Reads the request flags for `surface`. Without --prompt the prompt is all of `in` (nothing
    /// when `in` is null). `requireModel` false (`mantle compare`, whose targets may name the
    /// models) lets --model be left out.
    Result<ParsedRequest> readRequest(const QCommandLineParser &parser, mantle::ApiSurface surface,
                                      QTextStream *in, bool requireModel = true) const;

private:
    QCommandLineOption m_model;
    QCommandLineOption m_prompt;
    QCommandLineOption m_system;
    QCommandLineOption m_maxTokens;
    QCommandLineOption m_temperature;
    QCommandLineOption m_reasoningEffort;
    QCommandLineOption m_tools;
    QCommandLineOption m_toolChoice;
    QCommandLineOption m_schema;
    QCommandLineOption m_previousResponseId;
    QCommandLineOption m_noStore;
    QCommandLineOption m_background;
    QCommandLineOption m_stream;
    QCommandLineOption m_json;
    QCommandLineOption m_region;
    QCommandLineOption m_endpoint;
    QCommandLineOption m_account;
};

} // namespace mantle::cli
