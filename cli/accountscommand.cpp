#include "accountscommand.h"

#include "accounts/accountimporter.h"
#include "accounts/connectiontest.h"
#include "accounts/iampolicyhelper.h"
#include "aws/awsenvironment.h"
#include "aws/awsprofile.h"
#include "aws/credentialprovider.h"
#include "aws/sigv4signer.h"
#include "cliaccounts.h"
#include "common/clock.h"
#include "mantle/routeresolver.h"
#include "net/httpclient.h"
#include "net/systemproxyfactory.h"
#include "pipeline/routememory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QStandardPaths>

namespace mantle::cli {

namespace {

using accounts::Account;
using accounts::AccountSecrets;
using accounts::AuthMethod;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::AccountsCommand)
};

const char kUsage[] = "mantle accounts add NAME --region R --auth access-key|api-key|role\n"
                      "                    [--access-key-id ID] [--role-arn ARN\n"
                      "                    (--source-account NAME | --source-profile P)\n"
                      "                    [--external-id X] [--session-name S] [--duration SEC]]\n"
                      "                    [--endpoint URL] [--notes TEXT]\n"
                      "       mantle accounts list\n"
                      "       mantle accounts show NAME\n"
                      "       mantle accounts rename NAME NEW-NAME\n"
                      "       mantle accounts remove NAME\n"
                      "       mantle accounts test NAME [--model M]\n"
                      "       mantle accounts policy NAME [--account-id ID] [--no-marketplace]\n"
                      "                    [--source-principal ARN]\n"
                      "       mantle accounts export NAME FILE\n"
                      "       mantle accounts import FILE [--name NAME]\n"
                      "       mantle accounts import-aws PROFILE [--name NAME]\n"
                      "       mantle accounts import-env [--name PREFIX]";

class Accounts
{
public:
    explicit Accounts(CommandContext &context)
        : m_context(context)
        , m_out(*context.out)
        , m_err(*context.err)
    { }

    int run();

private:
    int usageError(const QString &message)
    {
        m_err << "mantle accounts: " << message << '\n'
              << Tr::tr("Run `mantle accounts --help` for the usage.") << '\n';
        m_err.flush();
        return kExitUsage;
    }
    int failure(const Error &error)
    {
        m_err << "mantle accounts: " << error.toDisplayString() << '\n';
        m_err.flush();
        return error.kind == Error::Kind::InvalidInput ? kExitUsage : kExitFailed;
    }
    /// Parses the subcommand's arguments; false (with the exit code in `code`) on error.
    bool parse(QCommandLineParser &parser, const QString &sub, int positional, int &code);
    Result<AccountSecrets> readSecrets(AuthMethod method);
    int saveImported(const accounts::ImportedAccount &imported);

    int add();
    int list();
    int show();
    int rename();
    int remove();
    int test();
    int policy();
    int exportAccount();
    int importAccount();
    int importAws();
    int importEnv();

    CommandContext &m_context;
    QTextStream &m_out;
    QTextStream &m_err;
    QStringList m_args;
};

bool Accounts::parse(QCommandLineParser &parser, const QString &sub, int positional, int &code)
{
    if (!parser.parse(QStringList{QStringLiteral("mantle accounts ") + sub} + m_args)) {
        code = usageError(parser.errorText());
        return false;
    }
    if (parser.positionalArguments().size() != positional) {
        code = usageError(Tr::tr("`%1` takes %n argument(s).", nullptr, positional).arg(sub));
        return false;
    }
    return true;
}

