#!/usr/bin/env bash
# Sets up the precision corpus of issue 12 and 14 (one scratch module per
# module, so each stays at the version named below) and runs leaklint, built
# from this checkout, over each with tests, writing <dir>/<corpus>/leaklint.json
# and <dir>/<corpus>/leaklint.time (wall seconds and peak RSS).
#
#   eval/precision/corpus.sh DIR [corpus ...]    # default: every corpus
#   go -C eval run ./cmd/precision -corpus DIR   # then score the findings
#
# Needs the Go module proxy. A corpus already set up is reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: corpus.sh DIR [corpus ...]}
shift
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
bin="$dir/leaklint"
(cd "$root" && go build -o "$bin" ./cmd/leaklint)

# name, module, version, package patterns
corpora=$(cat <<'LIST'
grpc google.golang.org/grpc v1.85.0 google.golang.org/grpc/...
clientgo k8s.io/client-go v0.37.2 k8s.io/client-go/...
nats github.com/nats-io/nats-server/v2 v2.15.2 github.com/nats-io/nats-server/v2/...
geth github.com/ethereum/go-ethereum v1.17.10 github.com/ethereum/go-ethereum/p2p/... github.com/ethereum/go-ethereum/eth/... github.com/ethereum/go-ethereum/rpc/... github.com/ethereum/go-ethereum/event/...
pgx github.com/jackc/pgx/v5 v5.13.0 github.com/jackc/pgx/v5/...
vault github.com/hashicorp/vault/api v1.23.0 github.com/hashicorp/vault/api/...
minio github.com/minio/minio-go/v7 v7.4.1 github.com/minio/minio-go/v7/...
std std - std
LIST
)

want=" $* "
while read -r name mod ver pats; do
  if [ $# -gt 0 ] && [[ "$want" != *" $name "* ]]; then continue; fi
  mkdir -p "$dir/$name"
  cd "$dir/$name"
  if [ ! -f go.mod ]; then
    printf 'module corpus/%s\n\ngo 1.26.0\n' "$name" > go.mod
    if [ "$mod" != std ]; then
      # -t brings the modules the corpus's own tests import.
      go get -t "$mod@$ver" > setup.log 2>&1 || go get -t "$mod/...@$ver" >> setup.log 2>&1
      GOFLAGS=-mod=mod go list -e -test -deps $pats >> setup.log 2>&1
    fi
  fi
  # shellcheck disable=SC2086
  GOFLAGS=-mod=mod /usr/bin/time -f "%e %M" -o leaklint.time "$bin" -json $pats > leaklint.json 2> leaklint.stderr || true
  echo "$name: $(wc -l < leaklint.json) lines of JSON, $(cat leaklint.time) (s, KB)"
done <<< "$corpora"
