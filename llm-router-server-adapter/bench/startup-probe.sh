#!/usr/bin/env bash
# Time from `java -jar` to the first 200, polled every 10 ms (the shared bench polls every 0.2 s), and the CPU the
# process used by then (user + system, from /proc), for RUNS starts of the jar on bench-config.yaml, each on a fresh
# data dir, the proxy pinned to CPU 0 and the poller and the upstream on CPU 1 (the bench's split).
#
#   bench/startup-probe.sh JAR [JAVA_OPTS...]     # RUNS (5), JAVA (java), CONFIG (bench-config.yaml), PORT (28190)
#
# The upstream is a small Python server on 127.0.0.1:28081 answering every POST with a chat.completion, started and
# stopped here. Prints one line a start, then the mean.
set -euo pipefail
JAR=${1:?usage: startup-probe.sh JAR [JAVA_OPTS...]}
shift
HERE=$(cd "$(dirname "$0")" && pwd)
RUNS=${RUNS:-5}
JAVA=${JAVA:-java}
CONFIG=${CONFIG:-$HERE/bench-config.yaml}
PORT=${PORT:-28190}
work=$(mktemp -d)
up=""
trap '[ -z "$up" ] || kill "$up" 2>/dev/null || true; rm -rf "$work"' EXIT
cat >"$work/upstream.py" <<'EOF'
import http.server, json
BODY = json.dumps({"id": "chatcmpl-probe", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello from the mock upstream."},
                                "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 9, "completion_tokens": 7, "total_tokens": 16}}).encode()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", 28081), H).serve_forever()
EOF
taskset -c 1 python3 "$work/upstream.py" &
up=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null -d '{}' http://127.0.0.1:28081/v1/chat/completions && break
  sleep 0.05
done
body='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'
total_ms=0
total_cpu=0
for run in $(seq 1 "$RUNS"); do
  data="$work/data-$run"
  t0=$(date +%s%N)
  MOCK_URL=http://127.0.0.1:28081/v1 LLM_ROUTER_DATA_DIR="$data" taskset -c 0 "$JAVA" "$@" -jar "$JAR" --config "$CONFIG" \
    --port "$PORT" >"$work/log-$run" 2>&1 &
  pid=$!
  until [ "$(taskset -c 1 curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer sk-bench' \
      -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$PORT/v1/chat/completions" 2>/dev/null)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "startup-probe.sh: the proxy exited" >&2; cat "$work/log-$run" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  cpu_ms=$(( ticks * 1000 / $(getconf CLK_TCK) ))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  ms=$(( (t1 - t0) / 1000000 ))
  echo "start $run: first 200 after $ms ms, CPU $cpu_ms ms"
  total_ms=$(( total_ms + ms ))
  total_cpu=$(( total_cpu + cpu_ms ))
done
echo "mean of $RUNS: first 200 after $(( total_ms / RUNS )) ms, CPU $(( total_cpu / RUNS )) ms"
