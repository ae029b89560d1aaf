"""Light pages for cheap phones (issue #13, "Light"): the charts draw with the partial plotly.js
and keep their toolbar (PNG download and reset, in Vietnamese); a later visit downloads no script
or style again; and the first visit of a signed-in page transfers at most 1 MB as Chromium sees
it, with its own Accept-Encoding (brotli, on 127.0.0.1 too). (The pages are the same on either
database: SQLite.)"""
from __future__ import annotations

import pytest

from layouts import ids
from layouts.figures import VI_TOOLBAR

from .test_browser import TIMEOUT, _sign_in, expect, scroll_through, served

pytestmark = pytest.mark.browser

BUDGET = 1_000_000  # bytes on the wire, headers included: the first visit of a signed-in page
PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"


@pytest.fixture(scope="module")
def site(sqlite_demo_url):
    yield from served(sqlite_demo_url)


class Wire:
    """What the browser receives, per address, as Chromium counts it (compressed, with headers)."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.encodings: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.cdp.on("Network.responseReceived", self._received)
        self.cdp.on("Network.loadingFinished",
                    lambda event: self.sizes.__setitem__(event["requestId"], event["encodedDataLength"]))

    def _received(self, event):
        self.urls[event["requestId"]] = event["response"]["url"]
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        self.encodings[event["requestId"]] = headers.get("content-encoding", "")

    def forget_cache(self):
        self.cdp.send("Network.clearBrowserCache")

    def visit(self, page, url, drawn: str = ".js-plotly-plot .main-svg", cold: bool = False) -> dict[str, int]:
        """Bytes per address of one visit of ``url``, once the page and ``drawn`` (its charts) are;
        ``cold``: as a first visit, with no cache at all (clearing the HTTP cache leaves
        Chromium's memory cache, which answered plotly.js with 0 bytes after the sign-in)."""
        self.urls.clear(), self.encodings.clear(), self.sizes.clear()
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": cold})
        page.goto(url)
        # A cold test server compresses each script on its first request (no warm-up under TESTING)
        expect(page.locator("#page-container h1").first).to_be_visible(timeout=20_000)
        scroll_through(page)  # a reader's whole visit: charts are drawn (and plotly.js fetched) on the way
        expect(page.locator(drawn).first).to_be_attached(timeout=20_000)
        page.wait_for_load_state("networkidle")
        received: dict[str, int] = {}
        for request_id, size in self.sizes.items():
            address = self.urls.get(request_id, "?")
            received[address] = received.get(address, 0) + size
        return received


@pytest.fixture
def overview(browser, site):
    """A phone signed in as the leader, its HTTP cache then emptied."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    _sign_in(page, site, "leader")
    page.wait_for_url(site + "/")
    wire = Wire(page)
    wire.forget_cache()
    yield page, wire
    context.close()


def test_charts_draw_with_the_partial_plotly_and_keep_their_toolbar(overview, site):
    page, wire = overview
    first = wire.visit(page, site + "/", cold=True)
    assert "br" in wire.encodings.values(), "Chromium was not answered in brotli"
    plotly = first[site + PLOTLY]
    assert 0 < plotly < 350_000, f"plotly.js took {plotly:,} bytes: the full bundle is back?"
    traces = page.evaluate("Object.keys(window.Plotly.PlotSchema.get().traces).sort()")
    assert set(traces) <= {"bar", "pie", "scatter"}, traces
    charts = page.locator(".js-plotly-plot")
    assert charts.count() >= 2
    for chart in charts.all():
        expect(chart.locator(".main-svg").first).to_be_attached()
        expect(chart.locator(".main-svg .trace").first).to_be_attached()  # drawn, not an empty frame
        titles = chart.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.dataset.title)")
        assert sorted(titles) == sorted([VI_TOOLBAR["Download plot as a PNG"], VI_TOOLBAR["Reset axes"]])
        assert chart.locator(".modebar .plotlyjsicon").count() == 0  # no plotly logo


def test_pages_load_regenerators_runtime_not_babels_whole_polyfill(overview, site):
    """Dash's bundles run their async functions (the lazy dropdown and date picker here) on the
    runtime alone: the page works with no error and loads no polyfill."""
    page, wire = overview
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    first = wire.visit(page, site + "/satisfaction")
    assert not [url for url in first if "polyfill" in url]
    assert [url for url in first if "/assets/vendor/regenerator/runtime.js?m=" in url]
    assert page.evaluate("typeof window.regeneratorRuntime.mark") == "function"
    page.locator(f"#{ids.SAT_UNIT}").click()  # an async component: regenerator's runtime at work
    expect(page.locator(".Select-menu-outer, [role=listbox], [role=option]").first).to_be_visible()
    assert errors == []


def test_a_later_visit_downloads_no_script_or_style_again(overview, site):
    page, wire = overview
    wire.visit(page, site + "/")
    again = wire.visit(page, site + "/")
    static = {url: size for url, size in again.items()
              if ("/_dash-component-suites/" in url or "/assets/" in url) and "favicon" not in url}
    assert static, "no script or style was asked for at all"
    downloaded = {url: size for url, size in static.items() if size > 1_000}  # a 304 is headers only
    assert not downloaded, downloaded


def _within_budget(first: dict[str, int], site: str) -> None:
    total = sum(first.values())
    largest = sorted(first.items(), key=lambda item: -item[1])[:8]
    assert total <= BUDGET, f"{total:,} bytes; the largest: " + ", ".join(
        f"{url.removeprefix(site)} {size:,}" for url, size in largest)


@pytest.mark.parametrize(("path", "drawn"), [
    ("/", ".js-plotly-plot .main-svg"),
    ("/tasks", "#register-grid tbody tr"),
    ("/units/xa-thach-dai", ".js-plotly-plot .main-svg"),
    ("/satisfaction", ".js-plotly-plot .main-svg"),
])
def test_the_first_visit_of_a_page_transfers_at_most_one_megabyte(overview, site, path, drawn):
    page, wire = overview
    _within_budget(wire.visit(page, site + path, drawn, cold=True), site)


# Counts the renderer store's notifications from its creation (assets/renderer_quiet.js wraps
# the store when the renderer sets window.store; this subscribes as soon as it exists).
COUNT_NOTIFICATIONS = """
window.notified = 0;
const waiting = setInterval(() => {
  if (window.store) { clearInterval(waiting); window.store.subscribe(() => { window.notified += 1; }); }
}, 0);
"""


def test_the_renderer_is_not_woken_once_per_component_while_the_overview_loads(overview, site):
    """Dash 4.4's renderer resets each new component's update counters, and each reset wakes
    every mounted component: about 900 store notifications and 2-3 s of a slow phone's processor
    on the overview. Resets that clear nothing are not dispatched (assets/renderer_quiet.js)."""
    page, wire = overview
    page.add_init_script(COUNT_NOTIFICATIONS)
    wire.visit(page, site + "/")
    expect(page.locator(f"#{ids.OVERVIEW_RANKING} tbody tr").first).to_be_attached()
    assert page.evaluate("window.store.quietResets") is True
    components = page.evaluate("document.querySelectorAll('#_pages_content *').length")
    notified = page.evaluate("window.notified")
    assert 0 < notified < components / 3, (notified, components)


def test_a_phone_draws_long_tables_and_charts_as_they_come_near(overview, site):
    """plotly.js and the ranking's rows were most of a phone's work while the overview loaded:
    its first screen is drawn without them, and a reader scrolling down finds them drawn; a
    later answer (another period) reaches what is drawn at once."""
    page, _wire = overview
    page.goto(site + "/")
    expect(page.locator("#overview-headline .kpi-card").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    rows = page.locator(f"#{ids.OVERVIEW_RANKING} tbody tr")
    assert page.locator(".js-plotly-plot").count() == 0 and rows.count() == 0
    assert page.evaluate("typeof window.Plotly") == "undefined"  # not even fetched
    scroll_through(page)
    expect(page.locator(".js-plotly-plot .main-svg .trace").first).to_be_attached()
    expect(rows).to_have_count(20)
    expect(page.locator(f"#{ids.OVERVIEW_OVERDUE} a").first).to_be_attached()
    week = page.locator(f"#{ids.OVERVIEW_RANKING} tbody").inner_text()
    page.get_by_text("Tháng", exact=True).click()
    expect(page.locator(f"#{ids.OVERVIEW_RANKING} tbody")).not_to_have_text(week)


@pytest.mark.parametrize(("path", "answered"), [
    ("/", f"#{ids.OVERVIEW_HEADLINE} .kpi-card"), ("/tasks?q=kế hoạch", f"#{ids.REGISTER_GRID} tbody tr"),
    ("/units/xa-thach-dai", f"#{ids.UNIT_HEADLINE} .kpi-card"), ("/satisfaction", f"#{ids.SAT_SUMMARY} .kpi-card")])
def test_a_page_opens_with_its_answers_without_asking_for_them(overview, site, path, answered):
    """The app's layout arrives holding the page the browser opened (dashboard/web/pages.py) and
    its first answers (callbacks/first_answers.py): neither Dash's router nor the page's own
    callbacks are asked before an official sees the figures."""
    page, _wire = overview
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.post_data or "")
            if "/_dash-update-component" in request.url else None)
    page.goto(site + path)
    expect(page.locator(answered).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert asked == []


def test_on_a_phone_chart_labels_neither_collide_with_the_legend_nor_leave_the_chart(overview, site):
    """The weekly chart's slanted week labels ran into its legend and off its left edge."""
    page, _wire = overview
    page.goto(site + "/units/xa-thach-dai")
    expect(page.locator("#page-container h1").first).to_be_visible()
    scroll_through(page)
    expect(page.locator(".js-plotly-plot .legend").first).to_be_attached()
    charts = page.locator(".js-plotly-plot")
    assert charts.count() >= 2
    for index in range(charts.count()):
        found = charts.nth(index).evaluate("""chart => {
            const box = element => element.getBoundingClientRect();
            const outer = box(chart), legend = chart.querySelector('.legend');
            const labels = [...chart.querySelectorAll('.xtick text')].map(box);
            const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            return {outside: labels.filter(l => l.left < outer.left - 1 || l.right > outer.right + 1).length,
                    onLegend: legend ? labels.filter(l => meet(l, box(legend))).length : 0,
                    labels: labels.length};
        }""")
        assert found["labels"] and found["outside"] == 0 and found["onLegend"] == 0, (index, found)


def test_on_a_phone_a_register_row_shows_its_task_unit_state_progress_and_due(overview, site):
    """On a 390 px phone the register's state, progress and due date were off to the right,
    behind a sideways swipe nobody hints at; a row now fits, its unit under its title, its state
    in its bucket's colour."""
    page, _wire = overview
    page.goto(site + "/tasks")
    row = page.locator(f"#{ids.REGISTER_GRID} tbody tr").first
    expect(row.locator("td.col-title .row-unit")).to_be_visible()
    for cell in ("col-title", "col-state", "col-progress", "col-due"):
        expect(row.locator(f"td.{cell}")).to_be_in_viewport(ratio=1)
    for hidden in ("col-id", "col-unit", "col-priority"):
        expect(row.locator(f"td.{hidden}")).to_be_hidden()
    box = page.locator(f"#{ids.REGISTER_GRID}")
    assert box.evaluate("grid => grid.scrollWidth <= grid.clientWidth")
    overdue = page.locator(f"#{ids.REGISTER_GRID} td.grid-bucket-overdue").first
    assert overdue.evaluate("cell => getComputedStyle(cell).color") != "rgb(33, 37, 41)"  # not the body's black


def test_on_a_phone_the_ranking_shows_each_units_rank_name_and_status_whole(overview, site):
    page, _wire = overview
    page.goto(site + "/")
    ranking = page.locator(f"#{ids.OVERVIEW_RANKING}")
    scroll_through(page)
    row = ranking.locator("tbody tr").first
    row.scroll_into_view_if_needed()
    for cell in ("col-rank", "col-unit", "col-severity"):
        expect(row.locator(f"td.{cell}")).to_be_in_viewport(ratio=1)


def test_a_layout_laid_out_for_another_page_is_corrected_by_the_browser(overview, site):
    """A Referer cut to the site's address (a browser's or proxy's policy) names the overview
    while the browser is on the register: the browser notices and Dash's router draws the
    register (assets/pages.js)."""
    page, _wire = overview
    page.route("**/_dash-layout", lambda route: route.fulfill(response=route.fetch(
        headers={**route.request.headers, "referer": site + "/"})))
    page.goto(site + "/tasks")
    expect(page.locator("#page-container h1").first).to_have_text("Danh mục nhiệm vụ")
    expect(page.locator(f"#{ids.REGISTER_GRID} tbody tr").first).to_be_visible()
