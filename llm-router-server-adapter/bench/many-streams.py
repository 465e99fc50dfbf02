#!/usr/bin/env python3
"""1,000 concurrent streams through the proxy to one deployment on a slow local upstream.

The upstream (here, asyncio) holds every stream until all N have arrived, then sends each its first chunk at the
same moment T, the rest CHUNK_MS apart. Each client records when its first chunk reached it. Reported: how many
streams reached the upstream at once, the delay from T to each client's first chunk (p50/p99/max), and the
proxy's thread count and RSS while all N are open (from /proc). When the proxy refuses some (503 past its in-flight
bound) the upstream releases those that came once no more arrive for 3 s. Exit status 0 when every stream
completed and every first chunk came within 1 s. Standard library only.

  python3 many-streams.py --jar llm-router-server.jar [--java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java] [-n 1000]
"""
import argparse, asyncio, json, os, signal, subprocess, sys, tempfile, time
import proxyproc

ap = argparse.ArgumentParser()
ap.add_argument("--jar", required=True)
ap.add_argument("--java", default="java")
ap.add_argument("-n", type=int, default=1000)
ap.add_argument("--upstream-port", type=int, default=28181)
ap.add_argument("--proxy-port", type=int, default=28190)
ap.add_argument("--chunks", type=int, default=5)
ap.add_argument("--chunk-ms", type=int, default=200)
ap.add_argument("--java-opts", default="")
args = ap.parse_args()
N = args.n

arrived = 0
all_in = asyncio.Event()
t_first = None


def chunk(text, finish=None):
    c = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
         "choices": [{"index": 0, "delta": {"content": text} if text else {}, "finish_reason": finish}]}
    return ("data: " + json.dumps(c) + "\n\n").encode()


async def upstream(reader, writer):
    global arrived, t_first
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        arrived += 1
        if arrived == N:
            all_in.set()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        await all_in.wait()
        if t_first is None:
            t_first = time.monotonic()

        def send(data):
            writer.write(b"%x\r\n" % len(data) + data + b"\r\n")
        send(chunk("Hello"))
        await writer.drain()
        for i in range(args.chunks - 1):
            await asyncio.sleep(args.chunk_ms / 1000)
            send(chunk(" more"))
            await writer.drain()
        send(chunk(None, "stop"))
        send(b"data: [DONE]\n\n")
        writer.write(b"0\r\n\r\n")
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def client(i, results):
    r, w = await asyncio.open_connection("127.0.0.1", args.proxy_port, limit=1 << 20)
    body = json.dumps({"model": "gpt-4o-mini", "stream": True,
                       "messages": [{"role": "user", "content": "Hi %d" % i}]}).encode()
    w.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-many\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    await w.drain()
    status = (await r.readline()).split()[1]
    first = None
    data = b""
    while True:
        line = await r.readline()
        if not line:
            break
        data += line
        if first is None and b"data: {" in line:
            first = time.monotonic()
        if b"[DONE]" in line:
            break
    w.close()
    results.append((int(status), first, b"[DONE]" in data))


async def main():
    config = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    config.write("""model_list:
  - model_name: gpt-4o-mini
    litellm_params: {model: openai/gpt-4o-mini, api_base: "http://127.0.0.1:%d/v1", api_key: sk-up}
router_settings: {num_retries: 0, allowed_fails: 1000000}
general_settings: {master_key: sk-many}
""" % args.upstream_port)
    config.close()
    server = await asyncio.start_server(upstream, "127.0.0.1", args.upstream_port, backlog=4096)
    proxy = proxyproc.start(args.java, args.java_opts.split(), args.jar, config.name, args.proxy_port)
    try:
        await proxyproc.wait_listening(args.proxy_port)
        idle = proxyproc.stats(proxy.pid)
        results = []
        tasks = [asyncio.create_task(client(i, results)) for i in range(N)]
        last, since = -1, time.monotonic()
        while not all_in.is_set() and not all(t.done() for t in tasks):
            await asyncio.sleep(0.05)
            if arrived != last:
                last, since = arrived, time.monotonic()
            elif arrived > 0 and time.monotonic() - since > 3:
                all_in.set()  # no more are coming (the proxy refused the rest): release those that came
        await asyncio.sleep(0.05)
        loaded = proxyproc.stats(proxy.pid)
        await asyncio.gather(*tasks, return_exceptions=True)
        after = proxyproc.stats(proxy.pid)
        ok = [r for r in results if r[0] == 200 and r[1] is not None]
        delays = sorted((r[1] - t_first) * 1000 for r in ok) if t_first else []
        pct = lambda p: delays[min(len(delays) - 1, int(p * len(delays)))] if delays else float("nan")
        complete = sum(1 for r in ok if r[2])
        statuses = {}
        for r in results:
            statuses[r[0]] = statuses.get(r[0], 0) + 1
        print("streams %d, at the upstream at once %d, answered 200 %d, complete through [DONE] %d, refused 503 %d"
              % (N, arrived, len(ok), complete, sum(1 for r in results if r[0] == 503)))
        print("statuses %s, clients that got no answer %d" % (statuses, N - len(results)))
        print("first chunk after the upstream sent it: p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (
            pct(0.5), pct(0.99), delays[-1] if delays else float("nan")))
        print("proxy threads / RSS MB: idle %d / %d, all %d open %d / %d, after %d / %d" % (
            idle[0], idle[1], N, loaded[0], loaded[1], after[0], after[1]))
        return 0 if complete == N and delays and delays[-1] <= 1000 else 1
    finally:
        os.killpg(proxy.pid, signal.SIGTERM)
        proxy.wait(30)
        server.close()


import resource
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (_hard, _hard))
sys.exit(asyncio.run(main()))
