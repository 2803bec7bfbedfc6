#!/usr/bin/env python3
"""Medians and ratios of speed.sh's output: one markdown row per corpus."""
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)  # (corpus, tool) -> [(wall, rss, cpu)]
order = []
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 5:  # before cpu_s was recorded
        f.append("nan")
    if len(f) != 6:
        continue
    c, _, tool, wall, rss, cpu = f
    if c not in order:
        order.append(c)
    runs[(c, tool)].append((float(wall), int(rss), float(cpu)))

print("| corpus | rounds | floor wall (median) | leaklint wall (median) | time ratio | floor CPU (median) | leaklint CPU (median) | CPU ratio | floor peak RSS | leaklint peak RSS | memory ratio |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for c in order:
    fl, ll = runs[(c, "nilnessfloor")], runs[(c, "leaklint")]
    if not fl or not ll:
        continue
    fw, lw = statistics.median(r[0] for r in fl), statistics.median(r[0] for r in ll)
    fm, lm = statistics.median(r[1] for r in fl), statistics.median(r[1] for r in ll)
    fc, lc = statistics.median(r[2] for r in fl), statistics.median(r[2] for r in ll)
    print(f"| {c} | {min(len(fl), len(ll))} | {fw:.1f} s | {lw:.1f} s | {lw / fw:.2f}× | {fc:.1f} s | {lc:.1f} s | {lc / fc:.2f}× | {fm / 2**20:.2f} GB | {lm / 2**20:.2f} GB | {lm / fm:.2f}× |")
