#pragma once

#include "api/wirerequest.h"
#include "commandline.h"
#include "common/clock.h"
#include "export/snippetlanguage.h"
#include "pipeline/calltarget.h"
#include "pipeline/routememory.h"
#include "requestoptions.h"

#include <QNetworkAccessManager>

#include <QJsonObject>

#include <memory>

namespace mantle::aws {
class CredentialProvider;
class SigV4Signer;
} // namespace mantle::aws
namespace mantle::net {
class HttpClient;
} // namespace mantle::net
namespace mantle::api {
struct Turn;
}

namespace mantle::cli {

/// Runs the one request a `mantle` command describes through the core's pipeline (TurnCall,
/// MantleCall, BackgroundPoller) and waits for the answer on a local event loop (fine in the
/// CLI, never in the app): authentication from the standard AWS environment
/// (AWS_BEARER_TOKEN_BEDROCK as an API key, else the access key variables for SigV4), the routes
/// learned from wrong-prefix answers kept in a small file (MANTLE_ROUTES_FILE, else the user's
/// cache folder), and the output written to the command's streams. Every run returns an
/// ExitCode.
///
/// With --account, the account's region, endpoint and credentials (from the keychain) are used
/// instead; --region and --endpoint still override them. It parses no flags (RequestOptions
/// does) and knows no AWS profiles of the environment yet.
class CliAccounts;

class RequestRunner
{
public:
    /// `commandName` prefixes messages ("mantle chat: ..."). The context must outlive the runner.
    RequestRunner(const CommandContext &context, QString commandName);
    ~RequestRunner();
    RequestRunner(const RequestRunner &) = delete;
    RequestRunner &operator=(const RequestRunner &) = delete;

    /// Chat, Responses or Messages: prints the answer's text (with a stream, as it arrives) or,
    /// with --json, the final turn in the `replay` shape. An answer that ends with an error
    /// prints what came and fails.
    int runTurn(const ParsedRequest &request);
    /// Count tokens: prints the input token count (or the answer body with --json).
    int runCountTokens(const ParsedRequest &request);
    /// How `mantle models` prints its list.
    enum class ModelsFormat { Ids, Details, Json };
    /// The model list as the app's Models view shows it: the region's live `GET /v1/models`
    /// merged with the built-in catalogue and, with --account, the account's custom models and
    /// overrides (ModelList::build). A list that cannot be fetched fails (exit 1); `offline`
    /// sends nothing and lists the catalogue and the custom models.
    int runModels(const RequestTarget &target, ModelsFormat format, bool offline);
    /// A stored response: GET (print it like a turn), DELETE or cancel, by id. `model`, when
    /// known, picks the prefix (/v1 or /openai/v1).
    enum class StoredResponseAction { Get, Delete, Cancel };
    int runStoredResponse(StoredResponseAction action, const QString &responseId,
                          const QString &model, const RequestTarget &target, bool json);

    /// `mantle snippet`: prints the request as a program in `language`, for the target the
    /// request would go to (region, endpoint, learned routes; no credentials are read).
    int runSnippet(const ParsedRequest &request, codeexport::SnippetLanguage language);

    // Region matrix (issue #11 item 3, regions)
    /// `mantle regions`: the live model list of all 13 regions at once (RegionMatrix) for the
    /// target's account or environment credentials (its region only picks the account's
    /// defaults), printed as a table or, with `json`, as RegionMatrix::toJson(). kExitOk when
    /// at least one region answered, else kExitFailed.
    int runRegions(const RequestTarget &target, const QString &model, bool json);

    // mantle compare (issue #11, comparecore): what CompareCommand runs its columns on.
    /// The call target of `flags` (account or environment), or why there is none; prints
    /// nothing, so that a target that cannot be resolved fails only its own column.
    Result<pipeline::CallTarget> resolveTarget(const RequestTarget &flags);
    net::HttpClient &httpClient() { return *m_client; }
    pipeline::RouteMemory &routeMemory() { return m_routes; }
    /// Keeps the routes learned from wrong-prefix answers (MANTLE_ROUTES_FILE).
    void saveLearnedRoutes();

private:
    /// The call target from the flags and the environment without credentials (auth unset):
    /// where a request would go. Returns kExitOk or an exit code.
    int makeRouteTarget(const RequestTarget &flags, pipeline::CallTarget &target);
    /// The call target from the flags and the environment; returns kExitOk or an exit code.
    /// The prefix lists from the environment (AWS_BEDROCK_MANTLE_OPENAI_V1_PREFIX_MODELS) and
    /// how API keys go to /anthropic/v1 (MANTLE_ANTHROPIC_KEY_HEADER=bearer).
    void applyEnvironmentRouting(pipeline::CallTarget &target) const;
    /// With `failure`, the error is stored there instead of printed.
    int makeTarget(const RequestTarget &flags, pipeline::CallTarget &target,
                   Error *failure = nullptr);
    /// Sends and collects a small answer body; returns kExitOk or the failure's exit code.
    int fetchBody(const api::WireRequest &wire, const QString &model, const RequestTarget &target,
                  QByteArray &body);
    int fetchBody(const api::WireRequest &wire, const QString &model,
                  const pipeline::CallTarget &target, QByteArray &body);
    /// Follows a background response until it is final and prints it.
    int followBackground(const QString &responseId, const QString &model,
                         const pipeline::CallTarget &target, bool json);
    int printTurn(const api::Turn &turn, bool json, const QJsonObject &extra = {});
    int fail(const Error &error, int exitCode);

    const CommandContext &m_context;
    QString m_commandName;
    SystemClock m_clock;
    std::unique_ptr<aws::SigV4Signer> m_signer;
    QNetworkAccessManager m_network;
    std::unique_ptr<aws::CredentialProvider> m_credentials; ///< outlives every call
    std::unique_ptr<CliAccounts> m_accounts; ///< for --account; its providers outlive every call
    std::unique_ptr<net::HttpClient> m_client;
    QString m_routesFile;
    pipeline::RouteMemory m_routes;
};

} // namespace mantle::cli
