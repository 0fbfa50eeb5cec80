#!/usr/bin/env bash
# Builds the static site into www/ (www/pkg/ is generated): the release wasm, tuned for speed
# with the flags of wasm-pack.toml, then wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
conf() { python3 scripts/conf.py "$@"; }

out=$(conf build out-dir)
name=$(conf build out-name)
RUSTFLAGS="$(conf build rustflags)" wasm-pack --quiet build --release \
  --target "$(conf build target)" --out-dir "$out" --out-name "$name" --no-typescript --no-pack
rm -f "$out/.gitignore" "$out/README.md" "$out/package.json"

mapfile -t opt_args < <(conf wasm-opt-args)
wasm="$out/${name}_bg.wasm"
node .tools/node_modules/binaryen/bin/wasm-opt "${opt_args[@]}" "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
# The service worker's cache is named for this build: a new build, a new cache (www/sw.js).
build_id=$(cat www/*.html www/*.js www/*.css www/data/*.json "$out"/*.js "$wasm" | sha256sum | cut -c1-16)
echo "self.GOMIRROR_BUILD = '$build_id';" > "$out/build.js"
echo "build: $(du -h "$wasm" | cut -f1) $wasm"
