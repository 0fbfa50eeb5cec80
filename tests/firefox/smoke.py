#!/usr/bin/env python3
"""A smoke run of the built page in Firefox ESR (Debian's firefox-esr), driven through Marionette.

Playwright drives only Chromium here (TOOLCHAIN.md, "Other browsers"), so this checks that the
page works in the other engine too: it opens in English and in Chinese (navigator.language from
the `intl.accept_languages` pref, `<html lang>` following it), a chosen file gets its verdict
(`match` for a file whose sha256 is in the served release list, `truncated` for a cut copy),
the mirror table settles with a CORS mirror fully measured, and the service worker takes
control of the page.

It serves a copy of the built site (dist/) on 127.0.0.1 with its own release list and catalog,
and one mirror (a static server with CORS and Range) on another port. As root it runs itself
inside `unshare -n`, a network namespace with loopback only, so neither the page nor Firefox
can reach anything else; prefs turn Firefox's background traffic off as well.

    .tools/firefox-venv/bin/python tests/firefox/smoke.py [--site dist] [--firefox firefox-esr]

(scripts/setup.sh --test makes that venv, with marionette_driver at the version wasm-pack.toml
pins.) Ends with one line "firefox: N passed, M failed"; exits non-zero when a check failed.
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
from pathlib import Path

from marionette_driver import By, Wait, errors
from marionette_driver.marionette import Marionette

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import engines  # noqa: E402  (the servers and checks every engine's run shares)
from engines import (  # noqa: E402
    GOOD_NAME, VERSION, Checks, SiteHandler, serve, serve_mirror, site_copy,
)

# Firefox's own traffic off (update checks, telemetry, safe browsing, remote settings, captive
# portal and connectivity probes, prefetching). Marionette adds its recommended prefs on top.
QUIET_PREFS = {
    "app.update.disabledForTesting": True,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.newtabpage.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.blockedURIs.enabled": False,
    "browser.search.update": False,
    "browser.region.network.url": "",
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "extensions.blocklist.enabled": False,
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.http.speculative-parallel-limit": 0,
    "network.trr.mode": 5,
    "media.gmp-manager.url": "",
    "geo.provider.network.url": "",
    "messaging-system.rsexperimentloader.enabled": False,
}


def go_archive() -> bytes:
    """A small Go-distribution-shaped .tar.gz: a real gzip of a real tar."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, size in [("go/VERSION", 0), ("go/bin/go", 200_000), ("go/src/runtime/proc.go", 60_000)]:
            data = f"{VERSION}\n".encode() if size == 0 else bytes((i * 7 + size) % 251 for i in range(size))
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_767_225_600
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(out.getvalue(), mtime=0)


def attr(m, selector, name):
    return m.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
        script_args=[selector, name])


def wait_for(m, what, condition, timeout=30):
    return Wait(m, timeout=timeout, interval=0.2,
                ignored_exceptions=errors.JavascriptException).until(condition, message=what)


def verdict_of(m, name, timeout=60):
    """The settled `data-verdict` and `data-sha256` of the verdict element for file `name`."""
    script = """
      const e = [...document.querySelectorAll('[data-testid="verdict"]')]
        .find((x) => x.getAttribute('data-file') === arguments[0]);
      const v = e?.getAttribute('data-verdict');
      return v && v !== 'pending' ? [v, e.getAttribute('data-sha256')] : null;
    """
    return wait_for(m, f"a verdict for {name}", lambda m: m.execute_script(script, script_args=[name]), timeout)


