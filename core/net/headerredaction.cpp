#include "headerredaction.h"

namespace mantle::net {

namespace {

QByteArray redactAuthorization(const QByteArray &value)
{
    static const QByteArray kSigV4 = QByteArrayLiteral("AWS4-HMAC-SHA256 ");
    if (!value.startsWith(kSigV4)) {
        // "Bearer <key>" or anything else: keep the scheme only.
        const qsizetype space = value.indexOf(' ');
        return space > 0 ? value.left(space + 1) + kRedacted : QByteArray(kRedacted);
    }
    QList<QByteArray> parts = value.mid(kSigV4.size()).split(',');
    for (QByteArray &part : parts) {
        const QByteArray trimmed = part.trimmed();
        if (trimmed.startsWith("Signature=")) {
            part = " Signature=" + QByteArray(kRedacted);
        } else if (trimmed.startsWith("Credential=")) {
            // Credential=AKID/date/region/service/aws4_request
            const QByteArray credential = trimmed.mid(int(sizeof("Credential=")) - 1);
            const qsizetype slash = credential.indexOf('/');
            const QByteArray keyId = slash < 0 ? credential : credential.left(slash);
            const QByteArray scope = slash < 0 ? QByteArray() : credential.mid(slash);
            part = (part.startsWith(' ') ? " Credential=" : "Credential=") + keyId.left(4) + "…"
                + scope;
        }
    }
    return kSigV4 + parts.join(',');
}

} // namespace

QList<QPair<QByteArray, QByteArray>>
redactHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QList<QPair<QByteArray, QByteArray>> redacted;
    redacted.reserve(headers.size());
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower == "authorization")
            redacted.append({name, redactAuthorization(value)});
        else if (lower == "x-api-key" || lower == "x-amz-security-token")
            redacted.append({name, QByteArray(kRedacted)});
        else
            redacted.append({name, value});
    }
    return redacted;
}

} // namespace mantle::net
