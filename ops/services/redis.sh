#!/usr/bin/env bash
# Redis for idempotency results and in-flight marks: a cache, never the source of truth,
# so it runs without persistence.
#   ops/services/redis.sh [start|stop]      (env: REDIS_PORT)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

REDIS_PORT=${REDIS_PORT:-6379}
DIR=$LEDGER_STATE/redis-$REDIS_PORT
PIDFILE=$DIR/redis.pid

case "${1:-start}" in
  start)
    ensure_packages redis-server
    if pid_alive "$PIDFILE"; then say "redis: already running on $REDIS_PORT"; exit 0; fi
    if port_open "$REDIS_PORT"; then
      [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && { say "redis: a Redis already answers on $REDIS_PORT, using it"; exit 0; }
      die "port $REDIS_PORT is taken by something that is not Redis: free it and rerun"
    fi
    install -d -o redis -g redis -m 750 "$DIR"
    say "redis: starting on 127.0.0.1:$REDIS_PORT"
    runuser -u redis -- redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
      --pidfile "$PIDFILE" --dir "$DIR" --logfile "$DIR/redis.log" \
      --save '' --appendonly no --maxmemory 2gb --maxmemory-policy allkeys-lru
    wait_until 15 redis redis-cli -p "$REDIS_PORT" ping || die "redis did not start: see $DIR/redis.log"
    ;;
  stop)
    if pid_alive "$PIDFILE"; then say "redis: stopping"; kill "$(cat "$PIDFILE")"; fi
    ;;
  *) die "usage: $0 [start|stop]" ;;
esac
