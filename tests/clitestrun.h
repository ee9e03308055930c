#pragma once

#include "commandline.h"

#include <QAnyStringView>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <initializer_list>

namespace mantle::test {

/// What one `mantle` command printed and returned, run in-process by runCli().
struct CliRun
{
    int code = -1;
    QString out;
    QString err;
};

/// An argument list from UTF-8 literals and QStrings alike.
inline QStringList cliArgs(std::initializer_list<QAnyStringView> items)
{
    QStringList list;
    for (const QAnyStringView item : items)
        list.append(item.toString());
    return list;
}

/// Runs `mantle ARGS` in this process with exactly `env` as its environment and `stdinText` as
/// its standard input: what the CLI tests share.
inline CliRun runCli(const QStringList &args, const QProcessEnvironment &env,
                     const QString &stdinText = {})
{
    CliRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    QString input = stdinText;
    QTextStream in(&input);
    cli::CommandContext context{args, env, &out, &err, &in};
    run.code = cli::runMantle(context);
    out.flush();
    err.flush();
    return run;
}

} // namespace mantle::test
