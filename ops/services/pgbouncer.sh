#!/usr/bin/env bash
# PgBouncer in transaction mode in front of the primary: the API's only way to PostgreSQL.
#   ops/services/pgbouncer.sh [start|stop]     (env: PGBOUNCER_PORT, PG_PRIMARY_PORT)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

PGBOUNCER_PORT=${PGBOUNCER_PORT:-6432}
PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-5432}
DIR=$LEDGER_STATE/pgbouncer-$PGBOUNCER_PORT
PIDFILE=$DIR/pgbouncer.pid

# write_config: writes pgbouncer.ini; true when it changed.
write_config() {
  cat >"$DIR/pgbouncer.ini.new" <<INI
; Managed by ops/services/pgbouncer.sh
[databases]
; Any database of the primary, under its own name (ledger, ledger_test, ...).
* = host=127.0.0.1 port=$PG_PRIMARY_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $DIR/userlist.txt
; Transaction pooling: a server connection is held only for one transaction, so no session
; state (advisory locks, LISTEN, prepared statements) may be relied on through here.
pool_mode = transaction
max_client_conn = 4000
default_pool_size = 40
reserve_pool_size = 10
server_idle_timeout = 60
ignore_startup_parameters = extra_float_digits
pidfile = $PIDFILE
logfile = $DIR/pgbouncer.log
log_connections = 0
log_disconnections = 0
INI
  printf '"ledger" "ledger"\n' >"$DIR/userlist.txt"
  chown postgres:postgres "$DIR/pgbouncer.ini.new" "$DIR/userlist.txt"
  chmod 640 "$DIR/userlist.txt"
  if cmp -s "$DIR/pgbouncer.ini.new" "$DIR/pgbouncer.ini"; then
    rm "$DIR/pgbouncer.ini.new"
    return 1
  fi
  mv "$DIR/pgbouncer.ini.new" "$DIR/pgbouncer.ini"
}

case "${1:-start}" in
  start)
    ensure_packages pgbouncer
    install -d -o postgres -g postgres -m 750 "$DIR"
    if pid_alive "$PIDFILE"; then
      # A changed config is reloaded in place (SIGHUP): clients keep their connections.
      if write_config; then say "pgbouncer: config changed, reloading"; kill -HUP "$(cat "$PIDFILE")"; fi
      say "pgbouncer: already running on $PGBOUNCER_PORT"
      exit 0
    fi
    port_open "$PGBOUNCER_PORT" && die "port $PGBOUNCER_PORT is taken by another process: stop it (Debian's own pgbouncer: service pgbouncer stop) and rerun"
    write_config || true
    say "pgbouncer: starting on 127.0.0.1:$PGBOUNCER_PORT (transaction mode) -> primary $PG_PRIMARY_PORT"
    runuser -u postgres -- pgbouncer -d -q "$DIR/pgbouncer.ini"
    wait_until 15 pgbouncer port_open "$PGBOUNCER_PORT" || die "pgbouncer did not start: see $DIR/pgbouncer.log"
    ;;
  stop)
    if pid_alive "$PIDFILE"; then say "pgbouncer: stopping"; kill "$(cat "$PIDFILE")"; fi
    ;;
  *) die "usage: $0 [start|stop]" ;;
esac
