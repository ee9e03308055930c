#include "stsresponseparser.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringList>
#include <QTimeZone>
#include <QXmlStreamReader>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::StsResponseParser)
};

constexpr int kMaxDepth = 32;
constexpr qsizetype kMaxMessageLength = 1000;

/// The text of every leaf element of an XML document, by its path from the root
/// ("ErrorResponse/Error/Code"); the first occurrence wins.
struct XmlLeaves
{
    enum class Outcome { Empty, NotXml, Xml };
    Outcome outcome = Outcome::NotXml;
    QString root;
    QHash<QString, QString> leaves;
};

void wipe(QString &text)
{
    if (!text.isEmpty())
        text.fill(QChar(0));
    text.clear();
}

XmlLeaves readLeaves(const QByteArray &body)
{
    XmlLeaves doc;
    if (body.trimmed().isEmpty()) {
        doc.outcome = XmlLeaves::Outcome::Empty;
        return doc;
    }
    struct Frame
    {
        qsizetype pathLength; // the path's length before this element was appended
        QString text;
        bool hasChildren = false;
    };
    QList<Frame> stack;
    QString path;
    QXmlStreamReader reader(body);
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::DTD:
            // STS never sends a DTD; HTML pages (<!DOCTYPE html>) do.
            reader.raiseError();
            break;
        case QXmlStreamReader::StartElement:
            if (stack.size() >= kMaxDepth) {
                reader.raiseError();
                break;
            }
            if (stack.isEmpty())
                doc.root = reader.name().toString();
            else
                stack.last().hasChildren = true;
            stack.append({path.size(), QString()});
            if (!path.isEmpty())
                path.append(QLatin1Char('/'));
            path.append(reader.name());
            break;
        case QXmlStreamReader::Characters:
            if (!stack.isEmpty())
                stack.last().text.append(reader.text());
            break;
        case QXmlStreamReader::EndElement: {
            Frame frame = stack.takeLast();
            if (!frame.hasChildren && !doc.leaves.contains(path))
                doc.leaves.insert(path, frame.text.trimmed());
            wipe(frame.text);
            path.truncate(frame.pathLength);
            break;
        }
        default:
            break;
        }
    }
    if (reader.hasError() || doc.root.isEmpty()) {
        for (Frame &frame : stack)
            wipe(frame.text);
        for (QString &text : doc.leaves)
            wipe(text);
        doc.leaves.clear();
        return doc;
    }
    doc.outcome = XmlLeaves::Outcome::Xml;
    return doc;
}

QString contentTypeText(const StsResponseParser::Exchange &exchange)
{
    return exchange.contentType.isEmpty() ? Tr::tr("none")
                                          : QString::fromLatin1(exchange.contentType).simplified();
}

Error withExchange(Error e, const StsResponseParser::Exchange &exchange, QString requestId = {})
{
    e.httpStatus = exchange.httpStatus;
    e.requestId = requestId.isEmpty() ? exchange.requestIdHeader : std::move(requestId);
    return e;
}

QString proxyHint()
{
    return Tr::tr("Something other than AWS may have answered, such as a proxy or a captive "
                  "portal: check the network, the proxy settings and the STS endpoint.");
}

/// The answer is not STS's (an HTML page, an empty body, some other XML).
Error notAnStsAnswer(XmlLeaves::Outcome outcome, const StsResponseParser::Exchange &exchange)
{
    const QString message = outcome == XmlLeaves::Outcome::Empty
        ? Tr::tr("STS at %1 answered HTTP %2 with an empty body (content type: %3).")
              .arg(exchange.endpoint)
              .arg(exchange.httpStatus)
              .arg(contentTypeText(exchange))
        : Tr::tr("The answer from %1 (HTTP %2, content type: %3) is not an STS answer.")
              .arg(exchange.endpoint)
              .arg(exchange.httpStatus)
              .arg(contentTypeText(exchange));
    return withExchange(makeError(Error::Kind::Parse, message, proxyHint()), exchange);
}

QString stsMessageText(QString message)
{
    message = message.simplified();
    if (message.size() > kMaxMessageLength)
        message = message.left(kMaxMessageLength) + QChar(0x2026);
    return message;
}

