#!/usr/bin/env bash
# Runs leaklint, built from this checkout, over the fifteen held-out
# corpora (docs/precision/heldout.md, heldout-a.md, heldout-b.md), writing
# DIR/<corpus>/leaklint.json in the layout corpus.sh uses, so the same
# scorer reads them:
#
#   eval/precision/heldout.sh DIR [corpus ...]
#   go -C eval run ./cmd/precision -corpus DIR
#
# Scratch modules live in $HELDOUT_ROOT (default /work/corpus-heldout);
# one not there yet is made with go get -t (needs the Go module proxy).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: heldout.sh DIR [corpus ...]}
shift
mods=${HELDOUT_ROOT:-/work/corpus-heldout}
mkdir -p "$dir" "$mods"
dir=$(cd "$dir" && pwd)
bin="$dir/leaklint"
(cd "$root" && go build -o "$bin" ./cmd/leaklint)

# name, module@version to get, package patterns
corpora=$(cat <<'LIST'
prometheus github.com/prometheus/prometheus@v0.316.0 github.com/prometheus/prometheus/tsdb/... github.com/prometheus/prometheus/scrape/... github.com/prometheus/prometheus/rules/... github.com/prometheus/prometheus/notifier/...
caddy github.com/caddyserver/caddy/v2@v2.11.9 github.com/caddyserver/caddy/v2 github.com/caddyserver/caddy/v2/modules/caddyhttp/...
etcd go.etcd.io/etcd/server/v3@v3.7.3 go.etcd.io/etcd/client/v3/... go.etcd.io/etcd/server/v3/...
raft github.com/hashicorp/raft@v1.8.0 github.com/hashicorp/raft/...
memberlist github.com/hashicorp/memberlist@v0.7.0 github.com/hashicorp/memberlist/...
serf github.com/hashicorp/serf@v0.11.0 github.com/hashicorp/serf/serf/... github.com/hashicorp/serf/cmd/...
natsgo github.com/nats-io/nats.go@v1.56.0 github.com/nats-io/nats.go/...
goredis github.com/redis/go-redis/v9@v9.23.0 github.com/redis/go-redis/v9/...
sarama github.com/IBM/sarama@v1.62.0 github.com/IBM/sarama/...
kafkago github.com/segmentio/kafka-go@v0.4.51 github.com/segmentio/kafka-go/...
hugo github.com/gohugoio/hugo@v0.165.0 github.com/gohugoio/hugo/hugolib/... github.com/gohugoio/hugo/resources/... github.com/gohugoio/hugo/deps/... github.com/gohugoio/hugo/cache/...
syncthing github.com/syncthing/syncthing@v1.30.0 github.com/syncthing/syncthing/lib/...
knative knative.dev/serving@v0.50.0 knative.dev/serving/pkg/...
consul github.com/hashicorp/consul@v1.22.5 github.com/hashicorp/consul/agent/cache/... github.com/hashicorp/consul/agent/local/... github.com/hashicorp/consul/agent/consul/state/...
moby github.com/moby/moby/v2@v2.0.0-beta.24 github.com/moby/moby/v2/daemon/... github.com/moby/moby/v2/pkg/...
LIST
)

want=" $* "
while read -r name modver pats; do
  if [ $# -gt 0 ] && [[ "$want" != *" $name "* ]]; then continue; fi
  m="$mods/$name"
  if [ ! -f "$m/go.mod" ]; then
    mkdir -p "$m"
    (cd "$m" && go mod init corpus > /dev/null 2>&1 &&
      # shellcheck disable=SC2086
      for p in $pats; do go get -t "${p%/...}@${modver#*@}" > setup.log 2>&1 || go get -t "$modver" >> setup.log 2>&1; done
      # consul's agent pulls an ambiguous cloud.google.com/go without this.
      if [ "$name" = consul ]; then go get cloud.google.com/go@latest >> setup.log 2>&1; fi
      # shellcheck disable=SC2086
      GOFLAGS=-mod=mod go list -e -test -deps $pats >> setup.log 2>&1) || true
  fi
  mkdir -p "$dir/$name"
  # shellcheck disable=SC2086
  (cd "$m" && GOFLAGS=-mod=mod /usr/bin/time -f "%e %M" -o "$dir/$name/leaklint.time" "$bin" -json $pats > "$dir/$name/leaklint.json" 2> "$dir/$name/leaklint.stderr") || true
  echo "$name: $(wc -l < "$dir/$name/leaklint.json") lines of JSON, $(cat "$dir/$name/leaklint.time") (s, KB)"
done <<< "$corpora"
