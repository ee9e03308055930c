#include "httpclient.h"

#include "httpcall.h"

namespace mantle::net {

HttpClient::HttpClient(QNetworkAccessManager *network, const aws::SigV4Signer &signer,
                       const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_signer(signer)
    , m_clock(clock)
{ }

HttpClient::~HttpClient() = default;

HttpCall *HttpClient::send(const HttpRequest &request)
{
    auto *call = new HttpCall(m_network, m_signer, m_clock, request, this);
    call->start();
    return call;
}

} // namespace mantle::net
