#!/usr/bin/env bash
# Installs what building (and, with --test, testing) needs, only where it is missing or of the
# wrong version. Versions come from wasm-pack.toml and Cargo.lock, nowhere else.
set -euo pipefail
cd "$(dirname "$0")/.."
conf() { python3 scripts/conf.py "$@"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

wbg=$(conf lock wasm-bindgen)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
  echo "setup: installing wasm-bindgen-cli $wbg (about 4 minutes)"
  # Not --locked: its lockfile pins a crate the registry mirror here does not serve (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "=$wbg" --force
fi

wp=$(conf tool wasm-pack)
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$wp" ]; then
  echo "setup: installing wasm-pack $wp (about 4 minutes)"
  cargo install wasm-pack --version "=$wp" --locked --force
fi

# The build's npm tools, kept apart from the tests' packages: wasm-opt and the minifier.
npm_tools="binaryen@$(conf tool binaryen) esbuild@$(conf tool esbuild)"
if [ "$(cat .tools/npm.version 2>/dev/null)" != "$npm_tools" ]; then
  echo "setup: installing $npm_tools (npm)"
  mkdir -p .tools
  # shellcheck disable=SC2086 # one word a package
  npm install --silent --no-audit --no-fund --prefix .tools $npm_tools
  echo "$npm_tools" > .tools/npm.version
fi

if [ "${1:-}" = "--test" ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # The end-to-end suites' browser: the same Chromium as the headless shell (half the CPU).
  command -v chromium-headless-shell >/dev/null || missing+=(chromium-headless-shell)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  # The shaped-network suite: tc and ip to shape loopback, curl for the reference speeds.
  command -v tc >/dev/null || [ -x /usr/sbin/tc ] || missing+=(iproute2)
  command -v curl >/dev/null || missing+=(curl)
  # Chinese glyphs for the screenshots of the zh-CN page.
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  # The other engine's smoke run (tests/firefox/), and the venv its driver lives in.
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  # Safari's engine (tests/webkit/): WebKitGTK's WebDriver and its MiniBrowser, a display for
  # them, and the locale sources its run compiles en_US and zh_CN from (localedef).
  command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || missing+=(xvfb)
  [ -e /usr/share/i18n/locales/zh_CN ] || missing+=(locales)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # marionette_driver in a venv of the project's own (.tools/), never in the system's Python;
  # pure Python from PyPI: nothing to compile, unlike geckodriver from crates.io.
  driver="marionette_driver==$(conf tool marionette_driver)"
  if [ "$(cat .tools/firefox-venv.version 2>/dev/null)" != "$driver" ]; then
    echo "setup: installing $driver (PyPI, into .tools/firefox-venv)"
    rm -rf .tools/firefox-venv
    python3 -m venv .tools/firefox-venv
    .tools/firefox-venv/bin/pip install --quiet --disable-pip-version-check "$driver"
    echo "$driver" > .tools/firefox-venv.version
  fi
  # npm ci only when the lockfile changed since the last install.
  if ! [ node_modules/.installed -nt package-lock.json ]; then
    npm ci --no-audit --no-fund
    touch node_modules/.installed
  fi
fi
