#include "exporttarget.h"

#include "pipeline/mantlecall.h"
#include "pipeline/turncall.h"

namespace mantle::codeexport {

Result<ExportTarget> ExportTarget::forRequest(const api::RequestSpec &spec,
                                              const pipeline::CallTarget &target,
                                              const pipeline::RouteMemory *memory)
{
    const auto wire = pipeline::TurnCall::buildWireRequest(spec);
    if (!wire)
        return wire.error();
    const auto request = pipeline::MantleCall::prepare(*wire, spec.model, target, memory);
    if (!request)
        return request.error();

    // The prepared URL is base URL + "/" + the wire path; the base URL is what stays.
    QString url = request->url.toString(QUrl::FullyEncoded);
    const QString tail = QLatin1Char('/') + wire->path;
    if (url.endsWith(tail))
        url.chop(tail.size());
    ExportTarget out;
    out.baseUrl = QUrl(url, QUrl::StrictMode);
    out.region = target.region;
    out.anthropicKeyHeader = target.anthropicKeyHeader;
    return out;
}

QString ExportTarget::urlOf(const QString &resourcePath) const
{
    return baseUrl.toString(QUrl::FullyEncoded) + QLatin1Char('/') + resourcePath;
}

QString ExportTarget::sdkBaseUrl() const
{
    QString url = baseUrl.toString(QUrl::FullyEncoded);
    if (url.endsWith(QLatin1String("/anthropic/v1")))
        url.chop(3);
    return url;
}

} // namespace mantle::codeexport
