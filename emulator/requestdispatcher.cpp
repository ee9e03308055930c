#include "requestdispatcher.h"

#include "errorreplies.h"
#include "faultplan.h"
#include "faultreplies.h"

#include "aws/uriencoding.h"
#include "common/clock.h"
#include "mantle/regions.h"

#include <QLocale>
#include <QRandomGenerator>

namespace mantle::emulator {

namespace {

constexpr QByteArrayView kExposedHeaders
    = "x-amzn-requestid, x-request-id, x-amzn-usage-reservation-quota, "
      "x-amzn-usage-reservation-remaining-quota, x-amzn-usage-reservation-spillover, retry-after";

/// The headers the server owns: a handler's own values for them are dropped.
bool isServerHeader(QByteArrayView name)
{
    return name == "content-length" || name == "transfer-encoding" || name == "connection"
        || name == "date" || name == "x-amzn-requestid" || name == "x-request-id"
        || name == "access-control-allow-origin" || name == "access-control-expose-headers";
}

/// RFC 9110 section 5.6.7's IMF-fixdate: "Wed, 25 Nov 2026 10:15:00 GMT".
QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c()
        .toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

/// A number from 0 to max written in decimal, else -1.
int readMilliseconds(QByteArrayView text, int max)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    return ok && value >= 0 && value <= max ? value : -1;
}

} // namespace

RequestDispatcher::RequestDispatcher(EmulatorHandler handler, const Clock &clock,
                                     EmulatorServerOptions options)
    : m_handler(std::move(handler))
    , m_clock(clock)
    , m_options(std::move(options))
    , m_authenticator(clock)
{ }

QByteArray RequestDispatcher::newRequestId()
{
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray id = "req_";
    id.reserve(4 + 32);
    QRandomGenerator *random = QRandomGenerator::global();
    for (int i = 0; i < 32; ++i)
        id.append(kAlphabet[random->bounded(36)]);
    return id;
}

Dispatch RequestDispatcher::finish(EmulatorReply reply) const
{
    Dispatch d;
    d.requestId = newRequestId();
    QList<QPair<QByteArray, QByteArray>> headers;
    headers.reserve(reply.headers.size() + 5);
    for (auto &[name, value] : reply.headers) {
        QByteArray lower = name.toLower();
        if (!isServerHeader(lower))
            headers.append({std::move(lower), std::move(value)});
    }
    headers.append({"date", httpDate(m_clock.nowUtc())});
    // Mantle sends the same id under both names (FACTS.md, "Observed on the wire").
    headers.append({"x-amzn-requestid", d.requestId});
    headers.append({"x-request-id", d.requestId});
    headers.append({QByteArrayLiteral("access-control-allow-origin"), QByteArrayLiteral("*")});
    headers.append({"access-control-expose-headers", kExposedHeaders.toByteArray()});
    reply.headers = std::move(headers);
    d.reply = std::move(reply);
    d.paceMs = m_options.paceMs;
    return d;
}

Dispatch RequestDispatcher::unreadable(const ReceivedRequest &partial, int status,
                                       const QByteArray &message) const
{
    const QByteArray path = aws::percentDecode(partial.rawPath);
    return finish(ErrorReplies::forPath(
        path, status, QStringLiteral("validation_error"), QStringLiteral("invalid_request_error"),
        QStringLiteral("invalid_request_error"), QString::fromLatin1(message)));
}

QByteArray RequestDispatcher::regionOf(const ReceivedRequest &request,
                                       const Authentication &auth) const
{
    if (!auth.region.isEmpty())
        return auth.region;
    QByteArray host = request.header("host").toLower();
    if (const qsizetype colon = host.lastIndexOf(':'); colon >= 0)
        host.truncate(colon);
    constexpr QByteArrayView prefix = "bedrock-mantle.";
    constexpr QByteArrayView suffix = ".api.aws";
    if (host.startsWith(prefix) && host.endsWith(suffix)) {
        const QByteArray region
            = host.mid(prefix.size(), host.size() - prefix.size() - suffix.size());
        if (::mantle::mantle::isMantleRegion(QString::fromLatin1(region)))
            return region;
    }
    return m_options.region;
}

Dispatch RequestDispatcher::dispatch(const ReceivedRequest &request) const
{
    const QByteArray path = aws::percentDecode(request.rawPath);

    // A CORS preflight carries no credentials (the browser sends them with the real request).
    if (request.method == "OPTIONS") {
        EmulatorReply preflight;
        preflight.status = 204;
        const QByteArray asked = request.header("access-control-request-headers");
        preflight.headers = {
            {"access-control-allow-methods", "GET, POST, DELETE, OPTIONS"},
            {"access-control-allow-headers", asked.isEmpty() ? QByteArray("*") : asked},
            {"access-control-max-age", "86400"},
        };
        return finish(std::move(preflight));
    }

    const Result<FaultPlan> faults = FaultPlan::parse(request.header(kFaultHeader));
    if (!faults) {
        return finish(ErrorReplies::forPath(
            path, 400, QStringLiteral("validation_error"), QStringLiteral("invalid_request_error"),
            QStringLiteral("invalid_request_error"), faults.error().message));
    }
    int paceMs = m_options.paceMs;
    if (const QByteArray pace = request.header(kPaceHeader); !pace.isNull()) {
        paceMs = readMilliseconds(pace, kMaxPaceMs);
        if (paceMs < 0) {
            return finish(ErrorReplies::forPath(
                path, 400, QStringLiteral("validation_error"),
                QStringLiteral("invalid_request_error"), QStringLiteral("invalid_request_error"),
                QStringLiteral("x-emulator-pace takes milliseconds from 0 to %1.")
                    .arg(kMaxPaceMs)));
        }
    }

    const Authentication auth = m_authenticator.authenticate(request);
    EmulatorReply reply;
    const FaultPlan &plan = *faults;
    if (!auth.accepted) {
        reply = auth.refusal;
    } else {
        EmulatorRequest exchange;
        exchange.method = request.method;
        exchange.path = path;
        exchange.query = request.rawQuery;
        exchange.headers = request.headers;
        exchange.body = request.body;
        exchange.auth = auth.method;
        exchange.region = regionOf(request, auth);
        if (plan.status != 0)
            reply = FaultReplies::status(path, plan.status, plan.retryAfterSeconds);
        else if (plan.accessDenied)
            reply = FaultReplies::accessDenied(path, auth.method, exchange.region);
        else if (plan.wrongPrefix)
            reply = m_wrongPrefix ? m_wrongPrefix(exchange)
                                  : FaultReplies::wrongPrefix(path, request.body);
        else
            reply = m_handler(exchange);
    }

    if (auth.accepted && plan.malformedAfter >= 0) {
        if (reply.streamed) {
            if (plan.malformedAfter < reply.events.size())
                reply.events[plan.malformedAfter]
                    = FaultReplies::malformedFrame(reply.events[plan.malformedAfter]);
        } else {
            reply.body = FaultReplies::cutBody(reply.body);
        }
    }

    Dispatch d = finish(std::move(reply));
    d.latencyMs = plan.latencyMs;
    d.paceMs = paceMs;
    if (auth.accepted) {
        d.dropAfter = plan.dropAfter;
        d.stallAfter = plan.stallAfter;
    }
    return d;
}

} // namespace mantle::emulator
