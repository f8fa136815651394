#!/usr/bin/env bash
# PostgreSQL 15: a primary (wal_level=replica) and a streaming hot-standby replica made with
# pg_basebackup. Debian's cluster tools manage both; `main` on 5432 is the primary.
#   ops/services/postgres.sh [start|stop]      (env: PG_PRIMARY_PORT, PG_REPLICA_PORT, PG_NAME)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

PG_VERSION=15
PG_NAME=${PG_NAME:-main}                      # primary cluster name; the replica is "<name>_replica"
PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-5432}
PG_REPLICA_PORT=${PG_REPLICA_PORT:-5433}
REPLICA_NAME="${PG_NAME}_replica"
SLOT="${PG_NAME}_replica_slot"

psql_at() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$1" -d postgres -tA "${@:2}"; }
cluster_exists() { pg_lsclusters -h | awk -v c="$1" '$1 == "'$PG_VERSION'" && $2 == c' | grep -q .; }
cluster_online() { pg_lsclusters -h | awk -v c="$1" '$1 == "'$PG_VERSION'" && $2 == c && $4 ~ /^online/' | grep -q .; }

# write_conf <cluster> <settings>: the cluster's conf.d/ledger.conf, written every time so a
# changed setting reaches existing machines; the cluster restarts only if it changed.
write_conf() {
  local cluster=$1 want=$2 conf=/etc/postgresql/$PG_VERSION/$1/conf.d/ledger.conf
  if [ "$(cat "$conf" 2>/dev/null)" != "$want" ]; then
    say "postgres: writing $conf"
    printf '%s\n' "$want" >"$conf"
    if cluster_online "$cluster"; then pg_ctlcluster "$PG_VERSION" "$cluster" restart; fi
  fi
}

# shared_settings <port>: what the primary and its replica both start with.
# Every client of these clusters is on this host (127.0.0.1), the replica's WAL stream included:
# TLS would only cost CPU there (about 2% of the machine at 300 charges/s, docs/performance.md).
# Clusters on separate hosts want ssl = on and sslmode=require instead.
shared_settings() {
  cat <<CONF
# Managed by ops/services/postgres.sh
listen_addresses = '127.0.0.1'
port = $1
ssl = off
max_connections = 300
CONF
}

configure_primary() {
  write_conf "$PG_NAME" "$(shared_settings "$PG_PRIMARY_PORT"; cat <<CONF
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
# fsync and synchronous_commit stay on: every acknowledged charge is durable.
fsync = on
synchronous_commit = on
shared_buffers = 512MB
wal_buffers = 16MB
max_wal_size = 4GB
checkpoint_timeout = 15min
# Per-statement timings for performance work (SELECT * FROM pg_stat_statements).
shared_preload_libraries = 'pg_stat_statements'
# A transaction left open (e.g. a crashed client behind PgBouncer) must not pin the
# projection daemon's high-water mark forever.
idle_in_transaction_session_timeout = 60s
# One autovacuum worker on two cores: three vacuuming the big insert-only tables at once put
# seconds of charges at p99 150-450 ms (docs/performance.md, "Ten minutes at 400/s").
autovacuum_max_workers = 1
# ANALYZE samples 300 rows per unit: 3,000 instead of 30,000. At 100 it took 0.15-0.5 s of CPU per
# table, and autovacuum's minute analysed them all in a 2-3 s burst that put seconds at p99
# 100-580 ms on two cores (docs/performance.md, "Group commit waits 6 ms"). Our queries are key and
# index lookups; a 32-core primary can go back to 100.
default_statistics_target = 10
CONF
)"
}

configure_replica() {
  write_conf "$REPLICA_NAME" "$(shared_settings "$PG_REPLICA_PORT"; cat <<CONF
hot_standby = on
hot_standby_feedback = on
shared_buffers = 256MB
CONF
)"
}

ensure_roles() {
  psql_at "$PG_PRIMARY_PORT" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger') THEN
    CREATE ROLE ledger LOGIN PASSWORD 'ledger';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') THEN
    CREATE ROLE replicator LOGIN REPLICATION PASSWORD 'replicator';
  END IF;
END $$;
SQL
}

start_primary() {
  if ! cluster_exists "$PG_NAME"; then
    say "postgres: creating cluster $PG_VERSION/$PG_NAME on $PG_PRIMARY_PORT"
    pg_createcluster "$PG_VERSION" "$PG_NAME" -p "$PG_PRIMARY_PORT" >/dev/null
  fi
  configure_primary
  if ! cluster_online "$PG_NAME"; then
    say "postgres: starting primary $PG_NAME on $PG_PRIMARY_PORT"
    pg_ctlcluster "$PG_VERSION" "$PG_NAME" start
  fi
  wait_until 30 "primary" psql_at "$PG_PRIMARY_PORT" -c 'select 1' || die "primary on $PG_PRIMARY_PORT did not come up: see /var/log/postgresql/"
  ensure_roles
}

