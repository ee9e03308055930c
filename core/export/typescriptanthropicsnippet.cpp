#include "typescriptanthropicsnippet.h"

#include "codeliteral.h"
#include "snippetrequest.h"

namespace mantle::codeexport {

namespace {

/// The statements that print one tool call (`name` and `input` are expressions), indented by
/// `indent`: the schema tool's input as JSON, any other as "tool call: NAME INPUT". Inline rather
/// than a function, whose parameters would need type annotations in TypeScript.
QString toolCallCode(const SnippetRequest &request, const QString &name, const QString &input,
                     int indent)
{
    const QString pad(indent, QLatin1Char(' '));
    const QString toolCall
        = QStringLiteral("console.log(`tool call: ${%1} ${JSON.stringify(%2)}`);\n")
              .arg(name, input);
    if (!request.wantsJson())
        return pad + toolCall;
    return pad
        + QStringLiteral("if (%1 === %2) {\n")
              .arg(name, CodeLiteral::quoted(request.schemaToolName()))
        + pad + QStringLiteral("  console.log(JSON.stringify(%1, null, 2));\n").arg(input) + pad
        + QStringLiteral("} else {\n") + pad + QStringLiteral("  ") + toolCall + pad
        + QStringLiteral("}\n");
}

} // namespace

QString TypeScriptAnthropicSnippet::write(const SnippetRequest &request)
{
    const bool bearer
        = request.target.anthropicKeyHeader == pipeline::CallTarget::AnthropicKeyHeader::Bearer;
    const bool tools = request.hasTools() || request.wantsJson();
    QString out = QStringLiteral("// ") + request.summary()
        + QStringLiteral(
                      ".\n// Exported by Mantle Playground.\n"
                      "// An ES module and valid TypeScript: save it as snippet.mjs and run `node "
                      "snippet.mjs`\n"
                      "// (Node 20 or newer, after `npm install @anthropic-ai/sdk`).\n"
                      "// Credentials: a Bedrock API key in the environment variable "
                      "AWS_BEARER_TOKEN_BEDROCK.\n"
                      "import Anthropic from '@anthropic-ai/sdk';\n\n"
                      "const apiKey = process.env.AWS_BEARER_TOKEN_BEDROCK;\n"
                      "if (!apiKey) {\n"
                      "  throw new Error('Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key.');\n"
                      "}\n"
                      "const client = new Anthropic({\n  baseURL: ")
        + CodeLiteral::quoted(request.target.sdkBaseUrl()) + QStringLiteral(",\n");
    out += bearer ? QStringLiteral("  // Sent as Authorization: Bearer (Mantle also takes "
                                   "x-api-key).\n"
                                   "  authToken: apiKey,\n")
                  : QStringLiteral("  apiKey,\n"
                                   "  // Sent as x-api-key only (Mantle also takes "
                                   "Authorization: Bearer).\n"
                                   "  defaultHeaders: { 'x-api-key': apiKey, authorization: null "
                                   "},\n");
    out += QStringLiteral("});\n\n");
    if (!request.streams()) {
        out += QStringLiteral("const message = await client.messages.create(")
            + request.javaScriptArgument(0)
            + QStringLiteral(");\n"
                             "for (const block of message.content) {\n"
                             "  if (block.type === 'text') {\n"
                             "    console.log(block.text);\n");
        if (tools) {
            out += QStringLiteral("  } else if (block.type === 'tool_use') {\n")
                + toolCallCode(request, QStringLiteral("block.name"), QStringLiteral("block.input"),
                               4);
        }
        return out + QStringLiteral("  }\n}\n");
    }
    out += QStringLiteral("const stream = await client.messages.create(")
        + request.javaScriptArgument(0) + QStringLiteral(");\n");
    if (tools)
        out += QStringLiteral("let toolName = '';\nlet toolInput = '';\n");
    out += QStringLiteral("for await (const event of stream) {\n"
                          "  if (event.type === 'content_block_delta' && event.delta.type === "
                          "'text_delta') {\n"
                          "    process.stdout.write(event.delta.text);\n");
    if (tools) {
        out += QStringLiteral(
                   "  } else if (event.type === 'content_block_start' && event.content_block.type "
                   "=== "
                   "'tool_use') {\n"
                   "    toolName = event.content_block.name;\n"
                   "    toolInput = '';\n"
                   "  } else if (event.type === 'content_block_delta' && event.delta.type === "
                   "'input_json_delta') {\n"
                   "    toolInput += event.delta.partial_json;\n"
                   "  } else if (event.type === 'content_block_stop' && toolName) {\n")
            + toolCallCode(request, QStringLiteral("toolName"),
                           QStringLiteral("JSON.parse(toolInput || '{}')"), 4)
            + QStringLiteral("    toolName = '';\n");
    }
    return out + QStringLiteral("  }\n}\nprocess.stdout.write('\\n');\n");
}

} // namespace mantle::codeexport
