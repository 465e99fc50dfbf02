#!/usr/bin/env python3
"""First-event latency the proxy adds to a streamed POST /v1/messages (Python 3 stdlib only).

    python3 llm-router-server-adapter/bench/stream-probe.py --jar PATH_TO_JAR [--requests 300] [--warmup 200]

Two cases, each against a lean local upstream that this script starts as a subprocess of itself:
  (a) anthropic->anthropic: client -> proxy /v1/messages -> Anthropic-format upstream (/v1/messages);
      compared with calling that upstream's /v1/messages directly (same body, same headers).
  (b) anthropic->openai:    client -> proxy /v1/messages -> OpenAI-format upstream (/v1/chat/completions);
      compared with calling that upstream's /v1/chat/completions directly.

The upstream answers at once: response headers and the first SSE event leave in one write (TCP_NODELAY), the rest
of the stream follows --gap-ms (10) ms later. So "first event" is what the path adds, not upstream think time.

Timing: time.perf_counter_ns() from just before the request is sent to the moment the first complete SSE event
(the first blank-line-terminated event: message_start for Anthropic, the first data: chunk for OpenAI) has been
read. One persistent HTTP/1.1 connection per target (a reconnect is counted and reported), each stream read to its
end before the next request, and the four targets interleaved per round (direct A, proxy A, direct O, proxy O), so
drift hits direct and proxied alike. --warmup rounds (not recorded) let the JVM JIT first. HotSpot compiles a
method fully only after thousands of calls, so the JVM is at its steady state after some 10,000 proxied streams;
--warmup-gap-ms 1 (the upstream's gap during the warm-up only) gets there in a fraction of the time.

Output: median/p90/p99 of the first event, direct and proxied, per case; the difference of the medians and the
median of the per-round differences (proxied minus the direct call just before it); then one line per case:
    anthropic->anthropic: proxy adds X.XXX ms to the first event (median of N)
where X is the median of the per-round differences. Exit 0 whatever the numbers (it reports, it does not judge);
non-zero only on an error (a non-200, a malformed stream, a proxy that does not start). Everything it starts (the
upstream process, the JVM) runs in its own process group and is stopped by that id on exit.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MASTER_KEY = "sk-probe"
ANTHROPIC_BODY = json.dumps({"model": "probe-anthropic", "max_tokens": 1024, "stream": True,
                             "messages": [{"role": "user", "content": "Hello"}]}, separators=(",", ":")).encode()
PROXY_OPENAI_BODY = json.dumps({"model": "probe-openai", "max_tokens": 1024, "stream": True,
                                "messages": [{"role": "user", "content": "Hello"}]}, separators=(",", ":")).encode()
OPENAI_BODY = json.dumps({"model": "gpt-probe", "stream": True,
                          "messages": [{"role": "user", "content": "Hello"}]}, separators=(",", ":")).encode()
ANTHROPIC_HEADERS = {"x-api-key": MASTER_KEY, "anthropic-version": "2023-06-01",
                     "content-type": "application/json"}
OPENAI_HEADERS = {"authorization": "Bearer sk-up", "content-type": "application/json"}


# ====================================================================== the lean upstream (subprocess)

def _chunk(data):
    return b"%x\r\n%s\r\n" % (len(data), data)


def _sse(name, obj):
    return ("event: %s\ndata: %s\n\n" % (name, json.dumps(obj, separators=(",", ":")))).encode()


def _data(obj):
    return ("data: %s\n\n" % (obj if isinstance(obj, str) else json.dumps(obj, separators=(",", ":")))).encode()


def anthropic_stream(seq, model):
    """-> (first event, rest of the events) of a small text answer."""
    mid = "msg_probe%016d" % seq
    first = _sse("message_start", {"type": "message_start", "message": {
        "id": mid, "type": "message", "role": "assistant", "model": model, "content": [],
        "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": 8, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                  "output_tokens": 1}}})
    rest = [_sse("content_block_start", {"type": "content_block_start", "index": 0,
                                         "content_block": {"type": "text", "text": ""}}),
            _sse("ping", {"type": "ping"})]
    for piece in ("Hello", " from the", " probe."):
        rest.append(_sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                 "delta": {"type": "text_delta", "text": piece}}))
    rest += [_sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
             _sse("message_delta", {"type": "message_delta",
                                    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                    "usage": {"output_tokens": 5}}),
             _sse("message_stop", {"type": "message_stop"})]
    return first, rest


def openai_stream(seq, model, include_usage):
    cid = "chatcmpl-probe%016d" % seq

    def c(delta, finish=None):
        o = {"id": cid, "object": "chat.completion.chunk", "created": 1700000000, "model": model,
             "system_fingerprint": None,
             "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}
        if include_usage:
            o["usage"] = None
        return _data(o)

    first = c({"role": "assistant", "content": "", "refusal": None})
    rest = [c({"content": p}) for p in ("Hello", " from the", " probe.")]
    rest.append(c({}, "stop"))
    if include_usage:
        rest.append(_data({"id": cid, "object": "chat.completion.chunk", "created": 1700000000, "model": model,
                           "system_fingerprint": None, "choices": [],
                           "usage": {"prompt_tokens": 8, "completion_tokens": 5, "total_tokens": 13}}))
    rest.append(_data("[DONE]"))
    return first, rest


class LeanUpstream(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # TCP_NODELAY on every accepted socket

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        with self.server.lock:
            self.server.conns += 1

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def plain(self, status, obj):
        data = json.dumps(obj).encode()
        self.wfile.write(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                         % (status, len(data), data))

    def do_GET(self):
        if self.path == "/probe-stats":
            return self.plain(200, {"connections": self.server.conns, "requests": self.server.seq})
        self.plain(404, {"error": {"message": "not found: GET " + self.path}})

    def do_POST(self):
        raw = self.read_body()
        kind = self.server.kind
        path = self.path.split("?", 1)[0]
        if path == "/probe-gap":  # the probe's own control call: the pause between the first event and the rest
            for srv in self.server.all:
                srv.gap = int(raw) / 1000.0
            return self.plain(200, {"gap_ms": int(raw)})
        try:
            body = json.loads(raw)
        except ValueError:
            return self.plain(400, {"error": {"message": "body is not JSON"}})
        with self.server.lock:
            self.server.seq += 1
            seq = self.server.seq
        model = body.get("model") or "probe"
        if kind == "anthropic" and path == "/v1/messages":
            if not body.get("stream"):
                return self.plain(400, {"type": "error", "error": {"type": "invalid_request_error",
                                                                   "message": "the probe upstream only streams"}})
            first, rest = anthropic_stream(seq, model)
            extra = b"request-id: req_probe%016d\r\n" % seq
        elif kind == "openai" and path == "/v1/chat/completions":
            if not body.get("stream"):
                return self.plain(400, {"error": {"message": "the probe upstream only streams"}})
            inc = bool((body.get("stream_options") or {}).get("include_usage"))
            first, rest = openai_stream(seq, model, inc)
            extra = b""
        else:
            return self.plain(404, {"error": {"message": "not found: POST " + self.path}})
        # status line, headers and the first event in a single write; then the rest after the gap
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                         b"Cache-Control: no-cache\r\n" + extra + b"Transfer-Encoding: chunked\r\n\r\n"
                         + _chunk(first))
        if self.server.gap:
            time.sleep(self.server.gap)
        self.wfile.write(_chunk(b"".join(rest)) + b"0\r\n\r\n")


def set_gap(port, ms):
    """Sets the upstream's gap (both servers) through its control path."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    c.request("POST", "/probe-gap", body=str(ms).encode())
    r = c.getresponse()
    r.read()
    c.close()
    if r.status != 200:
        raise RuntimeError("the upstream refused the gap setting: %d" % r.status)


