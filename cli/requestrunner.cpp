#include "requestrunner.h"

#include "accounts/modelsettingsstore.h"
#include "api/responses/responsesrequestbuilder.h"
#include "api/responses/responsesresponseparser.h"
#include "api/turnreader.h"
#include "aws/awsenvironment.h"
#include "aws/sigv4signer.h"
#include "aws/staticcredentialprovider.h"
#include "cliaccounts.h"
#include "compare/regionmatrix.h" // Region matrix (issue #11 item 3, regions)
#include "export/exporttarget.h"
#include "export/snippetgenerator.h"
#include "mantle/modelcatalogue.h"
#include "mantle/modellist.h"
#include "mantle/routeresolver.h"
#include "modellistprinter.h"
#include "net/httpclient.h"
#include "net/systemproxyfactory.h"
#include "pipeline/backgroundpoller.h"
#include "pipeline/mantlecall.h"
#include "pipeline/storedresponsecall.h"
#include "pipeline/turncall.h"
#include "regionmatrixprinter.h" // Region matrix (issue #11 item 3, regions)

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::RequestRunner)
};

QString describeTurnError(const api::TurnError &error)
{
    return error.type.isEmpty() ? error.message : Tr::tr("%1 (%2)").arg(error.message, error.type);
}

QString indentedJson(const QJsonDocument &document)
{
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

QJsonValue millisecondsOrNull(const std::optional<std::chrono::milliseconds> &value)
{
    return value ? QJsonValue(qint64(value->count())) : QJsonValue(QJsonValue::Null);
}

/// Waits on a local event loop for an object's `finished` signal (the CLI only).
template<typename Object> void waitForFinished(Object *object)
{
    if (object->isFinished())
        return;
    QEventLoop loop;
    QObject::connect(object, &Object::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

RequestRunner::RequestRunner(const CommandContext &context, QString commandName)
    : m_context(context)
    , m_commandName(std::move(commandName))
    , m_signer(std::make_unique<aws::SigV4Signer>())
    , m_client(std::make_unique<net::HttpClient>(&m_network, *m_signer, m_clock))
{
    m_network.setProxyFactory(new net::SystemProxyFactory); // the manager owns it
    m_routesFile = context.environment.value(QStringLiteral("MANTLE_ROUTES_FILE"));
    if (m_routesFile.isEmpty())
        m_routesFile = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
            + QStringLiteral("/mantle-playground/routes.json");
    // Learned routes are a convenience: an unreadable file is ignored (and rewritten later).
    if (auto memory = pipeline::RouteMemory::load(m_routesFile))
        m_routes = std::move(memory).value();
}

RequestRunner::~RequestRunner() = default;

int RequestRunner::fail(const Error &error, int exitCode)
{
    *m_context.err << "mantle " << m_commandName << ": " << error.toDisplayString() << '\n';
    m_context.err->flush();
    return exitCode;
}

void RequestRunner::saveLearnedRoutes()
{
    if (const Status saved = m_routes.save(m_routesFile); !saved) {
        *m_context.err << "mantle " << m_commandName << ": " << saved.error().toDisplayString()
                       << '\n';
        m_context.err->flush();
    }
}

void RequestRunner::applyEnvironmentRouting(pipeline::CallTarget &target) const
{
    target.routes = mantle::RouteResolver::fromEnvironment(m_context.environment);
    const QString keyHeader
        = m_context.environment.value(QStringLiteral("MANTLE_ANTHROPIC_KEY_HEADER")).toLower();
    if (keyHeader == QLatin1String("bearer") || keyHeader == QLatin1String("authorization"))
        target.anthropicKeyHeader = pipeline::CallTarget::AnthropicKeyHeader::Bearer;
}

int RequestRunner::makeTarget(const RequestTarget &flags, pipeline::CallTarget &target,
                              Error *failure)
{
    const auto report = [this, failure](const Error &error, int exitCode) {
        if (!failure)
            return fail(error, exitCode);
        *failure = error;
        return exitCode;
    };
    if (!flags.account.isEmpty()) {
        if (!m_accounts)
            m_accounts = std::make_unique<CliAccounts>(m_context.environment);
        auto resolved = m_accounts->resolve(flags.account, &m_network, *m_signer, m_clock);
        if (!resolved)
            return report(resolved.error(), kExitFailed);
        target = std::move(resolved).value();
        if (!flags.region.isEmpty()) {
            target.region = flags.region;
            if (target.auth.kind == net::HttpAuth::Kind::SigV4)
                target.auth.region = target.region.toUtf8();
        }
        if (flags.endpoint)
            target.endpoint = flags.endpoint;
        applyEnvironmentRouting(target);
        return kExitOk;
    }
    const auto environment = aws::readAwsEnvironment(m_context.environment);
    if (!environment)
        return report(environment.error(), kExitFailed);
    target.region = flags.region.isEmpty() ? environment->region : flags.region;
    if (target.region.isEmpty())
        return report(makeError(Error::Kind::InvalidInput,
                                Tr::tr("No region: give --region R or set AWS_REGION.")),
                      kExitUsage);
    target.endpoint = flags.endpoint;
    applyEnvironmentRouting(target);

    if (!environment->bearerToken.isEmpty()) {
        target.auth.kind = net::HttpAuth::Kind::Bearer;
        target.auth.apiKey = environment->bearerToken;
    } else if (environment->credentials) {
        // One provider for every target of the run (`mantle compare` makes several).
        if (!m_credentials)
            m_credentials = std::make_unique<aws::StaticCredentialProvider>(
                *environment->credentials, m_clock);
        target.auth.kind = net::HttpAuth::Kind::SigV4;
        target.auth.credentials = m_credentials.get();
        target.auth.region = target.region.toUtf8();
    } else if (!environment->profile.isEmpty()) {
        return report(makeError(Error::Kind::Auth,
                                Tr::tr("AWS profiles are not supported by the CLI yet (%1 is set).")
                                    .arg(environment->profileVariable),
                                Tr::tr("Export the profile's keys as AWS_ACCESS_KEY_ID, "
                                       "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example "
                                       "with `aws configure export-credentials --format env`), or "
                                       "set AWS_BEARER_TOKEN_BEDROCK.")),
                      kExitFailed);
    } else {
        return report(makeError(Error::Kind::Auth, Tr::tr("No credentials in the environment."),
                                Tr::tr("Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, or "
                                       "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
                                       "AWS_SESSION_TOKEN for temporary credentials).")),
                      kExitFailed);
    }
    return kExitOk;
}

Result<pipeline::CallTarget> RequestRunner::resolveTarget(const RequestTarget &flags)
{
    pipeline::CallTarget target;
    Error failure;
    if (makeTarget(flags, target, &failure) != kExitOk)
        return failure;
    return target;
}

int RequestRunner::makeRouteTarget(const RequestTarget &flags, pipeline::CallTarget &target)
{
    target.region = flags.region;
    target.endpoint = flags.endpoint;
    if (!flags.account.isEmpty()) {
        if (!m_accounts)
            m_accounts = std::make_unique<CliAccounts>(m_context.environment);
        const auto account = m_accounts->store().load(flags.account);
        if (!account)
            return fail(account.error(), kExitFailed);
        target.account = account->name;
        if (target.region.isEmpty())
            target.region = account->region;
        if (!target.endpoint && !account->endpoint.isEmpty()) {
            auto endpoint = mantle::Endpoint::parse(account->endpoint);
            if (!endpoint)
                return fail(endpoint.error(), kExitFailed);
            target.endpoint = std::move(endpoint).value();
        }
    }
    if (target.region.isEmpty()) {
        const auto environment = aws::readAwsEnvironment(m_context.environment);
        if (!environment)
            return fail(environment.error(), kExitFailed);
        target.region = environment->region;
    }
    if (target.region.isEmpty())
        return fail(makeError(Error::Kind::InvalidInput,
                              Tr::tr("No region: give --region R, --account A or set AWS_REGION.")),
                    kExitUsage);
    applyEnvironmentRouting(target);
    return kExitOk;
}

int RequestRunner::runSnippet(const ParsedRequest &parsed, codeexport::SnippetLanguage language)
{
    api::RequestSpec spec = parsed.spec;
    if (!codeexport::snippetLanguageFits(language, spec.surface)) {
        // Said before anything else: the language is the usage error, whatever the target.
        const auto refused = codeexport::generate(language, spec, {});
        return fail(refused.error(), kExitUsage);
    }
    pipeline::CallTarget target;
    if (const int code = makeRouteTarget(parsed.target, target); code != kExitOk)
        return code;
    spec.region = target.region;
    spec.account = target.account;
    const auto exportTarget = codeexport::ExportTarget::forRequest(spec, target, &m_routes);
    if (!exportTarget)
        return fail(exportTarget.error(), kExitUsage);
    const auto snippet = codeexport::generate(language, spec, *exportTarget);
    if (!snippet)
        return fail(snippet.error(), kExitUsage);
    *m_context.out << *snippet;
    m_context.out->flush();
    return kExitOk;
}

int RequestRunner::fetchBody(const api::WireRequest &wire, const QString &model,
                             const RequestTarget &flags, QByteArray &body)
{
    pipeline::CallTarget target;
    if (const int code = makeTarget(flags, target); code != kExitOk)
        return code;
    return fetchBody(wire, model, target, body);
}

int RequestRunner::fetchBody(const api::WireRequest &wire, const QString &model,
                             const pipeline::CallTarget &target, QByteArray &body)
{
    // A request that cannot go anywhere (a region without Mantle) is a usage error.
    if (const auto request = pipeline::MantleCall::prepare(wire, model, target, &m_routes);
        !request)
        return fail(request.error(), kExitUsage);
    pipeline::MantleCall call(*m_client, wire, model, target, &m_routes);
    QObject::connect(&call, &pipeline::MantleCall::bytesReceived, &call,
                     [&body](QByteArrayView chunk) { body.append(chunk); });
    QEventLoop loop;
    QObject::connect(&call, &pipeline::MantleCall::finished, &loop, &QEventLoop::quit);
    call.start();
    loop.exec();
    if (call.switchedPrefix())
        saveLearnedRoutes();
    if (!call.outcome().ok())
        return fail(*call.outcome().error, kExitFailed);
    return kExitOk;
}

int RequestRunner::printTurn(const api::Turn &turn, bool json, const QJsonObject &extra)
{
    QTextStream &out = *m_context.out;
    if (json) {
        QJsonObject object = turn.toReplayJson();
        for (auto item = extra.begin(); item != extra.end(); ++item)
            object.insert(item.key(), item.value());
        out << indentedJson(QJsonDocument(object));
    } else {
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

int RequestRunner::runTurn(const ParsedRequest &parsed)
{
    const api::RequestSpec &spec = parsed.spec;
    const auto wire = pipeline::TurnCall::buildWireRequest(spec);
    if (!wire)
        return fail(wire.error(), kExitUsage);
    pipeline::CallTarget target;
    if (const int code = makeTarget(parsed.target, target); code != kExitOk)
        return code;
    if (const auto request = pipeline::MantleCall::prepare(*wire, spec.model, target, &m_routes);
        !request)
        return fail(request.error(), kExitUsage);

    QTextStream &out = *m_context.out;
    const bool echo = spec.stream && !parsed.json;
    pipeline::TurnCall call(*m_client, spec, target, &m_routes);
    if (echo) {
        // Text is printed as it comes and not kept, so memory stays flat however long the
        // answer: once per network read rather than once per delta (one write and one system
        // call per read, and no work at all per delta here).
        QObject::connect(&call, &pipeline::TurnCall::bytesRead, &call, [&out, &call] {
            out << call.takeText();
            out.flush();
        });
    }
    call.start();
    waitForFinished(&call);
    if (call.switchedPrefix())
        saveLearnedRoutes();
    if (call.error())
        return fail(*call.error(), kExitFailed);

    if (echo)
        out << call.takeText(); // what was not printed yet (or a JSON answer's text)
    const api::Turn &turn = call.turn();
    if (spec.background && !turn.responseId.isEmpty()
        && !pipeline::BackgroundPoller::isFinalStatus(turn.stopReason)) {
        *m_context.err << Tr::tr("Background response %1: %2").arg(turn.responseId, turn.stopReason)
                       << '\n';
        m_context.err->flush();
        return followBackground(turn.responseId, spec.model, target, parsed.json);
    }

    const pipeline::TurnTimings &timings = call.timings();
    const QJsonObject extra{
        {QStringLiteral("timings"),
         QJsonObject{
             {QStringLiteral("time_to_first_byte_ms"), millisecondsOrNull(timings.timeToFirstByte)},
             {QStringLiteral("time_to_first_token_ms"),
              millisecondsOrNull(timings.timeToFirstToken)},
             {QStringLiteral("total_ms"), qint64(timings.total.count())},
             {QStringLiteral("tokens_per_second"),
              timings.tokensPerSecond ? QJsonValue(*timings.tokensPerSecond)
                                      : QJsonValue(QJsonValue::Null)},
         }},
        {QStringLiteral("route"), call.routePrefix()},
    };
    return printTurn(turn, parsed.json, extra);
}

int RequestRunner::followBackground(const QString &responseId, const QString &model,
                                    const pipeline::CallTarget &target, bool json)
{
    pipeline::BackgroundPoller::Options options;
    const QString interval = m_context.environment.value(QStringLiteral("MANTLE_POLL_INTERVAL_MS"));
    if (bool ok = false; interval.toInt(&ok) > 0 && ok)
        options.firstInterval = std::chrono::milliseconds(interval.toInt());
    pipeline::BackgroundPoller poller(*m_client, responseId, model, target, &m_routes, options);
    QObject::connect(&poller, &pipeline::BackgroundPoller::statusChanged, &poller,
                     [this, &responseId](const QString &status) {
                         *m_context.err
                             << Tr::tr("Background response %1: %2").arg(responseId, status)
                             << '\n';
                         m_context.err->flush();
                     });
    QEventLoop loop;
    QObject::connect(&poller, &pipeline::BackgroundPoller::finished, &loop, &QEventLoop::quit);
    poller.start();
    loop.exec();
    if (poller.error())
        return fail(*poller.error(), kExitFailed);
    return printTurn(poller.turn(), json, QJsonObject{{QStringLiteral("polls"), poller.polls()}});
}

int RequestRunner::runStoredResponse(StoredResponseAction action, const QString &responseId,
                                     const QString &model, const RequestTarget &flags, bool json)
{
    using Call = pipeline::StoredResponseCall;
    const Call::Action callAction = action == StoredResponseAction::Get ? Call::Action::Retrieve
        : action == StoredResponseAction::Delete                        ? Call::Action::Delete
                                                                        : Call::Action::Cancel;
    const Result<api::WireRequest> wire = Call::wireRequest(callAction, responseId);
    if (!wire)
        return fail(wire.error(), kExitUsage);
    pipeline::CallTarget target;
    if (const int code = makeTarget(flags, target); code != kExitOk)
        return code;
    // A request that cannot go anywhere (a region without Mantle) is a usage error.
    if (const auto request = pipeline::MantleCall::prepare(*wire, model, target, &m_routes);
        !request)
        return fail(request.error(), kExitUsage);
    Call call(*m_client, callAction, responseId, model, target, &m_routes);
    QEventLoop loop;
    QObject::connect(&call, &Call::finished, &loop, &QEventLoop::quit);
    call.start();
    loop.exec();
    if (call.switchedPrefix())
        saveLearnedRoutes();
    if (call.error())
        return fail(*call.error(), kExitFailed);
    QTextStream &out = *m_context.out;
    if (action == StoredResponseAction::Delete) {
        const QJsonObject answer = QJsonDocument::fromJson(call.body()).object();
        if (json)
            out << indentedJson(QJsonDocument(answer));
        else
            out << Tr::tr("Deleted %1.")
                       .arg(answer.value(QStringLiteral("id")).toString(responseId))
                << '\n';
        out.flush();
        return kExitOk;
    }
    const api::Turn &turn = *call.turn();
    if (!json) {
        *m_context.err << Tr::tr("Response %1: %2").arg(turn.responseId, turn.stopReason) << '\n';
        m_context.err->flush();
    }
    return printTurn(turn, json);
}

int RequestRunner::runCountTokens(const ParsedRequest &parsed)
{
    const auto wire = pipeline::TurnCall::buildWireRequest(parsed.spec);
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

int RequestRunner::runModels(const RequestTarget &flags, ModelsFormat format, bool offline)
{
    // The account's own settings (custom models, overrides); none with the environment's
    // credentials.
    mantle::ModelSettings settings;
    QString region = flags.region;
    if (!flags.account.isEmpty()) {
        if (!m_accounts)
            m_accounts = std::make_unique<CliAccounts>(m_context.environment);
        const auto account = m_accounts->store().load(flags.account);
        if (!account)
            return fail(account.error(), kExitFailed);
        QSettings file(CliAccounts::settingsPath(m_context.environment), QSettings::IniFormat);
        auto saved = accounts::ModelSettingsStore(file).load(flags.account);
        if (!saved)
            return fail(saved.error(), kExitFailed);
        settings = std::move(saved).value();
        if (region.isEmpty())
            region = account->region;
    }

    std::optional<QList<mantle::LiveModel>> live;
    if (offline) {
        if (region.isEmpty()) {
            const auto environment = aws::readAwsEnvironment(m_context.environment);
            if (!environment)
                return fail(environment.error(), kExitFailed);
            region = environment->region;
        }
        if (region.isEmpty())
            return fail(makeError(Error::Kind::InvalidInput,
                                  Tr::tr("No region: give --region R, --account A or set "
                                         "AWS_REGION.")),
                        kExitUsage);
    } else {
        pipeline::CallTarget target;
        if (const int code = makeTarget(flags, target); code != kExitOk)
            return code;
        region = target.region;
        api::WireRequest wire;
        wire.method = QByteArrayLiteral("GET");
        wire.surface = mantle::ApiSurface::Models;
        wire.path = mantle::RouteResolver::defaultResourcePath(mantle::ApiSurface::Models);
        wire.headers.append({QByteArrayLiteral("accept"), QByteArrayLiteral("application/json")});
        QByteArray body;
        if (const int code = fetchBody(wire, {}, target, body); code != kExitOk)
            return code;
        auto parsed = mantle::ModelList::parseLiveList(body);
        if (!parsed)
            return fail(parsed.error(), kExitFailed);
        live = std::move(parsed).value();
    }

    const QList<mantle::ModelListEntry> entries
        = mantle::ModelList::build(mantle::ModelCatalogue::builtIn(), live, settings, region);
    QTextStream &out = *m_context.out;
    switch (format) {
    case ModelsFormat::Ids:
        out << ModelListPrinter::ids(entries);
        break;
    case ModelsFormat::Details:
        out << ModelListPrinter::details(entries);
        break;
    case ModelsFormat::Json:
        out << indentedJson(QJsonDocument(ModelListPrinter::toJson(entries)));
        break;
    }
    out.flush();
    return kExitOk;
}

// Region matrix (issue #11 item 3, regions) -------------------------------------------------

int RequestRunner::runRegions(const RequestTarget &flags, const QString &model, bool json)
{
    RequestTarget first = flags;
    // Every region gets its own copy of the target (RegionMatrix::retarget); without an account
    // or AWS_REGION the first one needs some region to be made at all.
    if (first.account.isEmpty() && first.region.isEmpty()) {
        const auto environment = aws::readAwsEnvironment(m_context.environment);
        if (environment && environment->region.isEmpty())
            first.region = QStringLiteral("us-east-1");
    }
    pipeline::CallTarget base;
    if (const int code = makeTarget(first, base); code != kExitOk)
        return code;
    compare::RegionMatrix matrix(
        *m_client,
        [base](const QString &region, QObject *, compare::RegionMatrix::TargetDone done) {
            done(compare::RegionMatrix::retarget(base, region));
        },
        model);
    matrix.start();
    waitForFinished(&matrix);

    QTextStream &out = *m_context.out;
    if (json)
        out << indentedJson(QJsonDocument(matrix.toJson()));
    else
        out << RegionMatrixPrinter::table(matrix);
    out.flush();
    if (matrix.answeredCount() == 0)
        return fail(makeError(Error::Kind::Network, Tr::tr("No region answered.")), kExitFailed);
    return kExitOk;
}

} // namespace mantle::cli
