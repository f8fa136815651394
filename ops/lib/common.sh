# Shared helpers for ops/ scripts. Source it; don't run it.
# Every service keeps its config, data, logs and pid files under one state directory.
LEDGER_STATE=${LEDGER_STATE:-/var/lib/ledger}
OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$OPS_DIR/.." && pwd)

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" -eq 0 ] || die "run as root: ops/ installs packages and starts system services (sudo $0)"
}

# ensure_packages pkg...: apt-installs the packages that are not installed yet.
# policy-rc.d keeps apt from starting Debian's own service instances: ops/ starts ours.
ensure_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt: installing ${missing[*]}"
  local had_policy=1
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    had_policy=0
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  fi
  apt-get update -qq || die "apt-get update failed: check the Debian mirror in /etc/apt/sources.list*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
  [ "$had_policy" -eq 1 ] || rm -f /usr/sbin/policy-rc.d
}

# wait_until <seconds> <what> <command...>: polls the command until it succeeds.
wait_until() {
  local seconds=$1 what=$2 i
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive <pidfile>: true when the pid file names a running process that is the one it was
# written for. PIDs wrap (pid_max is often 32768), so a file left by processes that were killed
# with their session can name someone else's process later: that must neither block a start nor
# be stopped. A process that started more than 2 s after its file was written is not ours.
pid_alive() {
  local pid started
  [ -s "$1" ] && pid=$(cat "$1") && kill -0 "$pid" 2>/dev/null || return 1
  started=$(process_started "$pid") || return 1
  [ "$started" -le $(($(stat -c %Y "$1") + 2)) ]
}

# process_started <pid>: when the process started, in seconds since the epoch (from /proc).
process_started() {
  local boot
  boot=$(awk '/^btime/ { print $2 }' /proc/stat)
  # starttime is field 22 of stat, in clock ticks since boot; the 20th once "pid (comm) " is cut.
  awk -v boot="$boot" -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(boot + $20 / hz) }' "/proc/$1/stat" 2>/dev/null
}

# Shards: shard k (1..LEDGER_SHARDS) is a PostgreSQL primary on 5432+10(k-1), its streaming replica
# on the next port, and its PgBouncer on 6432+10(k-1). Shard 1 is Debian's "main" cluster.
LEDGER_SHARDS=${LEDGER_SHARDS:-1}
shard_env() {
  local k=$1
  if [ "$k" -eq 1 ]; then PG_NAME=main; else PG_NAME=shard$k; fi
  PG_PRIMARY_PORT=$((5432 + 10 * (k - 1)))
  PG_REPLICA_PORT=$((5433 + 10 * (k - 1)))
  PGBOUNCER_PORT=$((6432 + 10 * (k - 1)))
  export PG_NAME PG_PRIMARY_PORT PG_REPLICA_PORT PGBOUNCER_PORT
}

# shard_settings <database>: the .NET configuration (as environment variables) for the shard map:
# one entry per shard, and the demo merchants spread over them (acme on 1, globex on the last).
shard_settings() {
  local db=$1 k n=$LEDGER_SHARDS
  for ((k = 1; k <= n; k++)); do
    shard_env "$k"
    printf 'Shards__%d__Id=shard%d
' $((k - 1)) "$k"
    printf 'Shards__%d__Write=Host=127.0.0.1;Port=%d;Database=%s;Username=ledger;Password=ledger;No Reset On Close=true;Max Auto Prepare=0;Maximum Pool Size=16;Application Name=ledger-api
' $((k - 1)) "$PGBOUNCER_PORT" "$db"
    printf 'Shards__%d__Read=Host=127.0.0.1;Port=%d;Database=%s;Username=ledger;Password=ledger;No Reset On Close=true;Maximum Pool Size=8;Application Name=ledger-api;Host Recheck Seconds=5
' $((k - 1)) "$PG_REPLICA_PORT" "$db"
  done
  printf 'Merchants__0__Shard=shard1
Merchants__1__Shard=shard%d
' "$n"
}

# direct_connection <database>: a connection string straight to the primary that shard_env last
# chose, not through PgBouncer (migrations, the worker's daemon and the reconciler need sessions).
direct_connection() {
  printf 'Host=127.0.0.1;Port=%d;Database=%s;Username=ledger;Password=ledger' "$PG_PRIMARY_PORT" "$1"
}