Error stsError(const QString &code, const QString &stsMessage, const QString &requestId,
               const StsResponseParser::Exchange &exchange)
{
    const QString said = stsMessage.isEmpty() ? Tr::tr("(no message)") : stsMessage;
    Error e;
    if (code == QLatin1String("AccessDenied")) {
        e.kind = Error::Kind::Auth;
        e.message = Tr::tr("STS refused to let the source credentials assume the role "
                           "(AccessDenied): %1")
                        .arg(said);
        e.hint = exchange.externalIdSent
            ? Tr::tr("The source credentials need permission for sts:AssumeRole on %1, the "
                     "role's trust policy must allow them, and the external ID must match the "
                     "trust policy's sts:ExternalId condition exactly.")
                  .arg(exchange.roleArn)
            : Tr::tr("The source credentials need permission for sts:AssumeRole on %1, and the "
                     "role's trust policy must allow them. If the trust policy requires an "
                     "external ID (sts:ExternalId), give it.")
                  .arg(exchange.roleArn);
    } else if (code == QLatin1String("ExpiredToken")) {
        e.kind = Error::Kind::Auth;
        e.message = Tr::tr("The source credentials have expired (ExpiredToken): %1").arg(said);
        e.hint = Tr::tr("Refresh the source credentials (sign in again or get a new session "
                        "token), then try again.");
    } else if (code == QLatin1String("InvalidClientTokenId")) {
        e.kind = Error::Kind::Auth;
        e.message = Tr::tr("AWS does not know the access key id %1 (InvalidClientTokenId): %2")
                        .arg(exchange.accessKeyId, said);
        e.hint = Tr::tr("Check the source access key id: the key may have been deleted or "
                        "deactivated, belong to another AWS partition, or, for temporary "
                        "credentials, come with the wrong session token.");
    } else if (code == QLatin1String("SignatureDoesNotMatch")) {
        e.kind = Error::Kind::Auth;
        e.message
            = Tr::tr("STS rejected the request's signature (SignatureDoesNotMatch): %1").arg(said);
        e.hint = stsMessage.contains(QLatin1String("Signature expired"), Qt::CaseInsensitive)
            ? Tr::tr("This computer's clock is off: set it to the correct time and try again.")
            : Tr::tr("The secret access key is wrong for the access key id %1: check it (and "
                     "that no space or line break was copied with it).")
                  .arg(exchange.accessKeyId);
    } else if (code == QLatin1String("RegionDisabledException")) {
        e.kind = Error::Kind::Config;
        e.message = Tr::tr("STS is not activated in the region %1 for this account "
                           "(RegionDisabledException): %2")
                        .arg(exchange.region, said);
        e.hint = Tr::tr("Enable the region in the account's settings (AWS console, Account, AWS "
                        "Regions) or use another region.");
    } else if (code == QLatin1String("ValidationError")) {
        e.kind = Error::Kind::InvalidInput;
        e.message = Tr::tr("STS refused a parameter of the request: %1").arg(said);
        e.hint = Tr::tr("Correct the parameter STS names and try again.");
    } else {
        e.kind = Error::Kind::Http;
        e.message = Tr::tr("STS answered HTTP %1 with the error %2: %3")
                        .arg(exchange.httpStatus)
                        .arg(code, said);
    }
    e.code = code;
    return withExchange(std::move(e), exchange, requestId);
}

/// <ErrorResponse> (STS) or <Response><Errors> (the older Query API shape); nullopt otherwise.
std::optional<Error> errorFromLeaves(const XmlLeaves &doc,
                                     const StsResponseParser::Exchange &exchange)
{
    QString code;
    QString message;
    QString requestId;
    if (doc.root == QLatin1String("ErrorResponse")) {
        code = doc.leaves.value(QStringLiteral("ErrorResponse/Error/Code"));
        message = doc.leaves.value(QStringLiteral("ErrorResponse/Error/Message"));
        requestId = doc.leaves.value(QStringLiteral("ErrorResponse/RequestId"));
    } else if (doc.root == QLatin1String("Response")) {
        code = doc.leaves.value(QStringLiteral("Response/Errors/Error/Code"));
        message = doc.leaves.value(QStringLiteral("Response/Errors/Error/Message"));
        requestId = doc.leaves.value(QStringLiteral("Response/RequestID"));
    } else {
        return std::nullopt;
    }
    if (code.isEmpty())
        return std::nullopt;
    return stsError(code.simplified(), stsMessageText(message), requestId.simplified(), exchange);
}

