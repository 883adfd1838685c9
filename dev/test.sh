#!/usr/bin/env bash
# The test command: brings up the local stack (installing what is missing), checks what ships (template,
# Dockerfile, a deployment into moto), checks that Camel JBang (`dev/camel run`) archives with the same
# routes and settings, watches one cycle in Hawtio from a real browser (dev/watch-check.sh), then runs
# every test against the stack.
set -euo pipefail
cd "$(dirname "$0")/.."
dev/stack.sh up
eval "$(dev/stack.sh env)"
deploy/check.sh
dev/camel-run-check.sh
dev/watch-check.sh
mvn -B verify "$@"
