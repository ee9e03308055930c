#pragma once

#include "calltarget.h"
#include "common/result.h"
#include "mantle/modellist.h"

#include <QList>
#include <QObject>

#include <functional>

namespace mantle::net {
class HttpClient;
}

namespace mantle::pipeline {

/// Asks a region for the models it serves (`GET /v1/models`) and reads the answer: what the
/// Models view's Refresh, the playground's model picker and `mantle models` need.
///
/// A function, not a class: the call is a child of `context` and the callback runs once from
/// the event loop, unless `context` is destroyed first (then nothing runs).
using LiveModelsDone = std::function<void(Result<QList<mantle::LiveModel>>)>;
void fetchLiveModels(net::HttpClient &client, CallTarget target, QObject *context,
                     LiveModelsDone done);

} // namespace mantle::pipeline
