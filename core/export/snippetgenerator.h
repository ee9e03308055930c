#pragma once

#include "api/requestspec.h"
#include "common/result.h"
#include "exporttarget.h"
#include "snippetlanguage.h"

#include <QList>
#include <QString>

namespace mantle::codeexport {

/// Exports a request as a complete program: what `mantle snippet` prints and what the app's
/// export dialog shows. It asks which languages fit a spec and writes one of them, through the
/// same request builders as the real request (so curl sends exactly the app's body and the SDK
/// snippets pass the same fields), with the target's URL (endpoint override included) and no
/// secret: every snippet reads its credentials from the environment and names the variables in
/// its first comment.
///
/// It sends nothing and resolves no route itself (ExportTarget::forRequest does).
class SnippetGenerator
{
public:
    /// The languages that can express `spec` (by its surface), in kAllSnippetLanguages order.
    static QList<SnippetLanguage> languagesFor(const api::RequestSpec &spec);

    /// The program for `spec` sent to `target`, in `language`. Fails (InvalidInput) for a
    /// language that does not fit the surface, naming those that do, and for a spec the surface's
    /// request builder refuses.
    static Result<QString> generate(SnippetLanguage language, const api::RequestSpec &spec,
                                    const ExportTarget &target);
};

/// SnippetGenerator::generate().
Result<QString> generate(SnippetLanguage language, const api::RequestSpec &spec,
                         const ExportTarget &target);

} // namespace mantle::codeexport
