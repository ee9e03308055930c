#pragma once

#include "mantle/apisurface.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>

namespace mantle::codeexport {

/// The languages and SDKs a request can be exported to. Their stable names (languageName()) are
/// what `mantle snippet --lang` takes (ARCHITECTURE.md, "Stable interfaces"); never translated.
enum class SnippetLanguage {
    PythonOpenAi, ///< "python-openai": the openai Python SDK (Chat Completions, Responses)
    PythonAnthropic, ///< "python-anthropic": the anthropic Python SDK (Messages)
    PythonSigV4, ///< "python-sigv4": botocore's SigV4Auth and requests (every surface)
    TsOpenAi, ///< "ts-openai": the openai npm package's BedrockOpenAI (Chat, Responses)
    TsAnthropic, ///< "ts-anthropic": @anthropic-ai/sdk (Messages)
    Curl, ///< "curl": a POSIX shell script, the API key as a header
    CurlSigV4, ///< "curl-sigv4": a POSIX shell script, curl --aws-sigv4
};

/// Every language, in the order menus and usage texts list them.
inline constexpr std::array<SnippetLanguage, 7> kAllSnippetLanguages{
    SnippetLanguage::PythonOpenAi, SnippetLanguage::PythonAnthropic, SnippetLanguage::PythonSigV4,
    SnippetLanguage::TsOpenAi,     SnippetLanguage::TsAnthropic,     SnippetLanguage::Curl,
    SnippetLanguage::CurlSigV4,
};

/// "python-openai", "python-anthropic", "python-sigv4", "ts-openai", "ts-anthropic", "curl",
/// "curl-sigv4".
QString snippetLanguageName(SnippetLanguage language);
/// The language with that stable name (case and surrounding white space ignored), or nothing.
std::optional<SnippetLanguage> snippetLanguageFromName(QStringView name);
/// All stable names, in kAllSnippetLanguages order.
QStringList snippetLanguageNames();
/// The name people read in a menu ("Python (openai SDK)"), translated.
QString snippetLanguageDisplayName(SnippetLanguage language);

/// Whether a snippet in `language` can express a request on `surface`: the OpenAI SDKs serve
/// Chat Completions and Responses, the Anthropic SDKs Messages, the SigV4 Python program and
/// curl every conversation surface (and count tokens).
bool snippetLanguageFits(SnippetLanguage language, mantle::ApiSurface surface);
/// The languages that fit `surface`, in kAllSnippetLanguages order (empty for the model list).
QList<SnippetLanguage> snippetLanguagesFor(mantle::ApiSurface surface);

} // namespace mantle::codeexport
