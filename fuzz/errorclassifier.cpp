// Fuzz target: api::ErrorClassifier (and api::ErrorEnvelope under it) on a refused call.
//
// The input is one byte that chooses the surface, the authentication and the route prefix,
// then an HTTP answer as text: a status line ("HTTP/1.1 429 Too Many Requests" or just "429"),
// header lines and, after a blank line, the body. Invariants: the error always has a message,
// bounded in length whatever the body; nothing shaped like a key or token from the answer
// reaches the message or the hint; Retry-After is never negative; classifying twice gives the
// same result; no exception escapes.

#include "api/errorclassifier.h"
#include "fuzzsupport.h"

#include <QRegularExpression>

namespace {

using mantle::api::ClassifiedError;
using mantle::api::ErrorClassifier;
using mantle::api::FailedCall;

// What the classifier promises to redact (ErrorClassifier's documentation): Bedrock API keys,
// AWS access key ids and bearer tokens.
const QRegularExpression &secretPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("ABSK[A-Za-z0-9+/=_-]{8,}|bedrock-api-key-[A-Za-z0-9+/=_.%-]{8,}"
                       "|\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b|(?i:bearer)\\s+[A-Za-z0-9+/=_.%-]{20,}"));
    return pattern;
}

FailedCall callFrom(const std::uint8_t *data, std::size_t size)
{
    using mantle::mantle::ApiSurface;
    FailedCall call;
    const std::uint8_t choice = data[0];
    call.surface = mantle::mantle::kAllApiSurfaces[choice % 5];
    call.auth = (choice & 0x08) ? FailedCall::Auth::ApiKey : FailedCall::Auth::SigV4;
    static const char *const kPrefixes[] = {"/v1", "/openai/v1", "/anthropic/v1", ""};
    call.routePrefix = QString::fromLatin1(kPrefixes[(choice >> 4) & 3]);
    call.account = QStringLiteral("fuzz");
    call.region = QStringLiteral("us-east-1");
    call.model = (choice & 0x40) ? QString() : QStringLiteral("openai.gpt-oss-120b");
    call.receivedAtUtc
        = (choice & 0x80) ? QDateTime() : QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);

    QByteArray text(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    qsizetype end = text.indexOf("\r\n\r\n");
    qsizetype bodyStart = end < 0 ? -1 : end + 4;
    if (const qsizetype lf = text.indexOf("\n\n"); lf >= 0 && (end < 0 || lf < end)) {
        end = lf;
        bodyStart = lf + 2;
    }
    const QByteArray head = end < 0 ? text : text.first(end);
    call.body = bodyStart < 0 ? QByteArray() : text.sliced(bodyStart);
    const QList<QByteArray> lines = head.split('\n');
    QByteArray status = lines.value(0).trimmed();
    if (status.startsWith("HTTP/"))
        status = status.split(' ').value(1);
    call.httpStatus = status.toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            call.headers.append({line.first(colon).trimmed(), line.sliced(colon + 1).trimmed()});
    }
    return call;
}

void checkError(const ClassifiedError &classified)
{
    const mantle::Error &error = classified.error;
    MANTLE_FUZZ_CHECK(!error.message.isEmpty());
    // The server's text is quoted at most kMaxQuotedLength characters long (and the request id
    // is short); a message much longer than that quotes more than it should.
    MANTLE_FUZZ_CHECK(error.message.size() < 1000 + 2 * ErrorClassifier::kMaxQuotedLength);
    MANTLE_FUZZ_CHECK(!secretPattern().match(error.message).hasMatch());
    MANTLE_FUZZ_CHECK(!secretPattern().match(error.hint).hasMatch());
    if (classified.retryAfterSeconds)
        MANTLE_FUZZ_CHECK(*classified.retryAfterSeconds >= 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded([&] {
        if (size < 1)
            return;
        const FailedCall call = callFrom(data, size);
        const ClassifiedError classified = ErrorClassifier::classify(call);
        checkError(classified);
        MANTLE_FUZZ_CHECK(ErrorClassifier::classify(call) == classified);
        if (const std::optional<ClassifiedError> inBody
            = ErrorClassifier::classifySuccessBody(call))
            checkError(*inBody);
        const QByteArray retryAfter = ErrorClassifier::headerValue(call.headers, "retry-after");
        if (const std::optional<int> seconds
            = ErrorClassifier::parseRetryAfter(retryAfter, call.receivedAtUtc)) {
            MANTLE_FUZZ_CHECK(*seconds >= 0);
        }
    });
}
