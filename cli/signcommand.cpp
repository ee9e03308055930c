#include "signcommand.h"

#include "aws/awsenvironment.h"
#include "aws/requesturl.h"
#include "aws/sigv4signer.h"
#include "mantle/regions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::SignCommand)
};

int usageError(QTextStream &err, const QString &message)
{
    err << "mantle sign: " << message << '\n'
        << Tr::tr("Run `mantle sign --help` for the options.") << '\n';
    return kExitUsage;
}

int failure(QTextStream &err, const Error &error)
{
    err << "mantle sign: " << error.toDisplayString() << '\n';
    return kExitFailed;
}

QString jsonString(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

} // namespace

QString SignCommand::name() const
{
    return QStringLiteral("sign");
}

QString SignCommand::summary() const
{
    return Tr::tr("Sign a request with SigV4 and print the signature as JSON");
}

int SignCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Tr::tr("Signs one HTTP request with AWS Signature Version 4 and prints JSON:\n"
               "{canonical_request, string_to_sign, signature, authorization, headers, url}.\n"
               "Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and\n"
               "AWS_SESSION_TOKEN; nothing is sent."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    const QCommandLineOption method(QStringLiteral("method"), Tr::tr("The HTTP method (GET)."),
                                    QStringLiteral("M"), QStringLiteral("GET"));
    const QCommandLineOption url(QStringLiteral("url"), Tr::tr("The full request URL."),
                                 QStringLiteral("U"));
    const QCommandLineOption header(QStringLiteral("header"),
                                    Tr::tr("A header to sign, as 'Name: value' (repeatable)."),
                                    QStringLiteral("K: V"));
    const QCommandLineOption bodyFile(QStringLiteral("body-file"),
                                      Tr::tr("A file whose bytes are the request body."),
                                      QStringLiteral("F"));
    const QCommandLineOption region(QStringLiteral("region"), Tr::tr("The signing region."),
                                    QStringLiteral("R"));
    const QCommandLineOption service(QStringLiteral("service"),
                                     Tr::tr("The signing service (bedrock-mantle)."),
                                     QStringLiteral("S"), QStringLiteral("bedrock-mantle"));
    const QCommandLineOption time(QStringLiteral("time"),
                                  Tr::tr("The signing time, YYYYMMDDTHHMMSSZ (now)."),
                                  QStringLiteral("YYYYMMDDTHHMMSSZ"));
    const QCommandLineOption noContentSha(
        QStringLiteral("no-content-sha256"),
        Tr::tr("Do not add and sign the x-amz-content-sha256 header."));
    const QCommandLineOption presign(
        QStringLiteral("presign"),
        Tr::tr("Sign as a presigned URL valid for SECONDS instead of with a header."),
        QStringLiteral("SECONDS"));
    parser.addOptions(
        {help, method, url, header, bodyFile, region, service, time, noContentSha, presign});

    if (!parser.parse(QStringList{QStringLiteral("mantle sign")} + context.arguments))
        return usageError(err, parser.errorText());
    if (parser.isSet(help)) {
        // Qt's first line names the executable's path: ours names the command.
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1").arg(QLatin1String("mantle sign --url U --region R [options]"))
            << '\n'
            << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            err, Tr::tr("unexpected argument “%1”.").arg(parser.positionalArguments().first()));
    if (!parser.isSet(url))
        return usageError(err, Tr::tr("--url is required."));
    if (!parser.isSet(region))
        return usageError(err, Tr::tr("--region is required."));

    const QString regionCode = parser.value(region);
    const QString serviceName = parser.value(service);
    if (!mantle::looksLikeRegionCode(regionCode))
        return usageError(err,
                          Tr::tr("“%1” is not a region code such as us-east-1.").arg(regionCode));
    if (serviceName == QLatin1String("bedrock-mantle") && !mantle::isMantleRegion(regionCode))
        return usageError(err,
                          Tr::tr("Mantle is not served in “%1”. Its regions are: %2.")
                              .arg(regionCode, mantle::mantleRegionCodes()));
    if (serviceName.isEmpty() || serviceName.contains(QLatin1Char('/')))
        return usageError(err, Tr::tr("“%1” is not a service name.").arg(serviceName));

    const auto parsedUrl = aws::parseRequestUrl(parser.value(url));
    if (!parsedUrl)
        return usageError(err, parsedUrl.error().toDisplayString());

    QDateTime when = QDateTime::currentDateTimeUtc();
    if (parser.isSet(time)) {
        when = QDateTime::fromString(parser.value(time), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        if (!when.isValid())
            return usageError(err,
                              Tr::tr("--time “%1” is not of the form YYYYMMDDTHHMMSSZ "
                                     "(for example 20260101T120000Z).")
                                  .arg(parser.value(time)));
        when.setTimeZone(QTimeZone::utc());
    }

    int presignSeconds = 0;
    if (parser.isSet(presign)) {
        bool ok = false;
        presignSeconds = parser.value(presign).toInt(&ok);
        if (!ok || presignSeconds < 1 || presignSeconds > 604800)
            return usageError(err, Tr::tr("--presign takes a number of seconds from 1 to 604800."));
    }

    aws::SigningRequest request;
    request.method = parser.value(method).toUpper().toUtf8();
    if (request.method.isEmpty())
        return usageError(err, Tr::tr("--method must not be empty."));
    request.host = parsedUrl->hostHeader;
    request.path = parsedUrl->path;
    request.query = parsedUrl->query;
    for (const QString &h : parser.values(header)) {
        const qsizetype colon = h.indexOf(QLatin1Char(':'));
        const QString headerName = colon > 0 ? h.left(colon).trimmed() : QString();
        if (headerName.isEmpty() || headerName.contains(QLatin1Char(' ')))
            return usageError(err,
                              Tr::tr("--header “%1” is not of the form 'Name: value'.").arg(h));
        request.headers.append({headerName.toUtf8(), h.mid(colon + 1).toUtf8()});
    }
    if (parser.isSet(bodyFile)) {
        QFile file(parser.value(bodyFile));
        if (!file.open(QIODevice::ReadOnly))
            return failure(err,
                           makeError(Error::Kind::Io,
                                     Tr::tr("Cannot read the body file “%1”: %2.")
                                         .arg(file.fileName(), file.errorString())));
        request.body = file.readAll();
    }

    const auto environment = aws::readAwsEnvironment(context.environment);
    if (!environment)
        return failure(err, environment.error());
    if (!environment->credentials)
        return failure(err,
                       makeError(Error::Kind::Auth,
                                 Tr::tr("No AWS credentials in the environment."),
                                 Tr::tr("Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                                        "(and AWS_SESSION_TOKEN for temporary "
                                        "credentials).")));

    aws::SigningOptions options;
    options.region = regionCode.toUtf8();
    options.service = serviceName.toUtf8();
    options.addContentSha256 = !parser.isSet(noContentSha);

    const aws::SigV4Signer signer;
    const aws::SignedRequest signedRequest = presignSeconds > 0
        ? signer.presign(request, *environment->credentials, options, when, presignSeconds)
        : signer.sign(request, *environment->credentials, options, when);

    QJsonObject headers;
    for (const auto &[headerName, headerValue] : signedRequest.headersToAdd)
        headers.insert(jsonString(headerName), jsonString(headerValue));
    const QByteArray fullUrl
        = parsedUrl->scheme + "://" + parsedUrl->hostHeader + signedRequest.pathAndQuery;
    QJsonObject result{
        {QStringLiteral("canonical_request"), jsonString(signedRequest.canonicalRequest)},
        {QStringLiteral("string_to_sign"), jsonString(signedRequest.stringToSign)},
        {QStringLiteral("signature"), jsonString(signedRequest.signature)},
        {QStringLiteral("authorization"),
         signedRequest.authorization.isEmpty()
             ? QJsonValue(QJsonValue::Null)
             : QJsonValue(jsonString(signedRequest.authorization))},
        {QStringLiteral("signed_headers"), jsonString(signedRequest.signedHeaders)},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("url"), jsonString(fullUrl)},
    };
    out << QJsonDocument(result).toJson(QJsonDocument::Indented);
    return kExitOk;
}

} // namespace mantle::cli
