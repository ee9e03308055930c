#include "connectiontest.h"

#include "api/wirerequest.h"
#include "aws/credentialprovider.h"
#include "mantle/modelcatalogue.h"
#include "mantle/regions.h"
#include "mantle/routeresolver.h"
#include "net/httpclient.h"
#include "pipeline/mantlecall.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimer>

namespace mantle::accounts {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::accounts::ConnectionTest)
};

bool mentions(const Error &error, QLatin1String text)
{
    return error.message.contains(text, Qt::CaseInsensitive)
        || error.code.contains(text, Qt::CaseInsensitive);
}

/// The 12-digit AWS account id in the first ARN of `text`, or empty.
QString accountIdIn(const QString &text)
{
    static const QRegularExpression arn(
        QStringLiteral("arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\\d{12}):"));
    return arn.match(text).captured(1);
}

bool isFirstPartyFamily(const QString &family)
{
    return family == QLatin1String("openai") || family == QLatin1String("amazon")
        || family.isEmpty();
}

} // namespace

ConnectionTest::ConnectionTest(net::HttpClient &client, TargetStep targetStep,
                               pipeline::RouteMemory *memory, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_targetStep(std::move(targetStep))
    , m_memory(memory)
{ }

ConnectionTest::~ConnectionTest()
{
    delete m_call;
}

void ConnectionTest::setRole(const QString &roleArn, const QString &sourcePrincipal,
                             bool hasExternalId)
{
    m_roleArn = roleArn;
    m_sourcePrincipal = sourcePrincipal;
    m_hasExternalId = hasExternalId;
}

QStringList ConnectionTest::stepNames()
{
    return {QStringLiteral("credentials"), QStringLiteral("region"), QStringLiteral("models"),
            QStringLiteral("request")};
}

bool ConnectionTest::passed() const
{
    if (!m_finished)
        return false;
    for (const ConnectionStep &step : m_steps) {
        if (step.status != ConnectionStep::Status::Ok)
            return false;
    }
    return true;
}

void ConnectionTest::start()
{
    if (m_started)
        return;
    m_started = true;
    QTimer::singleShot(0, this, &ConnectionTest::runCredentials);
}

void ConnectionTest::pass(const QString &detail, const QString &note)
{
    ConnectionStep step;
    step.name = stepNames().at(m_steps.size());
    step.status = ConnectionStep::Status::Ok;
    step.detail = detail;
    step.note = note;
    m_steps.append(step);
    Q_EMIT stepFinished(step);
    if (m_steps.size() == stepNames().size()) {
        m_finished = true;
        Q_EMIT finished(true);
    }
}

void ConnectionTest::fail(const QString &detail, const QString &fix)
{
    ConnectionStep step;
    step.name = stepNames().at(m_steps.size());
    step.status = ConnectionStep::Status::Failed;
    step.detail = detail;
    step.fix = fix;
    m_steps.append(step);
    Q_EMIT stepFinished(step);
    while (m_steps.size() < stepNames().size()) {
        ConnectionStep skipped;
        skipped.name = stepNames().at(m_steps.size());
        skipped.status = ConnectionStep::Status::Skipped;
        m_steps.append(skipped);
        Q_EMIT stepFinished(skipped);
    }
    m_finished = true;
    Q_EMIT finished(false);
}

void ConnectionTest::runCredentials()
{
    QPointer<ConnectionTest> self(this);
    m_targetStep([self](Result<pipeline::CallTarget> target) {
        if (!self)
            return;
        // The step may answer at once: go on from the event loop either way.
        auto shared = std::make_shared<Result<pipeline::CallTarget>>(std::move(target));
        QTimer::singleShot(0, self, [self, shared] { self->onTarget(std::move(*shared)); });
    });
}

void ConnectionTest::onTarget(Result<pipeline::CallTarget> target)
{
    const auto roleFix = [this](const Error &error) {
        if (m_roleArn.isEmpty()
            || !(mentions(error, QLatin1String("AccessDenied"))
                 || mentions(error, QLatin1String("sts:AssumeRole"))))
            return error.hint;
        const QString who = m_sourcePrincipal.isEmpty()
            ? Tr::tr("the source credentials' principal")
            : m_sourcePrincipal;
        QString fix = Tr::tr("The trust policy of %1 must allow sts:AssumeRole for %2, and that "
                             "principal needs sts:AssumeRole on the role.")
                          .arg(m_roleArn, who);
        fix += QLatin1Char(' ')
            + (m_hasExternalId
                   ? Tr::tr("Check that the account's external ID is the one the trust policy's "
                            "sts:ExternalId condition expects.")
                   : Tr::tr("If the trust policy has an sts:ExternalId condition, set the "
                            "external ID it expects on the account."));
        return fix;
    };
    if (!target) {
        fail(target.error().message, roleFix(target.error()));
        return;
    }
    m_target = std::move(target).value();
    if (m_target.auth.kind != net::HttpAuth::Kind::SigV4) {
        pass(Tr::tr("a Bedrock API key (Bearer)"));
        QTimer::singleShot(0, this, &ConnectionTest::checkRegion);
        return;
    }
    if (!m_target.auth.credentials) {
        fail(Tr::tr("The account has no AWS credentials."),
             Tr::tr("Store the account's access key (or pick a source for the role)."));
        return;
    }
    QPointer<ConnectionTest> self(this);
    m_target.auth.credentials->credentials([self, roleFix](Result<aws::Credentials> credentials) {
        if (!self)
            return;
        if (!credentials) {
            self->fail(credentials.error().message, roleFix(credentials.error()));
            return;
        }
        const bool temporary = credentials->isTemporary();
        const QString what = self->m_roleArn.isEmpty()
            ? Tr::tr("access key %1 (%2)")
                  .arg(credentials->accessKeyId,
                       temporary ? Tr::tr("temporary") : Tr::tr("long-term"))
            : Tr::tr("assumed %1 (access key %2)").arg(self->m_roleArn, credentials->accessKeyId);
        self->pass(what);
        QTimer::singleShot(0, self, &ConnectionTest::checkRegion);
    });
}

void ConnectionTest::checkRegion()
{
    if (!mantle::isMantleRegion(m_target.region)) {
        fail(Tr::tr("The region “%1” does not serve Bedrock Mantle.").arg(m_target.region),
             Tr::tr("Use one of the Mantle regions: %1.").arg(mantle::mantleRegionCodes()));
        return;
    }
    pass(m_target.endpoint
             ? Tr::tr("%1, through %2").arg(m_target.region, m_target.endpoint->toString())
             : m_target.region);
    QTimer::singleShot(0, this, &ConnectionTest::listModels);
}

QString ConnectionTest::accessDeniedFix(const Error &error, bool listing) const
{
    const QString region = m_target.region.isEmpty() ? QStringLiteral("*") : m_target.region;
    if (m_target.auth.kind != net::HttpAuth::Kind::SigV4) {
        return Tr::tr("Allow bedrock-mantle:CallWithBearerToken on \"*\" for the IAM user that "
                      "owns the API key (`mantle accounts policy` prints the policy).");
    }
    QString accountId = accountIdIn(error.message);
    if (accountId.isEmpty())
        accountId = accountIdIn(m_roleArn);
    if (accountId.isEmpty())
        accountId = QStringLiteral("<account-id>");
    return Tr::tr("Allow %1 on arn:aws:bedrock-mantle:%2:%3:project/* for this account's IAM "
                  "principal (`mantle accounts policy` prints the policy), or attach the managed "
                  "policy AmazonBedrockMantleInferenceAccess.")
        .arg(listing ? QStringLiteral("bedrock-mantle:ListModels")
                     : QStringLiteral("bedrock-mantle:CreateInference"),
             region, accountId);
}

void ConnectionTest::listModels()
{
    api::WireRequest wire;
    wire.method = QByteArrayLiteral("GET");
    wire.surface = mantle::ApiSurface::Models;
    wire.path = mantle::RouteResolver::defaultResourcePath(mantle::ApiSurface::Models);
    wire.headers.append({QByteArrayLiteral("accept"), QByteArrayLiteral("application/json")});
    m_body.clear();
    m_call = new pipeline::MantleCall(m_client, wire, QString(), m_target, m_memory, this);
    connect(m_call, &pipeline::MantleCall::bytesReceived, this,
            [this](QByteArrayView chunk) { m_body.append(chunk); });
    connect(m_call, &pipeline::MantleCall::finished, this, [this](const net::HttpOutcome &outcome) {
        m_call->deleteLater();
        if (outcome.error) {
            const Error &error = *outcome.error;
            fail(error.message,
                 outcome.httpStatus == 403 ? accessDeniedFix(error, true) : error.hint);
            return;
        }
        const QJsonValue data = QJsonDocument::fromJson(m_body).object().value(u"data");
        if (!data.isArray()) {
            fail(Tr::tr("The model list answer has no “data” array."), QString());
            return;
        }
        for (const QJsonValue &model : data.toArray()) {
            const QString id = model.toObject().value(u"id").toString();
            if (!id.isEmpty())
                m_listedModels.append(id);
        }
        pass(m_listedModels.size() == 1 ? Tr::tr("1 model listed")
                                        : Tr::tr("%1 models listed").arg(m_listedModels.size()));
        QTimer::singleShot(0, this, &ConnectionTest::sendRequest);
    });
    m_call->start();
}

QString ConnectionTest::chosenModel() const
{
    if (!m_model.isEmpty())
        return m_model;
    const mantle::ModelCatalogue catalogue = mantle::ModelCatalogue::builtIn();
    for (const QString &id : m_listedModels) {
        if (catalogue.describe(id).surfaces.contains(mantle::ApiSurface::ChatCompletions))
            return id;
    }
    return QString::fromLatin1(kFallbackModel);
}

void ConnectionTest::sendRequest()
{
    const QString model = chosenModel();
    QJsonObject message{{QStringLiteral("role"), QStringLiteral("user")},
                        {QStringLiteral("content"), QStringLiteral("Hi")}};
    const QJsonObject body{{QStringLiteral("model"), model},
                           {QStringLiteral("messages"), QJsonArray{message}},
                           {QStringLiteral("max_tokens"), 1}};
    api::WireRequest wire = api::WireRequest::postJson(
        mantle::ApiSurface::ChatCompletions,
        mantle::RouteResolver::defaultResourcePath(mantle::ApiSurface::ChatCompletions), body,
        false);
    pipeline::CallTarget target = m_target;
    target.extraHeaders.append(m_requestHeaders);
    m_call = new pipeline::MantleCall(m_client, wire, model, target, m_memory, this);
    connect(m_call, &pipeline::MantleCall::finished, this,
            [this, model](const net::HttpOutcome &outcome) {
                m_call->deleteLater();
                if (!outcome.error) {
                    const QString detail
                        = Tr::tr("%1 answered a 1-token Chat Completions request through %2")
                              .arg(model, m_call->routePrefix());
                    pass(detail,
                         m_call->switchedPrefix()
                             ? Tr::tr("%1 is served under %2, not the prefix tried first; the "
                                      "route was learned for this account and region.")
                                   .arg(model, m_call->routePrefix())
                             : QString());
                    return;
                }
                const Error &error = *outcome.error;
                QString fix = error.hint;
                const bool marketplace = mentions(error, QLatin1String("marketplace"))
                    || fix.contains(QLatin1String("Marketplace"));
                if (outcome.httpStatus == 403 && !marketplace) {
                    fix = accessDeniedFix(error, false);
                    if (!isFirstPartyFamily(mantle::ModelCatalogue::familyOf(model)))
                        fix += QLatin1Char(' ')
                            + Tr::tr("%1 is a third-party model: a first call also needs "
                                     "aws-marketplace:Subscribe and "
                                     "aws-marketplace:ViewSubscriptions (with the condition "
                                     "aws:CalledViaLast = bedrock-mantle.amazonaws.com).")
                                  .arg(model);
                }
                fail(error.message, fix);
            });
    m_call->start();
}

} // namespace mantle::accounts
