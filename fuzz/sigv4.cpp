// Fuzz target: aws::SigV4Signer's canonicalisation and signing of an arbitrary request.
//
// The input is one byte of options (path normalisation, content hash header, session token,
// presigning) and then a request written as the AWS SigV4 test suite writes them
// (../shared/testdata/sigv4/*/request.txt): "METHOD PATH?QUERY HTTP/1.1", header lines (a line
// starting with white space continues the previous value), a blank line and the body.
// Invariants: signing never crashes; the canonical request, string to sign and signature are
// deterministic (the same signer twice, with its cached key, and a fresh signer agree); the
// canonical request has its fixed shape (method first, a blank line, the signed headers, the
// payload hash); the signature is 64 lower-case hex digits.

#include "aws/sigv4signer.h"
#include "fuzzsupport.h"

#include <QList>

namespace {

using namespace mantle::aws;

bool isLowerHex(const QByteArray &text)
{
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

SigningRequest requestFrom(const QByteArray &text)
{
    SigningRequest request;
    const qsizetype blank = text.indexOf("\n\n");
    const QByteArray head = blank < 0 ? text : text.first(blank);
    if (blank >= 0)
        request.body = text.sliced(blank + 2);
    QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).split(' ');
    request.method = requestLine.value(0);
    QByteArray target = requestLine.value(1);
    if (const qsizetype question = target.indexOf('?'); question >= 0) {
        for (const QByteArray &pair : target.sliced(question + 1).split('&')) {
            const qsizetype equals = pair.indexOf('=');
            const QByteArray name = equals < 0 ? pair : pair.first(equals);
            const QByteArray value = equals < 0 ? QByteArray() : pair.sliced(equals + 1);
            request.query.append(
                {QByteArray::fromPercentEncoding(name), QByteArray::fromPercentEncoding(value)});
        }
        target.truncate(question);
    }
    request.path = target;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (!line.isEmpty() && (line.front() == ' ' || line.front() == '\t')
            && !request.headers.isEmpty()) {
            request.headers.last().second += '\n' + line;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = line.first(colon);
        if (name.compare("host", Qt::CaseInsensitive) == 0)
            request.host = line.sliced(colon + 1);
        else
            request.headers.append({name, line.sliced(colon + 1)});
    }
    return request;
}

void checkShape(const SigningRequest &request, const SignedRequest &signed_)
{
    MANTLE_FUZZ_CHECK(signed_.signature.size() == 64 && isLowerHex(signed_.signature));
    const QList<QByteArray> lines = signed_.canonicalRequest.split('\n');
    MANTLE_FUZZ_CHECK(lines.size() >= 6);
    // The signer sends (and signs) the method in upper case.
    MANTLE_FUZZ_CHECK(lines.first() == request.method.toUpper());
    MANTLE_FUZZ_CHECK(lines.at(lines.size() - 3).isEmpty());
    MANTLE_FUZZ_CHECK(lines.at(lines.size() - 2) == signed_.signedHeaders);
    const QByteArray &hash = lines.last();
    MANTLE_FUZZ_CHECK(hash == "UNSIGNED-PAYLOAD" || (hash.size() == 64 && isLowerHex(hash)));
    MANTLE_FUZZ_CHECK(signed_.stringToSign.startsWith("AWS4-HMAC-SHA256\n"));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded([&] {
        if (size < 1)
            return;
        const std::uint8_t flags = data[0];
        const SigningRequest request = requestFrom(
            QByteArray(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1));

        Credentials credentials;
        credentials.accessKeyId = QStringLiteral("AKIDEXAMPLE");
        credentials.secretAccessKey
            = mantle::SecretString(std::string_view("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        if (flags & 0x01)
            credentials.sessionToken = mantle::SecretString(std::string_view("fuzz-session-token"));
        SigningOptions options;
        options.region = "us-east-1";
        options.service = "service";
        options.normalizePath = !(flags & 0x02);
        options.addContentSha256 = (flags & 0x04) != 0;
        options.signSessionToken = !(flags & 0x08);
        const QDateTime time(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC);

        const SigV4Signer signer;
        const bool presign = (flags & 0x10) != 0;
        const auto sign = [&](const SigV4Signer &with) {
            return presign ? with.presign(request, credentials, options, time, 3600)
                           : with.sign(request, credentials, options, time);
        };
        const SignedRequest first = sign(signer);
        const SignedRequest second = sign(signer);
        const SigV4Signer fresh;
        const SignedRequest third = sign(fresh);
        for (const SignedRequest *other : {&second, &third}) {
            MANTLE_FUZZ_CHECK(other->canonicalRequest == first.canonicalRequest);
            MANTLE_FUZZ_CHECK(other->stringToSign == first.stringToSign);
            MANTLE_FUZZ_CHECK(other->signature == first.signature);
            MANTLE_FUZZ_CHECK(other->authorization == first.authorization);
            MANTLE_FUZZ_CHECK(other->pathAndQuery == first.pathAndQuery);
            MANTLE_FUZZ_CHECK(other->headersToAdd == first.headersToAdd);
        }
        checkShape(request, first);
        if (!presign)
            MANTLE_FUZZ_CHECK(first.authorization.contains("Signature=" + first.signature));
    });
}
