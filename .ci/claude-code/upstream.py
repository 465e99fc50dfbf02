#!/usr/bin/env python3
"""A scripted LLM upstream for the Claude Code harness (stdlib only).

    python3 upstream.py --kind anthropic|openai --port P --script text|bash --log FILE [--ready-file F]

--kind anthropic answers POST /v1/messages (any query string; SSE when "stream" is true, JSON otherwise)
and POST /v1/messages/count_tokens ({"input_tokens": 42}).
--kind openai answers POST /v1/chat/completions (chat.completion.chunk SSE ending in "data: [DONE]" when
"stream" is true, a chat.completion JSON otherwise).

--script text: the answer is always the text GATEWAY-TEXT-OK.
--script bash: until the conversation holds a tool result, the answer is a call of the tool "Bash" with
{"command":"echo hi-from-tool","description":"Print a marker"}; after that it is the text
"The tool said: <the tool result's text>".

Every request is appended to --log as one JSON line: {seq, ts, method, path, query, headers, body}
(body is the parsed JSON, or the raw text when it is not JSON). --port 0 binds a free port; --ready-file
gets the bound port written to it once the server listens (so a caller needs no probe request, which would
show up in the log).
"""
import argparse
import datetime
import json
import os
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEXT_ANSWER = "GATEWAY-TEXT-OK"
TOOL_NAME = "Bash"
TOOL_INPUT = {"command": "echo hi-from-tool", "description": "Print a marker"}


def split3(s):
    """Split s into 3 non-empty pieces (fewer only when s is shorter than 3 chars)."""
    if len(s) < 3:
        return [s] if s else []
    a, b = len(s) // 3, 2 * len(s) // 3
    return [s[:a], s[a:b], s[b:]]


