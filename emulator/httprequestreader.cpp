#include "httprequestreader.h"

#include <algorithm>

namespace mantle::emulator {

namespace {

constexpr qsizetype kMaxChunkLineBytes = 4096;
constexpr int kMaxLeadingEmptyLines = 8;

/// RFC 9110 section 5.6.2: the characters of a token (methods, header names).
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArray trimmedOws(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t'))
        ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        --end;
    return text.sliced(begin, end - begin).toByteArray();
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

HttpRequestReader::HttpRequestReader(HttpLimits limits)
    : m_limits(limits)
{ }

void HttpRequestReader::reset()
{
    m_state = State::Head;
    m_request = ReceivedRequest();
    m_haveRequestLine = false;
    m_headBytes = 0;
    m_remaining = 0;
    m_failureStatus = 0;
    m_failureMessage.clear();
}

ReceivedRequest HttpRequestReader::takeRequest()
{
    ReceivedRequest request = std::move(m_request);
    m_request = ReceivedRequest();
    return request;
}

bool HttpRequestReader::expectsContinue() const
{
    if (m_state == State::Head || m_state == State::Done || m_state == State::Failed)
        return false;
    if (m_request.httpMinorVersion < 1)
        return false;
    return m_request.header("expect").toLower() == "100-continue";
}

HttpRequestReader::Status HttpRequestReader::fail(int status, QByteArray message)
{
    m_state = State::Failed;
    m_failureStatus = status;
    m_failureMessage = std::move(message);
    return Status::Failed;
}

bool HttpRequestReader::takeLine(QByteArray &buffer, QByteArray &line, bool &failed)
{
    const bool inHead = m_state == State::Head || m_state == State::Trailers;
    const qsizetype limit = inHead ? m_limits.maxHeadBytes - m_headBytes : kMaxChunkLineBytes;
    const qsizetype newline = buffer.indexOf('\n');
    if (newline < 0 || newline + 1 > limit) {
        if (newline >= 0 || buffer.size() > limit) {
            failed = true;
            if (inHead)
                fail(400, "Request header fields too large");
            else
                fail(400, "Chunk size line too long");
        }
        return false;
    }
    if (inHead)
        m_headBytes += newline + 1;
    line = buffer.left(newline > 0 && buffer[newline - 1] == '\r' ? newline - 1 : newline);
    buffer.remove(0, newline + 1);
    return true;
}

bool HttpRequestReader::parseRequestLine(const QByteArray &line)
{
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
        fail(400, "Malformed request line");
        return false;
    }
    const QByteArray &version = parts[2];
    if (version == "HTTP/1.1") {
        m_request.httpMinorVersion = 1;
    } else if (version == "HTTP/1.0") {
        m_request.httpMinorVersion = 0;
    } else if (version.startsWith("HTTP/") && version.size() == 8) {
        fail(505, "HTTP version not supported");
        return false;
    } else {
        fail(400, "Malformed request line");
        return false;
    }
    m_request.method = parts[0];
    QByteArray target = parts[1];
    // The absolute form (RFC 9112 section 3.2.2), which clients send to proxies: keep the path.
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype authority = target.indexOf("//") + 2;
        const qsizetype slash = target.indexOf('/', authority);
        const qsizetype question = target.indexOf('?', authority);
        if (slash < 0 && question < 0)
            target = "/";
        else if (slash < 0 || (question >= 0 && question < slash))
            target = "/" + target.mid(question);
        else
            target = target.mid(slash);
    }
    if (!target.startsWith('/') && target != "*") {
        fail(400, "Malformed request target");
        return false;
    }
    for (char c : target) {
        if (uchar(c) <= 0x20 || c == 0x7f) {
            fail(400, "Malformed request target");
            return false;
        }
    }
    m_request.target = target;
    const qsizetype question = target.indexOf('?');
    m_request.rawPath = question < 0 ? target : target.left(question);
    m_request.rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    m_haveRequestLine = true;
    return true;
}

bool HttpRequestReader::parseHeaderLine(const QByteArray &line)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        // RFC 9112 section 5.2: obsolete line folding may be refused with 400.
        fail(400, "Obsolete line folding in a header field");
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
        fail(400, "Malformed header field");
        return false;
    }
    const QByteArray value = trimmedOws(QByteArrayView(line).sliced(colon + 1));
    for (char c : value) {
        if ((uchar(c) < 0x20 && c != '\t') || c == 0x7f) {
            fail(400, "Malformed header field");
            return false;
        }
    }
    m_request.headers.append({line.left(colon).toLower(), value});
    return true;
}

