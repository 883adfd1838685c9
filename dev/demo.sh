#!/usr/bin/env bash
# The demo, on a fresh machine, in one command: brings up the local stack, seeds a PostgreSQL and a
# MariaDB database, registers them as tagged RDS instances with secrets in moto, runs one archive cycle
# (one-shot mode) and prints the journal rows and the S3 objects.
set -euo pipefail
cd "$(dirname "$0")/.."
dev/stack.sh up
eval "$(dev/stack.sh env)"
dev/seed_demo.sh
.venv/bin/python dev/demo_aws.py forget-all   # only the demo instances are tagged in the local RDS
.venv/bin/python dev/demo_aws.py register demo-postgres postgres "$STACK_PG_PORT" shop cold_backup demo-backup-pw
.venv/bin/python dev/demo_aws.py register demo-mariadb mariadb "$STACK_MARIADB_PORT" inventory cold_backup demo-backup-pw
# the local servers' admins, as restore and verification targets (README "Restore an archive")
.venv/bin/python dev/demo_aws.py server-secret local-postgres postgres "$STACK_PG_PORT" postgres "$STACK_ADMIN_PASSWORD"
.venv/bin/python dev/demo_aws.py server-secret local-mariadb mariadb "$STACK_MARIADB_PORT" root "$STACK_ADMIN_PASSWORD"
dev/build.sh
echo "[demo] running one archive cycle"
status=0
ARCHIVE_ONCE=true java -jar target/cold-archiving.jar || status=$?
.venv/bin/python dev/demo_aws.py show demo-postgres demo-mariadb
echo
echo "[demo] one-shot run exited with status $status"
exit "$status"
