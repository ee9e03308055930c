#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace mantle::aws {

/// RFC 3986 percent-encoding as AWS SigV4 wants it: the unreserved characters (A-Z a-z 0-9 - . _ ~)
/// stay, every other byte becomes %XX with upper-case hex. With `keepSlash`, '/' stays too (paths).
void appendUriEncoded(QByteArray &out, QByteArrayView bytes, bool keepSlash = false);
QByteArray uriEncode(QByteArrayView bytes, bool keepSlash = false);

/// Decodes %XX escapes; anything else (including '+' and malformed escapes) is kept as it is.
QByteArray percentDecode(QByteArrayView bytes);

/// Turns a path as a person wrote it ("/a b/ü", "/a%2fb") into the strict form to send: unreserved
/// characters and '/' stay, valid %XX escapes stay with their hex upper-cased, and every other byte
/// is percent-encoded.
QByteArray strictPath(QByteArrayView path);

/// RFC 3986 section 5.2.4 dot-segment removal plus the collapse of repeated slashes that AWS's
/// non-S3 services apply; an empty path becomes "/". A trailing slash is kept when a segment
/// remains before it.
QByteArray normalizePath(QByteArrayView path);

} // namespace mantle::aws
