#include "rawhttpconnection.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

namespace mantle::test {

namespace {

struct Arrival
{
    qsizetype end; ///< offset in the buffer just past the bytes of one read
    qint64 ms; ///< when they arrived
};

struct Parsed
{
    RawHttpAnswer answer;
    qsizetype consumed = 0;
    bool done = false; ///< complete, or cut by the closed connection
};

qint64 arrivalTime(const QList<Arrival> &arrivals, qsizetype end)
{
    for (const Arrival &a : arrivals) {
        if (a.end >= end)
            return a.ms;
    }
    return arrivals.isEmpty() ? 0 : arrivals.last().ms;
}

Parsed parse(const QByteArray &buffer, bool closed, const QList<Arrival> &arrivals)
{
    Parsed p;
    RawHttpAnswer &a = p.answer;
    a.closed = closed;
    qsizetype pos = 0;
    qint64 headMs = 0;
    for (;;) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n", pos);
        if (headEnd < 0) {
            p.done = closed;
            p.consumed = closed ? buffer.size() : 0;
            return p;
        }
        const QList<QByteArray> lines = buffer.mid(pos, headEnd - pos).split('\n');
        const QList<QByteArray> statusParts = lines.first().trimmed().split(' ');
        const int status = statusParts.size() >= 2 ? statusParts[1].toInt() : -1;
        pos = headEnd + 4;
        if (status >= 100 && status < 200) {
            a.sawContinue = a.sawContinue || status == 100;
            continue;
        }
        a.status = status;
        headMs = arrivalTime(arrivals, pos);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                a.headers.append(
                    {line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
        }
        break;
    }

    if (a.header("transfer-encoding").toLower() == "chunked") {
        a.chunked = true;
        for (;;) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                break;
            bool ok = false;
            const qsizetype size
                = buffer.mid(pos, lineEnd - pos).split(';').first().toLongLong(&ok, 16);
            if (!ok)
                break;
            if (size == 0) {
                if (buffer.mid(lineEnd + 2, 2) == "\r\n") {
                    a.complete = true;
                    p.done = true;
                    p.consumed = lineEnd + 4;
                    return p;
                }
                break;
            }
            if (buffer.size() < lineEnd + 2 + size + 2)
                break;
            const QByteArray chunk = buffer.mid(lineEnd + 2, size);
            a.chunks.append(chunk);
            a.chunkTimesMs.append(arrivalTime(arrivals, lineEnd + 2 + size) - headMs);
            a.body += chunk;
            pos = lineEnd + 2 + size + 2;
        }
        p.done = closed;
        p.consumed = closed ? buffer.size() : 0;
        return p;
    }

    const QByteArray length = a.header("content-length");
    if (!length.isNull() || a.status == 204 || a.status == 304) {
        const qsizetype n = length.toLongLong();
        if (buffer.size() - pos >= n) {
            a.body = buffer.mid(pos, n);
            a.complete = true;
            p.done = true;
            p.consumed = pos + n;
            return p;
        }
        a.body = buffer.mid(pos);
        p.done = closed;
        p.consumed = closed ? buffer.size() : 0;
        return p;
    }
    // Close-delimited: the body is everything until the server closes the connection.
    a.body = buffer.mid(pos);
    a.complete = closed;
    p.done = closed;
    p.consumed = closed ? buffer.size() : 0;
    return p;
}

} // namespace

QByteArray RawHttpAnswer::header(QByteArrayView name) const
{
    for (const auto &[n, value] : headers) {
        if (n == name)
            return value;
    }
    return {};
}

int RawHttpAnswer::headerCount(QByteArrayView name) const
{
    int count = 0;
    for (const auto &header : headers)
        count += header.first == name ? 1 : 0;
    return count;
}

struct RawHttpConnection::Private
{
    QTcpSocket socket;
    QByteArray buffer;
    QList<Arrival> arrivals;
    QElapsedTimer clock;
    bool closed = false;

    void readAll()
    {
        if (!socket.isOpen())
            return;
        const QByteArray bytes = socket.readAll();
        if (bytes.isEmpty())
            return;
        buffer += bytes;
        arrivals.append({buffer.size(), clock.elapsed()});
    }

    void consume(qsizetype n)
    {
        buffer.remove(0, n);
        QList<Arrival> kept;
        for (const Arrival &a : arrivals) {
            if (a.end > n)
                kept.append({a.end - n, a.ms});
        }
        arrivals = kept;
    }
};

RawHttpConnection::RawHttpConnection()
    : d(std::make_unique<Private>())
{
    d->clock.start();
    QObject::connect(&d->socket, &QTcpSocket::readyRead, &d->socket, [this] { d->readAll(); });
    QObject::connect(&d->socket, &QTcpSocket::disconnected, &d->socket, [this] {
        d->readAll();
        d->closed = true;
    });
}

RawHttpConnection::~RawHttpConnection()
{
    d->socket.abort();
}

bool RawHttpConnection::connectTo(quint16 port, int timeoutMs)
{
    d->socket.connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([this] { return d->socket.state() == QAbstractSocket::ConnectedState; },
                           timeoutMs);
}

void RawHttpConnection::send(const QByteArray &bytes)
{
    d->socket.write(bytes);
    d->socket.flush();
}

RawHttpAnswer RawHttpConnection::readAnswer(int timeoutMs)
{
    // On a timeout the answer says what came so far (done is false then).
    [[maybe_unused]] const bool done = QTest::qWaitFor(
        [this] { return parse(d->buffer, d->closed, d->arrivals).done; }, timeoutMs);
    Parsed p = parse(d->buffer, d->closed, d->arrivals);
    d->consume(p.done ? p.consumed : d->buffer.size());
    return p.answer;
}

bool RawHttpConnection::waitForText(QByteArrayView text, int timeoutMs)
{
    return QTest::qWaitFor([&] { return d->buffer.contains(text); }, timeoutMs);
}

bool RawHttpConnection::waitForChunks(int count, RawHttpAnswer &answer, int timeoutMs)
{
    const bool enough = QTest::qWaitFor(
        [&] {
            const Parsed p = parse(d->buffer, d->closed, d->arrivals);
            return p.answer.chunks.size() >= count || p.done;
        },
        timeoutMs);
    answer = parse(d->buffer, d->closed, d->arrivals).answer;
    return enough && answer.chunks.size() >= count;
}

bool RawHttpConnection::waitForClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return d->closed; }, timeoutMs);
}

bool RawHttpConnection::isClosed() const
{
    return d->closed;
}

const QByteArray &RawHttpConnection::pending() const
{
    return d->buffer;
}

QTcpSocket &RawHttpConnection::socket()
{
    return d->socket;
}

} // namespace mantle::test
