#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle snippet --api chat|responses|messages --lang L`: prints the request that the same
/// flags would send (or the RequestSpec JSON of --spec FILE) as a complete program in one of the
/// export languages, for the target it would go to (--region, --endpoint, --account, the learned
/// routes). Reads no credentials and sends nothing: the program reads its own from the
/// environment when it runs.
class SnippetCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
