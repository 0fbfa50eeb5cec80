#!/usr/bin/env bash
# Runs every test, installing what is missing first: formatting and lints, the native unit tests
# of the pure core, the browser layer in headless Chromium (wasm-bindgen-test), then the built
# page end to end (Playwright + Debian's Chromium against servers on 127.0.0.1), the
# shaped-network suite in a private network namespace of its own (unshare -n: loopback shaped
# with htb, nothing else reachable), smoke runs of the page in Firefox ESR (Marionette) and in
# WebKit, Safari's engine (WebKitWebDriver under Xvfb), and the
# command line (the release binary, scripts/build.sh makes it) against real servers, on
# loopback and on a shaped network.
# Ends with one line "tests: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --test
rustflags=$(python3 scripts/conf.py build rustflags)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step() { echo; echo "== $*"; }

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy (native with the command line, and wasm32)"
cargo clippy --quiet --all-targets --features cli,snapshot -- -D warnings
RUSTFLAGS="$rustflags" cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings
# Each module as scripts/build.sh builds it: the page, the workers, the paste analyser, report
# links and the private cache guide alone.
for module in page worker paste share cache; do
  RUSTFLAGS="$rustflags" cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features \
    --features "$(python3 scripts/conf.py build "$module-features")" -- -D warnings
done

step "native tests (cargo test, the command line's included)"
cargo test --features cli,snapshot 2>&1 | tee -a "$log"

step "browser layer in headless Chromium (wasm-pack test)"
RUSTFLAGS="$rustflags" wasm-pack test --headless --chrome 2>&1 | tee -a "$log"

step "build the page"
bash scripts/build.sh

step "end to end (Playwright)"
status=0
npx playwright test -c tests/e2e/playwright.config.mjs 2>&1 | tee -a "$log" || status=$?

step "end to end on a shaped network (Playwright in unshare -n)"
# Its specs set lo up and shape it themselves (tests/e2e/support/shaped.mjs).
unshare -n npx playwright test -c tests/e2e/shaped.config.mjs 2>&1 | tee -a "$log" || status=$?

step "Firefox ESR smoke run (Marionette)"
.tools/firefox-venv/bin/python tests/firefox/smoke.py 2>&1 | tee -a "$log" || status=$?

step "report links across engines: Chromium to Firefox ESR and back"
.tools/firefox-venv/bin/python tests/firefox/share.py 2>&1 | tee -a "$log" || status=$?

step "WebKit (Safari's engine) smoke run (WebKitWebDriver under Xvfb)"
python3 tests/webkit/smoke.py 2>&1 | tee -a "$log" || status=$?

step "the command line against real servers (Playwright's runner, no browser)"
# scripts/build.sh has built it for dist/cli/; this is a no-op then, and says so if not.
cargo build --quiet --release --features cli
npx playwright test -c tests/cli/cli.config.mjs 2>&1 | tee -a "$log" || status=$?

step "the command line on a shaped network (unshare -n)"
unshare -n npx playwright test -c tests/cli/cli-shaped.config.mjs 2>&1 | tee -a "$log" || status=$?

# One closing line for the whole run: cargo's and wasm-bindgen's "test result" lines,
# Playwright's summaries, the Firefox runs' "firefox: N passed, M failed" and
# "firefox share: N passed, M failed", and the WebKit run's "webkit: N passed, M failed".
python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
passed = failed = 0
for p, f in re.findall(r"test result: \w+\. (\d+) passed; (\d+) failed", text):
    passed += int(p); failed += int(f)
for n in re.findall(r"^\s+(\d+) passed \(", text, re.M):
    passed += int(n)
for n in re.findall(r"^\s+(\d+) (?:failed|flaky)$", text, re.M):
    failed += int(n)
for p, f in re.findall(r"^(?:firefox(?: share)?|webkit): (\d+) passed, (\d+) failed$", text, re.M):
    passed += int(p); failed += int(f)
print(f"tests: {passed} passed, {failed} failed")
PY
exit "$status"
