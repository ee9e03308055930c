#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle replay --api chat|responses|messages FILE`: feeds a recorded answer through the same
/// SSE parser and stream accumulator the app uses (or, for a non-streamed JSON body, the body
/// parser) and prints the final turn as JSON in the stable replay shape. It sends nothing; it
/// is how scripts and outside checks test our reading of streams.
class ReplayCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
