#include "awsenvironment.h"

#include <QCoreApplication>
#include <QDir>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::AwsEnvironment)
};

QString value(const QProcessEnvironment &env, const char *name)
{
    return env.value(QLatin1String(name)).trimmed();
}

} // namespace

Result<AwsEnvironment> readAwsEnvironment(const QProcessEnvironment &environment)
{
    AwsEnvironment out;
    const QString keyId = value(environment, "AWS_ACCESS_KEY_ID");
    const QString secret = value(environment, "AWS_SECRET_ACCESS_KEY");
    const QString token = value(environment, "AWS_SESSION_TOKEN");
    if (keyId.isEmpty() != secret.isEmpty()) {
        const char *missing = keyId.isEmpty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
        const char *present = keyId.isEmpty() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
        return makeError(
            Error::Kind::Config,
            Tr::tr("%1 is set but %2 is not.").arg(QLatin1String(present), QLatin1String(missing)),
            Tr::tr("Set both variables, or neither."));
    }
    if (!keyId.isEmpty()) {
        Credentials c;
        c.accessKeyId = keyId;
        c.secretAccessKey = SecretString(secret.toUtf8());
        c.sessionToken = SecretString(token.toUtf8());
        out.credentials = std::move(c);
    }
    out.bearerToken = SecretString(value(environment, "AWS_BEARER_TOKEN_BEDROCK").toUtf8());
    out.profile = value(environment, "AWS_PROFILE");
    out.region = value(environment, "AWS_REGION");
    if (out.region.isEmpty())
        out.region = value(environment, "AWS_DEFAULT_REGION");
    const QString home = environment.value(QStringLiteral("HOME"), QDir::homePath());
    out.configFile = value(environment, "AWS_CONFIG_FILE");
    if (out.configFile.isEmpty())
        out.configFile = home + QLatin1String("/.aws/config");
    out.credentialsFile = value(environment, "AWS_SHARED_CREDENTIALS_FILE");
    if (out.credentialsFile.isEmpty())
        out.credentialsFile = home + QLatin1String("/.aws/credentials");
    return out;
}

} // namespace mantle::aws
