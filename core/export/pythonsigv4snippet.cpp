#include "pythonsigv4snippet.h"

#include "codeliteral.h"
#include "snippetrequest.h"

#include <QJsonObject>

namespace mantle::codeexport {

namespace {

const QString kToolCallLine
    = QStringLiteral("print(f\"tool call: {call['name']} {call['arguments']}\")\n");

QString chatAnswer(const SnippetRequest &request)
{
    QString out;
    if (request.streams()) {
        out += QStringLiteral(
            "calls = {}\n"
            "for event in events(response):\n"
            "    for choice in event.get(\"choices\") or []:\n"
            "        delta = choice.get(\"delta\") or {}\n"
            "        if delta.get(\"content\"):\n"
            "            print(delta[\"content\"], end=\"\", flush=True)\n"
            "        for part in delta.get(\"tool_calls\") or []:\n"
            "            call = calls.setdefault(part.get(\"index\", 0), {\"name\": \"\", "
            "\"arguments\": \"\"})\n"
            "            function = part.get(\"function\") or {}\n"
            "            call[\"name\"] += function.get(\"name\") or \"\"\n"
            "            call[\"arguments\"] += function.get(\"arguments\") or \"\"\n"
            "print()\n"
            "for call in calls.values():\n    ");
        return out + kToolCallLine;
    }
    out += QStringLiteral("message = response.json()[\"choices\"][0][\"message\"]\n"
                          "if message.get(\"content\"):\n");
    out += request.wantsJson()
        ? QStringLiteral("    print(json.dumps(json.loads(message[\"content\"]), indent=2))\n")
        : QStringLiteral("    print(message[\"content\"])\n");
    out += QStringLiteral("for call in message.get(\"tool_calls\") or []:\n"
                          "    call = call[\"function\"]\n    ");
    return out + kToolCallLine;
}

QString responsesAnswer(const SnippetRequest &request)
{
    if (request.streams()) {
        return QStringLiteral(
            "for event in events(response):\n"
            "    kind = event.get(\"type\")\n"
            "    if kind == \"response.output_text.delta\":\n"
            "        print(event[\"delta\"], end=\"\", flush=True)\n"
            "    elif kind == \"response.output_item.done\" and event[\"item\"].get(\"type\") == "
            "\"function_call\":\n"
            "        call = event[\"item\"]\n"
            "        print(f\"tool call: {call['name']} {call['arguments']}\")\n"
            "    elif kind in (\"response.failed\", \"error\"):\n"
            "        sys.exit(f\"\\nThe answer failed: {json.dumps(event)}\")\n"
            "print()\n");
    }
    QString out = QStringLiteral("output = response.json().get(\"output\") or []\n"
                                 "text = \"\".join(\n"
                                 "    part.get(\"text\", \"\")\n"
                                 "    for item in output\n"
                                 "    if item.get(\"type\") == \"message\"\n"
                                 "    for part in item.get(\"content\") or []\n"
                                 "    if part.get(\"type\") == \"output_text\"\n"
                                 ")\n"
                                 "if text:\n");
    out += request.wantsJson()
        ? QStringLiteral("    print(json.dumps(json.loads(text), indent=2))\n")
        : QStringLiteral("    print(text)\n");
    out += QStringLiteral("for call in output:\n"
                          "    if call.get(\"type\") == \"function_call\":\n        ");
    return out + kToolCallLine;
}

/// Messages: the function that prints one tool call (the schema tool's input as JSON).
QString messagesHelper(const SnippetRequest &request)
{
    const QString schemaTool = CodeLiteral::quoted(request.schemaToolName());
    const QString body = request.wantsJson()
        ? QStringLiteral("    if name == %1:\n"
                         "        print(json.dumps(json.loads(arguments or \"{}\"), indent=2))\n"
                         "    else:\n"
                         "        print(f\"tool call: {name} {arguments}\")\n")
              .arg(schemaTool)
        : QStringLiteral("    print(f\"tool call: {name} {arguments}\")\n");
    // Two blank lines before it: the body's one and this one, or the events function's two.
    return (request.streams() ? QString() : QStringLiteral("\n"))
        + QStringLiteral("def show_tool_call(name, arguments):\n") + body + QStringLiteral("\n\n");
}

QString messagesAnswer(const SnippetRequest &request)
{
    QString out;
    if (request.streams()) {
        out += QStringLiteral(
            "tool = None\n"
            "for event in events(response):\n"
            "    kind = event.get(\"type\")\n"
            "    if kind == \"content_block_start\" and event[\"content_block\"].get(\"type\") == "
            "\"tool_use\":\n"
            "        tool = {\"name\": event[\"content_block\"][\"name\"], \"input\": \"\"}\n"
            "    elif kind == \"content_block_delta\":\n"
            "        delta = event[\"delta\"]\n"
            "        if delta.get(\"type\") == \"text_delta\":\n"
            "            print(delta[\"text\"], end=\"\", flush=True)\n"
            "        elif delta.get(\"type\") == \"input_json_delta\" and tool:\n"
            "            tool[\"input\"] += delta[\"partial_json\"]\n"
            "    elif kind == \"content_block_stop\" and tool:\n"
            "        show_tool_call(tool[\"name\"], tool[\"input\"])\n"
            "        tool = None\n"
            "    elif kind == \"error\":\n"
            "        sys.exit(f\"\\nThe answer failed: {json.dumps(event)}\")\n"
            "print()\n");
        return out;
    }
    return out
        + QStringLiteral("for block in response.json().get(\"content\") or []:\n"
                         "    if block.get(\"type\") == \"text\":\n"
                         "        print(block[\"text\"])\n"
                         "    elif block.get(\"type\") == \"tool_use\":\n"
                         "        show_tool_call(block[\"name\"], json.dumps(block[\"input\"]))\n");
}

} // namespace

QString PythonSigV4Snippet::write(const SnippetRequest &request)
{
    QJsonObject headers;
    for (const auto &header : request.wire.headers)
        headers.insert(QString::fromLatin1(header.first), QString::fromLatin1(header.second));

    QString out
        = QStringLiteral("#!/usr/bin/env python3\n# ") + request.summary()
        + QStringLiteral(
              ".\n# Exported by Mantle Playground.\n"
              "# Signed with AWS Signature Version 4 (service bedrock-mantle) by botocore and sent "
              "with requests\n"
              "# (pip install botocore requests; Debian: apt install python3-botocore "
              "python3-requests).\n"
              "# Credentials: botocore's chain, e.g. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and "
              "AWS_SESSION_TOKEN,\n"
              "# or the profile named by AWS_PROFILE.\n"
              "import json\n"
              "import sys\n\n"
              "import botocore.session\n"
              "import requests\n"
              "from botocore.auth import SigV4Auth\n"
              "from botocore.awsrequest import AWSRequest\n\n");
    out += QStringLiteral("URL = ") + CodeLiteral::quoted(request.url()) + QLatin1Char('\n');
    out += QStringLiteral("REGION = ") + CodeLiteral::quoted(request.target.region)
        + QLatin1Char('\n');
    out += QStringLiteral("HEADERS = ") + CodeLiteral::python(headers) + QLatin1Char('\n');
    out += QStringLiteral("BODY = ") + CodeLiteral::python(request.body) + QStringLiteral("\n\n");
    if (request.streams()) {
        out += QStringLiteral(
            "\ndef events(response):\n"
            "    \"\"\"The JSON data of each server-sent event, as it arrives.\"\"\"\n"
            "    for line in response.iter_lines(chunk_size=None):\n"
            "        if line.startswith(b\"data:\"):\n"
            "            data = line[5:].strip()\n"
            "            if data and data != b\"[DONE]\":\n"
            "                yield json.loads(data)\n\n\n");
    }
    if (request.spec.surface == mantle::ApiSurface::Messages)
        out += messagesHelper(request);
    out += QStringLiteral(
        "credentials = botocore.session.Session().get_credentials()\n"
        "if credentials is None:\n"
        "    sys.exit(\"No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
        "AWS_PROFILE.\")\n"
        "data = json.dumps(BODY, ensure_ascii=False, separators=(\",\", \":\")).encode(\"utf-8\")\n"
        "signed = AWSRequest(method=\"POST\", url=URL, data=data, headers=HEADERS)\n"
        "SigV4Auth(credentials.get_frozen_credentials(), \"bedrock-mantle\", "
        "REGION).add_auth(signed)\n");
    out += QStringLiteral("response = requests.post(URL, data=data, headers=dict(signed.headers), "
                          "stream=%1, timeout=600)\n")
               .arg(request.streams() ? QStringLiteral("True") : QStringLiteral("False"));
    out += QStringLiteral("if response.status_code != 200:\n"
                          "    sys.exit(f\"HTTP {response.status_code}: {response.text}\")\n");
    switch (request.spec.surface) {
    case mantle::ApiSurface::ChatCompletions:
        out += chatAnswer(request);
        break;
    case mantle::ApiSurface::Responses:
        out += responsesAnswer(request);
        break;
    case mantle::ApiSurface::Messages:
        out += messagesAnswer(request);
        break;
    case mantle::ApiSurface::CountTokens:
    case mantle::ApiSurface::Models:
        out += QStringLiteral("print(json.dumps(response.json(), indent=2))\n");
        break;
    }
    return out;
}

} // namespace mantle::codeexport
