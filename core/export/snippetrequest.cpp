#include "snippetrequest.h"

#include "codeliteral.h"
#include "pipeline/turncall.h"

#include <QJsonDocument>

namespace mantle::codeexport {

Result<SnippetRequest> SnippetRequest::make(const api::RequestSpec &spec,
                                            const ExportTarget &target)
{
    auto wire = pipeline::TurnCall::buildWireRequest(spec);
    if (!wire)
        return wire.error();
    SnippetRequest out;
    out.spec = spec;
    out.wire = std::move(wire).value();
    out.body = QJsonDocument::fromJson(out.wire.body).object();
    out.target = target;
    return out;
}

QStringList SnippetRequest::fieldOrder() const
{
    static const QStringList first{QStringLiteral("model"), QStringLiteral("instructions"),
                                   QStringLiteral("system"), QStringLiteral("messages"),
                                   QStringLiteral("input")};
    QStringList order;
    for (const QString &key : first) {
        if (body.contains(key))
            order.append(key);
    }
    for (const QString &key : body.keys()) {
        if (!order.contains(key))
            order.append(key);
    }
    return order;
}

QString SnippetRequest::pythonArguments(int indent) const
{
    const QString pad(indent, QLatin1Char(' '));
    QString out;
    for (const QString &key : fieldOrder()) {
        out += pad + key + QLatin1Char('=') + CodeLiteral::python(body.value(key), indent)
            + QStringLiteral(",\n");
    }
    return out;
}

QString SnippetRequest::javaScriptArgument(int indent) const
{
    const QString pad(indent + 2, QLatin1Char(' '));
    QString out = QStringLiteral("{\n");
    for (const QString &key : fieldOrder()) {
        const QString name = CodeLiteral::isIdentifier(key) ? key : CodeLiteral::quoted(key);
        out += pad + name + QStringLiteral(": ")
            + CodeLiteral::javaScript(body.value(key), indent + 2) + QStringLiteral(",\n");
    }
    return out + QString(indent, QLatin1Char(' ')) + QLatin1Char('}');
}

QString SnippetRequest::schemaToolName() const
{
    if (!wantsJson() || spec.surface != mantle::ApiSurface::Messages)
        return {};
    return spec.outputSchema->name;
}

QString SnippetRequest::summary() const
{
    // Code comments, not UI text: a snippet reads the same whatever the app's language.
    QString surface;
    switch (spec.surface) {
    case mantle::ApiSurface::ChatCompletions:
        surface = QStringLiteral("Chat Completions");
        break;
    case mantle::ApiSurface::Responses:
        surface = QStringLiteral("Responses");
        break;
    case mantle::ApiSurface::Messages:
        surface = QStringLiteral("Anthropic Messages");
        break;
    case mantle::ApiSurface::CountTokens:
        surface = QStringLiteral("Anthropic count tokens");
        break;
    case mantle::ApiSurface::Models:
        surface = QStringLiteral("List models");
        break;
    }
    return CodeLiteral::commentText(QStringLiteral("%1 request to %2 on Amazon Bedrock Mantle (%3)")
                                        .arg(surface, spec.model, target.region));
}

} // namespace mantle::codeexport
