#include "emulatorcommand.h"

#include "emulatorprogram.h"

#include <QCoreApplication>

namespace mantle::cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::cli::EmulatorCommand)
};

} // namespace

QString EmulatorCommand::name() const
{
    return QStringLiteral("emulator");
}

QString EmulatorCommand::summary() const
{
    return Tr::tr("Run a local Mantle emulator on 127.0.0.1");
}

int EmulatorCommand::run(CommandContext &context)
{
    return emulator::EmulatorProgram::run(context.arguments, *context.out, *context.err,
                                          QStringLiteral("mantle emulator"));
}

} // namespace mantle::cli
