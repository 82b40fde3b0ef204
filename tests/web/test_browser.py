"""A reader in a real browser (Playwright driving Debian's chromium) against the real server.

Opens a cable, follows a paragraph link to ``#p5``, browses a tag, runs an example query (and its
share link), and searches, landing on the paragraph. Every request must stay on the server (the
pages work offline: no CDN) and no page may raise a script error. Skipped with a reason when
/usr/bin/chromium or playwright is missing, except under CI, where that is a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CABLE = "09MEXICO2882"


def require_browser() -> Any:
    """The playwright sync API module; skip (or fail under CI) when it or chromium is missing."""
    try:
        from playwright import sync_api
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    else:
        if CHROMIUM.exists():
            return sync_api
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the browser test cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = require_browser()
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A page whose requests may only go to the live server; script errors and off-site requests are kept."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    offsite: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))

    def guard(route: Any) -> None:
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    tab.route("**/*", guard)
    yield tab
    context.close()
    assert errors == [], errors
    assert offsite == [], offsite


def test_a_reader_walks_through_the_site(page: Any, live_server: str) -> None:
    from playwright.sync_api import expect

    # a cable, and a link to its fifth paragraph
    response = page.goto(live_server + f"cable/{CABLE}.html")
    assert response is not None and response.status == 200, "the cable page is not served"
    expect(page.locator("body")).to_contain_text("ELEMENTS OF GOM POLICY TEAM")
    page.locator('a[href$="#p5"]').first.click()
    expect(page).to_have_url(re.compile(r"#p5$"))
    expect(page.locator("#p5")).to_be_in_viewport()
    expect(page.locator("#p5")).to_contain_text("Merida")

    # browse: overview -> a tag -> its cables -> the cable
    page.goto(live_server)
    page.get_by_role("navigation").get_by_role("link", name="Browse").click()
    page.get_by_role("link", name="PGOV", exact=True).click()
    expect(page).to_have_url(re.compile(r"/browse/tag/PGOV$"))
    expect(page.locator("h1")).to_contain_text("Internal Governmental Affairs")
    page.locator("table.cables").get_by_role("link", name=CABLE).click()
    expect(page).to_have_url(re.compile(rf"/cable/{CABLE}\.html$"))

    # query: an example runs against the endpoint and fills a table; its share link reproduces it
    page.goto(live_server + "query")
    page.locator("#example-cables-by-tag-and-year").click()
    rows = page.locator("#results table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("2009")
    expect(page.locator("#status")).to_contain_text("1 row")
    expect(page).to_have_url(re.compile(r"/query\?query=.*PGOV"))
    share = page.locator("#share").get_attribute("href")
    page.goto(live_server + share)
    expect(page.locator("#results table tbody tr")).to_have_count(1)
    page.locator("#example-who-wrote-to-whom").click()
    expect(page.locator("#results")).to_contain_text("post:secstate-washdc")
    page.locator("#query").fill("SELECT ?name WHERE { GRAPH ?g { ?person a foaf:Person ; foaf:name ?name } }")
    page.keyboard.press("Control+Enter")  # the known prefix foaf: is declared for the user
    expect(page.locator("#results")).to_contain_text("Keith Mines")
    expect(page.locator("#query")).to_have_value(re.compile(r"^PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"))

    # search: words in the text, a hit that lands on its paragraph
    page.get_by_role("navigation").get_by_role("link", name="Search").click()
    page.get_by_role("searchbox").fill("Merida strategic")
    page.get_by_role("button", name="Search").click()
    hit = page.locator("a.hit").first
    expect(hit).to_have_attribute("href", re.compile(rf"cable/{CABLE}\.html#p5$"))
    expect(page.locator("mark").first).to_be_visible()
    hit.click()
    expect(page).to_have_url(re.compile(rf"/cable/{CABLE}\.html#p5$"))
    expect(page.locator("#p5")).to_be_in_viewport()


def test_the_home_page_leads_everywhere(page: Any, live_server: str) -> None:
    from playwright.sync_api import expect

    page.goto(live_server)
    expect(page.locator("h1")).to_contain_text("Cablegate")
    page.get_by_role("link", name="Download").click()
    expect(page.locator("table.dumps")).to_contain_text("cablerdf.nq.gz")
    page.go_back()
    page.get_by_role("link", name="VoID and DCAT description").click()
    expect(page.locator("h1")).to_contain_text("VoID")
    expect(page.locator("pre.turtle")).to_contain_text("void:dataDump")
