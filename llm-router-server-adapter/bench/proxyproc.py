"""The proxy as a child process, for the bench scripts beside this file (many-streams.py, soak.py)."""
import asyncio, os, subprocess, tempfile


def start(java, java_opts, jar, config, port, log=None):
    """Starts the jar on `config` and `port` in its own session, its store in a fresh directory, its output to `log`
    (default: proxy.log there)."""
    data_dir = tempfile.mkdtemp(prefix="llm-router-bench-")
    out = open(log or os.path.join(data_dir, "proxy.log"), "w")
    return subprocess.Popen([java] + java_opts + ["-jar", jar, "--config", config, "--port", str(port)],
                            env=dict(os.environ, LLM_ROUTER_DATA_DIR=data_dir), stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)


async def wait_listening(port, tries=300):
    """Returns once the port takes a connection (tries x 0.1 s at most)."""
    for _ in range(tries):
        try:
            _, w = await asyncio.open_connection("127.0.0.1", port)
            w.close()
            return
        except OSError:
            await asyncio.sleep(0.1)
    raise SystemExit("the proxy did not listen on %d" % port)


def stats(pid):
    """(threads, RSS in MB) of a process."""
    threads = len(os.listdir("/proc/%d/task" % pid))
    rss = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
    return threads, rss
