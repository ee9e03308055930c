#include "snippetgenerator.h"

#include "curlsnippet.h"
#include "pythonanthropicsnippet.h"
#include "pythonopenaisnippet.h"
#include "pythonsigv4snippet.h"
#include "snippetrequest.h"
#include "typescriptanthropicsnippet.h"
#include "typescriptopenaisnippet.h"

#include <QCoreApplication>

namespace mantle::codeexport {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(mantle::codeexport::SnippetGenerator)
};

} // namespace

QList<SnippetLanguage> SnippetGenerator::languagesFor(const api::RequestSpec &spec)
{
    return snippetLanguagesFor(spec.surface);
}

Result<QString> SnippetGenerator::generate(SnippetLanguage language, const api::RequestSpec &spec,
                                           const ExportTarget &target)
{
    if (!snippetLanguageFits(language, spec.surface)) {
        QStringList fitting;
        for (const SnippetLanguage fits : languagesFor(spec))
            fitting.append(snippetLanguageName(fits));
        return makeError(
            Error::Kind::InvalidInput,
            Tr::tr("A %1 request cannot be exported as %2.")
                .arg(mantle::apiSurfaceDisplayName(spec.surface), snippetLanguageName(language)),
            fitting.isEmpty()
                ? Tr::tr("No language fits this API.")
                : Tr::tr("Languages that fit: %1.").arg(fitting.join(QStringLiteral(", "))));
    }
    const auto request = SnippetRequest::make(spec, target);
    if (!request)
        return request.error();

    switch (language) {
    case SnippetLanguage::PythonOpenAi:
        return PythonOpenAiSnippet::write(*request);
    case SnippetLanguage::PythonAnthropic:
        return PythonAnthropicSnippet::write(*request);
    case SnippetLanguage::PythonSigV4:
        return PythonSigV4Snippet::write(*request);
    case SnippetLanguage::TsOpenAi:
        return TypeScriptOpenAiSnippet::write(*request);
    case SnippetLanguage::TsAnthropic:
        return TypeScriptAnthropicSnippet::write(*request);
    case SnippetLanguage::Curl:
        return CurlSnippet::write(*request, CurlSnippet::Auth::ApiKey);
    case SnippetLanguage::CurlSigV4:
        return CurlSnippet::write(*request, CurlSnippet::Auth::SigV4);
    }
    return makeError(Error::Kind::Internal, Tr::tr("Unknown snippet language."));
}

Result<QString> generate(SnippetLanguage language, const api::RequestSpec &spec,
                         const ExportTarget &target)
{
    return SnippetGenerator::generate(language, spec, target);
}

} // namespace mantle::codeexport
