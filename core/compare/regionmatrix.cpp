#include "regionmatrix.h"

#include "api/wirerequest.h"
#include "mantle/modellist.h"
#include "mantle/regions.h"
#include "mantle/routeresolver.h"
#include "net/httpoutcome.h"
#include "pipeline/mantlecall.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTimer>

#include <memory>

namespace mantle::compare {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::compare::RegionMatrix)
};

/// An error's message on one line (a table cell, a JSON field).
QString oneLine(const Error &error)
{
    QString text = error.message.simplified();
    return text.isEmpty() ? Tr::tr("Unknown error.") : text;
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QString RegionCheck::stateName() const
{
    switch (state) {
    case State::Pending:
        return QStringLiteral("pending");
    case State::Answered:
        return QStringLiteral("answered");
    case State::Failed:
        return QStringLiteral("failed");
    case State::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("pending");
}

RegionMatrix::RegionMatrix(net::HttpClient &client, TargetResolver resolver, QString model,
                           QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_resolver(std::move(resolver))
    , m_model(std::move(model).trimmed())
{
    for (const mantle::Region &region : mantle::mantleRegions()) {
        RegionCheck row;
        row.region = region.code;
        row.regionName = region.displayName;
        m_rows.append(row);
    }
    m_calls.resize(m_rows.size());
    m_contexts.resize(m_rows.size());
}

RegionMatrix::~RegionMatrix() = default;

pipeline::CallTarget RegionMatrix::retarget(pipeline::CallTarget base, const QString &region)
{
    base.region = region;
    if (base.auth.kind == net::HttpAuth::Kind::SigV4)
        base.auth.region = region.toUtf8();
    return base;
}

void RegionMatrix::start()
{
    if (m_started)
        return;
    m_started = true;
    QTimer::singleShot(0, this, [this] {
        for (int row = 0; row < m_rows.size(); ++row)
            resolveRow(row);
    });
}

void RegionMatrix::resolveRow(int row)
{
    if (m_rows.at(row).isDone())
        return;
    // A context per row: cancel() deletes it, so that a late answer of the resolver is dropped.
    auto *context = new QObject(this);
    m_contexts[row] = context;
    if (!m_resolver) {
        sendRow(row, makeError(Error::Kind::Internal, Tr::tr("No way to reach the region.")));
        return;
    }
    m_resolver(
        m_rows.at(row).region, context,
        [this, row, guard = QPointer<QObject>(context)](Result<pipeline::CallTarget> target) {
            if (!guard)
                return;
            guard->deleteLater();
            sendRow(row, std::move(target));
        });
}

void RegionMatrix::sendRow(int row, Result<pipeline::CallTarget> target)
{
    if (m_rows.at(row).isDone())
        return;
    if (!target) {
        endRow(row, RegionCheck::State::Failed, oneLine(target.error()));
        return;
    }
    pipeline::CallTarget callTarget = std::move(target).value();
    // The row is about this region, whatever the resolver left in the target.
    callTarget = retarget(std::move(callTarget), m_rows.at(row).region);
    if (callTarget.endpoint)
        m_rows[row].endpoint = callTarget.endpoint->toString();
    m_rows[row].sent = true;

    api::WireRequest wire;
    wire.method = QByteArrayLiteral("GET");
    wire.surface = mantle::ApiSurface::Models;
    wire.path = mantle::RouteResolver::defaultResourcePath(mantle::ApiSurface::Models);
    auto *call = new pipeline::MantleCall(m_client, wire, {}, std::move(callTarget), nullptr, this);
    m_calls[row] = call;
    auto body = std::make_shared<QByteArray>();
    connect(call, &pipeline::MantleCall::bytesReceived, call,
            [body](QByteArrayView chunk) { body->append(chunk); });
    connect(call, &pipeline::MantleCall::finished, this,
            [this, row, call, body](const net::HttpOutcome &outcome) {
                call->deleteLater();
                onListed(row, outcome, *body);
            });
    call->start();
}

void RegionMatrix::onListed(int row, const net::HttpOutcome &outcome, const QByteArray &body)
{
    if (m_rows.at(row).isDone())
        return;
    RegionCheck &check = m_rows[row];
    check.latency = outcome.timeToFirstByte;
    if (!outcome.ok()) {
        const bool cancelled = outcome.error->kind == Error::Kind::Cancelled;
        endRow(row, cancelled ? RegionCheck::State::Cancelled : RegionCheck::State::Failed,
               oneLine(*outcome.error));
        return;
    }
    const Result<QList<mantle::LiveModel>> list = mantle::ModelList::parseLiveList(body);
    if (!list) {
        endRow(row, RegionCheck::State::Failed, oneLine(list.error()));
        return;
    }
    check.models.clear();
    for (const mantle::LiveModel &model : *list)
        check.models.append(model.id);
    check.modelCount = int(check.models.size());
    check.listsModel = !m_model.isEmpty() && check.models.contains(m_model);
    endRow(row, RegionCheck::State::Answered, {});
}

void RegionMatrix::endRow(int row, RegionCheck::State state, const QString &error)
{
    RegionCheck &check = m_rows[row];
    if (check.isDone())
        return;
    check.state = state;
    check.error = error;
    ++m_done;
    Q_EMIT rowChanged(row);
    Q_EMIT progressed(m_done, int(m_rows.size()));
    if (m_done == m_rows.size())
        Q_EMIT finished();
}

void RegionMatrix::cancel()
{
    if (!m_started)
        return;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).isDone())
            continue;
        if (m_contexts.at(row))
            delete m_contexts.at(row).data();
        // The call's own finished (Cancelled) ends the row; without a call it ends here.
        if (m_calls.at(row))
            m_calls.at(row)->cancel();
        if (!m_rows.at(row).isDone())
            endRow(row, RegionCheck::State::Cancelled, Tr::tr("Stopped."));
    }
}