def serve_upstream(args):
    servers = []
    for kind in ("anthropic", "openai"):
        srv = ThreadingHTTPServer(("127.0.0.1", 0), LeanUpstream)
        srv.daemon_threads = True
        srv.kind, srv.gap, srv.lock, srv.seq = kind, args.gap_ms / 1000.0, threading.Lock(), 0
        srv.conns = 0
        srv.all = servers
        servers.append(srv)
    for srv in servers[1:]:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    tmp = args.ready_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"anthropic": servers[0].server_address[1], "openai": servers[1].server_address[1]}, f)
    os.replace(tmp, args.ready_file)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    try:
        servers[0].serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


# ====================================================================== the client side

class ProbeError(Exception):
    pass


class Target:
    """One persistent HTTP/1.1 connection to one URL, timed per streamed request."""

    def __init__(self, name, port, path, body, headers, expect_first, expect_last):
        self.name, self.port, self.path, self.body, self.headers = name, port, path, body, headers
        self.expect_first, self.expect_last = expect_first, expect_last
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.sock = None
        self.connects = 0
        self.samples = []

    def once(self):
        conn = self.conn
        t0 = time.perf_counter_ns()
        conn.request("POST", self.path, body=self.body, headers=self.headers)
        sent_on = conn.sock
        resp = conn.getresponse()
        if resp.status != 200:
            text = resp.read().decode("utf-8", "replace")
            raise ProbeError("%s: POST %s -> HTTP %d %s\n  headers: %s\n  body: %s" % (
                self.name, self.path, resp.status, resp.reason, dict(resp.getheaders()), text[:2000]))
        buf = b""
        first_end = -1
        while first_end < 0:
            piece = resp.read1(65536)
            if not piece:
                raise ProbeError("%s: stream ended before a complete SSE event; got %r" % (self.name, buf[:2000]))
            buf += piece
            first_end = buf.replace(b"\r\n", b"\n").find(b"\n\n")
        t1 = time.perf_counter_ns()
        while True:
            piece = resp.read1(65536)
            if not piece:
                break
            buf += piece
        if sent_on is not self.sock:
            self.connects += 1
            self.sock = sent_on
        if resp.will_close:  # the server closes: the next request opens (and measures) a new connection
            conn.close()
            self.sock = None
        text = buf.decode("utf-8", "replace").replace("\r\n", "\n")
        first = text.split("\n\n", 1)[0]
        if self.expect_first not in first:
            raise ProbeError("%s: first event lacks %r:\n%s\nwhole stream:\n%s" % (
                self.name, self.expect_first, first, text[:3000]))
        if self.expect_last not in text.rstrip().rsplit("\n\n", 1)[-1]:
            raise ProbeError("%s: stream does not end with %r:\n%s" % (self.name, self.expect_last, text[-3000:]))
        return (t1 - t0) / 1e6, text

    def close(self):
        self.conn.close()