int Accounts::run()
{
    m_args = m_context.arguments;
    if (m_args.isEmpty())
        return usageError(Tr::tr("which command? add, list, show, rename, remove, test, policy, "
                                 "export, import, import-aws or import-env."));
    const QString sub = m_args.takeFirst();
    // `mantle accounts --help`, and `mantle accounts add --help` too.
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")
        || m_args.contains(QLatin1String("--help"))) {
        m_out << Tr::tr("Usage: %1").arg(QLatin1String(kUsage)) << "\n\n"
              << Tr::tr("Secrets are read from stdin: for access-key, the secret access key and,\n"
                        "on a second line, an optional session token; for api-key, the API key.\n"
                        "Without stdin they come from AWS_SECRET_ACCESS_KEY (and\n"
                        "AWS_SESSION_TOKEN) or AWS_BEARER_TOKEN_BEDROCK. They are kept in the\n"
                        "keychain, never in a file. Settings: MANTLE_CONFIG_DIR, else\n"
                        "$XDG_CONFIG_HOME/Mantle Playground.")
              << '\n';
        return kExitOk;
    }
    if (sub == QLatin1String("add"))
        return add();
    if (sub == QLatin1String("list"))
        return list();
    if (sub == QLatin1String("show"))
        return show();
    if (sub == QLatin1String("rename"))
        return rename();
    if (sub == QLatin1String("remove"))
        return remove();
    if (sub == QLatin1String("test"))
        return test();
    if (sub == QLatin1String("policy"))
        return policy();
    if (sub == QLatin1String("export"))
        return exportAccount();
    if (sub == QLatin1String("import"))
        return importAccount();
    if (sub == QLatin1String("import-aws"))
        return importAws();
    if (sub == QLatin1String("import-env"))
        return importEnv();
    return usageError(Tr::tr("unknown command “%1”.").arg(sub));
}

Result<AccountSecrets> Accounts::readSecrets(AuthMethod method)
{
    AccountSecrets secrets;
    if (method == AuthMethod::AssumeRole)
        return secrets;
    QStringList lines;
    if (m_context.in) {
        const QString all = m_context.in->readAll();
        for (const QString &line : all.split(QLatin1Char('\n'))) {
            const QString trimmed = line.trimmed();
            if (!trimmed.isEmpty())
                lines.append(trimmed);
        }
    }
    const QProcessEnvironment &env = m_context.environment;
    if (lines.isEmpty()) {
        if (method == AuthMethod::ApiKey)
            lines = {env.value(QStringLiteral("AWS_BEARER_TOKEN_BEDROCK")).trimmed()};
        else
            lines = {env.value(QStringLiteral("AWS_SECRET_ACCESS_KEY")).trimmed(),
                     env.value(QStringLiteral("AWS_SESSION_TOKEN")).trimmed()};
        lines.removeAll(QString());
    }
    const int most = method == AuthMethod::ApiKey ? 1 : 2;
    if (lines.isEmpty())
        return makeError(Error::Kind::InvalidInput,
                         method == AuthMethod::ApiKey
                             ? Tr::tr("give the API key on stdin (or in "
                                      "AWS_BEARER_TOKEN_BEDROCK).")
                             : Tr::tr("give the secret access key on stdin (or in "
                                      "AWS_SECRET_ACCESS_KEY)."));
    if (lines.size() > most)
        return makeError(
            Error::Kind::InvalidInput,
            Tr::tr("stdin holds %1 lines; expected at most %2.").arg(lines.size()).arg(most));
    const QString firstName
        = method == AuthMethod::ApiKey ? Tr::tr("The API key") : Tr::tr("The secret access key");
    if (const Status ok = aws::checkSecretValue(lines.at(0), firstName); !ok)
        return ok.error();
    if (method == AuthMethod::ApiKey) {
        secrets.apiKey = SecretString(lines.at(0).toUtf8());
    } else {
        secrets.secretAccessKey = SecretString(lines.at(0).toUtf8());
        if (lines.size() > 1) {
            if (const Status ok = aws::checkSecretValue(lines.at(1), Tr::tr("The session token"));
                !ok)
                return ok.error();
            secrets.sessionToken = SecretString(lines.at(1).toUtf8());
        }
    }
    return secrets;
}

