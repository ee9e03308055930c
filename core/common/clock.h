#pragma once

#include <QDateTime>

namespace mantle {

/// The time, injectable: signing, credential expiry and retries ask a Clock, so tests can move it.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
};

/// The system's wall clock, in UTC.
class SystemClock final : public Clock
{
public:
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }
};

/// A clock that stands still until told to move; for tests.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime now)
        : m_now(std::move(now))
    { }
    QDateTime nowUtc() const override { return m_now; }
    void setNow(QDateTime now) { m_now = std::move(now); }
    void advanceSeconds(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

} // namespace mantle
