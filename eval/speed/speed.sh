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
# (tests included, the driver's default), and appends "corpus round tool
# wall_s rss_kb cpu_s" to OUT.tsv (cpu_s: user+sys, steadier than wall
# time on a shared machine). One corpus's rounds hold the corpus lock
# together, so no other corpus run shares the machine with them.
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
one() { # corpus tool round
  local t; t=$(mktemp)
  # shellcheck disable=SC2086
  (cd "$root/$1" && env GOMAXPROCS=2 GOFLAGS=-mod=mod \
    /usr/bin/time -f "%e %M %U %S" -o "$t" "$bin/$2" -json ${pats[$1]} >/dev/null 2>&1) || true
  printf '%s\t%s\t%s\t%s\n' "$1" "$3" "$2" "$(tail -1 "$t" | awk '{printf "%s\t%s\t%.2f", $1, $2, $3 + $4}')" | tee -a "$out"
  rm -f "$t"
}
for c in "${corpora[@]}"; do
  exec 9>"$root/run.lock"
  flock 9
  for r in $(seq 1 "$rounds"); do
    one "$c" nilnessfloor "$r"
    one "$c" leaklint "$r"
  done
  flock -u 9
  exec 9>&-
done
