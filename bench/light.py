"""Issue #13, "Light": what the first visit of each signed-in page transfers, as headless
Chromium counts it (compressed bytes with headers, with the browser's own Accept-Encoding), and
optionally Lighthouse's four scores (mobile) for the same pages.

    python bench/light.py http://127.0.0.1:8091              # bytes per page
    python bench/light.py http://127.0.0.1:8091 --lighthouse --runs 5  # and Lighthouse's medians

The bytes are those of a whole visit: the page is read to its end, so the charts and tables
drawn as they come near the screen (plotly.js with them) are counted. Lighthouse does not
scroll: it measures what a phone does to open the page. Its scores move by up to ten points
between runs on a shared machine: read the medians.

The app must already be running (e.g. `DASHBOARD_DEMO=1 SESSION_COOKIE_SECURE=0 PORT=8091
python app.py` over a demo database). It signs in as the leader; Lighthouse gets the session
cookie through --extra-headers. Slow (about half a minute per page for Lighthouse): not part of
`make test`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = ("/", "/tasks", "/units/xa-thach-dai", "/satisfaction")
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "demo2026"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"largest-contentful-paint": "LCP", "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS",
           "first-contentful-paint": "FCP", "speed-index": "SI"}


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(base + "/")


def first_visit(page, url: str) -> tuple[int, dict[str, int], dict[str, str]]:
    """Bytes on the wire per address for one visit with an empty HTTP cache."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    urls: dict[str, str] = {}
    encodings: dict[str, str] = {}
    sizes: dict[str, int] = {}

    def received(event):
        urls[event["requestId"]] = event["response"]["url"]
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        encodings[event["requestId"]] = headers.get("content-encoding", "")

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    for _step in range(200):  # read to the end: what is drawn near the screen is fetched then
        if not page.evaluate("() => { const before = window.scrollY; window.scrollTo({top: before"
                             " + window.innerHeight / 2, behavior: 'instant'}); return window.scrollY > before; }"):
            break
        page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")
    per_url: dict[str, int] = {}
    per_encoding: dict[str, str] = {}
    for request_id, size in sizes.items():
        address = urls.get(request_id, "?")
        per_url[address] = per_url.get(address, 0) + size
        per_encoding[address] = encodings.get(request_id, "")
    cdp.detach()
    return sum(per_url.values()), per_url, per_encoding


def lighthouse(url: str, cookie: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            ["npx", "--yes", "lighthouse@12", url, "--quiet", "--output=json", f"--output-path={report}",
             f"--chrome-path={CHROMIUM}", "--chrome-flags=--headless=new --no-sandbox",
             "--only-categories=" + ",".join(CATEGORIES),
             "--extra-headers=" + json.dumps({"Cookie": cookie})],
            check=True)
        result = json.loads(report.read_text())
    if result.get("finalDisplayedUrl", url).rstrip("/") != url.rstrip("/"):
        print(f"  (Lighthouse ended on {result.get('finalDisplayedUrl')}: not signed in?)")
    scores = {name: round(100 * (result["categories"][name]["score"] or 0)) for name in CATEGORIES}
    return scores | {short: result["audits"][audit]["numericValue"] for audit, short in METRICS.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the running app, e.g. http://127.0.0.1:8091")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (mobile)")
    parser.add_argument("--largest", type=int, default=6, help="list this many largest answers per page")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (medians printed)")
    arguments = parser.parse_args()
    base = arguments.base.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        sign_in(page, base, "leader")
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        for path in PAGES:
            total, per_url, per_encoding = first_visit(page, base + path)
            print(f"{path:<22} {total:>10,} bytes in {len(per_url)} answers")
            for address, size in sorted(per_url.items(), key=lambda item: -item[1])[:arguments.largest]:
                print(f"    {size:>9,}  {per_encoding[address] or '-':<5} {address.removeprefix(base)[:90]}")
        browser.close()
    if arguments.lighthouse:
        for path in PAGES:
            runs = [lighthouse(base + path, cookie) for _run in range(arguments.runs)]
            median = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
            performance = sorted(run["performance"] for run in runs)
            print(f"{path:<22} performance {median['performance']:g} (runs {performance})  " + "  ".join(
                f"{name} {median[name]:g}" for name in CATEGORIES[1:]) + "  " + "  ".join(
                f"{short} {median[short]:.2f}" if short == "CLS" else f"{short} {median[short] / 1000:.1f} s"
                for short in METRICS.values()), flush=True)


if __name__ == "__main__":
    main()
