#include "sseparser.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cstring>
#include <limits>

namespace mantle::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::net::SseParser)
};

// A buffer that held one huge line or event gives its memory back once it is empty.
constexpr qsizetype kRetainedCapacity = 1024 * 1024;

bool startsWith(QByteArrayView bytes, const char (&literal)[6])
{
    return bytes.size() >= 5 && std::memcmp(bytes.data(), literal, 5) == 0;
}

bool equals(QByteArrayView bytes, const char *literal, qsizetype size)
{
    return bytes.size() == size && std::memcmp(bytes.data(), literal, size_t(size)) == 0;
}

/// `target` = `bytes`, reusing target's memory when it can.
void setBytes(QByteArray &target, QByteArrayView bytes)
{
    target.resize(bytes.size());
    if (!bytes.isEmpty())
        std::memcpy(target.data(), bytes.data(), size_t(bytes.size()));
}

/// "16 MiB", "512 KiB", "1.5 MiB": a limit as people read it.
QString limitText(qsizetype bytes)
{
    qint64 unit = 1;
    while (unit <= std::numeric_limits<qint64>::max() / 1024 && unit * 1024 <= bytes)
        unit *= 1024;
    return QLocale().formattedDataSize(bytes, bytes % unit == 0 ? 0 : 1,
                                       QLocale::DataSizeIecFormat);
}

QString limitHint()
{
    return Tr::tr("Server-sent events come in short lines. Check that the endpoint is the one you "
                  "meant and that no proxy in between changes the answer.");
}

} // namespace

SseParser::SseParser() = default;

SseParser::SseParser(Limits limits)
    : m_limits(limits)
{ }

qsizetype SseParser::bufferedBytes() const
{
    return (m_buffer.size() - m_offset) + (m_dataInView ? m_dataView.size() : m_data.size());
}

qsizetype SseParser::allocatedBytes() const
{
    return m_buffer.capacity() + m_data.capacity() + m_type.capacity() + m_id.capacity();
}

bool SseParser::feed(QByteArrayView bytes, const EventHandler &onEvent)
{
    if (m_failed)
        return false;
    if (bytes.isEmpty())
        return true;
    m_buffer.append(bytes);
    if (!m_bomChecked && !skipByteOrderMark(false))
        return true; // a BOM may still be arriving
    parseLines(onEvent);
    if (m_failed)
        return false;
    keepPendingData();
    compact();
    return true;
}

void SseParser::finish(const EventHandler &onEvent)
{
    if (m_failed)
        return;
    if (!m_bomChecked)
        skipByteOrderMark(true);
    // feed() parsed every complete line, so what is left has no line end; the stream's end
    // completes it.
    if (m_offset < m_buffer.size()) {
        const QByteArrayView line(m_buffer.constData() + m_offset, m_buffer.size() - m_offset);
        processLine(line, onEvent);
        if (m_failed)
            return;
    }
    // WHATWG: "Once the end of the file is reached, any pending data must be discarded."
    if (m_dataSeen)
        m_droppedIncomplete = true;
    resetEvent();
    m_buffer = QByteArray();
    m_offset = 0;
    m_scanned = 0;
    m_skipLf = false;
}

// WHATWG: "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
// Only at the very start of the stream; its three bytes may arrive in separate chunks. Returns
// false while the bytes so far are a BOM's beginning and more may come.
bool SseParser::skipByteOrderMark(bool atEnd)
{
    static constexpr char kBom[] = "\xEF\xBB\xBF";
    const qsizetype have = std::min<qsizetype>(m_buffer.size(), 3);
    if (have > 0 && std::memcmp(m_buffer.constData(), kBom, size_t(have)) == 0) {
        if (have < 3 && !atEnd)
            return false;
        if (have == 3)
            m_offset = 3;
    }
    m_bomChecked = true;
    return true;
}

void SseParser::parseLines(const EventHandler &onEvent)
{
    const char *const base = m_buffer.constData();
    const qsizetype end = m_buffer.size();
    qsizetype pos = m_offset;
    if (m_skipLf && pos < end) {
        if (base[pos] == '\n')
            ++pos; // m_scanned is 0: the chunk before ended with a line end
        m_skipLf = false;
    }
    // The next '\n' and '\r' at or after pos (end when there is none), each found once: a stream
    // with LF line ends costs one failed search for '\r' per chunk, not one per line.
    const auto find = [base, end](char c, qsizetype from) {
        const void *hit = std::memchr(base + from, c, size_t(end - from));
        return hit ? qsizetype(static_cast<const char *>(hit) - base) : end;
    };
    qsizetype nextLf = find('\n', pos + m_scanned);
    qsizetype nextCr = find('\r', pos + m_scanned);
    m_scanned = 0;
    while (pos < end) {
        if (nextLf < pos)
            nextLf = find('\n', pos);
        if (nextCr < pos)
            nextCr = find('\r', pos);
        const qsizetype lineEnd = std::min(nextLf, nextCr);
        if (lineEnd - pos > m_limits.maxLineBytes) {
            // Either a complete line that is too long, or a partial one that already is:
            // stop now instead of buffering until a line end that may never come.
            fail(makeError(Error::Kind::Parse,
                           Tr::tr("The event stream sent a line longer than %1 and was stopped.")
                               .arg(limitText(m_limits.maxLineBytes)),
                           limitHint()));
            m_error.code = QStringLiteral("SseLineTooLong");
            return;
        }
        if (lineEnd == end) {
            m_scanned = end - pos; // the rest is the start of a line
            break;
        }
        qsizetype next = lineEnd + 1;
        if (base[lineEnd] == '\r') {
            if (next < end) {
                if (base[next] == '\n')
                    ++next;
            } else {
                m_skipLf = true; // a CRLF may be cut between the chunks
            }
        }
        processLine(QByteArrayView(base + pos, lineEnd - pos), onEvent);
        if (m_failed)
            return;
        pos = next;
    }
    m_offset = pos;
}

