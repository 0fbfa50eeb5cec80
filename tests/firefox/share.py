#!/usr/bin/env python3
"""Report links across engines: a link made in Chromium opens in Firefox ESR, and one made in
Firefox opens in Chromium (DESIGN.md, #report-link and #shared-report).

Each browser compresses with its own CompressionStream('deflate-raw') and reads with its own
DecompressionStream; Python's zlib decodes every link too, and what each page shows in
#shared-report is compared with what the link carries. Firefox also refuses a cut link with
[data-error] and runs the normal page. Firefox is driven through Marionette as in smoke.py,
Chromium through Playwright (tests/firefox/chromium-link.mjs); as root the whole run is inside
`unshare -n` (loopback only).

    .tools/firefox-venv/bin/python tests/firefox/share.py [--site dist] [--firefox firefox-esr]

Ends with one line "firefox share: N passed, M failed"; exits non-zero when a check failed.
"""

import base64
import hashlib
import json
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import engines  # noqa: E402  (the servers and checks every engine's run shares)
from engines import GOOD_NAME, ROOT, Checks, SiteHandler, serve, serve_mirror, site_copy  # noqa: E402
from smoke import FIREFOX, attr, go_archive, start_firefox, verdict_of, wait_for  # noqa: E402  (smoke.py's browser helpers)
from marionette_driver import By  # noqa: E402

HELPER = Path(__file__).resolve().parent / "chromium-link.mjs"
# The one script that reads #shared-report, shared with the Chromium half.
READ_SHARED = "function () " + HELPER.read_text().split("function READ_SHARED() ", 1)[1]


def decode(link: str) -> dict:
    """The report a link carries, by Python's zlib (raw DEFLATE: wbits -15)."""
    payload = link.split("#r=", 1)[1]
    deflated = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return json.loads(zlib.decompress(deflated, -15))


def rows(sources: list) -> list:
    """What #shared-report's rows should carry for these sources."""
    return [{
        "id": s["id"], "status": s["status"],
        "latency": None if s.get("latency_ms") is None else f"{s['latency_ms']:.1f}",
        "bps": None if s.get("throughput_bps") is None else str(int(s["throughput_bps"])),
        "reason": s.get("reason"),
    } for s in sources]


def chromium(mode: str, url: str) -> dict:
    done = subprocess.run(["node", str(HELPER), mode, url], cwd=ROOT, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"chromium {mode}: {done.stderr.strip()[-400:]}")
    return json.loads(done.stdout)


def shown(m) -> dict:
    """What #shared-report shows in Firefox, once it shows a report or an error."""
    wait_for(m, "#shared-report filled", lambda m: m.execute_script(
        "return !!document.querySelector('#shared-report[data-generated-at], #shared-report [data-error]')"))
    return m.execute_script(f"return ({READ_SHARED})();")


def run(args) -> int:
    checks = Checks("firefox share")
    work = Path(tempfile.mkdtemp(prefix="gomirror-firefox-share-"))
    servers = []
    try:
        archive = go_archive()
        digest = hashlib.sha256(archive).hexdigest()
        (work / GOOD_NAME).write_bytes(archive)
        mirror = serve_mirror(work, archive)
        servers.append(mirror)
        site_root = site_copy(work, args.site, archive, digest, mirror, "Local <b>mirror</b>", "gomirror firefox share")
        site = serve(site_root, SiteHandler)
        servers.append(site)
        url = f"http://127.0.0.1:{site.server_address[1]}/"

        made = {}

        def chromium_makes():
            made["chromium"] = chromium("make", url)
            report = decode(made["chromium"]["link"])
            assert report["v"] == 1 and report["browser"] == made["chromium"]["client"], report["browser"]
            assert [s["id"] for s in report["mirrors"]] == ["local"], report["mirrors"]
            return f"{len(made['chromium']['link'])} characters"

        checks.run("Chromium makes a link", chromium_makes)
        process, m = start_firefox(args.firefox, "en", work)
        try:
            def firefox_opens_chromiums():
                link = made["chromium"]["link"]
                report = decode(link)
                m.navigate(link)
                got = shown(m)
                assert got["error"] is None, f"[data-error={got['error']}]"
                assert got["visible"], "#shared-report is hidden"
                assert got["client"] == report["browser"] and "Chrome" in got["client"], got["client"]
                assert got["generated_at"] == report["generated_at"], got["generated_at"]
                assert got["mirrors"] == rows(report["mirrors"]), got["mirrors"]
                assert got["own_verdicts"] == 0, "the page checked something of its own"
                assert attr(m, "#checksum-source", "data-source") is None, "the page loaded its list"
                return f"local mirror {got['mirrors'][0]['status']}"

            def firefox_makes():
                m.navigate(url)
                wait_for(m, "#checksum-source[data-source]", lambda m: attr(m, "#checksum-source", "data-source"))
                m.find_element(By.CSS_SELECTOR, "#file-input").send_keys(str(work / GOOD_NAME))
                assert verdict_of(m, GOOD_NAME) == ["match", digest]
                wait_for(m, "#mirror-table[data-settled=true]",
                         lambda m: attr(m, "#mirror-table", "data-settled") == "true", 40)
                # In the page's own scope (no sandbox: Marionette's default one sees the page
                # through Xray wrappers, and a function set there would not be the page's).
                m.execute_script("navigator.clipboard.writeText = async (t) => { window.sharedLink = t; };",
                                 sandbox=None)
                m.find_element(By.CSS_SELECTOR, "#report-link").click()
                made["firefox"] = wait_for(m, "the link", lambda m: m.execute_script(
                    "return window.sharedLink", sandbox=None))
                report = decode(made["firefox"])
                assert "Firefox" in report["browser"], report["browser"]
                assert [(v["file"], v["verdict"]) for v in report["verdicts"]] == [(GOOD_NAME, "match")]
                return f"{len(made['firefox'])} characters"

            def firefox_refuses_a_cut_link():
                link = made["chromium"]["link"]
                m.navigate("about:blank")
                m.navigate(link[: len(link) - 40])
                got = shown(m)
                assert got["error"] == "damaged", got
                wait_for(m, "the normal page", lambda m: attr(m, "#checksum-source", "data-source"))
                return None

            checks.run("Firefox opens Chromium's link read-only", firefox_opens_chromiums)
            checks.run("Firefox makes a link", firefox_makes)
            checks.run("Firefox refuses a cut link and runs the normal page", firefox_refuses_a_cut_link)
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

        def chromium_opens_firefoxs():
            report = decode(made["firefox"])
            got = chromium("open", made["firefox"])
            assert got["error"] is None, f"[data-error={got['error']}]"
            assert got["client"] == report["browser"], got["client"]
            assert got["mirrors"] == rows(report["mirrors"]), got["mirrors"]
            assert got["files"] == [[GOOD_NAME, "match"]], got["files"]
            assert got["own_verdicts"] == 0
            return None

        checks.run("Chromium opens Firefox's link read-only", chromium_opens_firefoxs)
    except Exception as e:
        checks.setup_failed(e)
    finally:
        for server in servers:
            server.shutdown()
        logs = sorted(work.glob("firefox-*.log"))
        status = checks.close(logs)
        engines.remove(work)
    return status


if __name__ == "__main__":
    sys.exit(engines.main("firefox share", __doc__, run, [FIREFOX]))
