#include "pythonanthropicsnippet.h"

#include "codeliteral.h"
#include "snippetrequest.h"

namespace mantle::codeexport {

namespace {

QString streamedAnswer(const SnippetRequest &request)
{
    const bool tools = request.hasTools() || request.wantsJson();
    QString out;
    if (tools)
        out += QStringLiteral("tool_name = None\ntool_input = \"\"\n");
    out += QStringLiteral("for event in stream:\n"
                          "    if event.type == \"content_block_delta\" and event.delta.type == "
                          "\"text_delta\":\n"
                          "        print(event.delta.text, end=\"\", flush=True)\n");
    if (tools) {
        out += QStringLiteral(
            "    elif event.type == \"content_block_start\" and event.content_block.type == "
            "\"tool_use\":\n"
            "        tool_name = event.content_block.name\n"
            "        tool_input = \"\"\n"
            "    elif event.type == \"content_block_delta\" and event.delta.type == "
            "\"input_json_delta\":\n"
            "        tool_input += event.delta.partial_json\n"
            "    elif event.type == \"content_block_stop\" and tool_name:\n");
        if (request.wantsJson()) {
            out += QStringLiteral("        if tool_name == ")
                + CodeLiteral::quoted(request.schemaToolName())
                + QStringLiteral(":\n"
                                 "            print(json.dumps(json.loads(tool_input or \"{}\"), "
                                 "indent=2))\n"
                                 "        else:\n"
                                 "            print(f\"tool call: {tool_name} {tool_input}\")\n");
        } else {
            out += QStringLiteral("        print(f\"tool call: {tool_name} {tool_input}\")\n");
        }
        out += QStringLiteral("        tool_name = None\n");
    }
    out += QStringLiteral("print()\n");
    return out;
}

QString wholeAnswer(const SnippetRequest &request)
{
    QString out = QStringLiteral("for block in message.content:\n"
                                 "    if block.type == \"text\":\n"
                                 "        print(block.text)\n");
    if (request.wantsJson()) {
        out += QStringLiteral("    elif block.type == \"tool_use\" and block.name == ")
            + CodeLiteral::quoted(request.schemaToolName())
            + QStringLiteral(":\n        print(json.dumps(block.input, indent=2))\n");
    }
    if (request.hasTools()) {
        out += QStringLiteral(
            "    elif block.type == \"tool_use\":\n"
            "        print(f\"tool call: {block.name} {json.dumps(block.input)}\")\n");
    }
    return out;
}

} // namespace

QString PythonAnthropicSnippet::write(const SnippetRequest &request)
{
    const bool bearer
        = request.target.anthropicKeyHeader == pipeline::CallTarget::AnthropicKeyHeader::Bearer;
    QString out = QStringLiteral("#!/usr/bin/env python3\n# ") + request.summary()
        + QStringLiteral(".\n# Exported by Mantle Playground.\n"
                         "# Needs the anthropic package (pip install anthropic).\n"
                         "# Credentials: a Bedrock API key in the environment variable "
                         "AWS_BEARER_TOKEN_BEDROCK.\n");
    const bool usesJson = request.hasTools() || request.wantsJson();
    if (usesJson)
        out += QStringLiteral("import json\n");
    out += QStringLiteral("import os\n\nfrom anthropic import Anthropic\n\nclient = Anthropic(\n"
                          "    base_url=")
        + CodeLiteral::quoted(request.target.sdkBaseUrl()) + QStringLiteral(",\n");
    out += bearer ? QStringLiteral("    # Sent as Authorization: Bearer (Mantle also takes "
                                   "x-api-key).\n"
                                   "    auth_token=os.environ[\"AWS_BEARER_TOKEN_BEDROCK\"],\n")
                  : QStringLiteral("    # Sent as x-api-key (Mantle also takes Authorization: "
                                   "Bearer).\n"
                                   "    api_key=os.environ[\"AWS_BEARER_TOKEN_BEDROCK\"],\n");
    out += QStringLiteral(")\n\n");
    out += (request.streams() ? QStringLiteral("stream") : QStringLiteral("message"))
        + QStringLiteral(" = client.messages.create(\n") + request.pythonArguments(4)
        + QStringLiteral(")\n");
    out += request.streams() ? streamedAnswer(request) : wholeAnswer(request);
    return out;
}

} // namespace mantle::codeexport
