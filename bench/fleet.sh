#!/usr/bin/env bash
# Fleet benchmark: one archive run of many small databases, in one process at parallelism 1 and 4 (the
# in-process work queue), and on the SQS FIFO work queue with one process and with two processes sharing
# it, interleaved (each repetition runs every mode once, in turn). Ratios are against the parallelism-1
# run and the one-process SQS run of the same repetition.
#
#   bench/fleet.sh [--databases 40] [--rows 15000] [--reps 2]
#
# Data: --databases databases over 4 instances (bench-pg-1, bench-pg-2 on the local PostgreSQL server,
# bench-maria-1, bench-maria-2 on the local MariaDB server), each with one table of --rows mixed rows
# (a few MB). archive.max-per-instance=1 throughout, so at most 4 archives run at once.
# Modes (each a one-shot run with its own run id; java -jar target/cold-archiving.jar):
#   p1     one process, in-process queue, archive.parallelism=1
#   p4     one process, in-process queue, archive.parallelism=4
#   sqs1   one process on the SQS FIFO work queue, archive.parallelism=2
#   sqs2   two processes on the SQS FIFO work queue, archive.parallelism=2 each
# Also, per database and in the same repetition: the dump tool piped to zstd -3 into /dev/null (dump),
# the floor of what one archive costs.
# Results: bench/results/fleet-<time>.csv (one row per mode and repetition) and a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
databases=40; rows=15000; reps=2
while [ $# -gt 0 ]; do
  case "$1" in
    --databases) databases=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
dev/stack.sh up >/dev/null
eval "$(dev/stack.sh env)"
dev/build.sh >/dev/null
mkdir -p bench/results
csv=bench/results/fleet-$(date -u +%Y%m%dT%H%M%SZ).csv
logs=$(mktemp -d /var/tmp/cold-archiving-fleet.XXXXXX)
export PGPASSWORD=$STACK_ADMIN_PASSWORD MYSQL_PWD=$STACK_ADMIN_PASSWORD
psql_() { psql -q -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres "$@"; }
maria_() { mariadb --no-defaults -h 127.0.0.1 -P "$STACK_MARIADB_PORT" -u root --ssl "$@"; }

echo "[fleet] $databases databases of $rows rows over 4 instances" >&2
declare -A dbs
for i in $(seq 1 "$databases"); do
  case $((i % 4)) in
    0) inst=bench-pg-1 ;; 1) inst=bench-maria-1 ;; 2) inst=bench-pg-2 ;; 3) inst=bench-maria-2 ;;
  esac
  db=fleet_bench_$i
  dbs[$inst]="${dbs[$inst]:+${dbs[$inst]}:}$db"
  if [[ $inst == bench-pg-* ]]; then
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    psql_ -d "$db" -c "CREATE TABLE orders (id bigint PRIMARY KEY, customer bigint, amount numeric(12,2),
      placed timestamptz, note text, ref bytea)
      ; INSERT INTO orders SELECT g, g % 977, (g * 7.31)::numeric % 10000, timestamptz '2024-01-01' + g * interval '1 minute',
        CASE WHEN g % 3 = 0 THEN NULL ELSE 'order ' || md5(g::text) END, decode(md5((g * $i)::text), 'hex')
        FROM generate_series(1, $rows) g"
  else
    maria_ -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db; USE $db;
      CREATE TABLE orders (id BIGINT PRIMARY KEY, customer BIGINT, amount DECIMAL(12,2), placed DATETIME,
        note TEXT, ref VARBINARY(16));
      INSERT INTO orders SELECT seq, seq % 977, (seq * 7.31) MOD 10000, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE,
        IF(seq % 3 = 0, NULL, CONCAT('order ', MD5(seq))), UNHEX(MD5(seq * $i)) FROM seq_1_to_$rows;"
  fi
done
.venv/bin/python dev/demo_aws.py forget-all >/dev/null
for inst in bench-pg-1 bench-pg-2; do
  .venv/bin/python dev/demo_aws.py register "$inst" postgres "$STACK_PG_PORT" "${dbs[$inst]}" postgres "$STACK_ADMIN_PASSWORD" >/dev/null
done
for inst in bench-maria-1 bench-maria-2; do
  .venv/bin/python dev/demo_aws.py register "$inst" mariadb "$STACK_MARIADB_PORT" "${dbs[$inst]}" root "$STACK_ADMIN_PASSWORD" >/dev/null
done

