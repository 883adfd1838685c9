#!/usr/bin/env bash
# The test command: brings up the local stack (installing what is missing), runs every test against
# it, then checks that Camel JBang (`dev/camel run`) archives with the same routes and settings.
set -euo pipefail
cd "$(dirname "$0")/.."
dev/stack.sh up
eval "$(dev/stack.sh env)"
mvn -B verify "$@"
dev/camel-run-check.sh
