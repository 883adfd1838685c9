#!/usr/bin/env bash
# Benchmark: the restore task against the best shell pipeline, restoring the same archive from the same S3
# endpoint (moto) into a fresh database, interleaved.
#
#   bench/restore.sh [--sizes "0.2 0.8"] [--reps 2] [--engines "postgresql mariadb"]
#
# For each size (GB of generated data) the databases are generated (bench/generate.sh) and archived once by
# a one-shot run of the application. Then each repetition restores that archive once per method, per
# engine, each into a new database that is dropped afterwards (odd repetitions shell first, even cold first):
#   shell   create the target; aws s3 cp s3://… - | zstd -dq | pg_restore --no-owner --no-acl
#           --exit-on-error -d target   (MariaDB: … | mariadb --binary-mode target)
#   cold    the restore task, the whole process (java $COLD_JVM_OPTIONS -jar, ARCHIVE_TASK=restore): JVM and
#           Camel start, journal, secret, target creation, the streamed restore, database properties;
#           stream_seconds is the restore step alone, from the application's own final progress line
# peak_rss_kb: of the java process (cold); of the largest single process of the pipeline (shell).
# Each restored table's row count is checked against the source (outside the timing).
# Results: one CSV row per run in bench/results/restore-<time>.csv and a summary table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
# as bench/run.sh: the heap the application needs; the rest of RSS is the JVM
COLD_JVM_OPTIONS=${COLD_JVM_OPTIONS:--Xmx96m -XX:+UseSerialGC}
# the one-shot archive is set-up, not measured: with -Xmx96m it ran out of heap (BENCHMARKS.md, run 5)
ARCHIVE_JVM_OPTIONS=${ARCHIVE_JVM_OPTIONS:--Xmx256m -XX:+UseSerialGC}
sizes="0.2 0.8"; reps=2; engines="postgresql mariadb"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
dev/stack.sh up >/dev/null
eval "$(dev/stack.sh env)"
[ -x .venv/bin/aws ] || .venv/bin/pip install -q awscli
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
dev/build.sh
mkdir -p bench/results
work=$(mktemp -d /var/tmp/cold-archiving-restore-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
csv=bench/results/restore-$(date -u +%Y%m%dT%H%M%SZ).csv
echo "size_gb,engine,rep,method,seconds,peak_rss_kb,stream_seconds" > "$csv"
export PGPASSWORD=$STACK_ADMIN_PASSWORD MYSQL_PWD=$STACK_ADMIN_PASSWORD PGOPTIONS=--client-min-messages=warning
aws() { .venv/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }
psql_admin() { psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres "$@"; }
mariadb_admin() { mariadb --no-defaults -h 127.0.0.1 -P "$STACK_MARIADB_PORT" -u root --ssl "$@"; }
rds_engine() { [ "$1" = postgresql ] && echo postgres || echo mariadb; }
port() { [ "$1" = postgresql ] && echo "$STACK_PG_PORT" || echo "$STACK_MARIADB_PORT"; }
user() { [ "$1" = postgresql ] && echo postgres || echo root; }
instance() { echo "bench-restore-$1"; }

drop() { # engine db
  if [ "$1" = postgresql ]; then psql_admin -d postgres -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)"
  else mariadb_admin -e "DROP DATABASE IF EXISTS $2"; fi
}

rows() { # engine db: rows of the orders table
  if [ "$1" = postgresql ]; then psql_admin -d "$2" -tAc "SELECT count(*) FROM orders"
  else mariadb_admin -N -e "SELECT count(*) FROM orders" "$2"; fi
}

newest_key() { # instance/db: the key of the newest ARCHIVED archive of that database in the journal
  .venv/bin/python - "$1" <<'PY'
import sys, boto3
pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName="cold-archiving-journal")
items = [i for page in pages for i in page["Items"]]
rows = [i for i in items if i["DatabaseId"]["S"] == sys.argv[1] and i["Status"]["S"] == "ARCHIVED"]
print(max(rows, key=lambda i: i["RunId"]["S"])["Key"]["S"])
PY
}