# Ledger.Projections is the worker, the migrations and the reconciler. ops/ starts the worker (one
# per shard) straight on the primary: its daemon needs sessions, which PgBouncer's pool doesn't keep.
PROJECTIONS_DIR="$REPO_DIR/Ledger.Projections/bin/Release/net10.0"
WORKER_COMMAND=(dotnet Ledger.Projections.dll run)
worker_connection() { printf '%s;Maximum Pool Size=20;Application Name=ledger-worker' "$(direct_connection "$1")"; }

# The API's build output: every node ops/ starts runs `dotnet Ledger.Api.dll` from here.
API_DIR="$REPO_DIR/Ledger.Api/bin/Release/net10.0"

# api_endpoints <port>: where the next API node listens: HTTP/1.1 on <port> and HTTP/2 without TLS
# (prior knowledge) on <port> + 100, as two Kestrel endpoints: Kestrel cannot offer both on one
# port without TLS. They replace the one address in appsettings.json (Urls), emptied here.
H2_OFFSET=100
api_endpoints() {
  export Urls=""
  export Kestrel__Endpoints__Http1__Url="http://127.0.0.1:$1" Kestrel__Endpoints__Http1__Protocols=Http1
  export Kestrel__Endpoints__Http2__Url="http://127.0.0.1:$(($1 + H2_OFFSET))" Kestrel__Endpoints__Http2__Protocols=Http2
}

# export_shard_settings <database>: the shard map (shard_settings) into this shell's environment.
export_shard_settings() {
  local key value
  while IFS='=' read -r key value; do export "$key=$value"; done < <(shard_settings "$1")
}

# export_api_settings <database>: what the API nodes that ops/ starts run with: the shard map and,
# unless set, group commit tuned for two cores. A committer that waits 6 ms for more writes cost
# 15-20% less CPU at 600 charges/s (the default is no wait). With that wait, two committers (the
# default is 4) cost no more CPU than one and halve the p50 at 800/s: one batch fills while the
# other commits (docs/performance.md).
export_api_settings() {
  export_shard_settings "$1"
  export Ledger__Writes__Committers="${Ledger__Writes__Committers:-2}"
  export Ledger__Writes__Linger="${Ledger__Writes__Linger:-00:00:00.006}"
}

# ops_run_running: true, naming it, when something of ops/run's (or anything on 5080) is running.
ops_run_running() {
  local pidfile
  for pidfile in "$LEDGER_STATE"/{api,haproxy,worker}*/*.pid; do
    pid_alive "$pidfile" && { say "ops/run's $(basename "$pidfile" .pid) is running"; return 0; }
  done
  port_open 5080 && { say "port 5080 is taken"; return 0; }
  port_open $((5080 + H2_OFFSET)) && { say "port $((5080 + H2_OFFSET)) is taken"; return 0; }
  return 1
}

# haproxy_config <nodes>: HAProxy on 5080 in front of API nodes on 5081.., and on 5180 (HTTP/2
# without TLS) in front of their HTTP/2 listeners on 5181.. (ops/run, ops/bench).
haproxy_config() {
  local nodes=$1 n
  cat <<CFG
# Written by ops/ for $nodes API nodes
global
  # Two descriptors per proxied connection must fit under the open-files limit (often 20000).
  maxconn 8000
defaults
  mode http
  option http-keep-alive
  timeout connect 2s
  timeout client 60s
  timeout server 60s
frontend ledger
  bind 127.0.0.1:5080
  default_backend api
frontend ledger_h2
  bind 127.0.0.1:$((5080 + H2_OFFSET)) proto h2
  default_backend api_h2
CFG
  printf 'backend api\n  balance roundrobin\n  option httpchk GET /health/live\n'
  for ((n = 1; n <= nodes; n++)); do
    printf '  server node%d 127.0.0.1:%d check inter 1s\n' "$n" $((5080 + n))
  done
  # HAProxy 2.6's checks over HTTP/2 fail against Kestrel ("Socket error"): each HTTP/2 server is
  # checked on its node's HTTP/1.1 listener, the same process.
  printf 'backend api_h2\n  balance roundrobin\n  option httpchk GET /health/live\n'
  for ((n = 1; n <= nodes; n++)); do
    printf '  server node%d 127.0.0.1:%d proto h2 check port %d check-proto h1 inter 1s\n' "$n" $((5080 + H2_OFFSET + n)) $((5080 + n))
  done
}
