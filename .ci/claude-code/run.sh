#!/usr/bin/env bash
# Runs the real Claude Code CLI (pinned in package.json) against scripted upstreams.
#
#   bash .ci/claude-code/run.sh PROXY_JAR   claude -> proxy (java -jar PROXY_JAR) -> upstream.py, for
#                                           upstream kinds anthropic and openai, scripts text and bash, and a text
#                                           answer with no model variables set (claude-* ids), and a text answer
#                                           with a team's key made by the CLI (6 cases)
#   bash .ci/claude-code/run.sh --direct    claude -> upstream.py --kind anthropic, no proxy (2 cases); this
#                                           checks the upstream script and the CLI invocation themselves
#
# Each case prints one PASS/FAIL line; the run ends with "N passed, N failed" and exits non-zero on any failure.
# Environment: CLAUDE_TIMEOUT (seconds per claude run, default 120), KEEP_TMP=1 (keep the work dir and logs),
# CASES="anthropic/text openai/bash" (run only these).
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CLAUDE_TIMEOUT=${CLAUDE_TIMEOUT:-120}
MASTER_KEY=sk-gateway-test
UPSTREAM_KEY=sk-upstream-secret
TENANT_KEY=sk-team-a-claude-key
ALIAS=gw-model

usage() { echo "usage: bash $0 PROXY_JAR | --direct" >&2; exit 2; }
[ $# -eq 1 ] || usage
if [ "$1" = "--direct" ]; then
  MODE=direct
  ALL_CASES="anthropic/text anthropic/bash"
else
  MODE=proxy
  [ -f "$1" ] || { echo "no such jar: $1" >&2; exit 2; }
  PROXY_JAR=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  ALL_CASES="anthropic/text anthropic/bash openai/text openai/bash openai/defaults openai/tenant"
fi
CASES=${CASES:-$ALL_CASES}

# ---- the CLI: install the pinned version when it is missing. node_modules/.bin/claude is the wrapper's
# bin/claude.exe, which its postinstall replaces with the native binary of the platform package; should that
# script not have run, the platform package's binary is used directly.
find_claude() {
  local c
  for c in "$HERE/node_modules/.bin/claude" "$HERE/node_modules/@anthropic-ai/claude-code-linux-x64/claude"; do
    if "$c" --version >/dev/null 2>&1; then CLAUDE=$c; return 0; fi
  done
  return 1
}
if ! find_claude; then
  echo "== installing the pinned Claude Code (npm ci in $HERE)"
  (cd "$HERE" && npm ci --no-audit --no-fund) || { echo "FAIL: npm ci"; exit 1; }
  find_claude || { echo "FAIL: no runnable claude binary under $HERE/node_modules"; exit 1; }
fi
echo "== claude $("$CLAUDE" --version 2>&1) ($(readlink -f "$CLAUDE"))"
[ "$MODE" = proxy ] && echo "== proxy $PROXY_JAR ($(java -version 2>&1 | head -n1))"

# ---- processes started here are killed on exit
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/claude-code-harness.XXXXXX")
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "(kept $ROOT)"; else rm -rf "$ROOT"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() { # pid: kill one process we started, and forget it
  local p=$1 i
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  for i in "${!PIDS[@]}"; do [ "${PIDS[$i]}" = "$p" ] && unset 'PIDS[i]'; done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# ---- checks on claude's JSON output and the upstream's request log
cat >"$ROOT/check.py" <<'PY'
import json, sys
kind, script, mode, out_path, log_path = sys.argv[1:6]
problems, info = [], []

def text_of(c):
    if c is None: return ""
    if isinstance(c, str): return c
    if isinstance(c, list):
        return "".join(x if isinstance(x, str) else (x.get("text", "") if isinstance(x, dict) else "") for x in c)
    return json.dumps(c)

raw = open(out_path, encoding="utf-8", errors="replace").read()
out = None
try:
    out = json.loads(raw)
except ValueError:
    # tolerate noise before the JSON document: take the last line that parses
    for line in reversed(raw.strip().splitlines()):
        try:
            out = json.loads(line); break
        except ValueError:
            pass
if not isinstance(out, dict):
    problems.append("stdout is not a JSON object: %r" % raw[:300])
    out = {}
result = out.get("result")
if out and out.get("is_error") is not False:
    problems.append("is_error=%r subtype=%r api_error_status=%r" % (out.get("is_error"), out.get("subtype"), out.get("api_error_status")))
want = "GATEWAY-TEXT-OK" if script == "text" else "hi-from-tool"
if want not in str(result):
    problems.append("result lacks %s" % want)

reqs = []
for line in open(log_path, encoding="utf-8"):
    line = line.strip()
    if line:
        reqs.append(json.loads(line))
model_path = "/v1/messages" if kind == "anthropic" else "/v1/chat/completions"
model_reqs = [r for r in reqs if r["method"] == "POST" and r["path"] == model_path]
others = ["%s %s" % (r["method"], r["path"]) for r in reqs if r not in model_reqs]

def has_tool_result(body):
    for m in (body or {}).get("messages") or []:
        if kind == "anthropic" and isinstance(m.get("content"), list):
            for b in m["content"]:
                if isinstance(b, dict) and b.get("type") == "tool_result" and "hi-from-tool" in text_of(b.get("content")):
                    return True
        if kind == "openai" and m.get("role") == "tool" and "hi-from-tool" in text_of(m.get("content")):
            return True
    return False

if script == "bash":
    if len(model_reqs) != 2:
        problems.append("upstream got %d model requests, want 2" % len(model_reqs))
    elif not has_tool_result(model_reqs[1]["body"]):
        problems.append("2nd upstream request has no tool result hi-from-tool")
    elif has_tool_result(model_reqs[0]["body"]):
        problems.append("1st upstream request already has a tool result")
elif not model_reqs:
    problems.append("upstream got no model request")

info.append("result=%r" % (result if result is None or len(str(result)) < 80 else str(result)[:77] + "..."))
info.append("upstream: %d model request(s)%s" % (len(model_reqs), (" + " + ", ".join(others)) if others else ""))
if model_reqs:
    r0 = model_reqs[0]
    b0 = r0["body"] if isinstance(r0["body"], dict) else {}
    h = r0["headers"]
    auth = h.get("x-api-key") and "x-api-key" or (h.get("authorization") and "authorization") or "none"
    key = h.get("x-api-key") or (h.get("authorization") or "").replace("Bearer ", "")
    info.append("model=%s stream=%s auth=%s:%s query=%s" % (b0.get("model"), b0.get("stream"), auth,
                "upstream-key" if key == "sk-upstream-secret" else ("gateway-key" if key == "sk-gateway-test" else "other"),
                json.dumps(r0.get("query") or {})))
if out:
    info.append("num_turns=%s duration_api_ms=%s" % (out.get("num_turns"), out.get("duration_api_ms")))
print(("OK" if not problems else "PROBLEMS: " + "; ".join(problems)) + " | " + " ".join(info))
sys.exit(1 if problems else 0)
PY

PASSED=0
FAILED=0

run_case() { # kind script
  local kind=$1 script=$2 dir="$ROOT/$1-$2" up_pid proxy_pid="" up_port base t0 t1 secs rc verdict
  # "defaults": a text answer with no model variables set, so Claude Code sends its own claude-* id, which the
  # example config's "claude-*" wildcard route catches
  local -a model_env=(ANTHROPIC_MODEL="$ALIAS" ANTHROPIC_DEFAULT_OPUS_MODEL="$ALIAS"
    ANTHROPIC_DEFAULT_SONNET_MODEL="$ALIAS" ANTHROPIC_DEFAULT_HAIKU_MODEL="$ALIAS" CLAUDE_CODE_SUBAGENT_MODEL="$ALIAS")
  if [ "$script" = defaults ]; then
    script=text
    model_env=()
  fi
  # "tenant": a text answer with a team's key made by the CLI (ANTHROPIC_AUTH_TOKEN=<the team's key>)
  local token="$MASTER_KEY" tenant=0
  if [ "$script" = tenant ]; then
    script=text
    token="$TENANT_KEY"
    tenant=1
  fi
  mkdir -p "$dir/home" "$dir/work" "$dir/tmp"
  : >"$dir/proxy.log"

  python3 "$HERE/upstream.py" --kind "$kind" --port 0 --script "$script" --log "$dir/upstream.jsonl" \
    --ready-file "$dir/upstream.port" >"$dir/upstream.out" 2>&1 &
  up_pid=$!
  PIDS+=("$up_pid")
  for _ in $(seq 1 100); do [ -s "$dir/upstream.port" ] && break; sleep 0.1; done
  if [ ! -s "$dir/upstream.port" ]; then
    echo "FAIL $kind/$2 ($MODE): upstream did not start"; cat "$dir/upstream.out"
    FAILED=$((FAILED + 1)); stop_pid "$up_pid"; return
  fi
  up_port=$(cat "$dir/upstream.port")

  if [ "$MODE" = proxy ]; then
    local config proxy_port ok=0
    # the README's example configs, as a user runs them: only the upstream's address and the keys come from the env
    local -a env_vars=(LLM_ROUTER_MASTER_KEY="$MASTER_KEY" LLM_ROUTER_DATA_DIR="$dir/data")
    if [ "$kind" = anthropic ]; then
      config="$REPO/examples/config/claude-code-anthropic.yaml"
      env_vars+=(ANTHROPIC_API_BASE="http://127.0.0.1:$up_port" ANTHROPIC_API_KEY="$UPSTREAM_KEY")
    else
      config="$REPO/examples/config/claude-code-openai.yaml"
      env_vars+=(OPENAI_API_BASE="http://127.0.0.1:$up_port/v1" OPENAI_API_KEY="$UPSTREAM_KEY")
    fi
    proxy_port=$(free_port)
    env "${env_vars[@]}" java -jar "$PROXY_JAR" --config "$config" --port "$proxy_port" >"$dir/proxy.log" 2>&1 &
    proxy_pid=$!
    PIDS+=("$proxy_pid")
    for _ in $(seq 1 150); do
      if curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$proxy_port/health/liveliness" 2>/dev/null; then ok=1; break; fi
      kill -0 "$proxy_pid" 2>/dev/null || break
      sleep 0.2
    done
    if [ "$ok" != 1 ]; then
      echo "FAIL $kind/$2 ($MODE): proxy did not answer /health/liveliness within 30 s"
      tail -n 40 "$dir/proxy.log"
      FAILED=$((FAILED + 1)); stop_pid "$proxy_pid"; stop_pid "$up_pid"; return
    fi
    base="http://127.0.0.1:$proxy_port"
    if [ "$tenant" = 1 ] && ! LLM_ROUTER_MASTER_KEY="$MASTER_KEY" java -jar "$PROXY_JAR" tenants create team-a \
        "$TENANT_KEY" 10 "$ALIAS,claude-*" --url "$base" >"$dir/cli.out" 2>&1; then
      echo "FAIL $kind/$2 ($MODE): tenants create"; cat "$dir/cli.out"
      FAILED=$((FAILED + 1)); stop_pid "$proxy_pid"; stop_pid "$up_pid"; return
    fi
  else
    base="http://127.0.0.1:$up_port"
  fi

  # the prompt goes right after -p: --allowedTools takes a variable number of values and would swallow it
  local -a args
  if [ "$script" = bash ]; then
    args=(-p "Run the shell command \`echo hi-from-tool\` and tell me its output." --output-format json --allowedTools Bash)
  else
    args=(-p "Say hello." --output-format json)
  fi

  t0=$(date +%s.%N)
  (cd "$dir/work" && env -i \
      PATH="$PATH" HOME="$dir/home" TMPDIR="$dir/tmp" LANG=C.UTF-8 TERM=dumb \
      ANTHROPIC_BASE_URL="$base" ANTHROPIC_AUTH_TOKEN="$token" \
      "${model_env[@]}" \
      CLAUDE_CODE_MAX_RETRIES=1 DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \
      timeout -k 5 "$CLAUDE_TIMEOUT" "$CLAUDE" "${args[@]}" </dev/null >"$dir/claude.out" 2>"$dir/claude.err")
  rc=$?
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')

  verdict=$(python3 "$ROOT/check.py" "$kind" "$script" "$MODE" "$dir/claude.out" "$dir/upstream.jsonl" 2>&1)
  local check_rc=$?
  # neither key may show in what the proxy logged or what claude received
  if [ "$MODE" = proxy ] && grep -qF -e "$MASTER_KEY" -e "$UPSTREAM_KEY" -e "$TENANT_KEY" "$dir/proxy.log" "$dir/claude.out"; then
    verdict="a key appears in the proxy log or the answer; $verdict"
    check_rc=1
  fi
  if [ "$rc" -eq 0 ] && [ "$check_rc" -eq 0 ]; then
    echo "PASS $kind/$2 ($MODE) ${secs}s: ${verdict#OK | }"
    PASSED=$((PASSED + 1))
  else
    local why="exit $rc"
    [ "$rc" -eq 124 ] && why="timed out after ${CLAUDE_TIMEOUT}s"
    echo "FAIL $kind/$2 ($MODE) ${secs}s: claude $why; $verdict"
    echo "  --- claude stdout:"; head -c 2000 "$dir/claude.out" | sed 's/^/  /'; echo
    echo "  --- claude stderr (tail):"; tail -n 20 "$dir/claude.err" | sed 's/^/  /'
    echo "  --- upstream requests:"
    python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l); b=r["body"] if isinstance(r["body"],dict) else {}
    print("  #%s %s %s model=%s stream=%s messages=%d" % (r["seq"], r["method"], r["path"], b.get("model"), b.get("stream"), len(b.get("messages") or [])))' \
      "$dir/upstream.jsonl"
    if [ "$MODE" = proxy ]; then echo "  --- proxy log (tail):"; tail -n 40 "$dir/proxy.log" | sed 's/^/  /'; fi
    FAILED=$((FAILED + 1))
  fi
  if [ -s "$dir/claude.err" ] && [ "${SHOW_STDERR:-0}" = 1 ]; then
    echo "  --- claude stderr:"; sed 's/^/  /' "$dir/claude.err"
  fi
  [ -n "$proxy_pid" ] && stop_pid "$proxy_pid"
  stop_pid "$up_pid"
}

for c in $CASES; do
  run_case "${c%/*}" "${c#*/}"
done
echo "== mode $MODE"
echo "claude-code: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
