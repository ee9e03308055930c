#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle models [--account A | --region R] [--endpoint URL] [--details | --json] [--offline]`:
/// the model list of a region as the app's Models view shows it (the live list merged with the
/// built-in catalogue and the account's custom models), one id per line, as a table or as JSON.
///
/// It parses flags only: the list is RequestRunner's and ModelList's.
class ModelsCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