archive() { # db: one one-shot archive run of both engines' databases
  .venv/bin/python dev/demo_aws.py forget-all
  for engine in $engines; do
    .venv/bin/python dev/demo_aws.py register "$(instance "$engine")" "$(rds_engine "$engine")" "$(port "$engine")" \
      "$1" "$(user "$engine")" "$STACK_ADMIN_PASSWORD" >/dev/null
  done
  ARCHIVE_ONCE=true CAMEL_MANAGEMENT_ENABLED=false java $ARCHIVE_JVM_OPTIONS -jar target/cold-archiving.jar \
    > "$work/archive.log" 2>&1 || { tail -n 30 "$work/archive.log"; exit 1; }
  grep -o '[^ ]*: archived .* MB/s' "$work/archive.log" | sed 's/^/[bench] /' || true
}

run_method() { # size engine rep method db
  local size=$1 engine=$2 rep=$3 method=$4 db=$5 target="${5}_restored_${3}_$4" start end seconds rss stream=
  local key; key=$(newest_key "$(instance "$engine")/$db")
  start=$(date +%s.%N)
  case "$method" in
    shell)
      if [ "$engine" = postgresql ]; then
        /usr/bin/time -f "%M" -o "$work/rss" bash -c "$(declare -f aws psql_admin); set -o pipefail
          psql_admin -d postgres -c 'CREATE DATABASE $target'
          aws s3 cp --only-show-errors s3://cold-archiving-archives/$key - | zstd -dq \
            | pg_restore --no-owner --no-acl --exit-on-error -h 127.0.0.1 -p $STACK_PG_PORT -U postgres -d $target"
      else
        /usr/bin/time -f "%M" -o "$work/rss" bash -c "$(declare -f aws mariadb_admin); set -o pipefail
          mariadb_admin -e 'CREATE DATABASE $target'
          aws s3 cp --only-show-errors s3://cold-archiving-archives/$key - | zstd -dq \
            | mariadb_admin --binary-mode $target"
      fi ;;
    cold)
      ARCHIVE_ONCE=true ARCHIVE_TASK=restore ARCHIVE_RESTORE_DATABASE="$(instance "$engine")/$db" \
        ARCHIVE_RESTORE_TARGET_SECRET="cold-archiving/$(instance "$engine")-target" \
        ARCHIVE_RESTORE_TARGET_DATABASE="$target" CAMEL_MANAGEMENT_ENABLED=false \
        /usr/bin/time -f "%M" -o "$work/rss" java $COLD_JVM_OPTIONS -jar target/cold-archiving.jar \
        > "$work/cold.log" 2>&1 || { tail -n 30 "$work/cold.log"; exit 1; }
      stream=$(grep -o 'of dump) in [0-9.]* s' "$work/cold.log" | tail -n 1 | grep -o '[0-9.]*') ;;
  esac
  end=$(date +%s.%N)
  seconds=$(python3 -c "print(round($end - $start, 2))")
  rss=$(tail -n 1 "$work/rss")
  local restored source
  restored=$(rows "$engine" "$target"); source=$(rows "$engine" "$db")
  [ "$restored" = "$source" ] || { echo "[bench] $method restored $restored rows of $source into $target" >&2; exit 1; }
  echo "$size,$engine,$rep,$method,$seconds,$rss,$stream" | tee -a "$csv"
  drop "$engine" "$target"
}

for engine in $engines; do
  .venv/bin/python dev/demo_aws.py server-secret "$(instance "$engine")-target" "$(rds_engine "$engine")" \
    "$(port "$engine")" "$(user "$engine")" "$STACK_ADMIN_PASSWORD" >/dev/null
done
for size in $sizes; do
  db=bench_restore_${size//./_}gb
  bench/generate.sh "$db" "$size"
  archive "$db"
  for rep in $(seq "$reps"); do
    methods="shell cold"; [ $((rep % 2)) = 0 ] && methods="cold shell"
    for engine in $engines; do
      for method in $methods; do
        run_method "$size" "$engine" "$rep" "$method" "$db"
      done
    done
  done
  # the generated databases are large: drop them (bench/generate.sh makes them again)
  for engine in postgresql mariadb; do drop "$engine" "$db"; done
done
.venv/bin/python bench/summarize_restore.py "$csv"
