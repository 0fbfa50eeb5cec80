#!/usr/bin/env python3
"""A smoke run of the built page in WebKit, Safari's engine (Debian's WebKitGTK and its
WebDriver, `webkit2gtk-driver`), under Xvfb.

Many visitors open the page in Safari, and the page has a path for Safari alone: a download's
bytes sent to the hashing worker as chunk messages where a stream cannot be transferred. This
runs the page in that engine: it opens in English and in Chinese (navigator.language from the
browser's locale, `<html lang>` following it), a chosen file gets its verdict (`match`, and
`truncated` for a cut copy), a download from a mirror is verified twice, once on the path the
engine takes on its own and once forced onto the message path (the verdict's `data-feed` says
which ran), a file chosen right after the load event is checked once the page can, the mirror table settles with a CORS mirror fully measured, and after a reload with
the site's server stopped the page still opens from its service worker and verifies a file.

What it decides: the checks and the servers they run against (a copy of dist/ with its own
release list and catalog, and a mirror with CORS and Range, on 127.0.0.1). What it leaves to
others: the engine itself (WebKitWebDriver starts MiniBrowser, TOOLCHAIN.md's capabilities),
spoken to over plain WebDriver HTTP with urllib, so the system python3 runs it as it is. As root
it runs itself inside `unshare -n`, a network namespace with loopback only.

    python3 tests/webkit/smoke.py [--site dist]

Ends with one line "webkit: N passed, M failed"; exits non-zero when a check failed.
"""

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import engines  # noqa: E402  (the servers and checks every engine's run shares)
from engines import (  # noqa: E402
    GOOD_NAME, VERSION, Checks, SiteHandler, serve, serve_mirror, site_copy,
)
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
# The W3C name of an element reference in WebDriver's answers.
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
# The page as Safari opens it, but with the worker refusing a transferred stream; the script
# runs before the page's module (classic scripts run in order, a module after parsing).
LIKE_SAFARI_PAGE = "like-safari.html"
LIKE_SAFARI_SCRIPT = """// tests/webkit/smoke.py: a Worker that cannot take a transferred ReadableStream, as Safari's
// cannot, so that the page sends a download's bytes to its hashing worker as messages.
window.gomirrorRefusedStreams = 0;
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, transfer) {
  if ([transfer ?? []].flat().some((t) => t instanceof ReadableStream)) {
    window.gomirrorRefusedStreams += 1;
    throw new DOMException('ReadableStream could not be transferred', 'DataCloneError');
  }
  return post.call(this, message, transfer);
};
"""


def go_archive() -> bytes:
    """A Go-distribution-shaped .tar.gz of about 1.5 MB: a real gzip of a real tar, with a
    binary that does not compress, so that a download arrives in many chunks."""
    binary = b"".join(hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(48_000))
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in [("go/VERSION", f"{VERSION}\n".encode()), ("go/bin/go", binary)]:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_767_225_600
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(out.getvalue(), mtime=0)


class WebDriverError(Exception):
    pass


