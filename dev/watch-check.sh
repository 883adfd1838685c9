#!/usr/bin/env bash
# Browser test of "Watch it": starts the application in service mode against the local stack, waits for
# one scheduled archive cycle, starts Hawtio (dev/hawtio), and drives Debian's chromium through
# playwright-core (dev/watch-check.js): connect to the application's Jolokia, find the routes by id with
# their exchange counters. Screenshots go to target/watch-it/. Installs chromium (apt) and
# playwright-core (npm, into target/browser) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PLAYWRIGHT_VERSION=1.65.1
OUT=target/watch-it
mkdir -p "$OUT"

# --- the browser and its driver ----------------------------------------------------------------------
if ! command -v chromium >/dev/null; then
  echo "[watch] installing chromium (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
# (the machine image ships Node 20, which playwright-core needs; Debian's own nodejs is older)
if ! command -v node >/dev/null; then
  echo "[watch] installing nodejs and npm (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ ! -f "target/browser/node_modules/playwright-core/package.json" ] \
   || ! grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" target/browser/node_modules/playwright-core/package.json; then
  echo "[watch] installing playwright-core $PLAYWRIGHT_VERSION (npm)" >&2
  mkdir -p target/browser
  npm install --prefix target/browser --no-save --no-audit --no-fund --silent "playwright-core@$PLAYWRIGHT_VERSION"
fi

# --- the application, in service mode, with a cycle due shortly ----------------------------------------
eval "$(dev/stack.sh env)"
dev/build.sh
dev/seed_demo.sh
.venv/bin/python dev/demo_aws.py forget-all   # only the demo instances are tagged in the local RDS
.venv/bin/python dev/demo_aws.py register demo-postgres postgres "$STACK_PG_PORT" shop cold_backup demo-backup-pw >/dev/null
.venv/bin/python dev/demo_aws.py register demo-mariadb mariadb "$STACK_MARIADB_PORT" inventory cold_backup demo-backup-pw >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
APP_PORT=$(free_port)
HAWTIO_PORT=$(free_port)
# every minute at the second 30 s from now: the first cycle starts within a minute and a half even when
# the application starts slowly
second=$(( ($(date -u +%s) + 30) % 60 ))
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
# (camel.management.port as a JVM option: Camel Main ignores environment variables that end in _PORT)
ARCHIVE_SCHEDULE="$second * * * * ?" TZ=UTC java -Dcamel.management.port="$APP_PORT" -jar target/cold-archiving.jar \
  > "$OUT/application.log" 2>&1 &
pids+=($!)
HAWTIO_PORT=$HAWTIO_PORT dev/hawtio > "$OUT/hawtio.log" 2>&1 &
pids+=($!)

metrics() { curl -fsS "http://127.0.0.1:$APP_PORT/observe/metrics" 2>/dev/null || true; }
echo "[watch] application on 127.0.0.1:$APP_PORT, Hawtio on 127.0.0.1:$HAWTIO_PORT; waiting for a cycle" >&2
for _ in $(seq 180); do
  grep -q '^cold_archiving_runs_total' <(metrics) && break
  sleep 1
done
if ! grep -q '^cold_archiving_runs_total{status="succeeded"}' <(metrics); then
  tail -n 40 "$OUT/application.log"; echo "[watch] no successful archive cycle in 3 minutes" >&2; exit 1
fi
curl -fsS "http://127.0.0.1:$APP_PORT/observe/health/ready" >/dev/null \
  || { echo "[watch] readiness is not UP: $(curl -sS "http://127.0.0.1:$APP_PORT/observe/health/ready")" >&2; exit 1; }
for _ in $(seq 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$HAWTIO_PORT/hawtio/" 2>/dev/null && break
  sleep 1
done

# --- the browser ---------------------------------------------------------------------------------------
start=$(date +%s)
NODE_PATH=$PWD/target/browser/node_modules HAWTIO_URL="http://127.0.0.1:$HAWTIO_PORT/hawtio" \
  JOLOKIA_PORT=$APP_PORT SCREENSHOTS=$OUT node dev/watch-check.js
echo "[watch] Hawtio shows the routes and their counters ($(( $(date +%s) - start )) s in the browser); screenshots in $OUT/"
