"""What the runs of the page in other engines share (tests/firefox/*.py, tests/webkit/smoke.py):
the servers on 127.0.0.1 (a copy of the built site with its own release list and catalog, and a
mirror with CORS and Range), the named checks with their closing line, and the way each run puts
itself in a network namespace of its own with loopback only.

What each engine's run decides, it keeps: how its browser is started and driven, and the checks.
Standard library only, so that the system python3 (WebKit) and the Marionette venv (Firefox)
both import it.
"""

import argparse
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "go1.99.1"
GOOD_NAME = f"{VERSION}.linux-amd64.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def remove(work: Path):
    shutil.rmtree(work, ignore_errors=True)


class SiteHandler(SimpleHTTPRequestHandler):
    """The page's files, never cached by the browser (each run is a fresh build)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".json": "application/json"}

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


class MirrorHandler(SiteHandler):
    """A mirror an operator set up as the README asks: CORS, Range, Timing-Allow-Origin."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "Content-Range, Content-Length")
        self.send_header("Timing-Allow-Origin", "*")
        super().end_headers()

    def send_head(self):
        spec = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        if not spec.startswith("bytes=") or not path.is_file():
            return super().send_head()
        data = path.read_bytes()
        first, _, last = spec[6:].partition("-")
        start = int(first) if first else max(0, len(data) - int(last))
        end = min(int(last), len(data) - 1) if first and last else len(data) - 1
        if start >= len(data):
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return io.BytesIO(data[start:end + 1])


def serve(directory: Path, handler) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve_mirror(work: Path, archive: bytes) -> ThreadingHTTPServer:
    """A mirror under `work/mirror` that holds the archive as `golang/GOOD_NAME`."""
    root = work / "mirror"
    (root / "golang").mkdir(parents=True)
    (root / "golang" / GOOD_NAME).write_bytes(archive)
    return serve(root, MirrorHandler)


def files_to_choose(work: Path, archive: bytes):
    """The archive as a visitor would choose it (`work/files/GOOD_NAME`) and a copy cut in half
    under the same name (`work/files/cut/GOOD_NAME`): the folder and the cut file."""
    files = work / "files"
    (files / "cut").mkdir(parents=True)
    (files / GOOD_NAME).write_bytes(archive)
    cut = files / "cut" / GOOD_NAME
    cut.write_bytes(archive[: len(archive) // 2])
    return files, cut


def site_copy(work: Path, site: Path, archive: bytes, digest: str, mirror, mirror_name: str,
              source: str) -> Path:
    """A copy of the built site under `work/site` whose release list holds the archive alone and
    whose catalog has no live checksum source and one mirror, `local`, the one given."""
    root = work / "site"
    shutil.copytree(site, root)
    releases = [{"version": VERSION, "stable": True, "files": [{
        "filename": GOOD_NAME, "os": "linux", "arch": "amd64", "version": VERSION,
        "sha256": digest, "size": len(archive), "kind": "archive"}]}]
    catalog = {"checksum_sources": [], "mirrors": [{
        "id": "local", "name": mirror_name, "official": False, "region": "cn",
        "url": f"http://127.0.0.1:{mirror.server_address[1]}/golang/{{file}}"}]}
    (root / "data" / "releases.json").write_text(json.dumps(releases))
    (root / "data" / "catalog.json").write_text(json.dumps(catalog))
    (root / "data" / "snapshot.json").write_text(json.dumps({"generated": "2026-10-31", "source": source}))
    return root


class Checks:
    """Named checks, each passed or failed with a reason; printed as they finish."""

    def __init__(self, name: str):
        self.name = name
        self.passed = self.failed = 0

    def run(self, name, check):
        started = time.monotonic()
        try:
            detail = check()
        except Exception as e:  # a failed check of any kind: say which and go on
            self.failed += 1
            print(f"FAIL {name}: {type(e).__name__}: {str(e).strip()[:300]}", flush=True)
            return
        self.passed += 1
        note = f" ({detail})" if detail else ""
        print(f"ok   {name}{note} [{time.monotonic() - started:.1f} s]", flush=True)

    def setup_failed(self, e: Exception):
        self.failed += 1
        print(f"FAIL setting up: {type(e).__name__}: {e}", flush=True)

    def close(self, logs=()) -> int:
        """Prints the last lines of the browser's logs when a check failed, then the run's closing
        line ("NAME: N passed, M failed"); the exit status: non-zero when anything failed or
        nothing ran."""
        if self.failed:
            for log in logs:
                print(f"--- {log.name} (last lines)")
                print("\n".join(log.read_text(errors="replace").splitlines()[-15:]))
        print(f"{self.name}: {self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed or not self.passed else 0


def main(name: str, doc: str, run, options=()) -> int:
    """Parses `--site` (and `options`: `(flag, default, help)`), and, as root, runs `run(args)`
    inside `unshare -n`: loopback only, so whatever the browser or the page tries beyond
    127.0.0.1 fails at once."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "dist", help="the built site (dist/)")
    for flag, default, words in options:
        parser.add_argument(flag, default=default, help=words)
    parser.add_argument("--in-namespace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (args.site / "pkg").is_dir():
        print(f"{name}: no built site at {args.site} (run scripts/build.sh)", file=sys.stderr)
        print(f"{name}: 0 passed, 1 failed")
        return 1
    if not args.in_namespace and os.geteuid() == 0 and shutil.which("unshare"):
        os.execvp("unshare", ["unshare", "-n", "--", sys.executable, *sys.argv, "--in-namespace"])
    if args.in_namespace:
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    return run(args)
