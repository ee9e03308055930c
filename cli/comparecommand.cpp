#include "comparecommand.h"

#include "accounts/modelsettingsstore.h"
#include "cliaccounts.h"
#include "compare/comparerun.h"
#include "mantle/costcalculator.h"
#include "mantle/modelcatalogue.h"
#include "mantle/modellist.h"
#include "requestoptions.h"
#include "requestrunner.h"
#include "texttable.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QJsonDocument>
#include <QSettings>

#include <optional>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::CompareCommand)
};

/// The effective model list of an account (its custom models and overrides; the catalogue
/// alone without an account), read once per account.
class ModelDirectory
{
public:
    explicit ModelDirectory(const QProcessEnvironment &environment)
        : m_environment(environment)
    { }

    /// The model as the account sees it; the catalogue's (or its family's) description when
    /// the list does not have it.
    mantle::ModelInfo describe(const QString &account, const QString &region, const QString &model)
    {
        const mantle::ModelSettings settings = settingsOf(account);
        const QList<mantle::ModelListEntry> entries
            = mantle::ModelList::build(m_catalogue, std::nullopt, settings, region);
        for (const mantle::ModelListEntry &entry : entries) {
            if (entry.model.id == model)
                return entry.model;
        }
        return m_catalogue.describe(model);
    }

private:
    mantle::ModelSettings settingsOf(const QString &account)
    {
        if (account.isEmpty())
            return {};
        if (const auto found = m_settings.constFind(account); found != m_settings.cend())
            return *found;
        // Unreadable settings only cost the private prices: the catalogue's still apply.
        QSettings file(CliAccounts::settingsPath(m_environment), QSettings::IniFormat);
        auto loaded = accounts::ModelSettingsStore(file).load(account);
        const mantle::ModelSettings settings
            = loaded ? std::move(loaded).value() : mantle::ModelSettings();
        m_settings.insert(account, settings);
        return settings;
    }

    QProcessEnvironment m_environment;
    mantle::ModelCatalogue m_catalogue = mantle::ModelCatalogue::builtIn();
    QHash<QString, mantle::ModelSettings> m_settings;
};

QString millisecondsText(const std::optional<qint64> &ms)
{
    return ms ? Tr::tr("%1 ms").arg(*ms) : QStringLiteral("-");
}

/// The table under the answers: target, TTFT, tok/s, total, in, out, cost, error; columns
/// padded to their widest cell, numbers right-aligned.
QString summaryTable(const QList<compare::CompareResult> &results)
{
    QList<QStringList> rows;
    rows.append({Tr::tr("target"), Tr::tr("TTFT"), Tr::tr("tok/s"), Tr::tr("total"), Tr::tr("in"),
                 Tr::tr("out"), Tr::tr("cost"), Tr::tr("error")});
    for (const compare::CompareResult &result : results) {
        const auto &timings = result.timings;
        const auto &usage = result.turn.usage;
        rows.append({result.target.label(),
                     millisecondsText(timings.timeToFirstToken
                                          ? std::optional<qint64>(timings.timeToFirstToken->count())
                                          : std::nullopt),
                     timings.tokensPerSecond ? QString::number(*timings.tokensPerSecond, 'f', 1)
                                             : QStringLiteral("-"),
                     millisecondsText(result.finished ? std::optional<qint64>(timings.total.count())
                                                      : std::nullopt),
                     usage ? QString::number(usage->inputTokens) : QStringLiteral("-"),
                     usage ? QString::number(usage->outputTokens) : QStringLiteral("-"),
                     result.cost ? QStringLiteral("%1 %2").arg(
                         mantle::CostCalculator::formatAmount(result.cost->totalPico()),
                         result.cost->currency)
                                 : QStringLiteral("-"),
                     result.errorText().simplified()}); // one line per row
    }
    // The target left-aligned, the figures right-aligned, the error last and not padded.
    using Align = TextTable::Align;
    return TextTable::format(rows,
                             {Align::Left, Align::Right, Align::Right, Align::Right, Align::Right,
                              Align::Right, Align::Right});
}

