#!/usr/bin/env bash
# Builds the static site into dist/: the sources of www/ with their scripts, styles and string
# tables minified (esbuild; the visitor downloads less, README "Performance"), and the release
# wasm in dist/pkg/, built with the flags of wasm-pack.toml, then wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
conf() { python3 scripts/conf.py "$@"; }

site=$(conf build site-dir)
out=$(conf build out-dir)
name=$(conf build out-name)
rm -rf "$site"
cp -r www "$site"
rm -rf "$site/pkg"

# The command line (below) builds in the background from the start, and the modules in a
# target directory of their own (target/wasm, or wasm/ under $CARGO_TARGET_DIR): cargo locks a
# target directory's release folder for the build scripts and macros of a wasm32 build too, so
# that in one directory the two builds would take turns; apart, each has a core.
case "$(uname -s)" in
  Linux) goos=linux exe= ;;
  Darwin) goos=darwin exe= ;;
  MINGW* | MSYS* | CYGWIN*) goos=windows exe=.exe ;;
  *) echo "build: no GOOS name for $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) goarch=amd64 ;;
  aarch64 | arm64) goarch=arm64 ;;
  *) echo "build: no GOARCH name for $(uname -m)" >&2; exit 1 ;;
esac
target=${CARGO_TARGET_DIR:-target}
cli_log=$(mktemp)
cargo build --quiet --release --features cli >"$cli_log" 2>&1 &
cli_pid=$!
trap 'kill $(jobs -p) 2>/dev/null || true; rm -f "$cli_log"' EXIT
export CARGO_TARGET_DIR=$target/wasm

# One module: wasm-pack with the features given; then, in the background while the next module
# compiles, wasm-opt and the imports' hashed names shortened in the wasm and its glue
# (scripts/short-imports.mjs). Both are one core's work each.
# The release profile's opt-level is 3 for the command line; the wasm is built for size (sha2
# keeps 3 through its package override in Cargo.toml).
finish_pids=()
module() {
  local name=$1; shift
  CARGO_PROFILE_RELEASE_OPT_LEVEL=z RUSTFLAGS="$(conf build rustflags)" wasm-pack --quiet build --release \
    --target "$(conf build target)" --out-dir "$out" --out-name "$name" --no-typescript --no-pack \
    -- "$@"
  rm -f "$out/.gitignore" "$out/README.md" "$out/package.json"
  finish "$name" &
  finish_pids+=("$!")
}
finish() {
  local wasm="$out/${1}_bg.wasm"
  node .tools/node_modules/binaryen/bin/wasm-opt "${opt_args[@]}" "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  node scripts/short-imports.mjs "$wasm" "$out/$1.js"
}
mapfile -t opt_args < <(conf wasm-opt-args)
# The page's module; the hashing workers' (src/worker/); the paste analyser's, which the page
# loads on first use (src/web/paste.rs); report links', loaded only to read or make one
# (src/web/share.rs); the private cache guide's, loaded when its section is first opened
# (src/web/private_cache.rs).
module "$name" --no-default-features --features "$(conf build page-features)"
worker=$(conf build worker-out-name)
module "$worker" --no-default-features --features "$(conf build worker-features)"
paste=$(conf build paste-out-name)
module "$paste" --no-default-features --features "$(conf build paste-features)"
share=$(conf build share-out-name)
module "$share" --no-default-features --features "$(conf build share-features)"
cache=$(conf build cache-out-name)
module "$cache" --no-default-features --features "$(conf build cache-features)"
for pid in "${finish_pids[@]}"; do wait "$pid"; done

# Minified in place: whitespace and comments out, local names shortened; the files keep their
# names, so every path in the page, the worker and the service worker stays as written.
esbuild=.tools/node_modules/.bin/esbuild
for file in "$site"/*.js "$site"/*.css "$out/$name.js" "$out/$worker.js" "$out/$paste.js" "$out/$share.js" "$out/$cache.js"; do
  "$esbuild" "$file" --minify --log-level=warning --outfile="$file" --allow-overwrite
done
for file in "$site"/i18n/*.json "$site"/data/paste.json; do
  node -e 'const fs = require("fs"); const f = process.argv[1];
    fs.writeFileSync(f, JSON.stringify(JSON.parse(fs.readFileSync(f, "utf8"))));' "$file"
done

# The service worker's cache is named for this build: a new build, a new cache (www/sw.js).
build_id=$(find "$site" -type f ! -name build.js -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16)
echo "self.GOMIRROR_BUILD = '$build_id';" > "$out/build.js"
for module in "$name" "$worker" "$paste" "$share" "$cache"; do
  echo "build: $(du -h "$out/${module}_bg.wasm" | cut -f1) $out/${module}_bg.wasm"
done

# The command line for this machine, beside the page (its `#cli` section offers what
# cli/SHA256SUMS lists): the release binary (opt-level 3, unlike the wasm above) named with
# Go's GOOS and GOARCH, and one SHA256SUMS for every binary there. The Pages workflow adds the
# other platforms' binaries and writes SHA256SUMS again. After the build id: the service worker
# never caches cli/, so a new binary is not a new build of the page.
wait "$cli_pid" || { cat "$cli_log" >&2; exit 1; }
cat "$cli_log" >&2
rm -f "$cli_log"
mkdir -p "$site/cli"
cp "$target/release/gomirror$exe" "$site/cli/gomirror-$goos-$goarch$exe"
(cd "$site/cli" && sha256sum gomirror-* > SHA256SUMS)
echo "build: $(du -h "$site/cli/gomirror-$goos-$goarch$exe" | cut -f1) $site/cli/gomirror-$goos-$goarch$exe"
echo "site in $site/"
