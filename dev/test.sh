#!/usr/bin/env bash
# The test command: brings up the local stack (installing what is missing) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
dev/stack.sh up
eval "$(dev/stack.sh env)"
mvn -B verify "$@"
