#include "snippetlanguage.h"

#include <QCoreApplication>

namespace mantle::codeexport {

QString snippetLanguageName(SnippetLanguage language)
{
    switch (language) {
    case SnippetLanguage::PythonOpenAi:
        return QStringLiteral("python-openai");
    case SnippetLanguage::PythonAnthropic:
        return QStringLiteral("python-anthropic");
    case SnippetLanguage::PythonSigV4:
        return QStringLiteral("python-sigv4");
    case SnippetLanguage::TsOpenAi:
        return QStringLiteral("ts-openai");
    case SnippetLanguage::TsAnthropic:
        return QStringLiteral("ts-anthropic");
    case SnippetLanguage::Curl:
        return QStringLiteral("curl");
    case SnippetLanguage::CurlSigV4:
        return QStringLiteral("curl-sigv4");
    }
    return {};
}

std::optional<SnippetLanguage> snippetLanguageFromName(QStringView name)
{
    const QStringView trimmed = name.trimmed();
    for (const SnippetLanguage language : kAllSnippetLanguages) {
        if (trimmed.compare(snippetLanguageName(language), Qt::CaseInsensitive) == 0)
            return language;
    }
    return std::nullopt;
}

QStringList snippetLanguageNames()
{
    QStringList names;
    for (const SnippetLanguage language : kAllSnippetLanguages)
        names.append(snippetLanguageName(language));
    return names;
}

QString snippetLanguageDisplayName(SnippetLanguage language)
{
    const char *context = "mantle::codeexport::SnippetLanguage";
    switch (language) {
    case SnippetLanguage::PythonOpenAi:
        return QCoreApplication::translate(context, "Python (openai SDK)");
    case SnippetLanguage::PythonAnthropic:
        return QCoreApplication::translate(context, "Python (anthropic SDK)");
    case SnippetLanguage::PythonSigV4:
        return QCoreApplication::translate(context, "Python (botocore SigV4 and requests)");
    case SnippetLanguage::TsOpenAi:
        return QCoreApplication::translate(context, "TypeScript (openai SDK)");
    case SnippetLanguage::TsAnthropic:
        return QCoreApplication::translate(context, "TypeScript (Anthropic SDK)");
    case SnippetLanguage::Curl:
        return QCoreApplication::translate(context, "curl (API key)");
    case SnippetLanguage::CurlSigV4:
        return QCoreApplication::translate(context, "curl (SigV4)");
    }
    return {};
}

bool snippetLanguageFits(SnippetLanguage language, mantle::ApiSurface surface)
{
    using mantle::ApiSurface;
    const bool openAi = surface == ApiSurface::ChatCompletions || surface == ApiSurface::Responses;
    switch (language) {
    case SnippetLanguage::PythonOpenAi:
    case SnippetLanguage::TsOpenAi:
        return openAi;
    case SnippetLanguage::PythonAnthropic:
    case SnippetLanguage::TsAnthropic:
        return surface == ApiSurface::Messages;
    case SnippetLanguage::PythonSigV4:
    case SnippetLanguage::Curl:
    case SnippetLanguage::CurlSigV4:
        return openAi || surface == ApiSurface::Messages || surface == ApiSurface::CountTokens;
    }
    return false;
}

QList<SnippetLanguage> snippetLanguagesFor(mantle::ApiSurface surface)
{
    QList<SnippetLanguage> out;
    for (const SnippetLanguage language : kAllSnippetLanguages) {
        if (snippetLanguageFits(language, surface))
            out.append(language);
    }
    return out;
}

} // namespace mantle::codeexport
