#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle accounts add|list|show|rename|remove|test|policy|export|import|import-aws|import-env`:
/// the app's accounts from the command line. Secrets come from stdin (or the standard
/// environment variables), never from the arguments, and are never printed.
///
/// It holds no account logic of its own: the core's AccountManager, AccountStore,
/// AccountImporter and AccountResolver do the work, ConnectionTest runs `test` and
/// IamPolicyHelper writes `policy`.
class AccountsCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
