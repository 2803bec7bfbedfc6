#!/usr/bin/env bash
# speed.sh: leaklint's wall time and peak RSS as ratios to the nilness floor
# (issue 12, docs in BENCHMARKS.md "Static passes: cost against the nilness
# floor").
#
#   eval/speed/speed.sh CORPUS_ROOT ROUNDS OUT.tsv [corpus ...]
#
# CORPUS_ROOT holds one scratch module per corpus (grpc, clientgo, nats,
# geth, std; see /work/corpus/pats.txt for the patterns). For each corpus and
# round it runs the floor, then leaklint, on the same patterns with -json
# (tests included, the driver's default), serialised with the other corpus
# runs by flock, and appends "corpus round tool wall_s rss_kb" to OUT.tsv.
# summarize.py prints the medians and ratios.
set -euo pipefail
root=$1; rounds=$2; out=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=$(mktemp -d)
(cd "$repo" && go build -o "$bin/leaklint" ./cmd/leaklint)
(cd "$repo/eval" && go build -o "$bin/nilnessfloor" ./cmd/nilnessfloor)
declare -A pats=(
  [grpc]="google.golang.org/grpc/..."
  [clientgo]="k8s.io/client-go/..."
  [nats]="github.com/nats-io/nats-server/v2/..."
  [geth]="github.com/ethereum/go-ethereum/p2p/... github.com/ethereum/go-ethereum/eth/... github.com/ethereum/go-ethereum/rpc/... github.com/ethereum/go-ethereum/event/..."
  [std]="std"
)
corpora=("$@")
[ ${#corpora[@]} -eq 0 ] && corpora=(grpc clientgo nats geth std)
for c in "${corpora[@]}"; do
  for r in $(seq 1 "$rounds"); do
    for tool in nilnessfloor leaklint; do
      t=$(mktemp)
      # shellcheck disable=SC2086
      (cd "$root/$c" && flock "$root/run.lock" env GOMAXPROCS=2 GOFLAGS=-mod=mod \
        /usr/bin/time -f "%e %M" -o "$t" "$bin/$tool" -json ${pats[$c]} >/dev/null 2>&1) || true
      printf '%s\t%s\t%s\t%s\n' "$c" "$r" "$tool" "$(tr ' ' '\t' < "$t" | tail -1)" | tee -a "$out"
      rm -f "$t"
    done
  done
done
