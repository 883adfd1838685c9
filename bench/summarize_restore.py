"""Summarises a bench/restore.sh CSV: median seconds, peak RSS and restore-step seconds per method, and the
ratios cold ÷ shell, all against the shell pipeline measured in the same run."""
import csv
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
for r in csv.DictReader(open(sys.argv[1])):
    runs[(r["size_gb"], r["engine"], r["method"])].append(r)


def median(key, field):
    values = [float(r[field]) for r in runs.get(key, []) if r[field]]
    return statistics.median(values) if values else None


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "-"


print(f"\nResults of {sys.argv[1]} (median of {max(len(v) for v in runs.values())} runs)\n")
print("| size GB | engine | method | seconds | restore step s | peak RSS MiB |")
print("|---|---|---|---|---|---|")
for key in sorted(runs):
    stream = median(key, "stream_seconds")
    print(f"| {' | '.join(key)} | {median(key, 'seconds'):.2f} | {f'{stream:.1f}' if stream else '-'} | "
          f"{median(key, 'peak_rss_kb') / 1024:.0f} |")
print("\n| size GB | engine | cold ÷ shell | cold restore step ÷ shell |")
print("|---|---|---|---|")
for size, engine in sorted({(s, e) for s, e, _ in runs}):
    shell = median((size, engine, "shell"), "seconds")
    print(f"| {size} | {engine} | {ratio(median((size, engine, 'cold'), 'seconds'), shell)} | "
          f"{ratio(median((size, engine, 'cold'), 'stream_seconds'), shell)} |")
