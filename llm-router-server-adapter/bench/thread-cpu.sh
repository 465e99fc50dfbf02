#!/usr/bin/env bash
# The proxy's CPU per request, thread by thread, at a closed-loop load: the jar on CPU 0 (the bench's split), wrk and
# the shared bench's nginx mock on CPU 1. After WARM seconds at CONNS connections, it reads every thread's CPU from
# /proc/<pid>/task/*/stat, loads DUR seconds more, reads again, and prints each thread group's CPU divided by the
# requests wrk counted in that window (threads of a pool are summed under their name without its number).
#
#   bench/thread-cpu.sh JAR [JAVA_OPTS...]
#     JAVA (java), CONFIG (bench-config.yaml), CONNS (16), WARM (30), DUR (20), PORT (28190),
#     MAIN (a main class to run from JAR's class path instead of its own: the transport floors of
#       llm-router-benchmarks, dev.llmrouter.benchmarks.floor.NettyFloor, NettyVtOkHttpFloor or JettyOkHttpFloor;
#       NettyVtRouterFloor, the router on Netty, with JAR=server.jar:benchmarks.jar so that its audit lines are
#       written by the proxy's logging as the proxy's are),
#     BENCH (the shared bench's folder: ../shared/bench beside the checkout)
#     PROFILE=out.collapsed: also attach async-profiler for the measured window (ASYNC_PROFILER: its
#     libasyncProfiler.so; EVENT itimer, INTERVAL 1ms); attaching recompiles code, so its run costs more
#
# The mock is the shared bench's (../shared/bench/conf/mock.conf, nginx + Lua on 127.0.0.1:28081), started here
# unless one answers there already, and stopped at the end if started here. Needs nginx, libnginx-mod-http-lua, wrk.
set -euo pipefail
JAR=${1:?usage: thread-cpu.sh JAR [JAVA_OPTS...]}
shift
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH=${BENCH:-$HERE/../../../shared/bench}
JAVA=${JAVA:-java}
CONFIG=${CONFIG:-$HERE/bench-config.yaml}
CONNS=${CONNS:-16}
WARM=${WARM:-30}
DUR=${DUR:-20}
PORT=${PORT:-28190}
work=$(mktemp -d)
pid=""
mock=""
cleanup() {
  [ -z "$pid" ] || kill -- -"$pid" 2>/dev/null || true
  [ -z "$mock" ] || kill "$mock" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if ! curl -s -o /dev/null http://127.0.0.1:28081/health; then
  mkdir -p "$work/nginx/tmp-body"
  sed -e "s/@MOCK_PORT@/28081/; s/@CHUNK_MS@/10/" "$BENCH/conf/mock.conf" >"$work/nginx/mock.conf"
  taskset -c 1 nginx -p "$work/nginx/" -c "$work/nginx/mock.conf" -e "$work/nginx/startup.log" </dev/null \
    >/dev/null 2>&1 &
  mock=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:28081/health && break; sleep 0.05; done
fi
URL=http://127.0.0.1:$PORT/v1/chat/completions
if [ -n "${MAIN:-}" ]; then launch=(-cp "$JAR" "$MAIN"); else launch=(-jar "$JAR"); fi
MOCK_URL=http://127.0.0.1:28081/v1 LLM_ROUTER_DATA_DIR="$work/data" setsid taskset -c 0 "$JAVA" "$@" "${launch[@]}" \
  --config "$CONFIG" --port "$PORT" </dev/null >"$work/proxy.log" 2>&1 &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer sk-bench' -H 'Content-Type: application/json' \
    --data @"$BENCH/body.json" "$URL" 2>/dev/null)" = 200 ]; do
  kill -0 "$pid" 2>/dev/null || { echo "thread-cpu.sh: the proxy exited" >&2; cat "$work/proxy.log" >&2; exit 1; }
  sleep 0.05
done
export EXTRA_HEADERS="Authorization: Bearer sk-bench" BODY_FILE=$BENCH/body.json
load() { taskset -c 1 wrk -t1 -c"$CONNS" -d"$1"s --timeout 5s -s "$BENCH/chat.lua" "$URL" | grep '^RESULT'; }
# one line a thread: its id, its name and its user + system ticks (the fields after the name in stat)
snap() {
  for t in /proc/"$pid"/task/*; do
    [ -r "$t/stat" ] || continue
    awk -v tid="${t##*/}" -v name="$(cat "$t/comm" 2>/dev/null)" '{ sub(/^.*\) /, ""); print tid "\t" name "\t" $12 + $13 }' \
      "$t/stat" 2>/dev/null
  done
}
load "$WARM" >/dev/null
snap >"$work/before"
if [ -n "${PROFILE:-}" ]; then
  lib=${ASYNC_PROFILER:?PROFILE needs ASYNC_PROFILER, the path of libasyncProfiler.so}
  jcmd=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd
  # it stops and writes its file 3 s before the load ends, so the file is there when the load is
  "$jcmd" "$pid" JVMTI.agent_load "$lib" \
    "\"start,event=${EVENT:-itimer},interval=${INTERVAL:-1ms},threads,timeout=$((DUR - 3)),file=$PROFILE,collapsed\"" \
    >/dev/null
fi
result=$(load "$DUR")
snap >"$work/after"
echo "$result"
python3 - "$work/before" "$work/after" "$result" "$(getconf CLK_TCK)" <<'EOF'
import collections, re, sys
before, after, result, hz = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
requests = int(re.search(r"requests=(\d+)", result).group(1))
def threads(path):
    seen = {}
    for line in open(path):
        tid, name, n = line.rstrip("\n").split("\t")
        seen[tid] = (re.sub(r"[-#]?\d+$", "", name.strip()), int(n))
    return seen
# by thread id, not name: OkHttp's TaskRunner threads take the name of the task they run (OkHttp ConnectionPool)
# and give it back, so a name can hold another thread's ticks at each snapshot. A thread is named as it was first
# seen; one that started in the window counts whole.
a, b = threads(before), threads(after)
groups = collections.Counter()
for tid, (name, n) in b.items():
    groups[a[tid][0] if tid in a else name] += n - (a[tid][1] if tid in a else 0)
rows = sorted(((n, k) for k, n in groups.items() if n > 0), reverse=True)
us = lambda n: n / hz / requests * 1e6
for n, name in rows:
    print("%-24s %7.1f us/req" % (name, us(n)))
print("%-24s %7.1f us/req   (%d requests, %.0f req/s)" % ("all", us(sum(n for n, _ in rows)), requests,
                                                         requests / float(re.search(r"duration_us=(\d+)", result).group(1)) * 1e6))
EOF
