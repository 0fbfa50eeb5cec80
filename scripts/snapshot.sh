#!/usr/bin/env bash
# Regenerates the page's offline checksum snapshot (www/data/releases.json, the current
# releases' releases-current.json, and snapshot.json).
#   scripts/snapshot.sh                 fetch the full list from go.dev (needs the internet;
#                                       e.g. in the deploy job)
#   scripts/snapshot.sh FILE "SOURCE"   use a list saved elsewhere, naming where it came from
# The list is validated by the page's own parser before anything is written.
set -euo pipefail
cd "$(dirname "$0")/.."
url="https://go.dev/dl/?mode=json&include=all"
if [ $# -ge 1 ]; then
  input=$1
  source=${2:-$1}
else
  input=$(mktemp)
  trap 'rm -f "$input"' EXIT
  curl -fsSL --retry 3 --max-time 120 -o "$input" "$url" ||
    curl -fsSL --retry 3 --max-time 120 -o "$input" "https://golang.google.cn/dl/?mode=json&include=all"
  source=$url
fi
cargo run --quiet --release --features snapshot --bin snapshot -- "$input" "$source" www/data
