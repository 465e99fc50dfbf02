#!/usr/bin/env python3
"""A soak of the proxy at a steady mixed load: plain calls, streams, and clients that hang up mid-stream.

Starts the jar on a config whose one deployment is a local asyncio upstream (a plain chat completion at once, or 7
SSE chunks 10 ms apart when the body says "stream": true), then runs for --seconds (600) with --plain (16) clients
looping plain calls, --streams (8) looping streams read to the end, and --quitters (4) that read a stream's first
chunk and close the connection. Every --every (10) seconds it prints the proxy's RSS, threads, and what was served.
At the end it compares the last half of the run: exit status 0 when neither RSS nor the thread count grew over it
(RSS within the larger of 10 MB and 5% of the half's first sample, its least-squares slope under 1 MB a minute,
threads within 10), and no call failed. With --nmt the JVM tracks its native memory, and the end shows by how much
each of its areas (heap, metaspace, code, threads, GC, ...) grew over the last half. Standard library only.

  python3 soak.py --jar llm-router-server.jar [--java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java] [--java-opts=-Xmx256m] [--seconds 600] [--nmt]
"""
import argparse, asyncio, json, os, subprocess, sys, tempfile, time
import proxyproc

ap = argparse.ArgumentParser()
ap.add_argument("--jar", required=True)
ap.add_argument("--java", default="java")
ap.add_argument("--java-opts", default="")
ap.add_argument("--seconds", type=int, default=600)
ap.add_argument("--every", type=int, default=10)
ap.add_argument("--plain", type=int, default=16)
ap.add_argument("--streams", type=int, default=8)
ap.add_argument("--quitters", type=int, default=4)
ap.add_argument("--upstream-port", type=int, default=28281)
ap.add_argument("--proxy-port", type=int, default=28290)
ap.add_argument("--nmt", action="store_true", help="track native memory; print what grew over the last half")
args = ap.parse_args()

