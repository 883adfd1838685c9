"""Summarises a bench/run.sh CSV: median seconds, stored size and peak RSS per method, and the
ratios the issue asks for, all against baselines measured in the same run."""
import csv
import statistics
import sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1])))
runs = defaultdict(list)
for r in rows:
    runs[(r["size_gb"], r["engine"], r["method"])].append(r)


def median(key, field):
    values = [float(r[field]) for r in runs.get(key, [])]
    return statistics.median(values) if values else None


print(f"\nResults of {sys.argv[1]} (median of {max(len(v) for v in runs.values())} runs)\n")
print("| size GB | engine | method | seconds | stored MB | peak RSS MiB |")
print("|---|---|---|---|---|---|")
for (size, engine, method) in sorted(runs):
    key = (size, engine, method)
    stored = median(key, "stored_bytes")
    rss = median(key, "peak_rss_kb")
    print(f"| {size} | {engine} | {method} | {median(key, 'seconds'):.2f} | "
          f"{stored / 1e6:.0f} | {rss / 1024:.0f} |" if rss else
          f"| {size} | {engine} | {method} | {median(key, 'seconds'):.2f} | "
          f"{(stored or 0) / 1e6:.0f} | - |")
print("\n| size GB | engine | cold stream step ÷ shell-s3 |")
print("|---|---|---|")
for size, engine in sorted({(s, e) for s, e, _ in runs}):
    stream = [float(r["stream_seconds"]) for r in runs.get((size, engine, "cold"), []) if r.get("stream_seconds")]
    shell = median((size, engine, "shell-s3"), "seconds")
    if stream and shell:
        print(f"| {size} | {engine} | {statistics.median(stream) / shell:.2f} |")
print("\n| size GB | engine | cold ÷ shell-s3 (target ≤ 1.10) | cold ÷ original (target ≤ 0.2) | cold ÷ raw | "
      "cold size ÷ original size |")
print("|---|---|---|---|---|---|")
for size, engine in sorted({(s, e) for s, e, _ in runs}):
    t = {m: median((size, engine, m), "seconds") for m in ("raw", "shell-s3", "original", "cold")}
    s = {m: median((size, engine, m), "stored_bytes") for m in ("original", "cold")}

    def ratio(a, b):
        return f"{a / b:.2f}" if a and b else "-"
    print(f"| {size} | {engine} | {ratio(t['cold'], t['shell-s3'])} | {ratio(t['cold'], t['original'])} | "
          f"{ratio(t['cold'], t['raw'])} | {ratio(s['cold'], s['original'])} |")
