#!/usr/bin/env python3
"""Medians and ratios of speed.sh's output: one markdown row per corpus."""
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)  # (corpus, tool) -> [(wall, rss)]
order = []
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) != 5:
        continue
    c, _, tool, wall, rss = f
    if c not in order:
        order.append(c)
    runs[(c, tool)].append((float(wall), int(rss)))

print("| corpus | rounds | floor wall (median) | leaklint wall (median) | time ratio | floor peak RSS | leaklint peak RSS | memory ratio |")
print("|---|---|---|---|---|---|---|---|")
for c in order:
    fl, ll = runs[(c, "nilnessfloor")], runs[(c, "leaklint")]
    if not fl or not ll:
        continue
    fw, lw = statistics.median(w for w, _ in fl), statistics.median(w for w, _ in ll)
    fm, lm = statistics.median(m for _, m in fl), statistics.median(m for _, m in ll)
    print(f"| {c} | {min(len(fl), len(ll))} | {fw:.1f} s | {lw:.1f} s | {lw / fw:.2f}× | {fm / 2**20:.2f} GB | {lm / 2**20:.2f} GB | {lm / fm:.2f}× |")