create_replica() {
  local datadir=/var/lib/postgresql/$PG_VERSION/$REPLICA_NAME
  say "postgres: creating replica $REPLICA_NAME on $PG_REPLICA_PORT (pg_basebackup)"
  cluster_exists "$REPLICA_NAME" && pg_dropcluster --stop "$PG_VERSION" "$REPLICA_NAME"
  pg_createcluster "$PG_VERSION" "$REPLICA_NAME" -p "$PG_REPLICA_PORT" >/dev/null
  rm -rf "$datadir" && install -d -o postgres -g postgres -m 700 "$datadir"
  # A physical slot keeps the WAL the replica still needs while it is stopped.
  psql_at "$PG_PRIMARY_PORT" -c "select pg_drop_replication_slot('$SLOT') from pg_replication_slots where slot_name = '$SLOT'" >/dev/null
  runuser -u postgres -- pg_basebackup -D "$datadir" -R -X stream -C -S "$SLOT" \
    -d "host=127.0.0.1 port=$PG_PRIMARY_PORT user=replicator password=replicator"
}

start_replica() {
  local datadir=/var/lib/postgresql/$PG_VERSION/$REPLICA_NAME
  if ! cluster_exists "$REPLICA_NAME" || [ ! -f "$datadir/standby.signal" ]; then create_replica; fi
  configure_replica
  if ! cluster_online "$REPLICA_NAME"; then
    say "postgres: starting replica $REPLICA_NAME on $PG_REPLICA_PORT"
    pg_ctlcluster "$PG_VERSION" "$REPLICA_NAME" start
  fi
  wait_until 30 "replica" psql_at "$PG_REPLICA_PORT" -c 'select 1' || die "replica on $PG_REPLICA_PORT did not come up: see /var/log/postgresql/"
  [ "$(psql_at "$PG_REPLICA_PORT" -c 'select pg_is_in_recovery()')" = t ] || die "cluster on $PG_REPLICA_PORT is not a standby: drop it (pg_dropcluster --stop $PG_VERSION $REPLICA_NAME) and rerun"
}

# ensure_database <name>: creates a database owned by ledger (replicated to the standby like everything else).
ensure_database() {
  if [ "$(psql_at "$PG_PRIMARY_PORT" -c "select 1 from pg_database where datname = '$1'")" != 1 ]; then
    say "postgres: creating database $1"
    psql_at "$PG_PRIMARY_PORT" -c "create database $1 owner ledger"
  fi
  PGOPTIONS="-c client_min_messages=warning" runuser -u postgres -- psql -X -q -p "$PG_PRIMARY_PORT" -d "$1" -c "create extension if not exists pg_stat_statements"
}

# smooth_writeback: the kernel's default lets dirty page cache grow to 10% of memory and writes
# pages once they are 30 s old. Growing tables (new blocks are written zero-filled, and nothing
# fsyncs them until a checkpoint) then go to disk in 50-130 MB bursts every 30 s, and every commit's
# fsync waits behind a burst: 70-140 ms. Writing back from 8 MiB of dirty data on keeps the bursts
# small: fsync at most 21-22 ms, and at 500 charges/s p99 56-59 ms against 52-122 ms, p99.9
# 80-138 ms against 124-205 ms (docs/performance.md, "Commits behind the kernel's writeback").
# The setting is machine-wide and lasts until reboot. Only the kernel's default (0: use the
# ratio) is replaced; a value an administrator chose is kept, and a host that cannot set it
# (a container) keeps the default.
WRITEBACK_BYTES=8388608
smooth_writeback() {
  local knob=/proc/sys/vm/dirty_background_bytes current
  current=$(cat "$knob" 2>/dev/null || echo unreadable)
  case "$current" in
    "$WRITEBACK_BYTES") return 0 ;;
    0) ;;
    unreadable) say "kernel: cannot read vm.dirty_background_bytes; commits may stall behind writeback bursts"; return 0 ;;
    *) say "kernel: keeping vm.dirty_background_bytes = $current (ops/ measured with 8 MiB)"; return 0 ;;
  esac
  if (printf '%s\n' "$WRITEBACK_BYTES" >"$knob") 2>/dev/null; then
    say "kernel: vm.dirty_background_bytes = 8 MiB (small, steady writeback; see ops/services/postgres.sh)"
  else
    say "kernel: could not set vm.dirty_background_bytes; commits may stall behind writeback bursts"
  fi
}

case "${1:-start}" in
  start)
    ensure_packages postgresql-$PG_VERSION postgresql-client-$PG_VERSION
    smooth_writeback
    start_primary
    start_replica
    for db in ${LEDGER_DATABASES:-ledger ledger_test}; do ensure_database "$db"; done
    say "postgres: primary 127.0.0.1:$PG_PRIMARY_PORT, replica 127.0.0.1:$PG_REPLICA_PORT ready"
    ;;
  stop)
    for c in "$REPLICA_NAME" "$PG_NAME"; do
      if cluster_online "$c"; then say "postgres: stopping $c"; pg_ctlcluster "$PG_VERSION" "$c" stop -m fast; fi
    done
    ;;
  *) die "usage: $0 [start|stop]" ;;
esac