void printAnswers(QTextStream &out, const QList<compare::CompareResult> &results)
{
    for (const compare::CompareResult &result : results) {
        out << "== " << result.target.label() << " ==\n";
        if (!result.turn.text.isEmpty())
            out << result.turn.text << '\n';
        for (const api::ToolCall &call : result.turn.toolCalls)
            out << Tr::tr("Tool call %1: %2 %3").arg(call.id, call.name, call.arguments) << '\n';
        if (!result.succeeded())
            out << Tr::tr("Failed: %1").arg(result.errorText().simplified()) << '\n';
        out << '\n';
    }
}

} // namespace

QString CompareCommand::name() const
{
    return QStringLiteral("compare");
}

QString CompareCommand::summary() const
{
    return Tr::tr("Send one prompt to several models, regions or APIs at once and compare");
}

int CompareCommand::run(CommandContext &context)
{
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;
    const auto usageError = [&err](const QString &message) {
        err << "mantle compare: " << message << '\n'
            << Tr::tr("Run `mantle compare --help` for the options.") << '\n';
        return int(kExitUsage);
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr(
        "Sends one prompt, with the same system prompt, tools, schema and parameters, to 1 to 6\n"
        "targets at once and prints each answer under a header, then a table: time to first\n"
        "token, tokens per second, total time, input and output tokens, cost and error. A\n"
        "target is comma-separated key=value items: api (chat, responses or messages), model,\n"
        "region and account; what a target leaves out comes from --model, --region and\n"
        "--account. Each target gets what its API can carry (e.g. no seed outside Chat\n"
        "Completions); answers always stream, so --stream changes nothing. --json prints the\n"
        "table with each answer as JSON, --csv the table as CSV. Exit status 1 when any\n"
        "target failed; the others are still printed. Credentials come from the account,\n"
        "else from AWS_BEARER_TOKEN_BEDROCK, else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and\n"
        "AWS_SESSION_TOKEN."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  Tr::tr("Show this help."));
    parser.addOption(help);
    const QCommandLineOption targetOption(
        QStringLiteral("target"),
        Tr::tr("A target, e.g. api=messages,model=anthropic.claude-haiku-4-5,region=us-west-2 "
               "(repeat for each, 1 to 6)."),
        QStringLiteral("SPEC"));
    parser.addOption(targetOption);
    const QCommandLineOption crossApi(
        QStringLiteral("cross-api"),
        Tr::tr("Compare --model through every answer API the model catalogue says it serves."));
    parser.addOption(crossApi);
    const QCommandLineOption csv(QStringLiteral("csv"),
                                 Tr::tr("Print the table as CSV (RFC 4180) instead."));
    parser.addOption(csv);
    const RequestOptions options;
    options.addRequestOptionsTo(parser);

    if (!parser.parse(QStringList{QStringLiteral("mantle compare")} + context.arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        const QString helpText = parser.helpText();
        out << Tr::tr("Usage: %1")
                   .arg(QLatin1String("mantle compare (--target SPEC... | --cross-api --model M) "
                                      "[options]"))
            << '\n'
            << helpText.mid(helpText.indexOf(QLatin1Char('\n')) + 1);
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            Tr::tr("unexpected argument “%1”.").arg(parser.positionalArguments().first()));
    if (parser.isSet(csv) && options.wantsJson(parser))
        return usageError(Tr::tr("--csv and --json cannot be combined."));
    if (parser.isSet(QStringLiteral("background")))
        return usageError(Tr::tr("compare does not run background responses."));
    const QStringList targetTexts = parser.values(targetOption);
    if (parser.isSet(crossApi) && !targetTexts.isEmpty())
        return usageError(Tr::tr("--cross-api and --target cannot be combined."));
    if (!parser.isSet(crossApi) && targetTexts.isEmpty())
        return usageError(Tr::tr("give the targets with --target SPEC, or --cross-api."));

    const auto request
        = options.readRequest(parser, mantle::ApiSurface::ChatCompletions, context.in, false);
    if (!request)
        return usageError(request.error().toDisplayString());

    compare::CompareTarget defaults;
    defaults.account = request->target.account;
    defaults.region = request->target.region;
    defaults.model = request->spec.model;
    ModelDirectory models(context.environment);
    QList<compare::CompareTarget> targets;
    if (parser.isSet(crossApi)) {
        if (defaults.model.isEmpty())
            return usageError(Tr::tr("--cross-api needs --model."));
        const mantle::ModelInfo model
            = models.describe(defaults.account, defaults.region, defaults.model);
        targets = compare::crossApiTargets(defaults.account, defaults.region, defaults.model,
                                           compare::answerSurfaces(model.surfaces));
    } else {
        for (const QString &text : targetTexts) {
            auto target = compare::CompareTarget::parse(text, defaults);
            if (!target)
                return usageError(QStringLiteral("--target: ") + target.error().toDisplayString());
            targets.append(std::move(target).value());
        }
    }
    if (const Status valid = compare::CompareRun::validateTargets(targets); !valid)
        return usageError(valid.error().toDisplayString());

    // Each target is resolved once, before anything is sent (the accounts' keychain reads
    // block); one that cannot be resolved fails in its own column.
    RequestRunner runner(context, name());
    QList<Result<pipeline::CallTarget>> resolved;
    for (const compare::CompareTarget &target : std::as_const(targets)) {
        RequestTarget flags;
        flags.account = target.account;
        flags.region = target.region;
        flags.endpoint = request->target.endpoint;
        resolved.append(runner.resolveTarget(flags));
    }
    const auto resolver
        = [&targets, &resolved](const compare::CompareTarget &target, QObject *context,
                                compare::CompareRun::TargetDone done) {
              const qsizetype index = targets.indexOf(target);
              Result<pipeline::CallTarget> result = index >= 0
                  ? resolved.at(index)
                  : Result<pipeline::CallTarget>(
                      makeError(Error::Kind::Internal, Tr::tr("The target is not known.")));
              QMetaObject::invokeMethod(
                  context, [done = std::move(done), result]() mutable { done(std::move(result)); },
                  Qt::QueuedConnection);
          };
    const auto prices = [&models](const compare::CompareTarget &target) {
        return models.describe(target.account, target.region, target.model).prices;
    };

    compare::CompareRun run(runner.httpClient(), request->spec, targets, resolver, prices,
                            &runner.routeMemory());
    QEventLoop loop;
    QObject::connect(&run, &compare::CompareRun::finished, &loop, &QEventLoop::quit);
    run.start();
    loop.exec();
    for (qsizetype column = 0; column < run.results().size(); ++column) {
        if (run.record(int(column)).switchedPrefix) {
            runner.saveLearnedRoutes(); // a wrong-prefix answer taught a route
            break;
        }
    }

    const QList<compare::CompareResult> &results = run.results();
    if (options.wantsJson(parser)) {
        out << QString::fromUtf8(
            QJsonDocument(compare::table::toJson(results)).toJson(QJsonDocument::Indented));
    } else if (parser.isSet(csv)) {
        out << compare::table::toCsv(results);
    } else {
        printAnswers(out, results);
        out << summaryTable(results);
    }
    out.flush();

    int failed = 0;
    for (const compare::CompareResult &result : results) {
        if (result.succeeded())
            continue;
        ++failed;
        err << "mantle compare: " << result.target.label() << ": "
            << result.errorText().simplified() << '\n';
    }
    if (failed > 0) {
        err << Tr::tr("mantle compare: %n of %1 targets failed.", nullptr, failed)
                   .arg(results.size())
            << '\n';
        err.flush();
        return kExitFailed;
    }
    return kExitOk;
}

} // namespace mantle::cli
