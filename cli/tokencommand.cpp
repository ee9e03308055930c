#include "tokencommand.h"

#include "aws/awsenvironment.h"
#include "aws/bedrocktoken.h"
#include "aws/credentialprovider.h"
#include "aws/sigv4signer.h"
#include "cliaccounts.h"
#include "common/clock.h"
#include "mantle/regions.h"
#include "requestoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <optional>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::TokenCommand)
};

int usageError(QTextStream &err, const QString &message)
{
    err << "mantle token: " << message << '\n'
        << Tr::tr("Run `mantle token --help` for the options.") << '\n';
    return kExitUsage;
}

int failure(QTextStream &err, const Error &error)
{
    err << "mantle token: " << error.toDisplayString() << '\n';
    return kExitFailed;
}

/// Asks a provider for credentials and waits on a local event loop (fine in the CLI).
Result<aws::Credentials> waitForCredentials(aws::CredentialProvider &provider)
{
    std::optional<Result<aws::Credentials>> answer;
    QEventLoop loop;
    provider.credentials([&answer, &loop](Result<aws::Credentials> result) {
        answer.emplace(std::move(result));
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return std::move(*answer);
}

/// `message` says whose credentials are missing; the hint is the same for both cases.
Error noSigV4Credentials(const QString &message)
{
    return makeError(Error::Kind::Auth, message,
                     Tr::tr("A short-term API key is made from SigV4 credentials (access keys or "
                            "a role), not from another API key: use such an account, or set "
                            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
                            "AWS_SESSION_TOKEN)."));
}

} // namespace

QString TokenCommand::name() const
{
    return QStringLiteral("token");
}

QString TokenCommand::summary() const
{
    return Tr::tr("Make a short-term Bedrock API key from SigV4 credentials");
}

int TokenCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;

    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr(
        "Makes a short-term Bedrock API key (\"bedrock-api-key-…\", valid up to 12 hours and in\n"
        "one region) locally from SigV4 credentials, as AWS's token generators do, and prints it\n"
        "alone on stdout, so that\n"
        "  export AWS_BEARER_TOKEN_BEDROCK=$(mantle token --region us-east-1)\n"
        "works; its expiry and region go to stderr. Credentials come from the account\n"
        "(--account: access keys, or a role assumed through STS), else from AWS_ACCESS_KEY_ID,\n"
        "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. Temporary credentials that expire sooner\n"
        "shorten the key's life to theirs. The key is valid whatever endpoint a request goes to;\n"
        "--endpoint is accepted for symmetry with the other commands."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    parser.addOption(help);
    const QCommandLineOption expiresIn(
        QStringLiteral("expires-in"),
        Tr::tr("How long the key lives, in seconds: %1 to %2 (the default).")
            .arg(aws::BedrockToken::kMinLifetimeSeconds)
            .arg(aws::BedrockToken::kMaxLifetimeSeconds),
        QStringLiteral("SECONDS"));
    parser.addOption(expiresIn);
    const RequestOptions options;
    options.addTargetOptionsTo(parser);

    if (!parser.parse(QStringList{QStringLiteral("mantle token")} + context.arguments))
        return usageError(err, parser.errorText());
    if (parser.isSet(help)) {
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1")
                   .arg(QLatin1String("mantle token [--account A | --region R] [--endpoint URL] "
                                      "[--expires-in SECONDS] [--json]"))
            << '\n'
            << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            err, Tr::tr("unexpected argument “%1”.").arg(parser.positionalArguments().first()));
    const auto target = options.readTarget(parser);
    if (!target)
        return usageError(err, target.error().toDisplayString());
    int lifetime = aws::BedrockToken::kDefaultLifetimeSeconds;
    if (parser.isSet(expiresIn)) {
        bool numeric = false;
        lifetime = parser.value(expiresIn).toInt(&numeric);
        if (!numeric || lifetime < aws::BedrockToken::kMinLifetimeSeconds
            || lifetime > aws::BedrockToken::kMaxLifetimeSeconds) {
            return usageError(err,
                              Tr::tr("--expires-in takes seconds from %1 to %2, not “%3”.")
                                  .arg(aws::BedrockToken::kMinLifetimeSeconds)
                                  .arg(aws::BedrockToken::kMaxLifetimeSeconds)
                                  .arg(parser.value(expiresIn)));
        }
    }

    SystemClock clock;
    aws::SigV4Signer signer;
    QNetworkAccessManager network;
    std::unique_ptr<CliAccounts> accounts;
    QString region = target->region;
    std::optional<aws::Credentials> credentials;
    if (!target->account.isEmpty()) {
        accounts = std::make_unique<CliAccounts>(context.environment);
        auto resolved = accounts->resolve(target->account, &network, signer, clock);
        if (!resolved)
            return failure(err, resolved.error());
        if (resolved->auth.kind != net::HttpAuth::Kind::SigV4 || !resolved->auth.credentials) {
            return failure(
                err,
                noSigV4Credentials(
                    Tr::tr("The account “%1” uses an API key: it has no SigV4 credentials.")
                        .arg(target->account)));
        }
        if (region.isEmpty())
            region = resolved->region;
        auto resolvedCredentials = waitForCredentials(*resolved->auth.credentials);
        if (!resolvedCredentials)
            return failure(err, resolvedCredentials.error());
        credentials = std::move(resolvedCredentials).value();
    } else {
        const auto environment = aws::readAwsEnvironment(context.environment);
        if (!environment)
            return failure(err, environment.error());
        if (region.isEmpty())
            region = environment->region;
        if (environment->credentials) {
            credentials = *environment->credentials;
        } else if (!environment->bearerToken.isEmpty()) {
            return failure(err,
                           noSigV4Credentials(Tr::tr("The environment has an API key "
                                                     "(AWS_BEARER_TOKEN_BEDROCK) but no SigV4 "
                                                     "credentials.")));
        } else {
            return failure(err,
                           makeError(Error::Kind::Auth,
                                     Tr::tr("No credentials in the environment."),
                                     Tr::tr("Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and "
                                            "AWS_SESSION_TOKEN for temporary credentials), or "
                                            "give --account A.")));
        }
    }
    if (region.isEmpty())
        return usageError(err,
                          Tr::tr("No region: give --region R, --account A or set AWS_REGION."));
    if (!::mantle::mantle::isMantleRegion(region))
        return usageError(err, Tr::tr("“%1” is not one of Mantle's regions.").arg(region));

    const Result<aws::ShortTermKey> key
        = aws::BedrockToken::generate(signer, *credentials, region, clock.nowUtc(), lifetime);
    if (!key)
        return failure(err, key.error());

    const QString token = QString::fromLatin1(key->key.view().data(), qsizetype(key->key.size()));
    const QString expiresAt = key->expiresAt.toString(Qt::ISODate);
    if (options.wantsJson(parser)) {
        const QJsonObject json{{QStringLiteral("token"), token},
                               {QStringLiteral("region"), key->region},
                               {QStringLiteral("expires_at"), expiresAt}};
        out << QJsonDocument(json).toJson(QJsonDocument::Compact) << '\n';
    } else {
        out << token << '\n';
    }
    out.flush();
    err << Tr::tr("expires at %1 (region %2)").arg(expiresAt, key->region) << '\n';
    if (key->cappedByCredentials) {
        err << Tr::tr("The key lives %1 seconds only: the temporary credentials it was made from "
                      "expire then.")
                   .arg(key->lifetimeSeconds)
            << '\n';
    }
    return kExitOk;
}

} // namespace mantle::cli
