#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle compare`: one prompt (the request flags of `mantle chat`) sent at once to 1 to 6
/// targets (`--target api=chat,model=M,region=R,account=A`, or `--cross-api`: the --model
/// through every answer API it serves) through compare::CompareRun; prints each answer under a
/// header and a table of timings, tokens, cost and errors (or `--json`, `--csv`).
///
/// Exit 0 when every target answered, 1 when any failed (the others still print), 2 on a usage
/// error. It keeps nothing between runs and does not pick a winner (the app does).
class CompareCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
