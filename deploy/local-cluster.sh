#!/usr/bin/env bash
# The production stack on one machine: three llm-router proxies behind nginx, sharing the local Redis and
# PostgreSQL. nginx runs deploy/compose/nginx.conf itself, with the compose service names replaced by local ports,
# so what users deploy is what the tests run.
#
#   deploy/local-cluster.sh start      start Redis/PostgreSQL if they are down, then 3 proxies + nginx; wait healthy
#   deploy/local-cluster.sh stop       stop exactly what start started (proxies gracefully: SIGTERM, spend flushed)
#   deploy/local-cluster.sh status     what runs, and each proxy's /health/readiness
#   deploy/local-cluster.sh kill N     SIGKILL proxy N (1-3), as a crash would
#   deploy/local-cluster.sh restart    stop the proxies gracefully and start them again (nginx, Redis stay up)
#   deploy/local-cluster.sh stop-proxies | start-proxies   each half of restart
#
# Settings (environment):
#   CONFIG       the proxies' config.yaml (default deploy/compose/config.yaml)
#   JAR          the proxy jar (default llm-router-server-adapter/target/llm-router-server.jar; build it with
#                mvn -B -q -DskipTests package)
#   RUN_DIR      pid files, logs, each proxy's data dir, nginx's files (default /tmp/llm-router-cluster)
#   LB_PORT      nginx's port (default 4000); PROXY_PORTS (default "4001 4002 4003")
#   METRICS_PORTS  each proxy's metrics-only port (LLM_ROUTER_METRICS_PORT; default "0 0 0": any free one, as the
#                three cannot share the config's metrics_port on one machine); /metrics is also on each proxy's
#                port, with the master key
#   REDIS_PORT   the local Redis (default 6379); started here, without persistence, if nothing answers there;
#                REDIS_HOST (127.0.0.1) and REDIS_PASSWORD (none) are passed to the proxies
#   DATABASE_URL PostgreSQL for tenants, keys and spend (default postgresql://postgres@127.0.0.1:5432/test)
#   LLM_ROUTER_MASTER_KEY  the admin key (default sk-replace-me-local-cluster-master)
#   JAVA_OPTS    extra JVM options for the proxies (default -Xmx512m)
# Any other variable the config reads (os.environ/NAME) is passed through to the proxies.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="${CONFIG:-$ROOT/deploy/compose/config.yaml}"
JAR="${JAR:-$ROOT/llm-router-server-adapter/target/llm-router-server.jar}"
RUN_DIR="${RUN_DIR:-/tmp/llm-router-cluster}"
LB_PORT="${LB_PORT:-4000}"
PROXY_PORTS=(${PROXY_PORTS:-4001 4002 4003})
METRICS_PORTS=(${METRICS_PORTS:-0 0 0})
REDIS_PORT="${REDIS_PORT:-6379}"
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
export LLM_ROUTER_MASTER_KEY="${LLM_ROUTER_MASTER_KEY:-sk-replace-me-local-cluster-master}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT
export REDIS_PASSWORD="${REDIS_PASSWORD-}" # the local Redis has none
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
WAIT_SECONDS="${WAIT_SECONDS:-90}"

log() { echo "local-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

http_ok() { # url: 200?
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true)" == 200 ]]
}

wait_until() { # description, command...
  local what="$1"; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@"; do
    ((SECONDS < deadline)) || die "$what did not happen within ${WAIT_SECONDS}s"
    sleep 0.2
  done
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    return
  fi
  log "starting redis-server on $REDIS_PORT (no persistence)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --dir "$RUN_DIR"
  wait_until "redis on $REDIS_PORT" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
  touch "$RUN_DIR/redis.started-here"
}

start_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then
    return
  fi
  local version
  version="$(ls /etc/postgresql | head -1)"
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_until "PostgreSQL" pg_isready -q -h 127.0.0.1 -p 5432
  echo "$version" > "$RUN_DIR/postgres.started-here"
}

start_proxy() { # n port metrics-port
  local n="$1" port="$2" metrics="$3"
  mkdir -p "$RUN_DIR/proxy$n"
  if alive "$RUN_DIR/proxy$n.pid"; then
    return
  fi
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" LLM_ROUTER_DATA_DIR="$RUN_DIR/proxy$n" LLM_ROUTER_METRICS_PORT="$metrics" nohup java $JAVA_OPTS -jar "$JAR" --config "$CONFIG" --port "$port" \
    --host 127.0.0.1 >>"$RUN_DIR/proxy$n.log" 2>&1 &
  echo $! > "$RUN_DIR/proxy$n.pid"
}

proxies_ready() {
  local port
  for port in "${PROXY_PORTS[@]}"; do
    http_ok "http://127.0.0.1:$port/health/readiness" || return 1
  done
}

