#include "errorclassifier.h"

#include "errorenvelope.h"
#include "turnreader.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>
#include <QStringList>
#include <QTimeZone>

#include <algorithm>
#include <limits>

namespace mantle::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::api::ErrorClassifier)
};

using ::mantle::mantle::ApiSurface;

/// What the answer body says, read once.
struct ServerAnswer
{
    bool empty = false;
    bool html = false;
    bool envelope = false; ///< an OpenAI or Anthropic error envelope
    QString code; ///< the machine code shown to callers
    QStringList names; ///< every error name the answer gives, lower case, for matching
    QString message; ///< the server's own message, as sent
    QString requestId; ///< a request id in the body (Anthropic puts one there)
};

bool isNumber(const QString &text)
{
    bool ok = false;
    text.toLongLong(&ok);
    return ok;
}

QString stringField(const QJsonObject &object, QLatin1String lower, QLatin1String upper)
{
    const QJsonValue value = object.value(lower);
    return value.isString() ? value.toString() : object.value(upper).toString();
}

bool looksLikeHtml(const QByteArray &contentType, const QByteArray &trimmedBody)
{
    return TurnReader::looksLikeWebPage(contentType, trimmedBody);
}

ServerAnswer readAnswer(const FailedCall &call)
{
    ServerAnswer answer;
    const QByteArray body = call.body.trimmed();
    const QByteArray contentType
        = ErrorClassifier::headerValue(call.headers, QByteArrayLiteral("content-type"));
    // "AccessDeniedException:http://internal.amazon.com/coral/..." names the exception before
    // the first colon.
    const QString awsType = QString::fromLatin1(
        ErrorClassifier::headerValue(call.headers, QByteArrayLiteral("x-amzn-errortype"))
            .split(':')
            .constFirst()
            .trimmed());
    if (!awsType.isEmpty())
        answer.names.append(awsType.toLower());

    if (body.isEmpty()) {
        answer.empty = true;
    } else if (looksLikeHtml(contentType, body)) {
        answer.html = true;
    } else {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error == QJsonParseError::NoError && document.isObject()) {
            const QJsonObject object = document.object();
            answer.requestId
                = stringField(object, QLatin1String("request_id"), QLatin1String("requestId"));
            if (const std::optional<TurnError> error = ErrorEnvelope::fromBody(object)) {
                answer.envelope = true;
                answer.message = error->message;
                const QString machine
                    = !error->code.isEmpty() && !isNumber(error->code) ? error->code : error->type;
                // ErrorEnvelope says "error" when the envelope names nothing.
                if (machine != QLatin1String("error"))
                    answer.code = machine;
                for (const QString &name : {error->type, error->code}) {
                    if (!name.isEmpty() && name != QLatin1String("error"))
                        answer.names.append(name.toLower());
                }
            } else {
                // AWS style: {"message": ...} or {"Message": ...}, maybe with "__type" or
                // "code"; some gateways answer {"error": "text"}.
                answer.message
                    = stringField(object, QLatin1String("message"), QLatin1String("Message"));
                if (answer.message.isEmpty())
                    answer.message = object.value(QLatin1String("error")).toString();
                QString name = object.value(QLatin1String("__type")).toString();
                name = name.mid(name.lastIndexOf(QLatin1Char('#')) + 1);
                if (name.isEmpty())
                    name = stringField(object, QLatin1String("code"), QLatin1String("Code"));
                if (!name.isEmpty())
                    answer.names.append(name.toLower());
                answer.code = name;
            }
        } else {
            // Plain text (some gateways answer that way); quoted shortened like any message.
            answer.message = QString::fromUtf8(body);
        }
    }
    if (answer.code.isEmpty())
        answer.code = awsType;
    return answer;
}

/// The server's message as it may appear in ours: on one line, at most kMaxQuotedLength
/// characters, with anything that looks like a key or token replaced.
QString quotable(const QString &message)
{
    static const QRegularExpression secret(
        QStringLiteral("ABSK[A-Za-z0-9+/=_-]{8,}|bedrock-api-key-[A-Za-z0-9+/=_.%-]{8,}"
                       "|\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b|(?i:bearer)\\s+[A-Za-z0-9+/=_.%-]{20,}"));
    QString text = message.simplified();
    text.replace(secret, QStringLiteral("[redacted]"));
    if (text.size() > ErrorClassifier::kMaxQuotedLength)
        text = text.left(ErrorClassifier::kMaxQuotedLength - 1).trimmed() + QChar(0x2026);
    return text;
}

