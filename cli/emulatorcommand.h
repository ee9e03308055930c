#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle emulator [--port P] [--region R] [--pace-ms N]`: runs the local Mantle emulator, the
/// same program as `mantle-emulator` (emulator/emulatorprogram.h), until SIGINT or SIGTERM.
///
/// It runs the application's event loop, so it returns only when the emulator stops.
class EmulatorCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
