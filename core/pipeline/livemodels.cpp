#include "livemodels.h"

#include "api/wirerequest.h"
#include "mantle/routeresolver.h"
#include "mantlecall.h"

#include <QPointer>

#include <memory>

namespace mantle::pipeline {

void fetchLiveModels(net::HttpClient &client, CallTarget target, QObject *context,
                     LiveModelsDone done)
{
    api::WireRequest wire;
    wire.method = QByteArrayLiteral("GET");
    wire.surface = mantle::ApiSurface::Models;
    wire.path = mantle::RouteResolver::defaultResourcePath(mantle::ApiSurface::Models);
    auto *call = new MantleCall(client, wire, {}, std::move(target), nullptr, context);
    auto body = std::make_shared<QByteArray>();
    QObject::connect(call, &MantleCall::bytesReceived, call,
                     [body](QByteArrayView chunk) { body->append(chunk); });
    QObject::connect(call, &MantleCall::finished, call,
                     [call, body, done = std::move(done)](const net::HttpOutcome &outcome) {
                         call->deleteLater();
                         if (!outcome.ok()) {
                             done(*outcome.error);
                             return;
                         }
                         done(mantle::ModelList::parseLiveList(*body));
                     });
    call->start();
}

} // namespace mantle::pipeline