/// "account prod, region us-east-1, model X, route /v1", leaving out what is not known.
QString placeOf(const FailedCall &call)
{
    QStringList parts;
    if (!call.account.isEmpty())
        parts.append(Tr::tr("account %1").arg(call.account));
    if (!call.region.isEmpty())
        parts.append(Tr::tr("region %1").arg(call.region));
    if (!call.model.isEmpty())
        parts.append(Tr::tr("model %1").arg(call.model));
    if (!call.routePrefix.isEmpty())
        parts.append(Tr::tr("route %1").arg(call.routePrefix));
    if (parts.isEmpty())
        return Tr::tr("no account or region named");
    return parts.join(Tr::tr(", ", "separates the parts of an error's place"));
}

QString statusOf(int status, const QString &code)
{
    if (status == 0)
        return code.isEmpty() ? Tr::tr("no HTTP status") : code;
    if (code.isEmpty())
        return Tr::tr("HTTP %1").arg(status);
    return Tr::tr("HTTP %1, %2").arg(QString::number(status), code);
}

/// A sentence head ("Access was denied (HTTP 403; region ...)") with the server's message
/// after it when there is one.
QString withQuote(const QString &head, const QString &quote)
{
    if (quote.isEmpty())
        return Tr::tr("%1.", "an error sentence without the server's message").arg(head);
    return Tr::tr("%1: %2", "an error sentence, then the server's message").arg(head, quote);
}

/// The model id without a cross-region prefix or a version suffix, as Mantle names models.
QString bareModelId(const QString &model)
{
    static const QRegularExpression prefix(
        QStringLiteral("^(?:us|eu|apac|global|jp|au|ca|us-gov)\\.(?=[^.]+\\.)"));
    static const QRegularExpression suffix(QStringLiteral("(?:-v\\d+(?::\\d+)?|:\\d+)$"));
    QString bare = model;
    bare.remove(prefix);
    bare.remove(suffix);
    return bare;
}

QDateTime httpDate(const QByteArray &value)
{
    const QString text = QString::fromLatin1(value).trimmed();
    if (text.isEmpty())
        return {};
    QDateTime date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!date.isValid()) {
        // The other RFC 9110 form, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" read strictly.
        date = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        date.setTimeZone(QTimeZone::utc());
    }
    return date.isValid() ? date.toUTC() : QDateTime();
}

bool anyOf(const QStringList &names, std::initializer_list<const char *> wanted)
{
    for (const char *name : wanted) {
        if (names.contains(QLatin1String(name)))
            return true;
    }
    return false;
}

} // namespace

QByteArray ErrorClassifier::headerValue(const QList<QPair<QByteArray, QByteArray>> &headers,
                                        const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return {};
}

QString ErrorClassifier::alternatePrefix(const QString &prefix)
{
    if (prefix == QLatin1String("/v1"))
        return QStringLiteral("/openai/v1");
    if (prefix == QLatin1String("/openai/v1"))
        return QStringLiteral("/v1");
    return {};
}

std::optional<int> ErrorClassifier::parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qlonglong seconds = trimmed.toLongLong(&ok);
    if (ok)
        return seconds >= 0 && seconds <= std::numeric_limits<int>::max()
            ? std::optional<int>(int(seconds))
            : std::nullopt;
    const QDateTime date = httpDate(trimmed);
    if (!date.isValid() || !now.isValid())
        return std::nullopt;
    return int(std::clamp<qint64>(now.secsTo(date), 0, std::numeric_limits<int>::max()));
}

std::optional<ClassifiedError> ErrorClassifier::classifySuccessBody(const FailedCall &call)
{
    const QJsonDocument document = QJsonDocument::fromJson(call.body);
    if (!document.isObject())
        return std::nullopt;
    const std::optional<TurnError> error = ErrorEnvelope::fromBody(document.object());
    if (!error || (error->message.isEmpty() && error->type == QLatin1String("error")))
        return std::nullopt;
    return classify(call);
}

