#include "pythonopenaisnippet.h"

#include "codeliteral.h"
#include "snippetrequest.h"

namespace mantle::codeexport {

namespace {

QString chatAnswer(const SnippetRequest &request)
{
    QString out;
    if (request.streams()) {
        if (request.hasTools())
            out += QStringLiteral("calls = {}\n");
        out += QStringLiteral("for chunk in stream:\n"
                              "    if not chunk.choices:\n"
                              "        continue\n"
                              "    delta = chunk.choices[0].delta\n"
                              "    if delta.content:\n"
                              "        print(delta.content, end=\"\", flush=True)\n");
        if (request.hasTools()) {
            out += QStringLiteral("    for part in delta.tool_calls or []:\n"
                                  "        call = calls.setdefault(part.index, {\"name\": \"\", "
                                  "\"arguments\": \"\"})\n"
                                  "        if part.function and part.function.name:\n"
                                  "            call[\"name\"] += part.function.name\n"
                                  "        if part.function and part.function.arguments:\n"
                                  "            call[\"arguments\"] += part.function.arguments\n");
        }
        out += QStringLiteral("print()\n");
        if (request.hasTools()) {
            out += QStringLiteral(
                "for call in calls.values():\n"
                "    print(f\"tool call: {call['name']} {call['arguments']}\")\n");
        }
        return out;
    }
    out += QStringLiteral("message = completion.choices[0].message\n"
                          "if message.content:\n");
    out += request.wantsJson()
        ? QStringLiteral("    print(json.dumps(json.loads(message.content), indent=2))\n")
        : QStringLiteral("    print(message.content)\n");
    if (request.hasTools()) {
        out += QStringLiteral(
            "for call in message.tool_calls or []:\n"
            "    print(f\"tool call: {call.function.name} {call.function.arguments}\")\n");
    }
    return out;
}

QString responsesAnswer(const SnippetRequest &request)
{
    QString out;
    if (request.streams()) {
        out += QStringLiteral("for event in stream:\n"
                              "    if event.type == \"response.output_text.delta\":\n"
                              "        print(event.delta, end=\"\", flush=True)\n");
        if (request.hasTools()) {
            out += QStringLiteral(
                "    elif event.type == \"response.output_item.done\" and event.item.type == "
                "\"function_call\":\n"
                "        print(f\"tool call: {event.item.name} {event.item.arguments}\")\n");
        }
        out += QStringLiteral("print()\n");
        return out;
    }
    out += QStringLiteral("if response.output_text:\n");
    out += request.wantsJson()
        ? QStringLiteral("    print(json.dumps(json.loads(response.output_text), indent=2))\n")
        : QStringLiteral("    print(response.output_text)\n");
    if (request.hasTools()) {
        out += QStringLiteral("for item in response.output:\n"
                              "    if item.type == \"function_call\":\n"
                              "        print(f\"tool call: {item.name} {item.arguments}\")\n");
    }
    return out;
}

} // namespace

QString PythonOpenAiSnippet::write(const SnippetRequest &request)
{
    const bool chat = request.spec.surface == mantle::ApiSurface::ChatCompletions;
    QString out = QStringLiteral("#!/usr/bin/env python3\n# ") + request.summary()
        + QStringLiteral(".\n# Exported by Mantle Playground.\n"
                         "# Needs the openai package (pip install openai).\n"
                         "# Credentials: a Bedrock API key in the environment variable "
                         "AWS_BEARER_TOKEN_BEDROCK.\n");
    if (request.wantsJson() && !request.streams())
        out += QStringLiteral("import json\n");
    out += QStringLiteral(
               "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(\n    base_url=")
        + CodeLiteral::quoted(request.target.baseUrl.toString(QUrl::FullyEncoded))
        + QStringLiteral(",\n    api_key=os.environ[\"AWS_BEARER_TOKEN_BEDROCK\"],\n)\n\n");
    const QString result = request.streams() ? QStringLiteral("stream")
        : chat                               ? QStringLiteral("completion")
                                             : QStringLiteral("response");
    out += result + QStringLiteral(" = client.")
        + (chat ? QStringLiteral("chat.completions") : QStringLiteral("responses"))
        + QStringLiteral(".create(\n") + request.pythonArguments(4) + QStringLiteral(")\n");
    out += chat ? chatAnswer(request) : responsesAnswer(request);
    return out;
}

} // namespace mantle::codeexport