int RegionMatrix::answeredCount() const
{
    int answered = 0;
    for (const RegionCheck &row : m_rows)
        answered += row.state == RegionCheck::State::Answered ? 1 : 0;
    return answered;
}

QStringList RegionMatrix::servingRegions() const
{
    QStringList regions;
    for (const RegionCheck &row : m_rows) {
        if (row.listsModel)
            regions.append(row.region);
    }
    return regions;
}

QString RegionMatrix::sharedEndpoint() const
{
    QString shared;
    for (const RegionCheck &row : m_rows) {
        if (!row.sent)
            continue;
        if (row.endpoint.isEmpty() || (!shared.isEmpty() && row.endpoint != shared))
            return {};
        shared = row.endpoint;
    }
    return shared;
}

QJsonObject RegionMatrix::toJson() const
{
    QJsonArray regions;
    for (const RegionCheck &row : m_rows) {
        const bool answered = row.state == RegionCheck::State::Answered;
        QJsonObject entry{
            {QStringLiteral("region"), row.region},
            {QStringLiteral("name"), row.regionName},
            {QStringLiteral("status"), row.stateName()},
            {QStringLiteral("serves_model"),
             answered && !m_model.isEmpty() ? QJsonValue(row.listsModel)
                                            : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("models_listed"),
             answered ? QJsonValue(row.modelCount) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("latency_ms"),
             row.latency ? QJsonValue(qint64(row.latency->count())) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("error"), orNull(row.error)},
        };
        regions.append(entry);
    }
    return {
        {QStringLiteral("model"), orNull(m_model)},
        {QStringLiteral("shared_endpoint"), orNull(sharedEndpoint())},
        {QStringLiteral("answered"), answeredCount()},
        {QStringLiteral("serving"), QJsonArray::fromStringList(servingRegions())},
        {QStringLiteral("regions"), regions},
    };
}

} // namespace mantle::compare
