#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle models [--region R] [--endpoint URL] [--json]`: lists the models Mantle serves in a
/// region, one id per line (or the answer as JSON).
///
/// It does not say which APIs a model supports (the model catalogue will).
class ModelsCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
