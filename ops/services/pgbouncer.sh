#!/usr/bin/env bash
# PgBouncer in transaction mode in front of the primary: the API's only way to PostgreSQL.
#   ops/services/pgbouncer.sh [start|stop]     (env: PGBOUNCER_PORT, PG_PRIMARY_PORT)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

PGBOUNCER_PORT=${PGBOUNCER_PORT:-6432}
PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-5432}
DIR=$LEDGER_STATE/pgbouncer-$PGBOUNCER_PORT
PIDFILE=$DIR/pgbouncer.pid

write_config() {
  install -d -o postgres -g postgres -m 750 "$DIR"
  local dbs="" db
  for db in ${LEDGER_DATABASES:-ledger ledger_test}; do
    dbs+="$db = host=127.0.0.1 port=$PG_PRIMARY_PORT dbname=$db"$'\n'
  done
  cat >"$DIR/pgbouncer.ini" <<INI
; Managed by ops/services/pgbouncer.sh
[databases]
$dbs
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
  chown postgres:postgres "$DIR/pgbouncer.ini" "$DIR/userlist.txt"
  chmod 640 "$DIR/userlist.txt"
}

case "${1:-start}" in
  start)
    ensure_packages pgbouncer
    if pid_alive "$PIDFILE"; then say "pgbouncer: already running on $PGBOUNCER_PORT"; exit 0; fi
    port_open "$PGBOUNCER_PORT" && die "port $PGBOUNCER_PORT is taken by another process: stop it (Debian's own pgbouncer: service pgbouncer stop) and rerun"
    write_config
    say "pgbouncer: starting on 127.0.0.1:$PGBOUNCER_PORT (transaction mode) -> primary $PG_PRIMARY_PORT"
    runuser -u postgres -- pgbouncer -d -q "$DIR/pgbouncer.ini"
    wait_until 15 pgbouncer port_open "$PGBOUNCER_PORT" || die "pgbouncer did not start: see $DIR/pgbouncer.log"
    ;;
  stop)
    if pid_alive "$PIDFILE"; then say "pgbouncer: stopping"; kill "$(cat "$PIDFILE")"; fi
    ;;
  *) die "usage: $0 [start|stop]" ;;
esac
