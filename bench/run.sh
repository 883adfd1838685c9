#!/usr/bin/env bash
# Benchmark: cold-archiving against the dump tool alone, the best shell pipeline and the original
# solution's pipeline, on the same databases and the same S3 endpoint (moto), interleaved.
#
#   bench/run.sh [--sizes "1 4"] [--reps 3] [--engines "postgresql mariadb"] [--methods "..."]
#
# For each size (GB of generated data) and engine, each repetition runs every method once:
#   raw         dump tool > /dev/null                                  (the limit)
#   shell-file  dump tool | zstd -T0 -3 > file                          (best pipeline, local disk)
#   shell-s3    dump tool | zstd -T0 -3 | aws s3 cp - s3://...          (best pipeline, same S3 endpoint)
#   original    dump tool | gzip -9 > file; aws s3 cp file s3://...     (the original solution)
#   cold        cold-archiving one-shot run (java $COLD_JVM_OPTIONS -jar), the whole process: JVM start, Camel
#               start, discovery, secret, journal and the streamed archive; stream_seconds is the
#               archive step alone, from the application's own final progress line
# Results: one CSV row per run in bench/results/<time>.csv and a summary table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
# the heap the application needs: 3 parts of 16 MiB in flight plus Camel; the rest of RSS is the JVM
COLD_JVM_OPTIONS=${COLD_JVM_OPTIONS:--Xmx96m -XX:+UseSerialGC}
sizes="1 4"; reps=3; engines="postgresql mariadb"; methods="raw shell-file shell-s3 original cold"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --methods) methods=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
dev/stack.sh up >/dev/null
eval "$(dev/stack.sh env)"
[ -x .venv/bin/aws ] || .venv/bin/pip install -q awscli
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
dev/build.sh
mkdir -p bench/results
work=$(mktemp -d /var/tmp/cold-archiving-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
csv=bench/results/$(date -u +%Y%m%dT%H%M%SZ).csv
echo "size_gb,engine,rep,method,seconds,stored_bytes,peak_rss_kb,stream_seconds" > "$csv"
export PGPASSWORD=$STACK_ADMIN_PASSWORD MYSQL_PWD=$STACK_ADMIN_PASSWORD
aws() { .venv/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }

dump() { # engine db [plain]: the dump tool's output on stdout
  if [ "$1" = postgresql ]; then
    if [ "${3:-}" = plain ]; then pg_dump -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres "$2"
    else pg_dump -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres -Fc -Z0 "$2"; fi
  else
    mariadb-dump --no-defaults -h 127.0.0.1 -P "$STACK_MARIADB_PORT" -u root --ssl --single-transaction \
      --quick --routines --triggers --events --hex-blob "$2"
  fi
}

timed() { # seconds of a command
  local start end; start=$(date +%s.%N); "$@"; end=$(date +%s.%N)
  python3 -c "print(round($end - $start, 2))"
}

run_method() { # size engine rep method db
  local size=$1 engine=$2 rep=$3 method=$4 db=$5 seconds stored=0 rss=0 stream= key="bench/$db-$method-$rep"
  case "$method" in
    raw) seconds=$(timed bash -c "$(declare -f dump); dump $engine $db > /dev/null") ;;
    shell-file)
      seconds=$(timed bash -c "$(declare -f dump); set -o pipefail; dump $engine $db | zstd -q -T0 -3 > $work/f.zst")
      stored=$(stat -c %s "$work/f.zst") ;;
    shell-s3)
      seconds=$(timed bash -c "$(declare -f dump aws); set -o pipefail; dump $engine $db | zstd -q -T0 -3 | aws s3 cp --only-show-errors - s3://cold-archiving-archives/$key.zst")
      stored=$(aws s3api head-object --bucket cold-archiving-archives --key "$key.zst" --query ContentLength) ;;
    original)
      seconds=$(timed bash -c "$(declare -f dump aws); set -o pipefail; dump $engine $db plain | gzip -9 > $work/f.gz && aws s3 cp --only-show-errors $work/f.gz s3://cold-archiving-archives/$key.gz")
      stored=$(stat -c %s "$work/f.gz") ;;
    cold)
      .venv/bin/python dev/demo_aws.py forget-all
      local id=bench-${engine}
      .venv/bin/python dev/demo_aws.py register "$id" "$([ "$engine" = postgresql ] && echo postgres || echo mariadb)" \
        "$([ "$engine" = postgresql ] && echo "$STACK_PG_PORT" || echo "$STACK_MARIADB_PORT")" "$db" \
        "$([ "$engine" = postgresql ] && echo postgres || echo root)" "$STACK_ADMIN_PASSWORD" >/dev/null
      local start end
      start=$(date +%s.%N)
      ARCHIVE_ONCE=true CAMEL_MANAGEMENT_ENABLED=false /usr/bin/time -f "%M" -o "$work/rss" \
        java $COLD_JVM_OPTIONS -jar target/cold-archiving.jar > "$work/cold.log" 2>&1 || { tail -n 30 "$work/cold.log"; exit 1; }
      end=$(date +%s.%N)
      seconds=$(python3 -c "print(round($end - $start, 2))")
      rss=$(tail -n 1 "$work/rss")
      stored=$(grep -o 'of dump as [0-9.]* MB' "$work/cold.log" | tail -n 1 | grep -o '[0-9.]*' | python3 -c "import sys; print(int(float(sys.stdin.read()) * 1e6))")
      stream=$(grep -o ') in [0-9.]* s' "$work/cold.log" | tail -n 1 | grep -o '[0-9.]*') ;;
  esac
  echo "$size,$engine,$rep,$method,$seconds,$stored,$rss,$stream" | tee -a "$csv"
  aws s3 rm --quiet --recursive s3://cold-archiving-archives/bench/ >/dev/null 2>&1 || true
}

for size in $sizes; do
  db=bench_${size//./_}gb
  bench/generate.sh "$db" "$size"
  for rep in $(seq "$reps"); do
    for engine in $engines; do
      for method in $methods; do
        run_method "$size" "$engine" "$rep" "$method" "$db"
      done
    done
  done
done
.venv/bin/python bench/summarize.py "$csv"
# the generated databases are large: drop them (bench/generate.sh makes them again)
for size in $sizes; do
  db=bench_${size//./_}gb
  psql -q -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  mariadb --no-defaults -h 127.0.0.1 -P "$STACK_MARIADB_PORT" -u root --ssl -e "DROP DATABASE IF EXISTS $db"
done