COMPLETION = json.dumps({
    "id": "chatcmpl-soak", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello from the soak upstream."},
                 "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 9, "completion_tokens": 7, "total_tokens": 16}}).encode()


def chunk(text, finish=None, usage=False):
    c = {"id": "chatcmpl-soak", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
         "choices": [{"index": 0, "delta": {"content": text} if text else {}, "finish_reason": finish}]}
    if usage:
        c["usage"] = {"prompt_tokens": 9, "completion_tokens": 7, "total_tokens": 16}
    return ("data: " + json.dumps(c) + "\n\n").encode()


async def upstream(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = await reader.readexactly(length)
            if b'"stream":true' in body.replace(b" ", b""):
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                parts = [chunk(w) for w in ("Hello", " from", " the", " soak", " up", "stream.")]
                parts.append(chunk(None, "stop", usage=True))
                parts.append(b"data: [DONE]\n\n")
                for p in parts:
                    writer.write(b"%x\r\n" % len(p) + p + b"\r\n")
                    await writer.drain()
                    await asyncio.sleep(0.01)
                writer.write(b"0\r\n\r\n")
            else:
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                             % len(COMPLETION) + COMPLETION)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


def request(stream):
    body = json.dumps({"model": "gpt-4o-mini", "stream": stream,
                       "messages": [{"role": "user", "content": "Say hello."}]}).encode()
    return (b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-soak\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


counts = {"plain": 0, "stream": 0, "quit": 0, "failed": 0}
stop = False


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length, chunked = None, False
    for line in head.split(b"\r\n"):
        low = line.lower()
        if low.startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        if low.startswith(b"transfer-encoding:") and b"chunked" in low:
            chunked = True
    if length is not None:
        return status, await reader.readexactly(length)
    data = b""
    while chunked:
        size = int((await reader.readline()).strip(), 16)
        if size == 0:
            await reader.readline()
            break
        data += await reader.readexactly(size)
        await reader.readline()
    return status, data


async def looper(kind):
    reader = writer = None
    while not stop:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", args.proxy_port)
            writer.write(request(kind != "plain"))
            await writer.drain()
            if kind == "quit":
                await reader.readuntil(b"data: ")  # the first chunk has come: hang up
                writer.close()
                writer = None
                counts["quit"] += 1
                continue
            status, data = await read_response(reader)
            ok = status == 200 and (b"[DONE]" in data if kind == "stream" else b"chat.completion" in data)
            counts[kind if ok else "failed"] += 1
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            counts["failed"] += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


def jcmd(pid, *what):
    tool = os.path.join(os.path.dirname(args.java), "jcmd") if os.path.dirname(args.java) else "jcmd"
    return subprocess.run([tool, str(pid), "VM.native_memory"] + list(what), capture_output=True, text=True).stdout


def slope(points):
    """Least-squares MB per minute of (seconds, MB) points."""
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    return 60 * sum((p[0] - mx) * (p[1] - my) for p in points) / sxx if sxx else 0.0


async def main():
    global stop
    server = await asyncio.start_server(upstream, "127.0.0.1", args.upstream_port, backlog=4096)
    cfg = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    cfg.write("model_list:\n  - model_name: gpt-4o-mini\n    litellm_params:\n      model: openai/gpt-4o-mini\n"
              "      api_base: http://127.0.0.1:%d/v1\n      api_key: sk-upstream\n"
              "general_settings:\n  master_key: sk-soak\n" % args.upstream_port)
    cfg.close()
    opts = args.java_opts.split() + (["-XX:NativeMemoryTracking=summary"] if args.nmt else [])
    proc = proxyproc.start(args.java, opts, args.jar, cfg.name, args.proxy_port, log=os.devnull)  # audit lines: millions
    try:
        await proxyproc.wait_listening(args.proxy_port)
        tasks = [asyncio.create_task(looper(k)) for k, n in
                 (("plain", args.plain), ("stream", args.streams), ("quit", args.quitters)) for _ in range(n)]
        series = []
        start = time.monotonic()
        last = dict(counts)
        baselined = False
        print("   t_s  rss_MB  threads  plain/s  streams/s  hang-ups/s  failed")
        while time.monotonic() - start < args.seconds:
            await asyncio.sleep(args.every)
            threads, rss = proxyproc.stats(proc.pid)
            t = round(time.monotonic() - start)
            rate = {k: (counts[k] - last[k]) / args.every for k in counts}
            last = dict(counts)
            series.append((t, rss, threads))
            if args.nmt and not baselined and t > args.seconds / 2:
                jcmd(proc.pid, "baseline")
                baselined = True
            print("%6d %7d %8d %8.0f %10.0f %11.0f %7d" % (t, rss, threads, rate["plain"], rate["stream"],
                                                           rate["quit"], counts["failed"]), flush=True)
        stop = True
        await asyncio.gather(*tasks, return_exceptions=True)
        if args.nmt:
            print("native memory over the last half (committed, KB):")
            for line in jcmd(proc.pid, "summary.diff").splitlines():
                line = line.strip()
                if line.startswith(("Total:", "-")) and "committed=" in line:
                    print("  " + line)
    finally:
        proc.terminate()
        proc.wait(30)
        server.close()
    half = [s for s in series if s[0] > args.seconds / 2]
    first, worst_rss, worst_threads = half[0], max(s[1] for s in half), max(s[2] for s in half)
    grew_rss = worst_rss - first[1]
    grew_threads = worst_threads - first[2]
    print("served: %d plain, %d streams, %d hang-ups; failed %d" % (counts["plain"], counts["stream"],
                                                                    counts["quit"], counts["failed"]))
    trend = slope([(s[0], s[1]) for s in half])
    print("last half (from %d s): RSS %d -> max %d MB (+%d, trend %+.2f MB/min), threads %d -> max %d (+%d)" % (
        first[0], first[1], worst_rss, grew_rss, trend, first[2], worst_threads, grew_threads))
    flat = grew_rss <= max(10, first[1] * 0.05) and trend < 1.0 and grew_threads <= 10
    print("verdict:", "flat" if flat and counts["failed"] == 0 else "GREW or FAILED")
    return 0 if flat and counts["failed"] == 0 else 1


sys.exit(asyncio.run(main()))