void SseParser::processLine(QByteArrayView line, const EventHandler &onEvent)
{
    if (line.isEmpty()) {
        dispatch(onEvent);
        return;
    }
    if (startsWith(line, "data:")) { // the common line first
        QByteArrayView value = line.sliced(5);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
        appendData(value);
        return;
    }
    if (line.front() == ':')
        return; // a comment (keep-alives are sent as comments)
    QByteArrayView field = line;
    QByteArrayView value;
    if (const void *colon = std::memchr(line.data(), ':', size_t(line.size()))) {
        const qsizetype at = static_cast<const char *>(colon) - line.data();
        field = line.first(at);
        value = line.sliced(at + 1);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
    }
    if (equals(field, "data", 4)) {
        appendData(value);
    } else if (equals(field, "event", 5)) {
        setBytes(m_type, value);
    } else if (equals(field, "id", 2)) {
        if (value.isEmpty() || !std::memchr(value.data(), '\0', size_t(value.size())))
            setBytes(m_id, value);
    } else if (equals(field, "retry", 5)) {
        if (value.isEmpty())
            return;
        qint64 ms = 0;
        for (const char c : value) {
            if (c < '0' || c > '9')
                return;
            const int digit = c - '0';
            constexpr qint64 kMax = std::numeric_limits<qint64>::max();
            ms = ms > (kMax - digit) / 10 ? kMax : ms * 10 + digit;
        }
        m_retry = ms;
    }
    // Any other field is ignored, as the standard says.
}

void SseParser::appendData(QByteArrayView value)
{
    const qsizetype joined = m_dataInView ? m_dataView.size() : m_data.size();
    const qsizetype size = m_dataSeen ? joined + 1 + value.size() : value.size();
    if (size > m_limits.maxEventBytes) {
        fail(makeError(Error::Kind::Parse,
                       Tr::tr("The event stream sent an event larger than %1 and was stopped.")
                           .arg(limitText(m_limits.maxEventBytes)),
                       limitHint()));
        m_error.code = QStringLiteral("SseEventTooLarge");
        return;
    }
    if (!m_dataSeen) {
        // Most events are one data line: hand that line out from the buffer, uncopied.
        m_dataSeen = true;
        m_dataView = value;
        m_dataInView = true;
        return;
    }
    if (m_dataInView) {
        setBytes(m_data, m_dataView);
        m_dataInView = false;
    }
    m_data.append('\n');
    m_data.append(value);
}

void SseParser::dispatch(const EventHandler &onEvent)
{
    if (m_dataSeen && onEvent) {
        SseEventView event;
        event.type = m_type;
        event.data = m_dataInView ? m_dataView : QByteArrayView(m_data);
        event.id = m_id;
        onEvent(event);
    }
    resetEvent();
}

void SseParser::resetEvent()
{
    m_type.resize(0);
    m_dataView = {};
    m_dataInView = false;
    if (m_data.capacity() > kRetainedCapacity)
        m_data = QByteArray();
    else
        m_data.resize(0);
    m_dataSeen = false;
}

void SseParser::keepPendingData()
{
    if (m_dataInView) {
        setBytes(m_data, m_dataView);
        m_dataView = {};
        m_dataInView = false;
    }
}

// Moving the unread tail to the front costs a copy of it, so it is done only when the read part
// is the larger half: the cost per byte stays constant, never per event.
void SseParser::compact()
{
    if (m_offset == m_buffer.size()) {
        if (m_buffer.capacity() > kRetainedCapacity)
            m_buffer = QByteArray();
        else
            m_buffer.resize(0);
        m_offset = 0;
    } else if (m_offset > m_buffer.size() / 2) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
}

void SseParser::fail(Error error)
{
    m_failed = true;
    m_error = std::move(error);
    m_buffer = QByteArray();
    m_offset = 0;
    m_scanned = 0;
    m_data = QByteArray();
    m_dataView = {};
    m_dataInView = false;
    m_dataSeen = false;
    m_type = QByteArray();
}

} // namespace mantle::net
