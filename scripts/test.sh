#!/usr/bin/env bash
# Runs every test, installing what is missing first: formatting and lints, the native unit tests
# of the pure core, the browser layer in headless Chromium (wasm-bindgen-test), then the built
# page end to end (Playwright + Debian's Chromium against servers on 127.0.0.1), the
# shaped-network suites in private network namespaces (unshare -n: loopback shaped with htb,
# nothing else reachable), smoke runs of the page in Firefox ESR (Marionette) and in WebKit,
# Safari's engine (WebKitWebDriver under Xvfb), and the command line (the release binary,
# scripts/build.sh makes it) against real servers, on loopback and on a shaped network.
#
# What runs side by side, and why (the CPU has two cores):
# - scripts/build.sh (release profile) builds while the lints and the debug-profile tests run,
#   since cargo locks each profile's directory apart;
# - the suites paced by the network or by waiting (the command line's, whose tests wait on
#   servers and budgets; Firefox and WebKit) run in the background while the end-to-end suite
#   takes the CPU in the foreground; each shaped spec file has a namespace of its own;
# - the suites held to nginx's configured rates (the page's shaped ones and mirrors.spec.mjs)
#   run last, beside one another only, on an otherwise quiet machine.
# A background suite's output is kept apart and printed whole when it ends; its failures fail
# the run.
# Every step prints its wall time at its end ("== step (took N s)"), and a table closes the run.
# Ends with one line "tests: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --test
rustflags=$(python3 scripts/conf.py build rustflags)
log=$(mktemp)
status=0
run_start=$(date +%s)

# Steps in the foreground, one after another; each one's wall time goes into `timings`.
timings=()
step_name=
step_start=0
end_step() {
  [[ -n $step_name ]] || return 0
  local took=$(($(date +%s) - step_start))
  echo "== $step_name (took $took s)"
  timings+=("$took"$'\t'"$step_name")
  step_name=
}
step() {
  end_step
  report_finished
  step_name=$*
  step_start=$(date +%s)
  echo
  echo "== $*"
}

# Suites in the background: each in a process group of its own (setsid), so that an aborted run
# stops it whole; its output in a file of its own, printed whole and added to the count when it
# ends; the time it ended in "<file>.end".
bg_pids=()
bg_names=()
bg_outs=()
bg_starts=()
background() {
  local name=$1
  shift
  local out
  end_step
  out=$(mktemp)
  setsid -w bash -c '"$@"; rc=$?; date +%s >"$0.end"; exit $rc' "$out" "$@" >"$out" 2>&1 &
  bg_pids+=("$!")
  bg_names+=("$name")
  bg_outs+=("$out")
  bg_starts+=("$(date +%s)")
  echo
  echo "== $name: started in the background; its output follows when it ends"
}
# Waits for background suite $1, prints its output whole and takes its exit status (also left
# in bg_rc).
bg_rc=0
report_background() {
  local i=$1 rc=0 took
  wait "${bg_pids[i]}" || rc=$?
  bg_rc=$rc
  took=$(($(cat "${bg_outs[i]}.end" 2>/dev/null || date +%s) - bg_starts[i]))
  echo
  echo "== ${bg_names[i]} (in the background)"
  cat "${bg_outs[i]}"
  cat "${bg_outs[i]}" >>"$log"
  echo "== ${bg_names[i]} (took $took s, in the background; exit $rc)"
  timings+=("$took"$'\t'"${bg_names[i]} (background)")
  ((rc == 0)) || status=$rc
  rm -f "${bg_outs[i]}" "${bg_outs[i]}.end"
  bg_pids[i]=
}
# Prints the background suites that have ended, between two steps of the foreground.
report_finished() {
  local i
  for i in "${!bg_pids[@]}"; do
    if [[ -n ${bg_pids[i]} && -e ${bg_outs[i]}.end ]]; then report_background "$i"; fi
  done
}
# Waits for the background step named $1.
await_background() {
  local i
  for i in "${!bg_pids[@]}"; do
    if [[ -n ${bg_pids[i]} && ${bg_names[i]} == "$1" ]]; then report_background "$i"; fi
  done
}
# Waits for every background suite, printing each as it ends.
wait_background() {
  local i left=1
  while ((left)); do
    report_finished
    left=0
    for i in "${!bg_pids[@]}"; do [[ -z ${bg_pids[i]} ]] || left=1; done
    ((left == 0)) || sleep 1
  done
}
# An aborted run (a failed lint or build) stops what still runs in the background.
cleanup() {
  local pid
  for pid in "${bg_pids[@]}"; do [[ -z $pid ]] || kill -- "-$pid" 2>/dev/null || true; done
  rm -f "$log"
}
trap cleanup EXIT

