#pragma once

#include <QNetworkProxyFactory>

namespace mantle::net {

/// The proxies the system says to use (environment variables such as `https_proxy` and
/// `no_proxy`, the desktop's settings, PAC), for one QNetworkAccessManager, without changing the
/// application-wide proxy settings. Requests to this computer (localhost, 127.0.0.0/8, ::1:
/// the emulator, a local gateway) never go through a proxy.
///
/// It only chooses proxies; the manager that owns it connects through them.
class SystemProxyFactory final : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;
};

} // namespace mantle::net
