#include "systemproxyfactory.h"

#include "mantle/endpoint.h"

namespace mantle::net {

QList<QNetworkProxy> SystemProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    if (mantle::Endpoint::isLoopbackHost(query.peerHostName()))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    return QNetworkProxyFactory::systemProxyForQuery(query);
}

} // namespace mantle::net
