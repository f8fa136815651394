#!/usr/bin/env bash
# Kafka for the ledger's event stream: librdkafka's in-memory mock cluster, hosted by
# ops/kafka-broker, with clients bootstrapping at 127.0.0.1:9092 (brokers on 9092, 9093, ...).
# Nothing is kept: a restart is an empty cluster with the topics created anew, and consumers'
# committed offsets are gone, so restart the clients too after restarting it.
#   ops/services/kafka.sh [start|stop]      (env: KAFKA_BROKERS, default 1)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

KAFKA_PORT=9092                       # fixed: the bootstrap address every client is given
KAFKA_BROKERS=${KAFKA_BROKERS:-1}
DIR=$LEDGER_STATE/kafka
PIDFILE=$DIR/broker.pid
LOG=$DIR/broker.log
PROJECT=$OPS_DIR/kafka-broker/Ledger.KafkaBroker.csproj
DLL=$OPS_DIR/kafka-broker/bin/Release/net10.0/Ledger.KafkaBroker.dll

# Something that answers Kafka Metadata, not merely an open port.
kafka_answers() { kcat -L -b "127.0.0.1:$KAFKA_PORT" -m 3 >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    # kcat is the readiness probe (and the handy CLI). Debian's librdkafka-dev must never be
    # installed here (it breaks .NET Kafka clients); kcat only needs the runtime library.
    ensure_packages kcat
    if port_open "$KAFKA_PORT"; then
      kafka_answers && { say "kafka: already running on 127.0.0.1:$KAFKA_PORT"; exit 0; }
      die "port $KAFKA_PORT is taken by something that does not answer Kafka: free it and rerun"
    fi
    command -v dotnet >/dev/null || die "dotnet is not installed: the Kafka broker is a .NET program"
    install -d -m 755 "$DIR"
    say "kafka: building ops/kafka-broker"
    dotnet build "$PROJECT" -c Release -nologo -v quiet >"$DIR/build.log" 2>&1 \
      || { tail -n 30 "$DIR/build.log" >&2; die "building the Kafka broker failed: see $DIR/build.log"; }
    say "kafka: starting $KAFKA_BROKERS broker(s) on 127.0.0.1:$KAFKA_PORT"
    nohup dotnet "$DLL" --brokers "$KAFKA_BROKERS" --pid-file "$PIDFILE" >"$LOG" 2>&1 </dev/null &
    pid=$!
    # The broker prints its ready line once the ports listen and the topics exist.
    for ((i = 0; i < 150; i++)); do
      grep -q '^kafka-broker: ready' "$LOG" && break
      kill -0 "$pid" 2>/dev/null || { tail -n 20 "$LOG" >&2; die "the Kafka broker exited at startup: see $LOG"; }
      sleep 0.2
    done
    kafka_answers || { tail -n 20 "$LOG" >&2; die "the Kafka broker did not answer on 127.0.0.1:$KAFKA_PORT within 30 s: see $LOG"; }
    say "kafka: ready on 127.0.0.1:$KAFKA_PORT (pid $pid, log $LOG)"
    ;;
  stop)
    if pid_alive "$PIDFILE"; then
      pid=$(cat "$PIDFILE")
      say "kafka: stopping (pid $pid)"
      kill "$pid"
      # It removes its pid file on the way out; wait so a following start finds the ports free.
      wait_until 15 kafka bash -c "! kill -0 $pid" || die "the Kafka broker (pid $pid) did not stop within 15 s"
    else
      rm -f "$PIDFILE"
      say "kafka: not running"
    fi
    ;;
  *) die "usage: $0 [start|stop]" ;;
esac