def pct(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Children:
    """Processes this script started, each in its own process group, stopped by that group's id."""

    def __init__(self):
        self.procs = []

    def start(self, argv, log_path, cpus=None):
        log = open(log_path, "wb")
        pre = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True, preexec_fn=pre)
        log.close()
        self.procs.append(p)
        return p

    def stop_all(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.time() + 10
        for p in reversed(self.procs):
            try:
                p.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        self.procs = []


def tail(path, n=40):
    try:
        with open(path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-n:]).decode("utf-8", "replace")
    except OSError as e:
        return str(e)


def wait_for(cond, timeout, what, proc=None, log=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ProbeError("%s: process exited with %s before it was ready; log tail:\n%s"
                             % (what, proc.returncode, tail(log) if log else ""))
        if cond():
            return
        time.sleep(0.05)
    raise ProbeError("%s: not ready after %ds; log tail:\n%s" % (what, timeout, tail(log) if log else ""))


def parse_cpus(s):
    return {int(x) for x in s.split(",")} if s else None


def run(args):
    jar_src = os.path.abspath(args.jar)
    if not os.path.isfile(jar_src):
        raise ProbeError("no jar at " + jar_src)
    work = tempfile.mkdtemp(prefix="stream-probe-")
    children = Children()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    targets = []
    try:
        jar = os.path.join(work, "probe.jar")  # a private copy: the original may be rebuilt under us
        shutil.copyfile(jar_src, jar)

        # --- upstream
        ready = os.path.join(work, "upstream.ready")
        up_log = os.path.join(work, "upstream.log")
        up = children.start([sys.executable, os.path.abspath(__file__), "--serve-upstream", "--ready-file", ready,
                             "--gap-ms", str(args.gap_ms)], up_log, parse_cpus(args.client_cpus))
        wait_for(lambda: os.path.exists(ready), 15, "upstream", up, up_log)
        with open(ready) as f:
            ports = json.load(f)
        up_a, up_o = ports["anthropic"], ports["openai"]

        # --- proxy
        cfg = os.path.join(work, "config.yaml")
        with open(cfg, "w") as f:
            f.write(
                "model_list:\n"
                "  - model_name: probe-anthropic\n"
                "    litellm_params: {model: anthropic/claude-probe, api_base: \"http://127.0.0.1:%d\", api_key: sk-up}\n"
                "  - model_name: probe-openai\n"
                "    litellm_params: {model: openai/gpt-probe, api_base: \"http://127.0.0.1:%d/v1\", api_key: sk-up}\n"
                "router_settings: {num_retries: 0}\n"
                "general_settings: {master_key: %s}\n" % (up_a, up_o, MASTER_KEY))
        port = args.port or free_port()
        java_log = os.path.join(work, "proxy.log")
        argv = [args.java] + args.java_opt + ["-jar", jar, "--config", cfg, "--port", str(port)]
        t_start = time.time()
        jvm = children.start(argv, java_log, parse_cpus(args.proxy_cpus))

        def live():
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                c.request("GET", "/health/liveliness")
                r = c.getresponse()
                r.read()
                return r.status == 200
            except OSError:
                return False
            finally:
                c.close()

        wait_for(live, 90, "proxy (%s)" % " ".join(argv), jvm, java_log)
        startup = time.time() - t_start
        if args.client_cpus:
            os.sched_setaffinity(0, parse_cpus(args.client_cpus))

        da = Target("direct anthropic", up_a, "/v1/messages", ANTHROPIC_BODY, ANTHROPIC_HEADERS,
                    "event: message_start", "message_stop")
        pa = Target("proxy anthropic", port, "/v1/messages", ANTHROPIC_BODY, ANTHROPIC_HEADERS,
                    "event: message_start", "message_stop")
        do = Target("direct openai", up_o, "/v1/chat/completions", OPENAI_BODY, OPENAI_HEADERS,
                    "chat.completion.chunk", "[DONE]")
        po = Target("proxy openai", port, "/v1/messages", PROXY_OPENAI_BODY, ANTHROPIC_HEADERS,
                    "event: message_start", "message_stop")
        targets = [da, pa, do, po]

        print("stream-probe: jar %s (copied to %s), proxy up in %.2fs on :%d; upstreams :%d (anthropic), :%d (openai);"
              " upstream gap %d ms" % (jar_src, jar, startup, port, up_a, up_o, args.gap_ms))
        print("  %d warm-up rounds, then %d measured rounds; a round = direct A, proxy A, direct O, proxy O "
              "(one keep-alive connection each)" % (args.warmup, args.requests))
        if args.warmup_gap_ms is not None:
            print("  upstream gap during the warm-up: %d ms (measured rounds: %d ms)" % (args.warmup_gap_ms,
                                                                                      args.gap_ms))
        if args.proxy_cpus or args.client_cpus:
            print("  pinned: proxy on CPUs %s, client + upstream on CPUs %s" % (args.proxy_cpus or "any",
                                                                             args.client_cpus or "any"))
        try:
            with open("/proc/loadavg") as f:
                print("  load average before: " + " ".join(f.read().split()[:3]))
        except OSError:
            pass
        sample_text = {}
        warmup_gap = args.gap_ms if args.warmup_gap_ms is None else args.warmup_gap_ms
        for i in range(args.warmup + args.requests):
            if i == 0 or i == args.warmup:
                set_gap(up_a, warmup_gap if i < args.warmup else args.gap_ms)
            for t in targets:
                ms, text = t.once()
                if i >= args.warmup:
                    t.samples.append(ms)
                if t.name not in sample_text:
                    sample_text[t.name] = text
            if args.pause_ms:
                time.sleep(args.pause_ms / 1000.0)
        if args.show_streams:
            for name, text in sample_text.items():
                print("---- %s, first stream:\n%s" % (name, text.rstrip()))
        try:
            with open("/proc/loadavg") as f:
                print("  load average after:  " + " ".join(f.read().split()[:3]))
        except OSError:
            pass

        print()
        print("first-event latency, ms (n=%d each)       median      p90      p99      min" % args.requests)
        finals = []
        for label, d, p in (("anthropic->anthropic", da, pa), ("anthropic->openai", do, po)):
            for t in (d, p):
                print("  %-38s %8.3f %8.3f %8.3f %8.3f" % (t.name + (" (%s)" % t.path), pct(t.samples, 50),
                                                          pct(t.samples, 90), pct(t.samples, 99), min(t.samples)))
            diffs = [b - a for a, b in zip(d.samples, p.samples)]
            dm = pct(p.samples, 50) - pct(d.samples, 50)
            md = pct(diffs, 50)
            print("  %-38s diff of medians %+.3f ms; per-round diff median %+.3f, p90 %+.3f, p99 %+.3f"
                  % (label + ":", dm, md, pct(diffs, 90), pct(diffs, 99)))
            finals.append("%s: proxy adds %.3f ms to the first event (median of %d)" % (label, md, len(diffs)))
        reconnects = ["%s %d" % (t.name, t.connects) for t in targets if t.connects != 1]
        if reconnects:
            print("  NOTE: connections opened per target other than 1 (connection setup was measured): "
                  + ", ".join(reconnects))
        for kind, p in (("anthropic", up_a), ("openai", up_o)):
            c = http.client.HTTPConnection("127.0.0.1", p, timeout=5)
            c.request("GET", "/probe-stats")
            st = json.loads(c.getresponse().read())
            c.close()
            print("  %s upstream: %d streamed requests over %d connections (1 is the direct client's; the rest the "
                  "proxy's, plus this stats call and the gap settings)" % (kind, st["requests"], st["connections"]))
        print()
        for line in finals:
            print(line)
        return 0
    finally:
        for t in targets:
            t.close()
        children.stop_all()
        if args.keep:
            print("kept work dir " + work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", help="the proxy's fat jar (copied to a temp dir first)")
    ap.add_argument("--requests", type=int, default=300, help="measured rounds (one request per target each)")
    ap.add_argument("--warmup", type=int, default=200, help="rounds before measuring (JIT warm-up)")
    ap.add_argument("--gap-ms", type=int, default=10, help="upstream pause between the first event and the rest")
    ap.add_argument("--warmup-gap-ms", type=int, help="the upstream gap during the warm-up rounds (default: --gap-ms);"
                    " a short one lets the JIT see more calls in the same time")
    ap.add_argument("--pause-ms", type=float, default=0, help="pause between rounds")
    ap.add_argument("--port", type=int, default=0, help="proxy port (default: a free one)")
    ap.add_argument("--java", default="java")
    ap.add_argument("--java-opt", action="append", default=[], help="a JVM option (repeatable)")
    ap.add_argument("--proxy-cpus", help="pin the JVM to these CPUs, e.g. 0")
    ap.add_argument("--client-cpus", help="pin this client and the upstream to these CPUs, e.g. 1")
    ap.add_argument("--show-streams", action="store_true", help="print the first stream of each target")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (config, logs)")
    ap.add_argument("--serve-upstream", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--ready-file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_upstream:
        return serve_upstream(args)
    if not args.jar:
        ap.error("--jar is required")
    if args.requests < 1 or args.warmup < 0:
        ap.error("--requests must be >= 1 and --warmup >= 0")
    try:
        return run(args)
    except ProbeError as e:
        print("stream-probe: ERROR: %s" % e, file=sys.stderr)
        return 2
    except KeyboardInterrupt as e:
        print("stream-probe: interrupted (%s)" % e, file=sys.stderr)
        return 130
    except (OSError, http.client.HTTPException) as e:
        print("stream-probe: ERROR: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
