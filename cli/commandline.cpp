#include "commandline.h"

#include "accountscommand.h"
#include "emulatorcommand.h"
#include "modelscommand.h"
#include "replaycommand.h"
#include "requestcommand.h"
#include "signcommand.h"
#include "snippetcommand.h"
// Region matrix (issue #11 item 3, regions)
#include "regionscommand.h"
// Short-term Bedrock API keys (issue #11 item 5, tokens)
#include "tokencommand.h"
// mantle compare (issue #11 items 1-2 core, 6, comparecore)
#include "comparecommand.h"

#include <QCoreApplication>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::Mantle)
};

void printHelp(QTextStream &out, const std::vector<std::unique_ptr<Command>> &commands)
{
    out << Tr::tr("Usage: mantle COMMAND [OPTIONS]") << "\n\n"
        << Tr::tr("Try prompts against Amazon Bedrock Mantle from the command line.") << "\n\n"
        << Tr::tr("Commands:") << '\n';
    for (const auto &c : commands)
        out << "  " << c->name().leftJustified(14) << c->summary() << '\n';
    out << '\n'
        << Tr::tr("Options:") << '\n'
        << "  --help        "
        << Tr::tr("Show this help; `mantle COMMAND --help` shows a command's.") << '\n'
        << "  --version     " << Tr::tr("Show the version.") << '\n';
}

} // namespace

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<SignCommand>());
    commands.push_back(std::make_unique<ReplayCommand>());
    commands.push_back(std::make_unique<RequestCommand>(mantle::ApiSurface::ChatCompletions));
    commands.push_back(std::make_unique<RequestCommand>(mantle::ApiSurface::Responses));
    commands.push_back(std::make_unique<RequestCommand>(mantle::ApiSurface::Messages));
    commands.push_back(std::make_unique<RequestCommand>(mantle::ApiSurface::CountTokens));
    commands.push_back(std::make_unique<SnippetCommand>());
    commands.push_back(std::make_unique<ModelsCommand>());
    // mantle compare (issue #11 items 1-2 core, 6, comparecore)
    commands.push_back(std::make_unique<CompareCommand>());
    // Region matrix (issue #11 item 3, regions)
    commands.push_back(std::make_unique<RegionsCommand>());
    // Short-term Bedrock API keys (issue #11 item 5, tokens)
    commands.push_back(std::make_unique<TokenCommand>());
    commands.push_back(std::make_unique<AccountsCommand>());
    commands.push_back(std::make_unique<EmulatorCommand>());
    return commands;
}

int runMantle(CommandContext &context)
{
    const auto commands = allCommands();
    QTextStream &out = *context.out;
    QTextStream &err = *context.err;
    if (context.arguments.isEmpty()) {
        printHelp(err, commands);
        return kExitUsage;
    }
    const QString first = context.arguments.first();
    if (first == QLatin1String("--help") || first == QLatin1String("-h")
        || first == QLatin1String("help")) {
        printHelp(out, commands);
        return kExitOk;
    }
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        out << "mantle " << MANTLE_VERSION << '\n';
        return kExitOk;
    }
    for (const auto &c : commands) {
        if (c->name() == first) {
            context.arguments.removeFirst();
            return c->run(context);
        }
    }
    err << Tr::tr("mantle: unknown command “%1”. Run `mantle --help` for the list.").arg(first)
        << '\n';
    return kExitUsage;
}

} // namespace mantle::cli
