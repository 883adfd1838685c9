#!/usr/bin/env bash
# Checks that Camel JBang runs the same routes/ and application.properties: one cycle of
# `dev/camel run` in one-shot mode must archive both demo databases.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(dev/stack.sh env)"
dev/seed_demo.sh
.venv/bin/python dev/demo_aws.py forget-all   # only the demo instances are tagged in the local RDS
.venv/bin/python dev/demo_aws.py register demo-postgres postgres "$STACK_PG_PORT" shop cold_backup demo-backup-pw
.venv/bin/python dev/demo_aws.py register demo-mariadb mariadb "$STACK_MARIADB_PORT" inventory cold_backup demo-backup-pw
mkdir -p target
since=$(date -u +%Y-%m-%dT%H:%M:%S)
# no management server (its port may be taken); metrics off too: without the management server Camel
# JBang would start a server of its own for them (on 0.0.0.0:8080), and fails to
ARCHIVE_ONCE=true CAMEL_MANAGEMENT_ENABLED=false CAMEL_METRICS_ENABLED=false timeout 600 dev/camel run > target/camel-run-check.log 2>&1 || {
  tail -n 50 target/camel-run-check.log; echo "camel run failed" >&2; exit 1; }
archived=$(.venv/bin/python dev/demo_aws.py count-archived "$since")
if [ "$archived" -lt 2 ]; then
  tail -n 50 target/camel-run-check.log
  echo "camel run archived $archived of the 2 demo databases (log: target/camel-run-check.log)" >&2
  exit 1
fi
echo "Camel JBang (dev/camel run) archived both demo databases"
