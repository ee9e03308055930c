#include "awsprofile.h"

#include "awsenvironment.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace mantle::aws {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::aws::AwsProfileResolver)
};

// Real files are a few kilobytes; this keeps a wrong path (a log, a device) from being slurped.
constexpr qint64 kMaxFileSize = 1024 * 1024;
// The range STS accepts for DurationSeconds (and the CLI for duration_seconds).
constexpr int kMinDurationSeconds = 900;
constexpr int kMaxDurationSeconds = 43200;
constexpr int kMaxProfilesInHint = 10;

const QString kDefault = QStringLiteral("default");

// Every key the resolver reads, for the warning about keys written in another letter case.
const QStringList &knownKeys()
{
    static const QStringList keys{
        QStringLiteral("region"),
        QStringLiteral("aws_access_key_id"),
        QStringLiteral("aws_secret_access_key"),
        QStringLiteral("aws_session_token"),
        QStringLiteral("aws_security_token"),
        QStringLiteral("role_arn"),
        QStringLiteral("source_profile"),
        QStringLiteral("credential_source"),
        QStringLiteral("external_id"),
        QStringLiteral("role_session_name"),
        QStringLiteral("duration_seconds"),
        QStringLiteral("mfa_serial"),
        QStringLiteral("web_identity_token_file"),
        QStringLiteral("credential_process"),
        QStringLiteral("sso_session"),
        QStringLiteral("sso_start_url"),
        QStringLiteral("sso_region"),
        QStringLiteral("sso_account_id"),
        QStringLiteral("sso_role_name"),
        QStringLiteral("sso_registration_scopes"),
    };
    return keys;
}

QString displayPath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString quoted(const QString &name)
{
    return Tr::tr("“%1”").arg(name);
}

QString fileLabel(const AwsConfigFile &file)
{
    if (!file.fileName().isEmpty())
        return displayPath(file.fileName());
    return file.kind() == AwsConfigFile::Kind::Config ? Tr::tr("the config file")
                                                      : Tr::tr("the credentials file");
}

Error configError(const QString &code, QString message, QString hint)
{
    Error e = makeError(Error::Kind::Config, std::move(message), std::move(hint));
    e.code = code;
    return e;
}

Error notSupported(const QString &profile, QString message)
{
    return configError(
        QStringLiteral("NotSupported"), std::move(message),
        Tr::tr("Mantle Playground cannot get credentials this way yet. Run “aws configure "
               "export-credentials --profile %1 --format env” and use the variables it prints, "
               "or give the profile access keys.")
            .arg(profile));
}

} // namespace

struct AwsProfileResolver::Located
{
    const AwsConfigFile *file = nullptr;
    int line = 0;
};

AwsProfileResolver::AwsProfileResolver(AwsConfigFile configFile, AwsConfigFile credentialsFile)
    : m_config(std::move(configFile))
    , m_credentials(std::move(credentialsFile))
{ }

Result<AwsConfigFile> AwsProfileResolver::readFile(const QString &path, AwsConfigFile::Kind kind)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists())
        return AwsConfigFile::parse({}, kind, path);
    if (info.isDir())
        return makeError(
            Error::Kind::Io,
            Tr::tr("%1 is a folder, not an AWS configuration file.").arg(displayPath(path)),
            Tr::tr("Point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE at a file."));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Kind::Io,
                         Tr::tr("Cannot read %1: %2.").arg(displayPath(path), file.errorString()),
                         Tr::tr("Check that your user may read the file."));
    const QByteArray text = file.read(kMaxFileSize + 1);
    if (text.size() > kMaxFileSize)
        return makeError(Error::Kind::Io,
                         Tr::tr("%1 is larger than 1 MiB, too large to be an AWS configuration "
                                "file.")
                             .arg(displayPath(path)),
                         Tr::tr("Check AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE."));
    if (file.error() != QFileDevice::NoError)
        return makeError(Error::Kind::Io,
                         Tr::tr("Cannot read %1: %2.").arg(displayPath(path), file.errorString()));
    return AwsConfigFile::parse(text, kind, path);
}