int Accounts::add()
{
    QCommandLineParser parser;
    const QCommandLineOption region(QStringLiteral("region"), Tr::tr("A Mantle region."),
                                    QStringLiteral("R"));
    const QCommandLineOption auth(QStringLiteral("auth"), Tr::tr("access-key, api-key or role."),
                                  QStringLiteral("METHOD"));
    const QCommandLineOption keyId(QStringLiteral("access-key-id"), Tr::tr("The access key id."),
                                   QStringLiteral("ID"));
    const QCommandLineOption roleArn(QStringLiteral("role-arn"), Tr::tr("The role to assume."),
                                     QStringLiteral("ARN"));
    const QCommandLineOption sourceAccount(QStringLiteral("source-account"),
                                           Tr::tr("The access-key account that assumes it."),
                                           QStringLiteral("NAME"));
    const QCommandLineOption sourceProfile(QStringLiteral("source-profile"),
                                           Tr::tr("The AWS profile that assumes it."),
                                           QStringLiteral("P"));
    const QCommandLineOption externalId(QStringLiteral("external-id"),
                                        Tr::tr("The role's external ID."), QStringLiteral("X"));
    const QCommandLineOption sessionName(QStringLiteral("session-name"),
                                         Tr::tr("The role session name."), QStringLiteral("S"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      Tr::tr("The role session's length, 900 to 43200 s."),
                                      QStringLiteral("SEC"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"),
                                      Tr::tr("An endpoint override (root URL)."),
                                      QStringLiteral("URL"));
    const QCommandLineOption notes(QStringLiteral("notes"), Tr::tr("Notes."),
                                   QStringLiteral("TEXT"));
    parser.addOptions({region, auth, keyId, roleArn, sourceAccount, sourceProfile, externalId,
                       sessionName, duration, endpoint, notes});
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("add"), 1, code))
        return code;

    Account account;
    account.name = parser.positionalArguments().at(0);
    account.region = parser.value(region).trimmed();
    const auto method = accounts::authMethodFromName(parser.value(auth).trimmed());
    if (!method)
        return usageError(Tr::tr("--auth takes access-key, api-key or role."));
    account.auth = *method;
    if (parser.isSet(keyId) && account.auth != AuthMethod::AccessKey)
        return usageError(Tr::tr("--access-key-id is for --auth access-key."));
    account.accessKeyId = parser.value(keyId).trimmed();
    if (account.auth == AuthMethod::AccessKey && account.accessKeyId.isEmpty())
        account.accessKeyId
            = m_context.environment.value(QStringLiteral("AWS_ACCESS_KEY_ID")).trimmed();
    const bool roleFlags = parser.isSet(roleArn) || parser.isSet(sourceAccount)
        || parser.isSet(sourceProfile) || parser.isSet(externalId) || parser.isSet(sessionName)
        || parser.isSet(duration);
    if (roleFlags && account.auth != AuthMethod::AssumeRole)
        return usageError(Tr::tr("--role-arn and the other role flags are for --auth role."));
    if (account.auth == AuthMethod::AssumeRole) {
        if (parser.isSet(sourceAccount) == parser.isSet(sourceProfile))
            return usageError(Tr::tr("a role takes one of --source-account and --source-profile."));
        account.roleArn = parser.value(roleArn).trimmed();
        account.externalId = parser.value(externalId).trimmed();
        account.roleSessionName = parser.value(sessionName).trimmed();
        if (parser.isSet(duration)) {
            bool ok = false;
            account.durationSeconds = parser.value(duration).toInt(&ok);
            if (!ok)
                return usageError(Tr::tr("--duration takes a number of seconds."));
        }
        account.roleSource = parser.isSet(sourceProfile) ? accounts::RoleSource::AwsProfile
                                                         : accounts::RoleSource::Account;
        account.sourceAccount = parser.value(sourceAccount).trimmed();
        account.sourceProfile = parser.value(sourceProfile).trimmed();
    }
    account.endpoint = parser.value(endpoint).trimmed();
    account.notes = parser.value(notes);
    if (const Status ok = account.validate(); !ok)
        return usageError(ok.error().message);

    auto secrets = readSecrets(account.auth);
    if (!secrets)
        return usageError(secrets.error().message);
    CliAccounts accounts(m_context.environment);
    if (const Status ok = accounts.add(account, *secrets); !ok)
        return failure(ok.error());
    m_out << Tr::tr("Added account “%1”.").arg(account.name) << '\n';
    return kExitOk;
}