SecretString takeSecret(QHash<QString, QString> &leaves, const QString &path)
{
    QString text = leaves.take(path);
    QByteArray bytes = text.toUtf8();
    SecretString secret(bytes);
    bytes.fill('\0');
    wipe(text);
    return secret;
}

QDateTime parseExpiration(const QString &text)
{
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        return {};
    if (when.timeSpec() == Qt::LocalTime)
        when.setTimeZone(QTimeZone::utc()); // STS writes UTC; a time without an offset is UTC too
    return when.toUTC();
}

} // namespace

Result<AssumedRole> StsResponseParser::parseAssumeRole(const QByteArray &body,
                                                       const Exchange &exchange)
{
    XmlLeaves doc = readLeaves(body);
    if (doc.outcome == XmlLeaves::Outcome::Xml) {
        if (std::optional<Error> error = errorFromLeaves(doc, exchange))
            return *std::move(error);
    }
    const bool success = exchange.httpStatus >= 200 && exchange.httpStatus < 300;
    if (!success || doc.outcome != XmlLeaves::Outcome::Xml
        || doc.root != QLatin1String("AssumeRoleResponse")) {
        for (QString &text : doc.leaves)
            wipe(text);
        return notAnStsAnswer(doc.outcome, exchange);
    }

    const QString result = QStringLiteral("AssumeRoleResponse/AssumeRoleResult/");
    const QString creds = result + QLatin1String("Credentials/");
    static const char *const kRequired[]
        = {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"};
    QStringList missing;
    for (const char *field : kRequired) {
        if (doc.leaves.value(creds + QLatin1String(field)).isEmpty())
            missing.append(QLatin1String(field));
    }

    AssumedRole out;
    out.credentials.accessKeyId = doc.leaves.value(creds + QLatin1String("AccessKeyId"));
    out.credentials.secretAccessKey
        = takeSecret(doc.leaves, creds + QLatin1String("SecretAccessKey"));
    out.credentials.sessionToken = takeSecret(doc.leaves, creds + QLatin1String("SessionToken"));
    const QString expiration = doc.leaves.value(creds + QLatin1String("Expiration"));
    out.arn = doc.leaves.value(result + QLatin1String("AssumedRoleUser/Arn"));
    out.assumedRoleId = doc.leaves.value(result + QLatin1String("AssumedRoleUser/AssumedRoleId"));
    out.requestId
        = doc.leaves.value(QStringLiteral("AssumeRoleResponse/ResponseMetadata/RequestId"));
    if (out.requestId.isEmpty())
        out.requestId = exchange.requestIdHeader;

    if (!missing.isEmpty())
        return withExchange(
            makeError(Error::Kind::Parse,
                      Tr::tr("The AssumeRole answer from %1 (HTTP %2, content type: %3) lacks "
                             "the fields %4.")
                          .arg(exchange.endpoint)
                          .arg(exchange.httpStatus)
                          .arg(contentTypeText(exchange), missing.join(QLatin1String(", "))),
                      proxyHint()),
            exchange, out.requestId);

    out.credentials.expiration = parseExpiration(expiration);
    if (!out.credentials.expiration.isValid())
        return withExchange(
            makeError(Error::Kind::Parse,
                      Tr::tr("The AssumeRole answer from %1 has an expiry that is not an ISO 8601 "
                             "time: “%2”.")
                          .arg(exchange.endpoint, stsMessageText(expiration.left(64))),
                      proxyHint()),
            exchange, out.requestId);
    return out;
}

Error StsResponseParser::parseError(const QByteArray &body, const Exchange &exchange)
{
    XmlLeaves doc = readLeaves(body);
    if (doc.outcome == XmlLeaves::Outcome::Xml) {
        if (std::optional<Error> error = errorFromLeaves(doc, exchange))
            return *std::move(error);
    }
    for (QString &text : doc.leaves)
        wipe(text);
    return notAnStsAnswer(doc.outcome, exchange);
}

} // namespace mantle::aws