step "cargo fmt --check"
cargo fmt --check

# The page's build is the release profile (LTO with one codegen unit, then wasm-opt) in target
# directories cargo locks apart from target/debug: it builds while the lints and the
# debug-profile tests below run.
build="build the page (scripts/build.sh)"
background "$build" bash scripts/build.sh

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
# The runner gives each test binary 20 s in all by default, which the debug build's gzip checks
# overran on a loaded machine (the page's build runs beside them now): a deadline of the
# harness, not of any test, so a wider one drops no check.
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120} RUSTFLAGS="$rustflags" \
  wasm-pack test --headless --chrome 2>&1 | tee -a "$log"

step "the page's build, awaited"
await_background "$build"
((bg_rc == 0)) || exit "$bg_rc"
# scripts/build.sh has built the command line for dist/cli/; this is a no-op then, and says so
# if not.
cargo build --quiet --release --features cli

# Each spec file of a shaped suite in a network namespace of its own, all at once in the
# background: a loopback, an htb tree and servers of its own, so that none shares a link, a
# qdisc or a port with another. They wait on shaped links, not on the CPU (the page's shaped
# suite used 16 s of CPU in 127 s). $1 names the suite, $2 is its config, the rest its files;
# each run has its own output folder, since Playwright empties a run's folder when it starts.
shaped_background() {
  local name=$1 config=$2 spec
  shift 2
  for spec in "$@"; do
    background "$name: $(basename "$spec")" unshare -n npx playwright test -c "$config" \
      --trace off --output "test-results/$(basename "$config" .config.mjs)-$(basename "$spec" .spec.mjs)" "$spec"
  done
}

# Suites paced by the network or by waiting on servers and budgets, not by the CPU, run in the
# background while the end-to-end suite takes the CPU in the foreground (the command line's used
# 39 s of CPU in 177 s). Every server listens on a free port. The command line's shaped figures
# are checked against curl's, measured in the same run under the same load.
shaped_background "the command line on a shaped network (unshare -n)" tests/cli/cli-shaped.config.mjs \
  tests/cli/shaped/*.spec.mjs
# Two workers, a spec file each at a time: get.spec.mjs (about 140 s) beside the rest.
background "the command line against real servers (Playwright's runner, no browser)" \
  npx playwright test -c tests/cli/cli.config.mjs --workers=2
# The Firefox and WebKit runs put themselves in unshare -n; one after the other, one browser at
# a time.
background "Firefox ESR (a smoke run, then report links across engines: Chromium to Firefox ESR and back), then WebKit, Safari's engine (WebKitWebDriver under Xvfb)" \
  bash -c '.tools/firefox-venv/bin/python tests/firefox/smoke.py; s=$?
    .tools/firefox-venv/bin/python tests/firefox/share.py || s=$?
    python3 tests/webkit/smoke.py || s=$?; exit $s'

# Two workers, files shared between them. Without traces (--trace off): recording one for every
# test took a seventh of the suite's CPU; a failing test is run again with
# `--trace retain-on-failure` to see why.
step "end to end (Playwright, two workers)"
mapfile -t e2e_specs < <(find tests/e2e -maxdepth 1 -name '*.spec.mjs' ! -name mirrors.spec.mjs | sort)
npx playwright test -c tests/e2e/playwright.config.mjs --trace off --workers=2 "${e2e_specs[@]}" 2>&1 |
  tee -a "$log" || status=$?

# Not beside the end-to-end suite: the page's shaped figures and mirrors.spec.mjs's are held to
# the rate nginx was given, not to a reference of the same run, and a busy CPU slows nginx and
# Chromium (beside the suite, one figure read 11 % under its rate, and with the full browser
# 4 of 7 read 20-40 % under). The shaped specs (each in a namespace of its own) and
# mirrors.spec.mjs (one test at a time on the machine's own loopback: a 15 s budget, and rates
# paced by the runner's own timers) run beside one another: together they use a third of a core.
shaped_background "the page on a shaped network (unshare -n)" tests/e2e/shaped.config.mjs \
  tests/e2e/shaped/*.spec.mjs
step "end to end: mirrors.spec.mjs alone (beside the page's shaped suite)"
npx playwright test -c tests/e2e/playwright.config.mjs --trace off --output test-results/e2e-mirrors \
  tests/e2e/mirrors.spec.mjs 2>&1 | tee -a "$log" || status=$?

step "the background suites' end, awaited"
wait_background
end_step

echo
echo "== wall time per step (background ones overlap the foreground)"
for row in "${timings[@]}"; do
  printf '%6d s  %s\n' "${row%%$'\t'*}" "${row#*$'\t'}"
done
echo "  total $(($(date +%s) - run_start)) s"

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