int Accounts::list()
{
    QCommandLineParser parser;
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("list"), 0, code))
        return code;
    CliAccounts accounts(m_context.environment);
    for (const QString &name : accounts.store().names()) {
        const auto account = accounts.store().load(name);
        if (!account) {
            m_out << name << '\t' << Tr::tr("(broken: %1)").arg(account.error().message) << '\n';
            continue;
        }
        m_out << name << '\t' << accounts::authMethodName(account->auth) << '\t' << account->region
              << '\n';
    }
    return kExitOk;
}

int Accounts::show()
{
    QCommandLineParser parser;
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("show"), 1, code))
        return code;
    CliAccounts accounts(m_context.environment);
    const auto account = accounts.store().load(parser.positionalArguments().at(0));
    if (!account)
        return failure(account.error());
    auto line = [this](const QString &label, const QString &value) {
        if (!value.isEmpty())
            m_out << label << ": " << value << '\n';
    };
    line(Tr::tr("name"), account->name);
    line(Tr::tr("auth"), accounts::authMethodName(account->auth));
    line(Tr::tr("region"), account->region);
    line(Tr::tr("endpoint"), account->endpoint);
    line(Tr::tr("access key id"), account->accessKeyId);
    if (account->auth == AuthMethod::AccessKey)
        line(Tr::tr("secret access key"), Tr::tr("in the keychain"));
    if (account->auth == AuthMethod::ApiKey)
        line(Tr::tr("API key"), Tr::tr("in the keychain"));
    if (account->auth == AuthMethod::AssumeRole) {
        line(Tr::tr("role ARN"), account->roleArn);
        line(Tr::tr("external ID"), account->externalId);
        line(Tr::tr("session name"), account->effectiveRoleSessionName());
        line(Tr::tr("duration"), QString::number(account->durationSeconds));
        line(Tr::tr("source account"), account->sourceAccount);
        line(Tr::tr("source AWS profile"), account->sourceProfile);
    }
    line(Tr::tr("notes"), account->notes);
    return kExitOk;
}

int Accounts::rename()
{
    QCommandLineParser parser;
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("rename"), 2, code))
        return code;
    CliAccounts accounts(m_context.environment);
    const QStringList names = parser.positionalArguments();
    if (const Status ok = accounts.rename(names.at(0), names.at(1)); !ok)
        return failure(ok.error());
    m_out << Tr::tr("Renamed account “%1” to “%2”.").arg(names.at(0), names.at(1)) << '\n';
    return kExitOk;
}

int Accounts::remove()
{
    QCommandLineParser parser;
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("remove"), 1, code))
        return code;
    CliAccounts accounts(m_context.environment);
    const QString name = parser.positionalArguments().at(0);
    if (const Status ok = accounts.remove(name); !ok)
        return failure(ok.error());
    m_out << Tr::tr("Removed account “%1” and its secrets.").arg(name) << '\n';
    return kExitOk;
}