ClassifiedError ErrorClassifier::classify(const FailedCall &call)
{
    const ServerAnswer answer = readAnswer(call);
    const int status = call.httpStatus;

    ClassifiedError out;
    Error &error = out.error;
    error.kind = Error::Kind::Http;
    error.httpStatus = status;
    error.code = answer.code;
    for (const char *name :
         {"x-amzn-requestid", "x-amzn-request-id", "x-request-id", "x-amz-request-id"}) {
        error.requestId = QString::fromLatin1(headerValue(call.headers, QByteArray(name)));
        if (!error.requestId.isEmpty())
            break;
    }
    if (error.requestId.isEmpty())
        error.requestId = answer.requestId;

    const QDateTime serverDate = httpDate(headerValue(call.headers, QByteArrayLiteral("date")));
    out.retryAfterSeconds
        = parseRetryAfter(headerValue(call.headers, QByteArrayLiteral("retry-after")),
                          serverDate.isValid() ? serverDate : call.receivedAtUtc);

    const QString text = answer.message.toLower();
    const auto says = [&text](const char *words) {
        return text.contains(QLatin1String(words));
    };
    const QString place = placeOf(call);
    // The code comes from the body or a header too: quoted like the message (one line,
    // shortened, keys redacted), since a proxy may put anything there.
    const QString what = statusOf(status, quotable(answer.code));
    const QString quote = quotable(answer.message);

    out.retryable = status == 429 || status == 500 || status == 502 || status == 503
        || status == 504 || status == 529
        || anyOf(answer.names,
                 {"overloaded_error", "rate_limit_error", "throttlingexception",
                  "serviceunavailable", "serviceunavailableexception"});

    static const QRegularExpression unsupportedApi(
        QStringLiteral("does not support the '([^']*)' api"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression deniedAction(
        QStringLiteral("not authorized to perform:?\\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression promptTokens(
        QStringLiteral("prompt tokens \\((\\d+)\\) exceeds? model maximum \\((\\d+)\\)"),
        QRegularExpression::CaseInsensitiveOption);

    if (answer.html) {
        error.message = Tr::tr("A proxy or captive portal answered instead of Mantle, with a web "
                               "page (HTTP %1; %2).")
                            .arg(QString::number(status), place);
        error.hint = Tr::tr("Check the network: sign in to the captive portal, or set the proxy "
                            "(HTTPS_PROXY, NO_PROXY) so that requests reach Mantle.");
        return out;
    }

    if (says("berm is not enabled") || says("isn't supported on this route")
        || says("is not supported on this route")) {
        const QString other = alternatePrefix(call.routePrefix);
        out.wrongPrefix = !other.isEmpty();
        error.message = withQuote(
            Tr::tr("The model is not served under this route (%1; %2)").arg(what, place), quote);
        error.hint = other.isEmpty()
            ? Tr::tr("Call the model under /openai/v1 or /v1, whichever it is served under.")
            : Tr::tr("Use the route %1 for this model instead (the app retries there once and "
                     "remembers it).")
                  .arg(other);
        return out;
    }

    if (const QRegularExpressionMatch match = unsupportedApi.match(answer.message);
        match.hasMatch()) {
        const QString path = match.captured(1);
        const bool refusedResponses = path.contains(QLatin1String("responses"))
            || (!path.contains(QLatin1String("chat")) && call.surface == ApiSurface::Responses);
        out.unsupportedSurface = true;
        const ApiSurface refused
            = refusedResponses ? ApiSurface::Responses : ApiSurface::ChatCompletions;
        const ApiSurface instead
            = refusedResponses ? ApiSurface::ChatCompletions : ApiSurface::Responses;
        error.message = Tr::tr("The model does not support the %1 API (%2; %3).")
                            .arg(::mantle::mantle::apiSurfaceDisplayName(refused), what, place);
        error.hint = Tr::tr("Use %1 for this model instead.")
                         .arg(::mantle::mantle::apiSurfaceDisplayName(instead));
        return out;
    }

    if (says("signature expired") || says("signature not yet current")
        || anyOf(answer.names, {"requesttimetooskewed"})) {
        out.clockSkew = true;
        error.kind = Error::Kind::Auth;
        if (serverDate.isValid() && call.receivedAtUtc.isValid())
            out.clockOffsetSeconds = call.receivedAtUtc.secsTo(serverDate);
        error.message = out.clockOffsetSeconds
            ? Tr::tr("Mantle refused the request's signature because this computer's clock is "
                     "off by about %1 seconds (%2; %3).")
                  .arg(QString::number(qAbs(*out.clockOffsetSeconds)), what, place)
            : Tr::tr("Mantle refused the request's signature because its time is outside the "
                     "allowed window, so this computer's clock is probably wrong (%1; %2).")
                  .arg(what, place);
        error.hint = Tr::tr("Set this computer's clock to the correct time (turn on automatic "
                            "time synchronisation), then try again.");
        return out;
    }

    if (anyOf(answer.names, {"expiredtoken", "expiredtokenexception"})
        || says("security token included in the request is expired")) {
        out.expiredCredentials = true;
        error.kind = Error::Kind::Auth;
        error.message = Tr::tr("The credentials have expired (%1; %2).").arg(what, place);
        error.hint = call.auth == FailedCall::Auth::ApiKey
            ? Tr::tr("Create a new Bedrock API key and update the account.")
            : Tr::tr("Refresh the credentials (for example with `aws sso login`, or a new "
                     "session token for the account), then try again.");
        return out;
    }

    if (says("invalid bearer token") || anyOf(answer.names, {"invalid_api_key"})) {
        error.kind = Error::Kind::Auth;
        error.message = Tr::tr("Mantle did not accept the API key (%1; %2).").arg(what, place);
        error.hint = Tr::tr("The API key is wrong, expired or revoked: create a new Bedrock API "
                            "key (long-term keys start with ABSK) and update the account.");
        return out;
    }

    if (says("credential should be scoped to correct service")) {
        error.kind = Error::Kind::Auth;
        error.message = withQuote(
            Tr::tr("The request was signed for another service (%1; %2)").arg(what, place), quote);
        error.hint = Tr::tr("Sign requests with the service name bedrock-mantle.");
        return out;
    }

    if (says("credential should be scoped to a valid region")) {
        error.kind = Error::Kind::Auth;
        error.message = withQuote(
            Tr::tr("The request was signed for another region (%1; %2)").arg(what, place), quote);
        error.hint = Tr::tr("Sign requests with the region of the endpoint (%1).").arg(call.region);
        return out;
    }

    if (anyOf(answer.names, {"unrecognizedclientexception", "invalidsignatureexception"})
        || says("security token included in the request is invalid")
        || says("signature we calculated does not match")) {
        error.kind = Error::Kind::Auth;
        error.message = withQuote(
            Tr::tr("Mantle did not accept the AWS credentials (%1; %2)").arg(what, place), quote);
        error.hint = Tr::tr("Check the account's access key id and secret access key (and the "
                            "session token, if it has one).");
        return out;
    }

    if (status == 403
        || anyOf(
            answer.names,
            {"accessdenied", "accessdeniedexception", "access_denied", "permission_denied_error"})
        || says("not authorized to perform")) {
        error.kind = Error::Kind::Auth;
        error.message = withQuote(Tr::tr("Access was denied (%1; %2)").arg(what, place), quote);
        const QString action = deniedAction.match(answer.message).captured(1);
        if (says("marketplace") || says("subscri")) {
            error.hint = Tr::tr("The model is sold through AWS Marketplace: allow "
                                "aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions "
                                "(with the condition aws:CalledViaLast = "
                                "bedrock-mantle.amazonaws.com), or attach the managed policy "
                                "AmazonBedrockMantleInferenceAccess.");
        } else if (!action.isEmpty()) {
            error.hint
                = Tr::tr("Allow the action %1 for this account's IAM principal.").arg(action);
        } else if (call.auth == FailedCall::Auth::ApiKey) {
            error.hint = Tr::tr("Allow bedrock-mantle:CallWithBearerToken on \"*\" for the IAM "
                                "principal that owns the API key.");
        } else {
            error.hint = Tr::tr("Allow bedrock-mantle:CreateInference on "
                                "arn:aws:bedrock-mantle:%1:<account-id>:project/* for this "
                                "account's IAM principal, or attach the managed policy "
                                "AmazonBedrockMantleInferenceAccess.")
                             .arg(call.region.isEmpty() ? QStringLiteral("*") : call.region);
        }
        return out;
    }

    if (status == 404 || anyOf(answer.names, {"not_found_error", "resourcenotfoundexception"})
        || (says("model") && says("does not exist"))) {
        if (!call.model.isEmpty() && (text.isEmpty() || says("model"))) {
            error.message = withQuote(
                Tr::tr("The model does not exist here (%1; %2)").arg(what, place), quote);
            const QString bare = bareModelId(call.model);
            error.hint = bare != call.model
                ? Tr::tr("Model ids are bare: try %1. `mantle models` lists the region's models.")
                      .arg(bare)
                : Tr::tr("Check the model id: ids are bare, without a -v1:0 suffix or a "
                         "us./global. prefix. `mantle models` lists the region's models.");
        } else {
            error.message
                = withQuote(Tr::tr("Mantle found nothing there (%1; %2)").arg(what, place), quote);
            error.hint = Tr::tr("Check the id in the request (for example a response id) and the "
                                "endpoint, if one is set.");
        }
        return out;
    }

    const QRegularExpressionMatch tokens = promptTokens.match(answer.message);
    if (tokens.hasMatch() || says("exceed model maximum") || says("prompt is too long")
        || says("maximum context length") || anyOf(answer.names, {"context_length_exceeded"})) {
        error.message = tokens.hasMatch()
            ? Tr::tr("The prompt is too long for the model: %1 tokens, and it takes at most %2 "
                     "(%3; %4).")
                  .arg(tokens.captured(1), tokens.captured(2), what, place)
            : withQuote(Tr::tr("The prompt is too long for the model (%1; %2)").arg(what, place),
                        quote);
        error.hint = Tr::tr("Shorten the prompt or the conversation (drop earlier turns or "
                            "attachments), or choose a model with a longer context.");
        return out;
    }

    if (status == 429
        || anyOf(answer.names,
                 {"rate_limit_error", "rate_limit_exceeded", "throttlingexception",
                  "servicequotaexceededexception"})) {
        error.message
            = withQuote(Tr::tr("Mantle is limiting requests (%1; %2)").arg(what, place), quote);
        error.hint = out.retryAfterSeconds
            ? Tr::tr("Try again in %1 s (as Mantle asked). Each endpoint has its own quotas; "
                     "if this keeps happening, ask for more in Service Quotas.")
                  .arg(*out.retryAfterSeconds)
            : Tr::tr("Wait a moment and try again. Each endpoint has its own quotas; if this "
                     "keeps happening, ask for more in Service Quotas.");
        return out;
    }

    const bool overloaded = status == 529 || anyOf(answer.names, {"overloaded_error"});
    if (overloaded || status >= 500
        || anyOf(answer.names,
                 {"api_error", "server_error", "serviceunavailable", "serviceunavailableexception",
                  "internalserverexception", "internalfailure"})) {
        error.message
            = withQuote(overloaded ? Tr::tr("The model is overloaded (%1; %2)").arg(what, place)
                                   : Tr::tr("Mantle had a server error (%1; %2)").arg(what, place),
                        quote);
        error.hint = error.requestId.isEmpty()
            ? Tr::tr("This is on the server's side: try again in a moment.")
            : Tr::tr("This is on the server's side: try again in a moment. If it keeps "
                     "happening, give AWS Support the request id %1.")
                  .arg(error.requestId);
        return out;
    }

    if (status == 401 || anyOf(answer.names, {"authentication_error"})) {
        error.kind = Error::Kind::Auth;
        error.message = withQuote(
            Tr::tr("Mantle did not accept the credentials (%1; %2)").arg(what, place), quote);
        error.hint = call.auth == FailedCall::Auth::ApiKey
            ? Tr::tr("The API key is wrong, expired or revoked: create a new Bedrock API key "
                     "(long-term keys start with ABSK) and update the account.")
            : Tr::tr("Check the account's access key id and secret access key, and that "
                     "requests are signed for bedrock-mantle in %1.")
                  .arg(call.region);
        return out;
    }

    if (status == 400 || status == 413 || status == 422
        || anyOf(answer.names,
                 {"invalid_request_error", "validation_error", "validationexception",
                  "request_too_large"})) {
        error.message
            = withQuote(Tr::tr("Mantle rejected the request (%1; %2)").arg(what, place), quote);
        error.hint = quote.isEmpty()
            ? Tr::tr("Check the request's parameters against the %1 API.")
                  .arg(::mantle::mantle::apiSurfaceDisplayName(call.surface))
            : Tr::tr("Correct what the server's message names, then send the request again.");
        return out;
    }

    error.message = answer.empty
        ? Tr::tr("Mantle answered with an error and an empty body (%1; %2).").arg(what, place)
        : withQuote(Tr::tr("Mantle answered with an error (%1; %2)").arg(what, place), quote);
    error.hint = error.requestId.isEmpty()
        ? QString()
        : Tr::tr("If it keeps happening, give AWS Support the request id %1.").arg(error.requestId);
    return out;
}

} // namespace mantle::api
