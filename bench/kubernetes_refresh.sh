#!/usr/bin/env bash
# Refresh of 5,000 Kubernetes objects across 2 clusters, API calls counted and
# timed. Builds the release binaries when missing; arguments go to
# bench/kubernetes_refresh.py (-n N, --record, --terrace, --apiserver).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
if [[ ! -x "$target/release/terrace" || ! -x "$target/release/terrace-kube-apiserver" ]]; then
  cargo build --release -j2 --manifest-path "$root/Cargo.toml" -p terrace -p terrace-kube-apiserver --bins
fi
exec python3 "$root/bench/kubernetes_refresh.py" \
  --terrace "$target/release/terrace" --apiserver "$target/release/terrace-kube-apiserver" "$@"
