#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle regions [--model M] [--account A] [--endpoint URL] [--json]`: which of the 13 Mantle
/// regions serve a model, from each region's live model list fetched at once, with a latency
/// probe per region; a table, or with --json the matrix's JSON form. Exit 0 when at least one
/// region answered, else 1.
///
/// It parses flags only: the requests are RequestRunner's and core/compare's RegionMatrix's.
class RegionsCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
