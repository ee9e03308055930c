#pragma once

#include "commandline.h"
#include "mantle/apisurface.h"

namespace mantle::cli {

/// `mantle chat`, `mantle responses`, `mantle messages` and `mantle count-tokens`: one command
/// per API surface, all with the same request flags (RequestOptions). Sends one request and
/// prints the answer (RequestRunner).
///
/// It keeps no conversation between runs (use --previous-response-id with Responses) and does
/// not know the app's accounts yet.
class RequestCommand final : public Command
{
public:
    explicit RequestCommand(mantle::ApiSurface surface);

    QString name() const override;
    QString summary() const override;
    int run(CommandContext &context) override;

private:
    mantle::ApiSurface m_surface;
};

} // namespace mantle::cli