start_proxies() {
  [[ -f "$JAR" ]] || die "no jar at $JAR: run mvn -B -q -DskipTests package first"
  [[ -f "$CONFIG" ]] || die "no config at $CONFIG"
  local i
  for i in 0 1 2; do
    start_proxy $((i + 1)) "${PROXY_PORTS[$i]}" "${METRICS_PORTS[$i]}"
  done
  local deadline=$((SECONDS + WAIT_SECONDS))
  until proxies_ready; do
    for i in 1 2 3; do
      alive "$RUN_DIR/proxy$i.pid" || { tail -20 "$RUN_DIR/proxy$i.log" >&2; stop_proxies
        die "proxy $i exited while starting (the others are stopped)"; }
    done
    ((SECONDS < deadline)) || die "the proxies were not ready within ${WAIT_SECONDS}s (logs in $RUN_DIR)"
    sleep 0.2
  done
}

start_nginx() {
  if alive "$RUN_DIR/nginx.pid"; then
    return
  fi
  [[ -x "$NGINX" ]] || die "nginx not found (apt-get install -y nginx)"
  mkdir -p "$RUN_DIR/nginx/logs"
  # the compose file's nginx.conf, pointed at this machine's proxies and port
  sed -e "s/server proxy1:4000/server 127.0.0.1:${PROXY_PORTS[0]}/" \
      -e "s/server proxy2:4000/server 127.0.0.1:${PROXY_PORTS[1]}/" \
      -e "s/server proxy3:4000/server 127.0.0.1:${PROXY_PORTS[2]}/" \
      -e "s/listen 4000;/listen 127.0.0.1:$LB_PORT;/" \
      -e "s/^worker_processes auto;/worker_processes 2;\npid $(echo "$RUN_DIR" | sed 's/[\/&]/\\&/g')\/nginx.pid;/" \
      -e "s|access_log /dev/stdout upstream;|access_log $RUN_DIR/nginx/access.log upstream;|" \
      "$ROOT/deploy/compose/nginx.conf" > "$RUN_DIR/nginx/nginx.conf"
  grep -q "127.0.0.1:${PROXY_PORTS[2]}" "$RUN_DIR/nginx/nginx.conf" || die "nginx.conf: the upstream was not rewritten"
  "$NGINX" -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf" -e "$RUN_DIR/nginx/error.log" \
    2>>"$RUN_DIR/nginx/error.log" || die "nginx did not start: $(tail -5 "$RUN_DIR/nginx/error.log")"
  wait_until "nginx on $LB_PORT" http_ok "http://127.0.0.1:$LB_PORT/health/liveliness"
}

stop_pid() { # pidfile signal seconds
  local file="$1" sig="$2" seconds="$3"
  alive "$file" || { rm -f "$file"; return 0; }
  local pid
  pid="$(cat "$file")"
  kill "-$sig" "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "pid $pid did not stop within ${seconds}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f "$file"
}

stop_proxies() {
  local i
  for i in 1 2 3; do
    alive "$RUN_DIR/proxy$i.pid" && kill -TERM "$(cat "$RUN_DIR/proxy$i.pid")" 2>/dev/null || true
  done
  for i in 1 2 3; do
    stop_pid "$RUN_DIR/proxy$i.pid" TERM 45
  done
}

cmd="${1:-}"
case "$cmd" in
  start)
    mkdir -p "$RUN_DIR"
    start_redis
    start_postgres
    start_proxies
    start_nginx
    log "up: http://127.0.0.1:$LB_PORT -> proxies on ${PROXY_PORTS[*]} (Redis $REDIS_PORT, $RUN_DIR)"
    ;;
  stop)
    stop_pid "$RUN_DIR/nginx.pid" QUIT 30
    stop_proxies
    if [[ -f "$RUN_DIR/redis.started-here" ]]; then
      stop_pid "$RUN_DIR/redis.pid" TERM 10
      rm -f "$RUN_DIR/redis.started-here"
    fi
    if [[ -f "$RUN_DIR/postgres.started-here" ]]; then
      pg_ctlcluster --skip-systemctl-redirect "$(cat "$RUN_DIR/postgres.started-here")" main stop || true
      rm -f "$RUN_DIR/postgres.started-here"
    fi
    log "stopped"
    ;;
  restart)
    stop_proxies
    start_proxies
    log "proxies restarted"
    ;;
  stop-proxies)
    stop_proxies
    log "proxies stopped"
    ;;
  start-proxies)
    start_proxies
    log "proxies started"
    ;;
  kill)
    n="${2:?kill N: which proxy, 1-3}"
    alive "$RUN_DIR/proxy$n.pid" || die "proxy $n is not running"
    kill -KILL "$(cat "$RUN_DIR/proxy$n.pid")"
    rm -f "$RUN_DIR/proxy$n.pid"
    log "proxy $n killed"
    ;;
  status)
    for i in 1 2 3; do
      if alive "$RUN_DIR/proxy$i.pid"; then
        echo "proxy$i pid $(cat "$RUN_DIR/proxy$i.pid") :${PROXY_PORTS[$((i - 1))]} $(curl -s --max-time 2 \
          "http://127.0.0.1:${PROXY_PORTS[$((i - 1))]}/health/readiness" || echo unreachable)"
      else
        echo "proxy$i down"
      fi
    done
    alive "$RUN_DIR/nginx.pid" && echo "nginx pid $(cat "$RUN_DIR/nginx.pid") :$LB_PORT" || echo "nginx down"
    ;;
  *)
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
