#include "requestrunner.h"

#include "api/chat/chatrequestbuilder.h"
#include "api/messages/messagesrequestbuilder.h"
#include "api/responses/responsesrequestbuilder.h"
#include "api/turnreader.h"
#include "aws/awsenvironment.h"
#include "aws/sigv4signer.h"
#include "aws/staticcredentialprovider.h"
#include "mantle/routeresolver.h"
#include "net/httpcall.h"
#include "net/httpclient.h"
#include "net/sseparser.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::RequestRunner)
};

Result<api::WireRequest> buildWireRequest(const api::RequestSpec &spec)
{
    switch (spec.surface) {
    case mantle::ApiSurface::ChatCompletions:
        return api::chat::ChatRequestBuilder::build(spec);
    case mantle::ApiSurface::Responses:
        return api::responses::ResponsesRequestBuilder::build(spec);
    case mantle::ApiSurface::Messages:
    case mantle::ApiSurface::CountTokens:
        return api::messages::MessagesRequestBuilder::build(spec);
    case mantle::ApiSurface::Models:
        break;
    }
    return makeError(Error::Kind::Internal,
                     Tr::tr("The %1 API takes no request body.")
                         .arg(mantle::apiSurfaceDisplayName(spec.surface)));
}

QString describeTurnError(const api::TurnError &error)
{
    return error.type.isEmpty() ? error.message : Tr::tr("%1 (%2)").arg(error.message, error.type);
}

QString indentedJson(const QJsonDocument &document)
{
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

} // namespace

RequestRunner::RequestRunner(const CommandContext &context, QString commandName)
    : m_context(context)
    , m_commandName(std::move(commandName))
    , m_signer(std::make_unique<aws::SigV4Signer>())
    , m_client(std::make_unique<net::HttpClient>(&m_network, *m_signer, m_clock))
{ }

RequestRunner::~RequestRunner() = default;

int RequestRunner::fail(const Error &error, int exitCode)
{
    *m_context.err << "mantle " << m_commandName << ": " << error.toDisplayString() << '\n';
    m_context.err->flush();
    return exitCode;
}

int RequestRunner::prepare(const api::WireRequest &wire, const QString &model,
                           const RequestTarget &target, net::HttpRequest &request)
{
    const auto environment = aws::readAwsEnvironment(m_context.environment);
    if (!environment)
        return fail(environment.error(), kExitFailed);
    const QString region = target.region.isEmpty() ? environment->region : target.region;
    if (region.isEmpty())
        return fail(makeError(Error::Kind::InvalidInput,
                              Tr::tr("No region: give --region R or set AWS_REGION.")),
                    kExitUsage);
    const auto resolver = mantle::RouteResolver::fromEnvironment(m_context.environment);
    const auto route = resolver.resolve(region, model, wire.surface, target.endpoint, wire.path);
    if (!route)
        return fail(route.error(), kExitUsage);

    request.url = route->url;
    request.method = wire.method;
    request.headers = wire.headers;
    request.body = wire.body;
    request.errorContext.surface = wire.surface;
    request.errorContext.region = region;
    request.errorContext.model = model;
    request.errorContext.routePrefix = route->prefix;

    if (!environment->bearerToken.isEmpty()) {
        request.auth.kind = net::HttpAuth::Kind::Bearer;
        request.auth.apiKey = environment->bearerToken;
        request.errorContext.auth = api::FailedCall::Auth::ApiKey;
    } else if (environment->credentials) {
        m_credentials
            = std::make_unique<aws::StaticCredentialProvider>(*environment->credentials, m_clock);
        request.auth.kind = net::HttpAuth::Kind::SigV4;
        request.auth.credentials = m_credentials.get();
        request.auth.region = region.toUtf8();
        request.errorContext.auth = api::FailedCall::Auth::SigV4;
    } else if (!environment->profile.isEmpty()) {
        return fail(makeError(Error::Kind::Auth,
                              Tr::tr("AWS profiles are not supported by the CLI yet (%1 is set).")
                                  .arg(environment->profileVariable),
                              Tr::tr("Export the profile's keys as AWS_ACCESS_KEY_ID, "
                                     "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example "
                                     "with `aws configure export-credentials --format env`), or "
                                     "set AWS_BEARER_TOKEN_BEDROCK.")),
                    kExitFailed);
    } else {
        return fail(makeError(Error::Kind::Auth, Tr::tr("No credentials in the environment."),
                              Tr::tr("Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or "
                                     "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
                                     "AWS_SESSION_TOKEN for temporary credentials).")),
                    kExitFailed);
    }
    return kExitOk;
}

net::HttpOutcome RequestRunner::send(const net::HttpRequest &request, const BodyHandler &onBody)
{
    net::HttpCall *call = m_client->send(request);
    net::HttpOutcome outcome;
    QEventLoop loop;
    QObject::connect(call, &net::HttpCall::bytesReceived, call,
                     [&onBody](QByteArrayView chunk) { onBody(chunk); });
    QObject::connect(call, &net::HttpCall::finished, &loop,
                     [&outcome, &loop](const net::HttpOutcome &result) {
                         outcome = result;
                         loop.quit();
                     });
    loop.exec();
    return outcome;
}

int RequestRunner::fetchBody(const api::WireRequest &wire, const QString &model,
                             const RequestTarget &target, QByteArray &body)
{
    net::HttpRequest request;
    if (const int code = prepare(wire, model, target, request); code != kExitOk)
        return code;
    const net::HttpOutcome outcome
        = send(request, [&body](QByteArrayView chunk) { body.append(chunk); });
    if (!outcome.ok())
        return fail(*outcome.error, kExitFailed);
    return kExitOk;
}

