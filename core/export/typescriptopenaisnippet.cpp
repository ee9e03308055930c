#include "typescriptopenaisnippet.h"

#include "codeliteral.h"
#include "snippetrequest.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mantle::codeexport {

namespace {

QString chatAnswer(const SnippetRequest &request)
{
    if (request.streams()) {
        QString out;
        if (request.hasTools())
            out += QStringLiteral("const calls = new Map();\n");
        out += QStringLiteral("for await (const chunk of stream) {\n"
                              "  const delta = chunk.choices[0]?.delta;\n"
                              "  if (delta?.content) {\n"
                              "    process.stdout.write(delta.content);\n"
                              "  }\n");
        if (request.hasTools()) {
            out += QStringLiteral(
                "  for (const part of delta?.tool_calls ?? []) {\n"
                "    const call = calls.get(part.index) ?? { name: '', arguments: '' };\n"
                "    call.name += part.function?.name ?? '';\n"
                "    call.arguments += part.function?.arguments ?? '';\n"
                "    calls.set(part.index, call);\n"
                "  }\n");
        }
        out += QStringLiteral("}\nprocess.stdout.write('\\n');\n");
        if (request.hasTools()) {
            out += QStringLiteral("for (const call of calls.values()) {\n"
                                  "  console.log(`tool call: ${call.name} ${call.arguments}`);\n"
                                  "}\n");
        }
        return out;
    }
    QString out = QStringLiteral("const message = completion.choices[0].message;\n"
                                 "if (message.content) {\n");
    out += request.wantsJson()
        ? QStringLiteral("  console.log(JSON.stringify(JSON.parse(message.content), null, 2));\n")
        : QStringLiteral("  console.log(message.content);\n");
    out += QStringLiteral("}\n");
    if (request.hasTools()) {
        out += QStringLiteral(
            "for (const call of message.tool_calls ?? []) {\n"
            "  if (call.type === 'function') {\n"
            "    console.log(`tool call: ${call.function.name} ${call.function.arguments}`);\n"
            "  }\n"
            "}\n");
    }
    return out;
}

QString responsesAnswer(const SnippetRequest &request)
{
    if (request.streams()) {
        QString out = QStringLiteral("for await (const event of stream) {\n"
                                     "  if (event.type === 'response.output_text.delta') {\n"
                                     "    process.stdout.write(event.delta);\n");
        if (request.hasTools()) {
            out += QStringLiteral(
                "  } else if (event.type === 'response.output_item.done' && event.item.type === "
                "'function_call') {\n"
                "    console.log(`tool call: ${event.item.name} ${event.item.arguments}`);\n");
        }
        return out + QStringLiteral("  }\n}\nprocess.stdout.write('\\n');\n");
    }
    QString out = QStringLiteral("if (response.output_text) {\n");
    out += request.wantsJson() ? QStringLiteral(
               "  console.log(JSON.stringify(JSON.parse(response.output_text), null, 2));\n")
                               : QStringLiteral("  console.log(response.output_text);\n");
    out += QStringLiteral("}\n");
    if (request.hasTools()) {
        out += QStringLiteral("for (const item of response.output) {\n"
                              "  if (item.type === 'function_call') {\n"
                              "    console.log(`tool call: ${item.name} ${item.arguments}`);\n"
                              "  }\n"
                              "}\n");
    }
    return out;
}

/// The request with `"strict": null` on each Responses function tool that does not say: the
/// SDK's FunctionTool type requires the field, and null is the API's default (what leaving it
/// out means), so the snippet type-checks and asks for the same.
SnippetRequest withExplicitStrict(const SnippetRequest &request)
{
    SnippetRequest out = request;
    QJsonArray tools = out.body.value(QLatin1String("tools")).toArray();
    for (qsizetype i = 0; i < tools.size(); ++i) {
        QJsonObject tool = tools.at(i).toObject();
        if (!tool.contains(QLatin1String("strict")))
            tool.insert(QStringLiteral("strict"), QJsonValue(QJsonValue::Null));
        tools.replace(i, tool);
    }
    if (!tools.isEmpty())
        out.body.insert(QStringLiteral("tools"), tools);
    return out;
}

} // namespace

QString TypeScriptOpenAiSnippet::write(const SnippetRequest &original)
{
    const SnippetRequest request = original.spec.surface == mantle::ApiSurface::Responses
        ? withExplicitStrict(original)
        : original;
    const bool chat = request.spec.surface == mantle::ApiSurface::ChatCompletions;
    QString out
        = QStringLiteral("// ") + request.summary()
        + QStringLiteral(
              ".\n// Exported by Mantle Playground.\n"
              "// An ES module and valid TypeScript: save it as snippet.mjs and run `node "
              "snippet.mjs`\n"
              "// (Node 20 or newer, after `npm install openai`).\n"
              "// Credentials: BedrockOpenAI reads the Bedrock API key from the environment "
              "variable\n"
              "// AWS_BEARER_TOKEN_BEDROCK.\n"
              "import { BedrockOpenAI } from 'openai/bedrock';\n\n"
              "const client = new BedrockOpenAI({\n  baseURL: ")
        + CodeLiteral::quoted(request.target.baseUrl.toString(QUrl::FullyEncoded))
        + QStringLiteral(",\n});\n\n");
    const QString result = request.streams() ? QStringLiteral("stream")
        : chat                               ? QStringLiteral("completion")
                                             : QStringLiteral("response");
    out += QStringLiteral("const ") + result + QStringLiteral(" = await client.")
        + (chat ? QStringLiteral("chat.completions") : QStringLiteral("responses"))
        + QStringLiteral(".create(") + request.javaScriptArgument(0) + QStringLiteral(");\n");
    out += chat ? chatAnswer(request) : responsesAnswer(request);
    return out;
}

} // namespace mantle::codeexport