int Accounts::test()
{
    QCommandLineParser parser;
    const QCommandLineOption model(QStringLiteral("model"),
                                   Tr::tr("The model of the tiny request (default: the first "
                                          "listed Chat Completions model)."),
                                   QStringLiteral("M"));
    parser.addOption(model);
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("test"), 1, code))
        return code;
    const QString name = parser.positionalArguments().at(0);
    CliAccounts accounts(m_context.environment);
    const auto account = accounts.store().load(name);
    if (!account)
        return failure(account.error());
    m_out << Tr::tr("Account “%1”: %2 in %3.")
                 .arg(name, accounts::authMethodName(account->auth), account->region)
          << '\n';
    m_out.flush();

    SystemClock clock;
    aws::SigV4Signer signer;
    QNetworkAccessManager network;
    network.setProxyFactory(new net::SystemProxyFactory); // the manager owns it
    net::HttpClient client(&network, signer, clock);
    QString routesFile = m_context.environment.value(QStringLiteral("MANTLE_ROUTES_FILE"));
    if (routesFile.isEmpty())
        routesFile = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
            + QStringLiteral("/mantle-playground/routes.json");
    pipeline::RouteMemory routes;
    if (auto memory = pipeline::RouteMemory::load(routesFile))
        routes = std::move(memory).value();

    const QProcessEnvironment environment = m_context.environment;
    accounts::ConnectionTest test(
        client,
        [&](accounts::ConnectionTest::TargetDone done) {
            auto target = accounts.resolve(name, &network, signer, clock);
            if (target)
                target->routes = mantle::RouteResolver::fromEnvironment(environment);
            done(std::move(target));
        },
        &routes);
    test.setModel(parser.value(model).trimmed());
    if (account->auth == AuthMethod::AssumeRole) {
        const QString source = account->roleSource == accounts::RoleSource::Account
            ? Tr::tr("the IAM principal of account “%1”").arg(account->sourceAccount)
            : Tr::tr("the IAM principal of AWS profile “%1”").arg(account->sourceProfile);
        test.setRole(account->roleArn, source, !account->externalId.isEmpty());
    }
    QObject::connect(&test, &accounts::ConnectionTest::stepFinished,
                     [this](const accounts::ConnectionStep &step) {
                         switch (step.status) {
                         case accounts::ConnectionStep::Status::Ok:
                             m_out << "\u2713 " << step.name << ": " << step.detail << '\n';
                             if (!step.note.isEmpty())
                                 m_out << "  " << Tr::tr("note: %1").arg(step.note) << '\n';
                             break;
                         case accounts::ConnectionStep::Status::Failed:
                             m_out << "\u2717 " << step.name << ": " << step.detail;
                             if (!step.fix.isEmpty())
                                 m_out << " \u2014 " << Tr::tr("fix: %1").arg(step.fix);
                             m_out << '\n';
                             break;
                         case accounts::ConnectionStep::Status::Skipped:
                             m_out << "- " << step.name << ": " << Tr::tr("skipped") << '\n';
                             break;
                         }
                         m_out.flush();
                     });
    QEventLoop loop;
    QObject::connect(&test, &accounts::ConnectionTest::finished, &loop, &QEventLoop::quit);
    test.start();
    loop.exec();
    // Save the routes only when the test learned one (the request step's note says so).
    if (!test.steps().isEmpty() && !test.steps().constLast().note.isEmpty()) {
        if (const Status saved = routes.save(routesFile); !saved)
            m_err << "mantle accounts: " << saved.error().toDisplayString() << '\n';
    }
    if (!test.passed())
        return kExitFailed;
    m_out << Tr::tr("Account “%1” works.").arg(name) << '\n';
    return kExitOk;
}

int Accounts::policy()
{
    QCommandLineParser parser;
    const QCommandLineOption accountId(
        QStringLiteral("account-id"),
        Tr::tr("The AWS account id of the resources (default: the role's, else *)."),
        QStringLiteral("ID"));
    const QCommandLineOption noMarketplace(
        QStringLiteral("no-marketplace"),
        Tr::tr("Leave out the Marketplace statement for third-party models."));
    const QCommandLineOption sourcePrincipal(
        QStringLiteral("source-principal"),
        Tr::tr("For a role: the ARN of the principal that assumes it."), QStringLiteral("ARN"));
    parser.addOptions({accountId, noMarketplace, sourcePrincipal});
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("policy"), 1, code))
        return code;
    const QString id = parser.value(accountId).trimmed();
    if (!id.isEmpty() && !QRegularExpression(QStringLiteral("^\\d{12}$")).match(id).hasMatch())
        return usageError(Tr::tr("--account-id takes a 12-digit AWS account id."));
    CliAccounts accounts(m_context.environment);
    const auto account = accounts.store().load(parser.positionalArguments().at(0));
    if (!account)
        return failure(account.error());
    accounts::IamPolicyHelper::Options options;
    options.accountId = id;
    options.marketplace = !parser.isSet(noMarketplace);
    options.sourcePrincipal = parser.value(sourcePrincipal).trimmed();
    m_out << accounts::IamPolicyHelper::text(*account, options);
    return kExitOk;
}

