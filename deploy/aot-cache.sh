#!/usr/bin/env bash
# Makes an AOT cache for the proxy (JDK 25: JEP 483, 514 and 515; class loading and linking done ahead, and method
# profiles from the training run), so that a start with it reaches its first answer in about half the time: the
# container image runs this once at build and starts java with -XX:AOTCache (docs/performance.md, start-up).
#
#   deploy/aot-cache.sh JAR OUT [JAVA]        # AOT_JAVA_OPTS: JVM flags of the runs that will use it
#   java -XX:AOTCache=OUT -jar JAR ...        # then; the same JDK and the same JAR path, or the JVM ignores OUT
#
# The training run is the proxy on a config of its own (a master key, so the embedded store starts, and the mock
# model) on loopback port $AOT_TRAINING_PORT (4099), answering each kind of call: OpenAI and Anthropic, plain and
# streamed, and the same again through the OpenAI and Anthropic providers to the proxy itself, so the HTTP client and
# the providers' codecs are in the cache too. Nothing leaves the machine; the data directory is thrown away.
set -euo pipefail
JAR=${1:?usage: aot-cache.sh JAR OUT [JAVA]}
OUT=${2:?usage: aot-cache.sh JAR OUT [JAVA]}
JAVA=${3:-java}
CALLS=${AOT_TRAINING_CALLS:-200}
has_aot=$("$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -c 'AOTCacheOutput' || true)
[ "$has_aot" -gt 0 ] || { echo "aot-cache.sh: $JAVA has no AOT cache (JDK 25 or later); nothing made" >&2; exit 1; }
work=$(mktemp -d)
port=${AOT_TRAINING_PORT:-4099}
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
key=sk-aot-training
cat >"$work/config.yaml" <<EOF
model_list:
  - model_name: train-model
    litellm_params:
      model: mock/train-model
  - model_name: train-openai
    litellm_params:
      model: openai/train-model
      api_base: http://127.0.0.1:$port/v1
      api_key: $key
  - model_name: train-anthropic
    litellm_params:
      model: anthropic/train-model
      api_base: http://127.0.0.1:$port
      api_key: $key
general_settings:
  master_key: $key
EOF
rm -f "$OUT"
# shellcheck disable=SC2086 # AOT_JAVA_OPTS: the production run's JVM flags, word by word
LLM_ROUTER_DATA_DIR="$work/data" "$JAVA" ${AOT_JAVA_OPTS:-} -XX:AOTCacheOutput="$OUT" -jar "$JAR" --config "$work/config.yaml" \
  --port "$port" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health/liveliness" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "aot-cache.sh: the training run exited" >&2; cat "$work/log" >&2; exit 1; }
  sleep 0.1
done
call() { # path body
  curl -fsS -o /dev/null "http://127.0.0.1:$port$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -H 'anthropic-version: 2023-06-01' -d "$2"
}
for _ in $(seq 1 "$CALLS"); do
  for model in train-model train-openai train-anthropic; do
    call /v1/chat/completions '{"model":"'$model'","messages":[{"role":"user","content":"Hello"}]}'
    call /v1/chat/completions '{"model":"'$model'","stream":true,"messages":[{"role":"user","content":"Hello"}]}'
    call /v1/messages '{"model":"'$model'","max_tokens":100,"messages":[{"role":"user","content":"Hello"}]}'
    call /v1/messages '{"model":"'$model'","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Hello"}]}'
  done
done
kill -TERM "$pid"
wait "$pid" || true # the cache is written as the JVM exits
pid=""
[ -s "$OUT" ] || { echo "aot-cache.sh: no AOT cache written" >&2; cat "$work/log" >&2; exit 1; }
echo "aot-cache.sh: $OUT ($(( $(stat -c %s "$OUT") / 1048576 )) MB) from $(( CALLS * 12 )) training calls"