def block_text(content):
    """Text of a tool_result/tool message content: a string, or a list of text blocks/parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for c in content:
            if isinstance(c, str):
                parts.append(c)
            elif isinstance(c, dict) and c.get("type") == "text":
                parts.append(c.get("text", ""))
        return "".join(parts)
    return json.dumps(content)


# ---------------------------------------------------------------- decisions (what to answer)

def anthropic_decide(script, body):
    """-> ("text", text) or ("tool_use", None)."""
    if script == "text":
        return "text", TEXT_ANSWER
    messages = body.get("messages") or []
    last_user = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    results = []
    if last_user is not None and isinstance(last_user.get("content"), list):
        results = [b for b in last_user["content"] if isinstance(b, dict) and b.get("type") == "tool_result"]
    if not results:
        return "tool_use", None
    return "text", "The tool said: " + block_text(results[-1].get("content"))


def openai_decide(script, body):
    if script == "text":
        return "text", TEXT_ANSWER
    tools = [m for m in (body.get("messages") or []) if m.get("role") == "tool"]
    if not tools:
        return "tool_use", None
    return "text", "The tool said: " + block_text(tools[-1].get("content"))


def estimate_tokens(raw):
    return max(1, len(raw) // 4)


# ---------------------------------------------------------------- handler

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "scripted-upstream/1"

    def log_message(self, fmt, *args):  # quiet; everything goes to the JSON log
        pass

    # --- plumbing
    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            data = b""
            while True:
                line = self.rfile.readline().strip()
                size = int(line.split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def record(self, raw):
        srv = self.server
        parsed = urllib.parse.urlsplit(self.path)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with srv.lock:
            srv.seq += 1
            entry = {
                "seq": srv.seq,
                "ts": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
                "method": self.command,
                "path": parsed.path,
                "query": dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)),
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
            }
            with open(srv.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return parsed.path, body

    def send_json(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if self.server.kind == "anthropic":
            self.send_header("request-id", "req_" + uuid.uuid4().hex[:24])
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def start_sse(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        if self.server.kind == "anthropic":
            self.send_header("request-id", "req_" + uuid.uuid4().hex[:24])
        self.end_headers()

    def write_chunk(self, text):
        data = text.encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()
        if self.server.delay:
            time.sleep(self.server.delay)

    def end_sse(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def error(self, status, message, etype="invalid_request_error"):
        if self.server.kind == "anthropic":
            self.send_json(status, {"type": "error", "error": {"type": etype, "message": message}})
        else:
            self.send_json(status, {"error": {"message": message, "type": etype, "param": None, "code": None}})

    # --- verbs
    def do_GET(self):
        self.record(b"")
        self.error(404, "not found: GET " + self.path, "not_found_error")

    def do_POST(self):
        raw = self.read_body()
        path, body = self.record(raw)
        if not isinstance(body, dict):
            return self.error(400, "body is not a JSON object")
        kind = self.server.kind
        if kind == "anthropic" and path == "/v1/messages":
            return self.anthropic_messages(body, raw)
        if kind == "anthropic" and path == "/v1/messages/count_tokens":
            return self.send_json(200, {"input_tokens": 42})
        if kind == "openai" and path == "/v1/chat/completions":
            return self.openai_chat(body, raw)
        return self.error(404, "not found: POST " + path, "not_found_error")

    # --- Anthropic Messages
    def anthropic_messages(self, body, raw):
        what, text = anthropic_decide(self.server.script, body)
        model = body.get("model") or "claude-test"
        msg_id = "msg_" + uuid.uuid4().hex[:24]
        input_tokens = estimate_tokens(raw)
        if what == "tool_use":
            block = {"type": "tool_use", "id": "toolu_" + uuid.uuid4().hex[:24], "name": TOOL_NAME,
                     "input": TOOL_INPUT}
            stop_reason = "tool_use"
            output_tokens = 24
        else:
            block = {"type": "text", "text": text}
            stop_reason = "end_turn"
            output_tokens = max(1, len(text) // 4)
        usage = {"input_tokens": input_tokens, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                 "output_tokens": output_tokens}
        if not body.get("stream"):
            return self.send_json(200, {
                "id": msg_id, "type": "message", "role": "assistant", "model": model, "content": [block],
                "stop_reason": stop_reason, "stop_sequence": None, "usage": usage})

        def ev(name, data):
            self.write_chunk("event: %s\ndata: %s\n\n" % (name, json.dumps(data)))

        self.start_sse()
        ev("message_start", {"type": "message_start", "message": {
            "id": msg_id, "type": "message", "role": "assistant", "model": model, "content": [],
            "stop_reason": None, "stop_sequence": None,
            "usage": dict(usage, output_tokens=1)}})
        if what == "tool_use":
            ev("content_block_start", {"type": "content_block_start", "index": 0,
                                       "content_block": dict(block, input={})})
            ev("ping", {"type": "ping"})
            for piece in split3(json.dumps(TOOL_INPUT)):
                ev("content_block_delta", {"type": "content_block_delta", "index": 0,
                                           "delta": {"type": "input_json_delta", "partial_json": piece}})
        else:
            ev("content_block_start", {"type": "content_block_start", "index": 0,
                                       "content_block": {"type": "text", "text": ""}})
            ev("ping", {"type": "ping"})
            for piece in split3(text):
                ev("content_block_delta", {"type": "content_block_delta", "index": 0,
                                           "delta": {"type": "text_delta", "text": piece}})
        ev("content_block_stop", {"type": "content_block_stop", "index": 0})
        ev("message_delta", {"type": "message_delta",
                             "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                             "usage": {"output_tokens": output_tokens}})
        ev("message_stop", {"type": "message_stop"})
        self.end_sse()

    # --- OpenAI Chat Completions
    def openai_chat(self, body, raw):
        what, text = openai_decide(self.server.script, body)
        model = body.get("model") or "gpt-test"
        cid = "chatcmpl-" + uuid.uuid4().hex[:24]
        created = int(time.time())
        prompt_tokens = estimate_tokens(raw)
        args = json.dumps(TOOL_INPUT)
        if what == "tool_use":
            completion_tokens, finish = 24, "tool_calls"
        else:
            completion_tokens, finish = max(1, len(text) // 4), "stop"
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        if not body.get("stream"):
            if what == "tool_use":
                message = {"role": "assistant", "content": None, "refusal": None, "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": TOOL_NAME, "arguments": args}}]}
            else:
                message = {"role": "assistant", "content": text, "refusal": None}
            return self.send_json(200, {
                "id": cid, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
                "usage": usage, "system_fingerprint": None})

        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))

        def chunk(delta, finish_reason=None):
            c = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                 "system_fingerprint": None,
                 "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}]}
            if include_usage:
                c["usage"] = None
            self.write_chunk("data: %s\n\n" % json.dumps(c))

        self.start_sse()
        if what == "tool_use":
            chunk({"role": "assistant", "content": None, "tool_calls": [
                {"index": 0, "id": "call_1", "type": "function",
                 "function": {"name": TOOL_NAME, "arguments": ""}}]})
            for piece in split3(args):
                chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
        else:
            chunk({"role": "assistant", "content": "", "refusal": None})
            for piece in split3(text):
                chunk({"content": piece})
        chunk({}, finish)
        if include_usage:
            self.write_chunk("data: %s\n\n" % json.dumps({
                "id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                "system_fingerprint": None, "choices": [], "usage": usage}))
        self.write_chunk("data: [DONE]\n\n")
        self.end_sse()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=["anthropic", "openai"], required=True)
    ap.add_argument("--port", type=int, required=True, help="0 for any free port")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--script", choices=["text", "bash"], required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--ready-file", help="write the bound port here once listening")
    ap.add_argument("--delay-ms", type=int, default=0, help="pause after each streamed event")
    a = ap.parse_args()

    srv = ThreadingHTTPServer((a.host, a.port), Handler)
    srv.daemon_threads = True
    srv.kind, srv.script, srv.log_path = a.kind, a.script, a.log
    srv.delay = a.delay_ms / 1000.0
    srv.lock, srv.seq = threading.Lock(), 0
    open(a.log, "a").close()
    port = srv.server_address[1]
    if a.ready_file:
        tmp = a.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, a.ready_file)
    print("upstream kind=%s script=%s listening on %s:%d" % (a.kind, a.script, a.host, port), flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    sys.exit(main())