int RequestRunner::runTurn(const ParsedRequest &parsed)
{
    const api::RequestSpec &spec = parsed.spec;
    const auto wire = buildWireRequest(spec);
    if (!wire)
        return fail(wire.error(), kExitUsage);
    net::HttpRequest request;
    if (const int code = prepare(*wire, spec.model, parsed.target, request); code != kExitOk)
        return code;

    QTextStream &out = *m_context.out;
    const bool echo = spec.stream && !parsed.json;
    const std::unique_ptr<api::StreamAccumulator> accumulator
        = api::TurnReader::createAccumulator(spec.surface);
    net::SseParser parser;
    QByteArray body; // the answer while it is not known to be a stream, or a JSON answer
    bool decided = !spec.stream;
    bool isStream = false;
    bool parserOk = true;
    qsizetype printed = 0;

    const auto onEvent = [&](const net::SseEventView &event) {
        const auto changes = accumulator->addEvent(event);
        if (echo && changes.testFlag(api::StreamAccumulator::Change::Text)) {
            const QString &text = accumulator->turn().text;
            out << QStringView(text).mid(printed);
            printed = text.size();
        }
    };
    const auto onBody = [&](QByteArrayView chunk) {
        if (decided && !isStream) {
            body.append(chunk);
            return;
        }
        if (!decided) {
            // A server may answer a stream request with one JSON body (an error envelope).
            body.append(chunk);
            if (body.trimmed().isEmpty())
                return;
            decided = true;
            isStream = api::TurnReader::looksLikeEventStream(body);
            if (!isStream)
                return;
            parserOk = parser.feed(body, onEvent);
            body.clear();
        } else if (parserOk) {
            parserOk = parser.feed(chunk, onEvent);
        }
        // One flush per network chunk, not per delta: as prompt for a reader, and a system call
        // per read instead of one per token.
        if (echo)
            out.flush();
    };
    const net::HttpOutcome outcome = send(request, onBody);

    api::Turn turn;
    if (isStream) {
        if (!parserOk) {
            accumulator->abort(
                {QString::fromLatin1(api::kStreamError), parser.error().message, {}});
        } else {
            parser.finish(onEvent);
            if (outcome.ok())
                accumulator->finish();
            else
                accumulator->abort({QString::fromLatin1(api::kIncompleteStreamError),
                                    outcome.error->toDisplayString(),
                                    {}});
        }
        turn = accumulator->turn();
    } else {
        if (!outcome.ok())
            return fail(*outcome.error, kExitFailed);
        auto read = api::TurnReader::parseBody(spec.surface, body);
        if (!read)
            return fail(read.error(), kExitFailed);
        turn = std::move(read).value();
    }

    if (parsed.json) {
        out << indentedJson(QJsonDocument(turn.toReplayJson()));
    } else {
        if (echo && isStream)
            out << QStringView(turn.text).mid(printed) << '\n';
        else
            out << turn.text << '\n';
        for (const api::ToolCall &call : turn.toolCalls)
            out << Tr::tr("Tool call %1: %2 %3").arg(call.id, call.name, call.arguments) << '\n';
    }
    out.flush();
    if (turn.error)
        return fail(
            makeError(
                Error::Kind::Http,
                Tr::tr("The answer ended with an error: %1").arg(describeTurnError(*turn.error))),
            kExitFailed);
    return kExitOk;
}

int RequestRunner::runCountTokens(const ParsedRequest &parsed)
{
    const auto wire = buildWireRequest(parsed.spec);
    if (!wire)
        return fail(wire.error(), kExitUsage);
    QByteArray body;
    if (const int code = fetchBody(*wire, parsed.spec.model, parsed.target, body); code != kExitOk)
        return code;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonValue tokens = document.object().value(QStringLiteral("input_tokens"));
    if (!tokens.isDouble())
        return fail(
            makeError(Error::Kind::Parse, Tr::tr("The count tokens answer has no input_tokens.")),
            kExitFailed);
    QTextStream &out = *m_context.out;
    if (parsed.json)
        out << indentedJson(document);
    else
        out << QString::number(tokens.toInteger()) << '\n';
    out.flush();
    return kExitOk;
}

int RequestRunner::runModels(const RequestTarget &target, bool json)
{
    api::WireRequest wire;
    wire.method = QByteArrayLiteral("GET");
    wire.surface = mantle::ApiSurface::Models;
    wire.path = mantle::RouteResolver::defaultResourcePath(mantle::ApiSurface::Models);
    wire.headers.append({QByteArrayLiteral("accept"), QByteArrayLiteral("application/json")});
    QByteArray body;
    if (const int code = fetchBody(wire, {}, target, body); code != kExitOk)
        return code;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonValue data = document.object().value(QStringLiteral("data"));
    if (!data.isArray())
        return fail(
            makeError(Error::Kind::Parse, Tr::tr("The model list answer has no “data” array.")),
            kExitFailed);
    QTextStream &out = *m_context.out;
    if (json) {
        out << indentedJson(document);
    } else {
        for (const QJsonValue &model : data.toArray()) {
            const QString id = model.toObject().value(QStringLiteral("id")).toString();
            if (!id.isEmpty())
                out << id << '\n';
        }
    }
    out.flush();
    return kExitOk;
}

} // namespace mantle::cli
