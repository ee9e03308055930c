#include "faultplan.h"

#include <QCoreApplication>
#include <QList>

namespace mantle::emulator {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::emulator::FaultPlan)
};

constexpr int kMaxLatencyMs = 10 * 60 * 1000;
constexpr int kMaxCount = 1000 * 1000 * 1000;

Error faultError(const QString &message)
{
    Error e = makeError(Error::Kind::InvalidInput, message);
    e.code = QStringLiteral("invalid_fault");
    return e;
}

/// A non-negative decimal number up to `max`; -1 when the text is not one.
int readNumber(QByteArrayView text, int max)
{
    if (text.isEmpty() || text.size() > 10)
        return -1;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value > max ? -1 : int(value);
}

} // namespace

Result<FaultPlan> FaultPlan::parse(QByteArrayView header)
{
    FaultPlan plan;
    const QList<QByteArray> items = header.toByteArray().split(';');
    for (const QByteArray &rawItem : items) {
        const QByteArray item = rawItem.trimmed();
        if (item.isEmpty())
            continue;
        const qsizetype equals = item.indexOf('=');
        const QByteArray name = (equals < 0 ? item : item.left(equals)).trimmed().toLower();
        const QByteArray value = equals < 0 ? QByteArray() : item.mid(equals + 1).trimmed();
        const bool flag = name == "access-denied" || name == "wrong-prefix";
        if (flag != (equals < 0)) {
            return faultError(
                flag ? Tr::tr("The fault “%1” takes no value.").arg(QString::fromUtf8(name))
                     : Tr::tr("The fault “%1” needs a value (%1=N).").arg(QString::fromUtf8(name)));
        }
        if (name == "access-denied") {
            plan.accessDenied = true;
            continue;
        }
        if (name == "wrong-prefix") {
            plan.wrongPrefix = true;
            continue;
        }
        int *target = nullptr;
        int min = 0;
        int max = kMaxCount;
        if (name == "latency") {
            target = &plan.latencyMs;
            max = kMaxLatencyMs;
        } else if (name == "status") {
            target = &plan.status;
            min = 400;
            max = 599;
        } else if (name == "retry-after") {
            target = &plan.retryAfterSeconds;
            max = 86400;
        } else if (name == "drop-after") {
            target = &plan.dropAfter;
        } else if (name == "malformed-after") {
            target = &plan.malformedAfter;
        } else if (name == "stall-after") {
            target = &plan.stallAfter;
        } else {
            return faultError(Tr::tr("Unknown fault “%1” (known: latency, status, retry-after, "
                                     "access-denied, wrong-prefix, drop-after, malformed-after, "
                                     "stall-after).")
                                  .arg(QString::fromUtf8(name)));
        }
        const int number = readNumber(value, max);
        if (number < min) {
            return faultError(Tr::tr("The fault “%1” needs a number from %2 to %3, not “%4”.")
                                  .arg(QString::fromUtf8(name), QString::number(min),
                                       QString::number(max), QString::fromUtf8(value)));
        }
        *target = number;
    }
    if (plan.retryAfterSeconds >= 0 && plan.status == 0)
        return faultError(Tr::tr("The fault “retry-after” goes with a “status” fault."));
    return plan;
}

} // namespace mantle::emulator