Result<AwsProfileResolver> AwsProfileResolver::load(const QString &configPath,
                                                    const QString &credentialsPath)
{
    Result<AwsConfigFile> config = readFile(configPath, AwsConfigFile::Kind::Config);
    if (!config)
        return config.error();
    Result<AwsConfigFile> credentials = readFile(credentialsPath, AwsConfigFile::Kind::Credentials);
    if (!credentials)
        return credentials.error();
    return AwsProfileResolver(std::move(config).value(), std::move(credentials).value());
}

QStringList AwsProfileResolver::profileNames() const
{
    QStringList names = m_config.profileNames();
    for (const QString &name : m_credentials.profileNames()) {
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

bool AwsProfileResolver::hasProfile(const QString &name) const
{
    const QString n = name.isEmpty() ? kDefault : name;
    return m_config.profile(n) || m_credentials.profile(n);
}

AwsProfileResolver::Located AwsProfileResolver::locate(const QString &profile,
                                                       const QString &key) const
{
    const AwsConfigSection *credentials = m_credentials.profile(profile);
    const AwsConfigSection *config = m_config.profile(profile);
    if (credentials && credentials->contains(key))
        return {&m_credentials, credentials->values.value(key).line};
    if (config && config->contains(key))
        return {&m_config, config->values.value(key).line};
    if (credentials)
        return {&m_credentials, credentials->line};
    if (config)
        return {&m_config, config->line};
    return {};
}

QString AwsProfileResolver::whereIs(const QString &profile, const QString &key) const
{
    const Located where = locate(profile, key);
    if (!where.file)
        return {};
    if (where.file->fileName().isEmpty())
        return Tr::tr("line %1").arg(where.line);
    return Tr::tr("%1, line %2").arg(displayPath(where.file->fileName())).arg(where.line);
}

Error AwsProfileResolver::missingProfile(const QString &name) const
{
    const QString configName = fileLabel(m_config);
    const QString credentialsName = fileLabel(m_credentials);
    QString hint;
    const AwsConfigSection *plain = m_config.section(name);
    const QStringList names = profileNames();
    if (plain && !plain->isProfile()) {
        hint = Tr::tr("%1 has a section [%2] on line %3, but in that file a profile's header is "
                      "written [profile %2].")
                   .arg(configName, name)
                   .arg(plain->line);
    } else if (!names.isEmpty()) {
        QStringList shown = names.mid(0, kMaxProfilesInHint);
        if (names.size() > kMaxProfilesInHint)
            shown.append(QStringLiteral("…"));
        hint = Tr::tr("Check the name; the profiles defined are: %1.")
                   .arg(shown.join(QStringLiteral(", ")));
    } else {
        hint = Tr::tr("Neither file defines a profile yet; run “aws configure --profile %1” to "
                      "add one.")
                   .arg(name);
    }
    return configError(QStringLiteral("ProfileNotFound"),
                       Tr::tr("The AWS profile “%1” does not exist in %2 or %3.")
                           .arg(name, configName, credentialsName),
                       hint);
}

Result<AwsProfile> AwsProfileResolver::profile(const QString &name) const
{
    const QString n = name.isEmpty() ? kDefault : name;
    const AwsConfigSection *config = m_config.profile(n);
    const AwsConfigSection *credentials = m_credentials.profile(n);
    if (!config && !credentials)
        return missingProfile(n);

    // The credentials file wins for every key it sets, as botocore's dict update does.
    const auto get = [&](const QString &key) -> QString {
        if (credentials && credentials->contains(key))
            return credentials->value(key);
        return config ? config->value(key) : QString();
    };
    AwsProfile p;
    p.name = n;
    p.region = get(QStringLiteral("region"));
    p.accessKeyId = get(QStringLiteral("aws_access_key_id"));
    p.secretAccessKey = SecretString(get(QStringLiteral("aws_secret_access_key")).toUtf8());
    QString token = get(QStringLiteral("aws_session_token"));
    if (token.isEmpty())
        token = get(QStringLiteral("aws_security_token"));
    p.sessionToken = SecretString(token.toUtf8());
    p.roleArn = get(QStringLiteral("role_arn"));
    p.sourceProfile = get(QStringLiteral("source_profile"));
    p.credentialSource = get(QStringLiteral("credential_source"));
    p.externalId = get(QStringLiteral("external_id"));
    p.roleSessionName = get(QStringLiteral("role_session_name"));
    p.mfaSerial = get(QStringLiteral("mfa_serial"));
    p.webIdentityTokenFile = get(QStringLiteral("web_identity_token_file"));
    p.credentialProcess = get(QStringLiteral("credential_process"));
    for (const AwsConfigSection *section : {config, credentials}) {
        if (!section)
            continue;
        for (auto it = section->values.cbegin(); it != section->values.cend(); ++it) {
            if (it.key().startsWith(QLatin1String("sso_")) && !it.value().value.isEmpty()
                && !p.ssoKeys.contains(it.key()))
                p.ssoKeys.append(it.key());
        }
    }
    p.ssoKeys.sort();
    p.configLine = config ? config->line : 0;
    p.credentialsLine = credentials ? credentials->line : 0;

    const QString duration = get(QStringLiteral("duration_seconds"));
    if (!duration.isEmpty()) {
        bool ok = false;
        const int seconds = duration.toInt(&ok);
        if (!ok || seconds < kMinDurationSeconds || seconds > kMaxDurationSeconds)
            return configError(
                QStringLiteral("InvalidSetting"),
                Tr::tr("duration_seconds of the profile “%1” (%2) is not a whole number of "
                       "seconds from %3 to %4.")
                    .arg(n, whereIs(n, QStringLiteral("duration_seconds")))
                    .arg(kMinDurationSeconds)
                    .arg(kMaxDurationSeconds),
                Tr::tr("Use 3600 for one hour, or remove the setting."));
        p.durationSeconds = seconds;
    }
    return p;
}

Result<AwsCredentialPlan>
AwsProfileResolver::resolve(const QString &name,
                            const std::optional<Credentials> &environmentCredentials) const
{
    Result<AwsProfile> first = profile(name);
    if (!first)
        return first.error();
    AwsCredentialPlan plan;
    plan.profile = first->name;
    plan.region = first->region;

    QStringList visited{first->name};
    AwsProfile current = std::move(first).value();
    QString asSourceOf;
    // Each turn moves to a profile not visited yet or ends, so this stops after at most one turn
    // per profile.
    for (bool top = true;; top = false) {
        // The asked-for profile assumes its role even when it also holds keys; a source profile
        // with keys just provides them (botocore's rule, which lets a profile be its own source).
        if (current.roleArn.isEmpty() || (!top && current.hasStaticKeys()))
            return resolveBase(current, asSourceOf, std::move(plan));

        const QString &n = current.name;
        const QString where = whereIs(n, QStringLiteral("role_arn"));
        if (current.sourceProfile.isEmpty() && current.credentialSource.isEmpty()) {
            if (!current.webIdentityTokenFile.isEmpty())
                return notSupported(n,
                                    Tr::tr("The profile “%1” (%2) assumes its role with a web "
                                           "identity token (web_identity_token_file), which is "
                                           "not supported yet.")
                                        .arg(n, where));
            return configError(QStringLiteral("InvalidSetting"),
                               Tr::tr("The profile “%1” (%2) has role_arn but neither "
                                      "source_profile nor credential_source.")
                                   .arg(n, where),
                               Tr::tr("Add source_profile = NAME, the profile whose keys assume "
                                      "the role, or credential_source = Environment."));
        }
        if (!current.sourceProfile.isEmpty() && !current.credentialSource.isEmpty())
            return configError(QStringLiteral("InvalidSetting"),
                               Tr::tr("The profile “%1” (%2) has both source_profile and "
                                      "credential_source.")
                                   .arg(n, where),
                               Tr::tr("Keep only one of them."));
        if (!current.roleArn.startsWith(QLatin1String("arn:")))
            return configError(
                QStringLiteral("InvalidSetting"),
                Tr::tr("The role_arn of the profile “%1” (%2) is not an ARN.").arg(n, where),
                Tr::tr("Write it like arn:aws:iam::123456789012:role/NAME."));

        AwsAssumeRoleStep step;
        step.profile = n;
        step.roleArn = current.roleArn;
        step.externalId = current.externalId;
        step.roleSessionName = current.roleSessionName;
        step.durationSeconds = current.durationSeconds;
        step.mfaSerial = current.mfaSerial;
        plan.roles.prepend(step);

        if (!current.credentialSource.isEmpty()) {
            const QString &source = current.credentialSource;
            const QString sourceWhere = whereIs(n, QStringLiteral("credential_source"));
            if (source == QLatin1String("Environment")) {
                if (!environmentCredentials || !environmentCredentials->isValid()) {
                    Error e = makeError(
                        Error::Kind::Auth,
                        Tr::tr("The profile “%1” (%2) takes its credentials from the "
                               "environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                               "are not set.")
                            .arg(n, sourceWhere),
                        Tr::tr("Set both variables, or change credential_source."));
                    e.code = QStringLiteral("NoCredentials");
                    return e;
                }
                plan.source = AwsCredentialPlan::Source::Environment;
                plan.credentials = *environmentCredentials;
                return plan;
            }
            if (source == QLatin1String("Ec2InstanceMetadata")
                || source == QLatin1String("EcsContainer"))
                return notSupported(n,
                                    Tr::tr("The profile “%1” (%2) takes its credentials from "
                                           "%3, which is not supported yet.")
                                        .arg(n, sourceWhere, source));
            return configError(QStringLiteral("InvalidSetting"),
                               Tr::tr("The credential_source of the profile “%1” (%2) is not "
                                      "one the AWS CLI knows.")
                                   .arg(n, sourceWhere),
                               Tr::tr("Use Environment, Ec2InstanceMetadata or EcsContainer "
                                      "(spelled with these capitals)."));
        }

        const QString source = current.sourceProfile;
        const QString sourceWhere = whereIs(n, QStringLiteral("source_profile"));
        if (!hasProfile(source)) {
            Error e = missingProfile(source);
            e.code = QStringLiteral("SourceProfileNotFound");
            e.message
                = Tr::tr("The profile “%1” (%2) names source_profile “%3”, which does not "
                         "exist in %4 or %5.")
                      .arg(n, sourceWhere, source, fileLabel(m_config), fileLabel(m_credentials));
            return e;
        }
        if (visited.contains(source)) {
            // Only a profile naming itself, to take the keys it holds, is not a loop.
            if (source != n || !current.hasStaticKeys()) {
                QStringList loop = visited.mid(visited.indexOf(source));
                loop.append(source);
                return configError(QStringLiteral("SourceProfileLoop"),
                                   Tr::tr("The profiles %1 name each other as source_profile in "
                                          "a loop (%2).")
                                       .arg(loop.join(QStringLiteral(" → ")), sourceWhere),
                                   Tr::tr("Give one profile of the chain aws_access_key_id and "
                                          "aws_secret_access_key, or credential_source."));
            }
        } else {
            visited.append(source);
        }
        Result<AwsProfile> next = profile(source);
        if (!next)
            return next.error();
        asSourceOf = n;
        current = std::move(next).value();
    }
}

Result<AwsCredentialPlan> AwsProfileResolver::resolveBase(const AwsProfile &p,
                                                          const QString &asSourceOf,
                                                          AwsCredentialPlan plan) const
{
    const QString label = quoted(p.name);
    // Where the profile (or one of its keys) is, and why it was looked at when it is a source.
    const auto where = [&](const QString &key) {
        const QString place = whereIs(p.name, key);
        return asSourceOf.isEmpty()
            ? place
            : Tr::tr("%1; the source_profile of “%2”").arg(place, asSourceOf);
    };
    if (p.usesSso())
        return notSupported(
            p.name,
            Tr::tr("The profile %1 (%2) signs in with IAM Identity Center (%3), "
                   "which is not supported yet.")
                .arg(label, where(p.ssoKeys.front()), p.ssoKeys.join(QStringLiteral(", "))));
    if (p.hasStaticKeys()) {
        const bool hasId = !p.accessKeyId.isEmpty();
        if (!hasId || p.secretAccessKey.isEmpty()) {
            const QString present = hasId ? QStringLiteral("aws_access_key_id")
                                          : QStringLiteral("aws_secret_access_key");
            const QString missing = hasId ? QStringLiteral("aws_secret_access_key")
                                          : QStringLiteral("aws_access_key_id");
            return configError(QStringLiteral("PartialCredentials"),
                               Tr::tr("The profile %1 (%2) has %3 but no %4.")
                                   .arg(label, where(present), present, missing),
                               Tr::tr("Add %1 next to %2, or remove both.").arg(missing, present));
        }
        const auto describe = [&](const QString &key) {
            return Tr::tr("%1 of the profile “%2” (%3)").arg(key, p.name, whereIs(p.name, key));
        };
        if (Status s
            = checkAccessKeyId(p.accessKeyId, describe(QStringLiteral("aws_access_key_id")));
            !s)
            return s.error();
        const auto secretText = [](const SecretString &s) {
            return QString::fromUtf8(s.view().data(), qsizetype(s.size()));
        };
        if (Status s = checkSecretValue(secretText(p.secretAccessKey),
                                        describe(QStringLiteral("aws_secret_access_key")));
            !s)
            return s.error();
        if (Status s = checkSecretValue(secretText(p.sessionToken),
                                        describe(QStringLiteral("aws_session_token")));
            !s)
            return s.error();
        plan.source = AwsCredentialPlan::Source::StaticKeys;
        plan.sourceProfile = p.name;
        plan.credentials.accessKeyId = p.accessKeyId;
        plan.credentials.secretAccessKey = p.secretAccessKey;
        plan.credentials.sessionToken = p.sessionToken;
        return plan;
    }
    if (!p.credentialProcess.isEmpty())
        return notSupported(p.name,
                            Tr::tr("The profile %1 (%2) gets its credentials from an external "
                                   "program (credential_process), which is not supported yet.")
                                .arg(label, where(QStringLiteral("credential_process"))));
    if (!p.credentialSource.isEmpty())
        return configError(QStringLiteral("InvalidSetting"),
                           Tr::tr("The profile %1 (%2) has credential_source but no role_arn.")
                               .arg(label, where(QStringLiteral("credential_source"))),
                           Tr::tr("credential_source only says which credentials assume "
                                  "role_arn; add role_arn, or give the profile access keys."));
    Error e = makeError(
        Error::Kind::Auth,
        Tr::tr("The profile %1 (%2) holds no credentials.").arg(label, where({})),
        Tr::tr("Add aws_access_key_id and aws_secret_access_key to [%1] in %2, or role_arn and "
               "source_profile to it in %3.")
            .arg(p.name, fileLabel(m_credentials), fileLabel(m_config)));
    e.code = QStringLiteral("NoCredentials");
    return e;
}

QList<AwsConfigDiagnostic> AwsProfileResolver::diagnostics() const
{
    QList<AwsConfigDiagnostic> out = m_config.diagnostics() + m_credentials.diagnostics();
    for (const AwsConfigFile *file : {&m_config, &m_credentials}) {
        for (const AwsConfigSection &section : file->sections()) {
            if (!section.isProfile())
                continue;
            for (auto it = section.values.cbegin(); it != section.values.cend(); ++it) {
                if (knownKeys().contains(it.key()))
                    continue;
                const qsizetype known = knownKeys().indexOf(it.key().toLower());
                if (known < 0)
                    continue;
                AwsConfigDiagnostic d;
                d.file = file->fileName();
                d.line = it.value().line;
                d.key = it.key(); // equal to a known key but for case, so not a secret
                d.message = Tr::tr("The key “%1” is ignored because keys are case-sensitive; "
                                   "write it as “%2”.")
                                .arg(it.key(), knownKeys().at(known));
                out.append(d);
            }
        }
    }
    return out;
}

} // namespace mantle::aws