def start_firefox(binary, lang, work: Path):
    profile = work / f"profile-{lang}"
    profile.mkdir()
    port = engines.free_port()
    prefs = {**QUIET_PREFS, "marionette.port": port, "intl.accept_languages": lang}
    (profile / "user.js").write_text(
        "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()))
    log = open(work / f"firefox-{lang}.log", "w")
    process = subprocess.Popen(
        [binary, "--headless", "--marionette", "--no-remote", "--profile", str(profile), "about:blank"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "MOZ_HEADLESS": "1"})
    client = Marionette(host="127.0.0.1", port=port, startup_timeout=60)
    client.start_session()
    client.timeout.script = 30
    return process, client


def run(args) -> int:
    checks = Checks("firefox")
    work = Path(tempfile.mkdtemp(prefix="gomirror-firefox-"))
    servers = []
    try:
        archive = go_archive()
        digest = hashlib.sha256(archive).hexdigest()
        files, cut = engines.files_to_choose(work, archive)

        mirror = serve_mirror(work, archive)
        servers.append(mirror)
        site_root = site_copy(work, args.site, archive, digest, mirror, "Local mirror", "gomirror firefox smoke")
        site = serve(site_root, SiteHandler)
        servers.append(site)
        url = f"http://127.0.0.1:{site.server_address[1]}/"

        for lang in ("en", "zh-CN"):
            process, m = start_firefox(args.firefox, lang, work)
            try:
                def opens():
                    m.navigate(url)
                    wait_for(m, f"<html lang={lang}>",
                             lambda m: m.execute_script("return document.documentElement.lang") == lang)
                    wait_for(m, "#checksum-source[data-source]",
                             lambda m: attr(m, "#checksum-source", "data-source"))
                    return f"navigator.language {m.execute_script('return navigator.language')}, " \
                           f"list: {attr(m, '#checksum-source', 'data-source')}"

                def matches():
                    m.find_element(By.CSS_SELECTOR, "#file-input").send_keys(str(files / GOOD_NAME))
                    got = verdict_of(m, GOOD_NAME)
                    assert got == ["match", digest], f"verdict {got}, want match {digest[:12]}…"
                    return "match"

                def truncated():
                    m.find_element(By.CSS_SELECTOR, "#file-input").send_keys(str(cut))
                    # The first element of that name is the good file's; the cut copy's is the second.
                    script = """return [...document.querySelectorAll('[data-testid="verdict"]')]
                      .filter((x) => x.getAttribute('data-file') === arguments[0])
                      .map((x) => x.getAttribute('data-verdict'));"""
                    wait_for(m, "two verdicts", lambda m: len(m.execute_script(script, script_args=[GOOD_NAME])) == 2
                             and "pending" not in m.execute_script(script, script_args=[GOOD_NAME]), 60)
                    got = m.execute_script(script, script_args=[GOOD_NAME])
                    assert got == ["match", "truncated"], f"verdicts {got}"
                    return "truncated"

                def settles():
                    wait_for(m, "#mirror-table[data-settled=true]",
                             lambda m: attr(m, "#mirror-table", "data-settled") == "true", 40)
                    row = 'tr[data-mirror-id="local"]'
                    status = attr(m, row, "data-status")
                    rate = attr(m, row, "data-throughput-bps")
                    assert status == "ok", f"the CORS mirror's row is {status!r} ({attr(m, row, 'data-reason')})"
                    assert rate and int(rate) > 0, f"no throughput: {rate!r}"
                    return f"local mirror ok, {int(rate):,} B/s, {attr(m, row, 'data-latency-ms')} ms"

                def worker_controls():
                    m.execute_async_script(
                        "navigator.serviceWorker.ready.then(() => arguments[arguments.length - 1](true));")
                    # The visitor's next visit: a navigation (Marionette's refresh() left the page
                    # uncontrolled, as a reload that bypasses the worker would).
                    m.navigate(url)
                    wait_for(m, "a controlling service worker",
                             lambda m: m.execute_script("return navigator.serviceWorker.controller !== null"))
                    return None

                checks.run(f"[{lang}] the page opens in {lang}", opens)
                checks.run(f"[{lang}] a chosen file with an official sha256 is a match", matches)
                if lang == "en":
                    checks.run(f"[{lang}] a cut copy of it is truncated", truncated)
                checks.run(f"[{lang}] the mirror table settles, the CORS mirror measured", settles)
                if lang == "en":
                    checks.run(f"[{lang}] the service worker controls the page after a reload", worker_controls)
            finally:
                try:
                    m.delete_session()
                except Exception:
                    pass
                process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
    except Exception as e:
        checks.setup_failed(e)
    finally:
        for server in servers:
            server.shutdown()
        logs = sorted(work.glob("firefox-*.log"))
        status = checks.close(logs)
        engines.remove(work)
    return status


FIREFOX = ("--firefox", "firefox-esr", "the Firefox binary")

if __name__ == "__main__":
    sys.exit(engines.main("firefox", __doc__, run, [FIREFOX]))
