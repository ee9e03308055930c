#pragma once

#include "commandline.h"

namespace mantle::cli {

/// `mantle token`: makes a short-term Bedrock API key locally (aws::BedrockToken) from an
/// account's SigV4 credentials (access keys, or a role through STS) or from the standard
/// environment's access keys, and prints it alone on stdout with its expiry and region on
/// stderr (or, with --json, `{"token","region","expires_at"}`). It sends no request except the
/// STS call a role account needs, and refuses API-key accounts, which have no SigV4 credentials.
class TokenCommand final : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;
};

} // namespace mantle::cli
