#!/usr/bin/env python3
"""Writes the stream files of the whole-path stream benchmark (bench/stream_vs_sdks.sh).

One SSE stream per surface, each carrying N text deltas of the same 4-byte text, in the event shapes
of shared/testdata/sse (the documented Chat Completions, Responses and Messages streams, with the field
sets the real services send: ids, model, created, sequence numbers, usage, the closing events):
  chat.sse       role chunk, N content chunks, finish chunk (usage null), usage chunk, data: [DONE]
  responses.sse  response.created, response.in_progress, output_item.added, content_part.added,
                 N response.output_text.delta, output_text.done, content_part.done,
                 output_item.done, response.completed (the closing events repeat the whole text,
                 as the real ones do)
  messages.sse   message_start, ping, content_block_start, N content_block_delta text_delta,
                 content_block_stop, message_delta, message_stop
and expected.txt, the text every client must end with (N times the delta, no separator).

  bench/stream_fixture.py OUT_DIR [--deltas N] [--text abcd]
"""

import argparse
import json
import os
import sys

MODEL_OPENAI = "openai.gpt-oss-120b"
MODEL_ANTHROPIC = "anthropic.claude-haiku-4-5"
CREATED = 1732400000
CHAT_ID = "chatcmpl-a3f09c2e7b4d4e1f9c8b6a5d4e3f2a1b"
RESPONSE_ID = "resp_" + "0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z"[:52]
ITEM_ID = "msg_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d"
MESSAGE_ID = "msg_bdrk_01XyZ7q2Vb3Nn8Kk5Hh4Gg6Ff"


def dumps(value):
    """Compact JSON, as the services send it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def write_chunks(out, head, repeated, count, tail):
    """Writes head, count copies of repeated (a callable of the index) and tail, in large pieces."""
    out.write(head)
    batch = []
    for index in range(count):
        batch.append(repeated(index))
        if len(batch) == 4096:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))
    out.write(tail)


def chat(out, count, text):
    def chunk(delta, finish=None, **extra):
        body = {
            "id": CHAT_ID,
            "object": "chat.completion.chunk",
            "created": CREATED,
            "model": MODEL_OPENAI,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        body.update(extra)
        return "data: " + dumps(body) + "\n\n"

    delta_line = chunk({"content": text})
    usage = {
        "id": CHAT_ID,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": MODEL_OPENAI,
        "choices": [],
        "usage": {
            "prompt_tokens": 12,
            "completion_tokens": count,
            "total_tokens": count + 12,
        },
    }
    write_chunks(
        out,
        chunk({"role": "assistant", "content": ""}),
        lambda _: delta_line,
        count,
        chunk({}, "stop", usage=None) + "data: " + dumps(usage) + "\n\ndata: [DONE]\n\n",
    )


def responses(out, count, text):
    def event(kind, body):
        return "event: " + kind + "\ndata: " + dumps({"type": kind, **body}) + "\n\n"

    def response(status, output, usage=None):
        body = {
            "id": RESPONSE_ID,
            "object": "response",
            "created_at": CREATED,
            "status": status,
            "model": MODEL_OPENAI,
            "output": output,
            "previous_response_id": None,
            "store": True,
        }
        if usage:
            body["usage"] = usage
        return body

    full = text * count
    part = {"type": "output_text", "text": full, "annotations": []}
    item = {"type": "message", "id": ITEM_ID, "status": "completed", "role": "assistant",
            "content": [part]}
    where = {"item_id": ITEM_ID, "output_index": 0, "content_index": 0}
    head = (
        event("response.created", {"sequence_number": 0, "response": response("in_progress", [])})
        + event("response.in_progress",
                {"sequence_number": 1, "response": response("in_progress", [])})
        + event("response.output_item.added", {
            "sequence_number": 2, "output_index": 0,
            "item": {"type": "message", "id": ITEM_ID, "status": "in_progress",
                     "role": "assistant", "content": []}})
        + event("response.content_part.added", {
            "sequence_number": 3, **where,
            "part": {"type": "output_text", "text": "", "annotations": []}})
    )
    # Every delta differs only in its sequence number: format one template.
    template = event("response.output_text.delta",
                     {"sequence_number": 999999999, **where, "delta": text})
    before, after = template.split("999999999")
    first = 4
    last = first + count
    usage = {"input_tokens": 12, "input_tokens_details": {"cached_tokens": 0},
             "output_tokens": count, "output_tokens_details": {"reasoning_tokens": 0},
             "total_tokens": count + 12}
    tail = (
        event("response.output_text.done", {"sequence_number": last, **where, "text": full})
        + event("response.content_part.done", {"sequence_number": last + 1, **where, "part": part})
        + event("response.output_item.done",
                {"sequence_number": last + 2, "output_index": 0, "item": item})
        + event("response.completed", {"sequence_number": last + 3,
                                       "response": response("completed", [item], usage)})
    )
    write_chunks(out, head, lambda index: before + str(first + index) + after, count, tail)


def messages(out, count, text):
    def event(kind, body):
        return "event: " + kind + "\ndata: " + dumps({"type": kind, **body}) + "\n\n"

    head = (
        event("message_start", {"message": {
            "id": MESSAGE_ID, "type": "message", "role": "assistant", "model": MODEL_ANTHROPIC,
            "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": 12, "cache_creation_input_tokens": 0,
                      "cache_read_input_tokens": 0, "output_tokens": 1}}})
        + event("content_block_start",
                {"index": 0, "content_block": {"type": "text", "text": ""}})
        + event("ping", {})
    )
    delta_line = event("content_block_delta",
                       {"index": 0, "delta": {"type": "text_delta", "text": text}})
    tail = (
        event("content_block_stop", {"index": 0})
        + event("message_delta", {"delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                  "usage": {"output_tokens": count}})
        + event("message_stop", {})
    )
    write_chunks(out, head, lambda _: delta_line, count, tail)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--deltas", type=int, default=400_000)
    parser.add_argument("--text", default="abcd",
                        help="the text of every delta (plain ASCII, no JSON escapes)")
    args = parser.parse_args()
    if args.deltas < 1:
        parser.error("--deltas must be at least 1")
    if dumps(args.text) != '"' + args.text + '"' or not args.text.isascii():
        parser.error("--text must be plain ASCII that JSON does not escape")
    os.makedirs(args.out_dir, exist_ok=True)
    for name, writer in (("chat", chat), ("responses", responses), ("messages", messages)):
        with open(os.path.join(args.out_dir, name + ".sse"), "w", encoding="utf-8",
                  newline="\n", buffering=1 << 20) as out:
            writer(out, args.deltas, args.text)
    with open(os.path.join(args.out_dir, "expected.txt"), "w", encoding="utf-8") as out:
        out.write(args.text * args.deltas)
    return 0


if __name__ == "__main__":
    sys.exit(main())
