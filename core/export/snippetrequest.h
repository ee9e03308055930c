#pragma once

#include "api/requestspec.h"
#include "api/wirerequest.h"
#include "common/result.h"
#include "exporttarget.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mantle::codeexport {

/// What every snippet generator reads: the spec, the WireRequest the surface's request builder
/// makes of it (the exact body and headers the app sends), that body as JSON, and the target.
/// Building it through the real builders is what keeps the snippets and the requests the same.
///
/// Plain data; it holds no credentials and writes no code itself.
struct SnippetRequest
{
    api::RequestSpec spec;
    api::WireRequest wire;
    QJsonObject body;
    ExportTarget target;

    /// Builds the wire request of `spec` (failing as the builder fails for an invalid spec).
    static Result<SnippetRequest> make(const api::RequestSpec &spec, const ExportTarget &target);

    /// The request's full URL.
    QString url() const { return target.urlOf(wire.path); }
    /// The body's top-level fields in the order snippets write them: model, the instructions,
    /// the conversation, then the others in the body's (alphabetical) order.
    QStringList fieldOrder() const;
    bool streams() const { return spec.stream; }
    /// The answer may hold tool calls worth printing (the request defines tools).
    bool hasTools() const { return !spec.tools.isEmpty(); }
    /// The answer is structured output (the request gives an output schema).
    bool wantsJson() const { return spec.outputSchema.has_value(); }
    /// Messages only: the forced tool whose input is the structured answer; empty otherwise.
    QString schemaToolName() const;
    /// The body's fields as Python keyword arguments, one per line ("    model=\"x\",\n"), each
    /// line indented by `indent` spaces.
    QString pythonArguments(int indent) const;
    /// The body as one JavaScript object literal, its fields in fieldOrder(), the closing brace
    /// indented by `indent` spaces.
    QString javaScriptArgument(int indent) const;
    /// One line for the snippet's first comment: "Chat Completions request to MODEL in REGION".
    QString summary() const;
};

} // namespace mantle::codeexport
