#include "uriencoding.h"

#include <QList>

namespace mantle::aws {

namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";

constexpr bool isUnreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

void appendUriEncoded(QByteArray &out, QByteArrayView bytes, bool keepSlash)
{
    // Worst case every byte becomes %XX; write through a pointer and trim, since appending
    // character by character costs a call per byte.
    const qsizetype at = out.size();
    out.resize(at + 3 * bytes.size());
    char *w = out.data() + at;
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (isUnreserved(c) || (keepSlash && c == '/')) {
            *w++ = ch;
        } else {
            *w++ = '%';
            *w++ = kHexUpper[c >> 4];
            *w++ = kHexUpper[c & 0xf];
        }
    }
    out.truncate(w - out.constData());
}

QByteArray uriEncode(QByteArrayView bytes, bool keepSlash)
{
    QByteArray out;
    appendUriEncoded(out, bytes, keepSlash);
    return out;
}

QByteArray percentDecode(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '%' && i + 2 < bytes.size()) {
            const int hi = hexValue(bytes[i + 1]);
            const int lo = hexValue(bytes[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.append(char(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.append(bytes[i]);
    }
    return out;
}

QByteArray strictPath(QByteArrayView path)
{
    QByteArray out;
    out.reserve(path.size());
    for (qsizetype i = 0; i < path.size(); ++i) {
        const auto c = static_cast<unsigned char>(path[i]);
        if (c == '%' && i + 2 < path.size() && hexValue(path[i + 1]) >= 0
            && hexValue(path[i + 2]) >= 0) {
            const char esc[3]
                = {'%', kHexUpper[hexValue(path[i + 1])], kHexUpper[hexValue(path[i + 2])]};
            out.append(esc, 3);
            i += 2;
        } else {
            appendUriEncoded(out, path.sliced(i, 1), true);
        }
    }
    return out;
}

QByteArray normalizePath(QByteArrayView path)
{
    if (path.isEmpty())
        return QByteArrayLiteral("/");
    QList<QByteArrayView> kept;
    qsizetype start = 0;
    while (start <= path.size()) {
        qsizetype end = path.indexOf('/', start);
        if (end < 0)
            end = path.size();
        const QByteArrayView segment = path.sliced(start, end - start);
        if (segment == "..") {
            if (!kept.isEmpty())
                kept.removeLast();
        } else if (!segment.isEmpty() && segment != ".") {
            kept.append(segment);
        }
        start = end + 1;
    }
    QByteArray out;
    out.reserve(path.size() + 1);
    if (path.front() == '/')
        out.append('/');
    for (qsizetype i = 0; i < kept.size(); ++i) {
        if (i)
            out.append('/');
        out.append(kept[i]);
    }
    if (path.back() == '/' && !kept.isEmpty())
        out.append('/');
    return out;
}

} // namespace mantle::aws