HttpRequestReader::Status HttpRequestReader::finishHead()
{
    if (m_request.httpMinorVersion >= 1 && !m_request.hasHeader("host"))
        return fail(400, "Missing Host header");

    QList<QByteArray> lengths;
    QList<QByteArray> codings;
    for (const auto &[name, value] : m_request.headers) {
        if (name == "content-length") {
            for (const QByteArray &item : value.split(','))
                lengths.append(trimmedOws(item));
        } else if (name == "transfer-encoding") {
            for (const QByteArray &item : value.split(','))
                codings.append(trimmedOws(item).toLower());
        }
    }
    if (!codings.isEmpty()) {
        if (!lengths.isEmpty())
            return fail(400, "Both Content-Length and Transfer-Encoding");
        if (codings != QList<QByteArray>{"chunked"})
            return fail(501, "Transfer-Encoding not supported");
        m_state = State::ChunkSize;
        return Status::NeedMoreData;
    }
    if (lengths.isEmpty()) {
        m_state = State::Done;
        return Status::Complete;
    }
    for (const QByteArray &length : lengths) {
        if (!isDigits(length) || length != lengths.first())
            return fail(400, "Invalid Content-Length");
    }
    bool ok = false;
    const qint64 length = lengths.first().toLongLong(&ok);
    if (!ok)
        return fail(413, "Request body too large");
    if (length > m_limits.maxBodyBytes)
        return fail(413, "Request body too large");
    if (length == 0) {
        m_state = State::Done;
        return Status::Complete;
    }
    m_remaining = length;
    m_request.body.reserve(qsizetype(length));
    m_state = State::FixedBody;
    return Status::NeedMoreData;
}

HttpRequestReader::Status HttpRequestReader::parseChunkSize(const QByteArray &line)
{
    // chunk-size [ chunk-ext ] CRLF (RFC 9112 section 7.1); extensions are ignored.
    const qsizetype semicolon = line.indexOf(';');
    const QByteArray size = trimmedOws(semicolon < 0 ? line : line.left(semicolon));
    if (size.isEmpty() || size.size() > 15)
        return fail(400, "Malformed chunk size");
    qint64 value = 0;
    for (char c : size) {
        int digit = 0;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return fail(400, "Malformed chunk size");
        value = value * 16 + digit;
    }
    if (value == 0) {
        m_state = State::Trailers;
        return Status::NeedMoreData;
    }
    if (value > m_limits.maxBodyBytes - m_request.body.size())
        return fail(413, "Request body too large");
    m_remaining = value;
    m_state = State::ChunkData;
    return Status::NeedMoreData;
}

HttpRequestReader::Status HttpRequestReader::read(QByteArray &buffer)
{
    for (;;) {
        switch (m_state) {
        case State::Done:
            return Status::Complete;
        case State::Failed:
            return Status::Failed;
        case State::Head:
        case State::Trailers: {
            QByteArray line;
            bool failed = false;
            if (!takeLine(buffer, line, failed))
                return failed ? Status::Failed : Status::NeedMoreData;
            if (m_state == State::Trailers) {
                if (line.isEmpty()) {
                    m_state = State::Done;
                    return Status::Complete;
                }
                continue; // trailer fields are read and dropped
            }
            if (!m_haveRequestLine) {
                // RFC 9112 section 2.2: ignore at least one empty line before the request line.
                if (line.isEmpty()) {
                    if (m_headBytes > kMaxLeadingEmptyLines * 2)
                        return fail(400, "Malformed request line");
                    continue;
                }
                if (!parseRequestLine(line))
                    return Status::Failed;
                continue;
            }
            if (line.isEmpty()) {
                const Status status = finishHead();
                if (status != Status::NeedMoreData)
                    return status;
                continue;
            }
            if (!parseHeaderLine(line))
                return Status::Failed;
            continue;
        }
        case State::FixedBody:
        case State::ChunkData: {
            if (buffer.isEmpty())
                return Status::NeedMoreData;
            const qsizetype take = qsizetype(std::min<qint64>(m_remaining, buffer.size()));
            m_request.body.append(buffer.constData(), take);
            buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return Status::NeedMoreData;
            if (m_state == State::FixedBody) {
                m_state = State::Done;
                return Status::Complete;
            }
            m_state = State::ChunkDataEnd;
            continue;
        }
        case State::ChunkDataEnd: {
            QByteArray line;
            bool failed = false;
            if (!takeLine(buffer, line, failed))
                return failed ? Status::Failed : Status::NeedMoreData;
            if (!line.isEmpty())
                return fail(400, "Malformed chunk");
            m_state = State::ChunkSize;
            continue;
        }
        case State::ChunkSize: {
            QByteArray line;
            bool failed = false;
            if (!takeLine(buffer, line, failed))
                return failed ? Status::Failed : Status::NeedMoreData;
            const Status status = parseChunkSize(line);
            if (status == Status::Failed)
                return status;
            continue;
        }
        }
    }
}

} // namespace mantle::emulator
