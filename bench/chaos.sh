#!/usr/bin/env bash
# Chaos soak (issue 18): runs ChaosScenarioTest for N seeds against the local stack (dev/stack.sh up first,
# or STACK_DIR/ports of your own stack): per seed, a small fleet through competing archive tasks, a SIGKILL,
# retention with keep-last, verify and restore, every process with the AWS fault injector
# (archive.chaos-seed), then the same runs healing without faults; the invariants are checked after each.
#
#   bench/chaos.sh --seeds 50 [--first 1] [--faults 0.05]     seeds first..first+N-1
#   bench/chaos.sh --seed 17 [--faults 0.05]                  replay one seed exactly
#
# Prints one CHAOS line per seed (seconds, faults injected per kind, invariant checks, failures), then per
# invariant how many scenarios held it, and the replay command of every failing seed.
# Results: target/chaos/results.txt; each process's log under target/chaos/seed-<n>/.
set -euo pipefail
cd "$(dirname "$0")/.."
count=""; first=1; faults=0.05; seeds=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) count=$2; shift 2 ;;
    --seed) seeds=$2; shift 2 ;;
    --first) first=$2; shift 2 ;;
    --faults) faults=$2; shift 2 ;;
    *) echo "unknown option $1 (use --seeds N, --seed S, --first F, --faults F)" >&2; exit 2 ;;
  esac
done
if [ -z "$seeds" ]; then
  seeds=$(seq -s, "$first" $((first + ${count:-5} - 1)))
fi
eval "$(dev/stack.sh env)"
mkdir -p target/chaos
: > target/chaos/results.txt
start=$(date +%s)
mvn -B -q -o test -Dtest=ChaosScenarioTest -Dchaos.seeds="$seeds" -Dchaos.faults="$faults" \
  -Dsurefire.failIfNoSpecifiedTests=false > target/chaos/mvn.log 2>&1 || true
python3 - "$faults" "$(( $(date +%s) - start ))" <<'PY'
import re, sys, collections
faults, wall = sys.argv[1], sys.argv[2]
lines = [l for l in open("target/chaos/results.txt") if l.startswith("CHAOS ")]
kinds = collections.Counter(); broken = collections.Counter(); failing = []; checks = 0; secs = []
for l in lines:
    seed = re.search(r"seed=(\d+)", l).group(1)
    secs.append(float(re.search(r"seconds=([\d.]+)", l).group(1)))
    for k, n in re.findall(r"(\w+)=(\d+)", re.search(r"faults=\{([^}]*)\}", l).group(1)):
        kinds[k] += int(n)
    checks += int(re.search(r"invariants=(\d+)", l).group(1))
    if int(re.search(r"failed=(\d+)", l).group(1)):
        failing.append(seed)
        for inv in set(re.findall(r"(\d [a-z ]+?): ", l.split("failed=", 1)[1])):
            broken[inv] += 1
    print(l.rstrip()[:400])
n = len(lines)
print(f"\nscenarios: {n}  (faults {faults}; {wall} s wall; {sum(secs)/max(n,1):.0f} s per scenario)")
print("faults injected:", dict(sorted(kinds.items())), "total", sum(kinds.values()))
print("invariant checks:", checks)
for inv in ["1 ended", "2 archived", "3 no orphan", "4 retention", "5 servers", "6 no password", "7 restore"]:
    print(f"  {inv:14} held in {n - broken[inv]}/{n} scenarios")
for s in failing:
    print(f"FAILED seed {s}: replay with bench/chaos.sh --seed {s} --faults {faults}")
PY
