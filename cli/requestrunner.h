#pragma once

#include "api/wirerequest.h"
#include "commandline.h"
#include "common/clock.h"
#include "requestoptions.h"

#include <QNetworkAccessManager>

#include <functional>
#include <memory>

namespace mantle::aws {
class CredentialProvider;
class SigV4Signer;
} // namespace mantle::aws
namespace mantle::net {
class HttpClient;
struct HttpOutcome;
struct HttpRequest;
} // namespace mantle::net

namespace mantle::cli {

/// Sends the one request a `mantle` command describes and waits for the answer on a local event
/// loop (fine in the CLI, never in the app): the wire request from the surface's builder, the URL
/// from RouteResolver, authentication from the standard AWS environment (AWS_BEARER_TOKEN_BEDROCK
/// as a bearer token, else the access key variables for SigV4), the answer read as it arrives
/// through SseParser and the surface's accumulator (or the body parser), and the output written to
/// the command's streams. Every run returns an ExitCode.
///
/// It parses no flags (RequestOptions does) and knows no accounts or AWS profiles yet.
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
    /// The model list: prints one model id per line (or the answer body with --json).
    int runModels(const RequestTarget &target, bool json);

private:
    using BodyHandler = std::function<void(QByteArrayView)>;

    int prepare(const api::WireRequest &wire, const QString &model, const RequestTarget &target,
                net::HttpRequest &request);
    net::HttpOutcome send(const net::HttpRequest &request, const BodyHandler &onBody);
    /// Sends and collects a small answer body; returns kExitOk or the failure's exit code.
    int fetchBody(const api::WireRequest &wire, const QString &model, const RequestTarget &target,
                  QByteArray &body);
    int fail(const Error &error, int exitCode);

    const CommandContext &m_context;
    QString m_commandName;
    SystemClock m_clock;
    std::unique_ptr<aws::SigV4Signer> m_signer;
    QNetworkAccessManager m_network;
    std::unique_ptr<aws::CredentialProvider> m_credentials; ///< outlives every call
    std::unique_ptr<net::HttpClient> m_client;
};

} // namespace mantle::cli
