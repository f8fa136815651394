#!/usr/bin/env bash
# Kafka outage drill: stops the broker for SECONDS (default 60) while charges are written through
# the API, starts it again and waits until every event written meanwhile is on ledger.events.
# Prints events written, delivered, duplicates, per-stream order and the time to drain.
# Needs the API and the worker running against the same database (./ops/run).
#   ops/drills/kafka-outage.sh [SECONDS]
#   env: LEDGER_API, LEDGER_DB; for a private broker: KAFKA_BOOTSTRAP, KAFKA_STOP, KAFKA_START (commands)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

OUTAGE=${1:-60}
API=${LEDGER_API:-http://127.0.0.1:5080}
DB=${LEDGER_DB:-ledger}
BROKER=${KAFKA_BOOTSTRAP:-127.0.0.1:9092}
KAFKA_STOP=${KAFKA_STOP:-"$OPS_DIR/services/kafka.sh stop"}
KAFKA_START=${KAFKA_START:-"$OPS_DIR/services/kafka.sh start"}
command -v jq >/dev/null || ensure_packages jq

sql() { PGPASSWORD=ledger psql -h 127.0.0.1 -U ledger -d "$DB" -Atc "$1"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
charge() {
  curl -s -o /dev/null -w '%{http_code}' -X POST "$API/v1/charges" -H 'Authorization: Bearer sk_test_acme' \
    -H "Idempotency-Key: drill-$1" -H 'Content-Type: application/json' -d '{"amount":1000,"currency":"EUR"}'
}
# Every record on the topic whose sequence is in (from, to], as compact JSON lines.
records_between() {
  kcat -C -b "$BROKER" -t ledger.events -o beginning -e -q -J 2>/dev/null \
    | jq -c --argjson from "$1" --argjson to "$2" \
      '{p: .partition, o: .offset, k: .key, v: (.payload | fromjson)} | select(.v.sequence > $from and .v.sequence <= $to)'
}

[ "$(curl -s -o /dev/null -w '%{http_code}' "$API/health/live")" = 200 ] || die "the API does not answer on $API: start it (./ops/run)"
run_id=$(date +%s)
before=$(sql "select coalesce(max(seq_id), 0) from ledger.mt_events")

$KAFKA_STOP
say "drill: broker down; writing charges for ${OUTAGE}s"
start=$(now_ms); n=0; failed=0
while (($(now_ms) - start < OUTAGE * 1000)); do
  n=$((n + 1))
  [ "$(charge "$run_id-$n")" = 201 ] || failed=$((failed + 1))
done
after=$(sql "select coalesce(max(seq_id), 0) from ledger.mt_events")
written=$(sql "select count(*) from ledger.mt_events where seq_id > $before and seq_id <= $after")
# The event table is the outbox: the relay's recorded progress stays behind while the projections go on.
progress=$(sql "select string_agg(name || '=' || last_seq_id, ' ' order by name) from ledger.mt_event_progression where name like '%:All'")
say "drill: $n charges posted ($failed not 201), $written events committed (sequence $before..$after); progress: $progress"
say "drill: readiness: $(curl -s "$API/health/ready")"

$KAFKA_START
up=$(now_ms)
delivered=0
while :; do
  delivered=$(records_between "$before" "$after" | jq -r '.v.event_id' | sort -u | wc -l)
  [ "$delivered" -ge "$written" ] && break
  (($(now_ms) - up > 600000)) && break
  sleep 1
done
drain=$(($(now_ms) - up))

records_between "$before" "$after" >"/tmp/kafka-outage-$run_id.jsonl"
total=$(wc -l <"/tmp/kafka-outage-$run_id.jsonl")
# Per stream: one partition, and the first copy of each event in version order.
disorder=$(jq -s '[group_by(.k)[] | select((map(.p) | unique | length) > 1
    or ((sort_by(.o) | reduce .[] as $r ([]; if any(.[]; .event_id == $r.v.event_id) then . else . + [$r.v] end)
          | map(.version)) as $v | $v != ($v | sort)))] | length' \
  "/tmp/kafka-outage-$run_id.jsonl")
say "drill: outage ${OUTAGE}s: $written events written, $delivered delivered ($((total - delivered)) duplicate records), streams out of order: $disorder, drained ${drain} ms after the broker was back"
[ "$delivered" -ge "$written" ] || die "$((written - delivered)) events did not arrive within 600 s"
