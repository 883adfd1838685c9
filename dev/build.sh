#!/usr/bin/env bash
# Builds the application jar (target/cold-archiving.jar) with its dependencies in target/lib/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
