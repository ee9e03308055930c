#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle sign`: signs one request with SigV4 using credentials from the environment and prints
/// the canonical request, string to sign, signature and headers as JSON, so that anyone can check
/// our signatures against another implementation. It sends nothing.
class SignCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