int Accounts::exportAccount()
{
    QCommandLineParser parser;
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("export"), 2, code))
        return code;
    CliAccounts accounts(m_context.environment);
    const auto account = accounts.store().load(parser.positionalArguments().at(0));
    if (!account)
        return failure(account.error());
    if (const Status ok
        = accounts::AccountStore::exportToFile(*account, parser.positionalArguments().at(1));
        !ok)
        return failure(ok.error());
    m_out << Tr::tr("Exported the settings of “%1” (no secrets).").arg(account->name) << '\n';
    return kExitOk;
}

int Accounts::saveImported(const accounts::ImportedAccount &imported)
{
    for (const QString &warning : imported.warnings)
        m_err << "mantle accounts: " << warning << '\n';
    CliAccounts accounts(m_context.environment);
    if (const Status ok = accounts.add(imported.account, imported.secrets); !ok)
        return failure(ok.error());
    m_out << Tr::tr("Added account “%1”.").arg(imported.account.name) << '\n';
    return kExitOk;
}

int Accounts::importAccount()
{
    QCommandLineParser parser;
    const QCommandLineOption name(QStringLiteral("name"), Tr::tr("The new account's name."),
                                  QStringLiteral("NAME"));
    parser.addOption(name);
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("import"), 1, code))
        return code;
    auto account = accounts::AccountStore::importFromFile(parser.positionalArguments().at(0));
    if (!account)
        return failure(account.error());
    if (parser.isSet(name))
        account->name = parser.value(name);
    accounts::ImportedAccount imported;
    imported.account = *account;
    if (account->auth != AuthMethod::AssumeRole) {
        auto secrets = readSecrets(account->auth);
        if (!secrets)
            return usageError(secrets.error().message);
        imported.secrets = std::move(secrets).value();
    }
    return saveImported(imported);
}

int Accounts::importAws()
{
    QCommandLineParser parser;
    const QCommandLineOption name(QStringLiteral("name"), Tr::tr("The new account's name."),
                                  QStringLiteral("NAME"));
    parser.addOption(name);
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("import-aws"), 1, code))
        return code;
    const auto environment = aws::readAwsEnvironment(m_context.environment);
    if (!environment)
        return failure(environment.error());
    const auto profiles
        = aws::AwsProfileResolver::load(environment->configFile, environment->credentialsFile);
    if (!profiles)
        return failure(profiles.error());
    const auto imported = accounts::AccountImporter().fromAwsProfile(
        *profiles, parser.positionalArguments().at(0), parser.value(name));
    if (!imported)
        return failure(imported.error());
    return saveImported(*imported);
}

int Accounts::importEnv()
{
    QCommandLineParser parser;
    const QCommandLineOption name(QStringLiteral("name"),
                                  Tr::tr("The accounts' name prefix (default: env)."),
                                  QStringLiteral("PREFIX"));
    parser.addOption(name);
    int code = kExitOk;
    if (!parse(parser, QStringLiteral("import-env"), 0, code))
        return code;
    const auto imported = accounts::AccountImporter().fromEnvironment(
        m_context.environment,
        parser.value(name).isEmpty() ? QStringLiteral("env") : parser.value(name));
    if (!imported)
        return failure(imported.error());
    if (imported->isEmpty())
        return failure(makeError(Error::Kind::Config,
                                 Tr::tr("The environment holds no AWS credentials to import.")));
    for (const auto &one : *imported) {
        if (const int result = saveImported(one); result != kExitOk)
            return result;
    }
    return kExitOk;
}

} // namespace

QString AccountsCommand::name() const
{
    return QStringLiteral("accounts");
}

QString AccountsCommand::summary() const
{
    return Tr::tr("Add, list, show, remove and test accounts");
}

int AccountsCommand::run(CommandContext &context)
{
    Accounts accounts(context);
    const int code = accounts.run();
    context.out->flush();
    context.err->flush();
    return code;
}

} // namespace mantle::cli