class Session:
    """One WebDriver session of WebKitWebDriver, spoken to over HTTP (the W3C protocol)."""

    def __init__(self, port: int, startup_s: float = 30):
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + startup_s
        while True:
            try:
                self.id = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
                    "browserName": "MiniBrowser",
                    "webkitgtk:browserOptions": {"binary": MINIBROWSER, "args": ["--automation"]},
                }}})["sessionId"]
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.call("POST", f"/session/{self.id}/timeouts", {"script": 30_000})

    def call(self, method, path, body=None, timeout_s=60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as e:
            try:
                value = json.load(e)["value"]
                message = f"{value.get('error')}: {value.get('message')}"
            except (ValueError, KeyError, AttributeError):
                message = f"HTTP {e.code}"
            raise WebDriverError(f"{method} {path}: {message}") from None

    def __call__(self, method, what="", body=None):
        return self.call(method, f"/session/{self.id}{what}", body)

    def navigate(self, url):
        self("POST", "/url", {"url": url})

    def refresh(self):
        self("POST", "/refresh", {})

    def js(self, script, *args):
        return self("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        return self("POST", "/execute/async", {"script": script, "args": list(args)})

    def element(self, css):
        return self("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def choose_file(self, css, path: Path):
        # Element Send Keys on an <input type=file> sets its files (WebDriver, 12.5.3).
        self("POST", f"/element/{self.element(css)}/value", {"text": str(path)})

    def click(self, css):
        self("POST", f"/element/{self.element(css)}/click", {})

    def attr(self, selector, name):
        return self.js("const e = document.querySelector(arguments[0]);"
                       " return e ? e.getAttribute(arguments[1]) : null;", selector, name)

    def until(self, what, condition, timeout_s=30):
        """Polls `condition` (a function of nothing) until it gives something truthy."""
        deadline = time.monotonic() + timeout_s
        last = None
        while True:
            try:
                got = condition()
                if got:
                    return got
            except WebDriverError as e:  # a script that threw while the page changed
                last = e
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {what} after {timeout_s} s" + (f" ({last})" if last else ""))
            time.sleep(0.1)

    def close(self):
        try:
            self("DELETE")
        except Exception:
            pass


VERDICTS = """return [...document.querySelectorAll('[data-testid="verdict"]')]
  .filter((x) => x.getAttribute('data-file') === arguments[0]
                 && x.getAttribute('data-origin') === arguments[1])
  .map((x) => [x.getAttribute('data-verdict'), x.getAttribute('data-sha256'),
               x.getAttribute('data-saved'), x.getAttribute('data-feed')]);"""


def settled_verdicts(s: Session, origin, count, timeout_s=60):
    """The verdicts of `count` checks of GOOD_NAME from `origin` (null: a chosen file,
    "download": a download), once none is pending."""
    def done():
        got = s.js(VERDICTS, GOOD_NAME, origin)
        return got if len(got) == count and all(v[0] not in (None, "pending") for v in got) else None
    return s.until(f"{count} settled verdict(s)", done, timeout_s)


def start_driver(work: Path, lang: str):
    """WebKitWebDriver under Xvfb, its browser in `lang`'s locale: WebKitGTK takes
    navigator.language from the process's LC_CTYPE locale, as a visitor's desktop sets it. The
    locale (en_US.UTF-8, zh_CN.UTF-8) is compiled into the run's own directory (localedef,
    LOCPATH) rather than asked of the system, which may have only C.UTF-8."""
    env = {**os.environ, "HOME": str(work / f"home-{lang}")}
    for name in ("LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES"):
        env.pop(name, None)
    locale = lang.replace("-", "_") if "-" in lang else {"en": "en_US"}[lang]
    locales = work / "locale"
    locales.mkdir(exist_ok=True)
    subprocess.run(["localedef", "-i", locale, "-f", "UTF-8", str(locales / f"{locale}.UTF-8")],
                   check=True, capture_output=True)
    env.update(LOCPATH=str(locales), LANG=f"{locale}.UTF-8")
    port = engines.free_port()
    log = open(work / f"webkit-{lang}.log", "w")
    process = subprocess.Popen(["xvfb-run", "-a", "WebKitWebDriver", f"--port={port}"],
                               stdout=log, stderr=subprocess.STDOUT, env=env,
                               start_new_session=True)
    return process, port


def stop_driver(process):
    # xvfb-run's own group: the driver, Xvfb and the browser it started.
    try:
        os.killpg(process.pid, 15)
        process.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass


def run(args) -> int:
    checks = Checks("webkit")
    work = Path(tempfile.mkdtemp(prefix="gomirror-webkit-"))
    servers = []
    try:
        archive = go_archive()
        digest = hashlib.sha256(archive).hexdigest()
        files, cut = engines.files_to_choose(work, archive)

        mirror = serve_mirror(work, archive)
        servers.append(mirror)
        site_root = site_copy(work, args.site, archive, digest, mirror, "Local mirror", "gomirror webkit smoke")
        index = (site_root / "index.html").read_text()
        module = '<script type="module" src="main.js"></script>'
        assert module in index, f"no {module} in dist/index.html"
        (site_root / "like-safari.js").write_text(LIKE_SAFARI_SCRIPT)
        (site_root / LIKE_SAFARI_PAGE).write_text(
            index.replace(module, f'<script src="like-safari.js"></script>\n{module}'))
        site = serve(site_root, SiteHandler)
        servers.append(site)
        url = f"http://127.0.0.1:{site.server_address[1]}/"

        # Chinese first: the English run ends with the site's server stopped (offline).
        for lang in ("zh-CN", "en"):
            process, port = start_driver(work, lang)
            s = None
            try:
                s = Session(port)
                checks_in(checks, s, lang, url, files, cut, digest, site)
            finally:
                if s:
                    s.close()
                stop_driver(process)
    except Exception as e:
        checks.setup_failed(e)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        logs = sorted(work.glob("webkit-*.log"))
        status = checks.close(logs)
        engines.remove(work)
    return status


def checks_in(checks: Checks, s: Session, lang, url, files: Path, cut: Path, digest, site):
    """The checks of one browser, opened in `lang`."""
    row = 'tr[data-mirror-id="local"]'

    def ready(page_url):
        s.navigate(page_url)
        s.until(f"<html lang={lang}>", lambda: s.js("return document.documentElement.lang") == lang)
        # The page takes files once its list is in (issue 16 §5: not before the wasm is ready).
        return s.until("#checksum-source[data-source]", lambda: s.attr("#checksum-source", "data-source"))

    def opens():
        source = ready(url)
        return f"navigator.language {s.js('return navigator.language')}, list: {source}"

    def matches():
        s.choose_file("#file-input", files / GOOD_NAME)
        got = settled_verdicts(s, None, 1)
        assert got[0][:2] == ["match", digest], f"verdict {got[0][:2]}, want match {digest[:12]}…"
        return "match"

    def truncated():
        s.choose_file("#file-input", cut)
        got = [v[0] for v in settled_verdicts(s, None, 2)]
        assert got == ["match", "truncated"], f"verdicts {got}"
        return "truncated"

    def settles():
        s.until("#mirror-table[data-settled=true]",
                lambda: s.attr("#mirror-table", "data-settled") == "true", 40)
        status = s.attr(row, "data-status")
        rate = s.attr(row, "data-throughput-bps")
        assert status == "ok", f"the CORS mirror's row is {status!r} ({s.attr(row, 'data-reason')})"
        assert rate and int(rate) > 0, f"no throughput: {rate!r}"
        return f"local mirror ok, {int(rate):,} B/s, {s.attr(row, 'data-latency-ms')} ms"

    def downloads(want_feed=None):
        """Download-and-verify from the local mirror; the path the bytes took to the worker."""
        s.until("the local mirror measured", lambda: s.attr(row, "data-status") == "ok", 40)
        s.click(f'#mirror-table {row} [data-testid="fetch-verify"]')
        verdict, sha256, saved, feed = settled_verdicts(s, "download", 1)[0]
        assert [verdict, sha256] == ["match", digest], f"verdict {verdict} {sha256}"
        assert saved == "memory", f"data-saved {saved!r}, want memory (no save dialog here)"
        assert feed in ("stream", "messages"), f"data-feed {feed!r}"
        if want_feed:
            assert feed == want_feed, f"data-feed {feed!r}, want {want_feed}"
        return feed

    def own_path():
        # What this engine can do: transfer a stream through a port, or not (Safari).
        can, refusal = s.js("""try {
            const stream = new ReadableStream(), channel = new MessageChannel();
            channel.port1.postMessage(stream, [stream]);
            channel.port1.close();
            return ['stream', null];
          } catch (e) { return ['messages', `${e.name}: ${e.message}`]; }""")
        feed = downloads(can)
        return f"data-feed {feed}, as the engine can" + (f": a transfer throws {refusal}" if refusal else "")

    def message_path():
        ready(url + LIKE_SAFARI_PAGE)
        feed = downloads("messages")
        refused = s.js("return window.gomirrorRefusedStreams")
        assert refused and refused >= 1, f"the stream was never offered to the worker ({refused!r})"
        return f"data-feed {feed}, {refused} transfer refused"

    def chosen_at_load():
        # Issue 16 §5: in WebKit a file chosen right after the load event came before the page's
        # own listeners; early.js keeps it until the page can check it.
        s.navigate(url)
        s.choose_file("#file-input", files / GOOD_NAME)
        early = s.attr("#checksum-source", "data-source") is None
        got = settled_verdicts(s, None, 1)
        assert got[0][:2] == ["match", digest], f"verdict {got[0][:2]}"
        return "match, chosen " + ("before the page was ready" if early else "once the page was ready")

    def worker_controls():
        try:
            s.js_async("navigator.serviceWorker.ready.then(() => arguments[arguments.length - 1](true));")
        except Exception as e:
            # What the registration was doing says why (an install that failed leaves none).
            state = s.js_async(
                "const done = arguments[arguments.length - 1];"
                "navigator.serviceWorker.getRegistration().then((r) => done(r ? {"
                " installing: r.installing && r.installing.state, waiting: r.waiting && r.waiting.state,"
                " active: r.active && r.active.state } : null), (x) => done(String(x)));")
            raise AssertionError(f"no service worker became ready ({e}); its registration: {state}") from e
        # Back on the page itself (the message path's copy is not the app's, nor precached).
        s.navigate(url)
        s.refresh()
        s.until("a controlling service worker",
                lambda: s.js("return navigator.serviceWorker.controller !== null"))

    def offline():
        site.shutdown()
        site.server_close()
        s.refresh()
        s.until(f"<html lang={lang}>", lambda: s.js("return document.documentElement.lang") == lang)
        source = s.until("#checksum-source[data-source]", lambda: s.attr("#checksum-source", "data-source"))
        assert s.js("return navigator.serviceWorker.controller !== null"), "no service worker controls it"
        s.choose_file("#file-input", files / GOOD_NAME)
        got = settled_verdicts(s, None, 1)
        assert got[0][:2] == ["match", digest], f"verdict {got[0][:2]}"
        return f"list: {source}, match"

    checks.run(f"[{lang}] the page opens in {lang}", opens)
    checks.run(f"[{lang}] a chosen file with an official sha256 is a match", matches)
    if lang == "en":
        checks.run(f"[{lang}] a cut copy of it is truncated", truncated)
    checks.run(f"[{lang}] the mirror table settles, the CORS mirror measured", settles)
    if lang == "en":
        checks.run(f"[{lang}] download and verify, on the engine's own path", own_path)
        checks.run(f"[{lang}] download and verify, its bytes sent as messages", message_path)
        checks.run(f"[{lang}] a file chosen at the load event is checked once", chosen_at_load)
        checks.run(f"[{lang}] the service worker controls the page after a reload", worker_controls)
        checks.run(f"[{lang}] offline after a reload: the page opens and verifies a file", offline)


if __name__ == "__main__":
    sys.exit(engines.main("webkit", __doc__, run))