now() { date +%s.%N; }
# one run: mode processes parallelism queue_url run_id -> seconds (all processes ended)
run_mode() {
  local mode=$1 processes=$2 parallelism=$3 queue=$4 run_id=$5 start end pids=() p
  start=$(now)
  for p in $(seq 1 "$processes"); do
    ARCHIVE_ONCE=true ARCHIVE_RUN_ID=$run_id ARCHIVE_PARALLELISM=$parallelism ARCHIVE_WORK_QUEUE_URL=$queue \
      ARCHIVE_WORK_DLQ_URL=${queue:+$STACK_WORK_DLQ_URL} ARCHIVE_WORK_QUEUE_WAIT_SECONDS=0 ARCHIVE_MAX_PER_INSTANCE=1 CAMEL_MANAGEMENT_ENABLED=false \
      java -jar target/cold-archiving.jar > "$logs/$mode-$run_id-$p.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || echo "[fleet] $mode: a process exited non-zero (log in $logs)" >&2; done
  end=$(now)
  python3 -c "print(round($end - $start, 2))"
}

echo "rep,mode,processes,parallelism,seconds,archived,performed,duplicates" > "$csv"
dump_csv=${csv%.csv}-dump.csv
echo "rep,database,seconds" > "$dump_csv"
base=$(date -u +%s)
for rep in $(seq 1 "$reps"); do
  for mode in p1 p4 sqs1 sqs2; do
    base=$((base + 1))
    run_id=$(date -u -d "@$((base + 3000000000 + rep * 100))" +%Y-%m-%dT%H:%M:%SZ)
    case $mode in
      p1) seconds=$(run_mode p1 1 1 "" "$run_id"); processes=1; par=1 ;;
      p4) seconds=$(run_mode p4 1 4 "" "$run_id"); processes=1; par=4 ;;
      sqs1) seconds=$(run_mode sqs1 1 2 "$STACK_WORK_QUEUE_URL" "$run_id"); processes=1; par=2 ;;
      sqs2) seconds=$(run_mode sqs2 2 2 "$STACK_WORK_QUEUE_URL" "$run_id"); processes=2; par=2 ;;
    esac
    # archives performed (one outcome line each, in every process's log) against the journal's ARCHIVED rows
    performed=$(cat "$logs"/$mode-$run_id-*.log | grep -c 'event="archive".*status="ARCHIVED"' || true)
    archived=$(.venv/bin/python - "$run_id" <<'PY'
import sys, boto3
run = sys.argv[1]
print(sum(1 for page in boto3.client("dynamodb").get_paginator("scan").paginate(TableName="cold-archiving-journal")
          for i in page["Items"] if i["RunId"]["S"] == run and i["Status"]["S"] == "ARCHIVED"))
PY
)
    counts="$archived,$performed,$((performed - archived))"
    echo "$rep,$mode,$processes,$par,$seconds,$counts" >> "$csv"
    echo "[fleet] rep $rep $mode: $seconds s (archived,performed,duplicates = $counts)" >&2
  done
  for i in $(seq 1 "$databases"); do
    db=fleet_bench_$i; start=$(now)
    if (( i % 4 == 0 || i % 4 == 2 )); then
      pg_dump -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres -Fc -Z0 "$db" | zstd -q -3 > /dev/null
    else
      mariadb-dump --no-defaults -h 127.0.0.1 -P "$STACK_MARIADB_PORT" -u root --ssl --single-transaction --quick \
        --routines --triggers --events --hex-blob "$db" | zstd -q -3 > /dev/null
    fi
    echo "$rep,$db,$(python3 -c "print(round($(now) - $start, 3))")" >> "$dump_csv"
  done
done
python3 - "$csv" "$dump_csv" "$databases" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
dumps = list(csv.DictReader(open(sys.argv[2])))
n = int(sys.argv[3])
med = {m: statistics.median(float(r["seconds"]) for r in rows if r["mode"] == m) for m in ("p1", "p4", "sqs1", "sqs2")}
ratios = {m: [float(r["seconds"]) for r in rows if r["mode"] == m] for m in med}
reps = len(ratios["p1"])
print(f"results: {sys.argv[1]}")
print("| mode | processes x parallelism | median wall s | per database s |")
print("|---|---|---|---|")
for m, label in (("p1", "1 x 1"), ("p4", "1 x 4"), ("sqs1", "1 x 2 (SQS)"), ("sqs2", "2 x 2 (SQS)")):
    print(f"| {m} | {label} | {med[m]:.1f} | {med[m] / n:.2f} |")
p4 = statistics.median(ratios["p1"][i] / ratios["p4"][i] for i in range(reps))
sq = statistics.median(ratios["sqs1"][i] / ratios["sqs2"][i] for i in range(reps))
print(f"speed-up p1/p4 (same repetition, median): {p4:.2f}")
print(f"speed-up sqs1/sqs2 (same repetition, median): {sq:.2f}")
d = statistics.median(float(r["seconds"]) for r in dumps)
print(f"dump tool | zstd -3 > /dev/null per database, median: {d:.3f} s; p1 per database: {med['p1'] / n:.3f} s; "
      f"overhead per database at parallelism 1: {med['p1'] / n - d:.3f} s")
print("duplicates:", sum(int(r["duplicates"]) for r in rows), "| archived per run:",
      sorted({r["archived"] for r in rows}))
PY
