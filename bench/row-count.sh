#!/usr/bin/env bash
# The cost of counting a MariaDB dump's rows in its stream (the archive's manifest), against the same
# stream without it, interleaved in one run (bench/RowCountBench.java says what each method does).
#   bench/row-count.sh DATABASE [REPS]     e.g. after bench/generate.sh benchmf 0.5: bench/row-count.sh benchmf 5
set -euo pipefail
cd "$(dirname "$0")/.."
database=$1; reps=${2:-5}
dev/stack.sh up >/dev/null
eval "$(dev/stack.sh env)"
dev/build.sh
java -Xmx256m -cp "target/cold-archiving.jar:target/lib/*" bench/RowCountBench.java "$database" "$reps"
