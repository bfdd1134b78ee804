"""Publishing in a real browser: an analyst builds the full report of a preset, publishes it
as a brief from the job's page, signs out, and reads it on the public pages.

``panmun serve`` runs as a subprocess and headless chromium drives it through Playwright's
sync API, as in ``test_browser.py``. The test refreshes ``docs/screenshots/publication-*.png``.
Skipped when Playwright or a chromium binary is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.web.browser_helpers import (
    DESKTOP,
    LAUNCH_ARGS,
    PanmunServer,
    find_chromium,
    screenshot,
    scroll_to_top,
)

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    pytest.skip("playwright is not installed (pip install playwright)", allow_module_level=True)

CHROMIUM = find_chromium()
if CHROMIUM is None:  # pragma: no cover - depends on the environment
    pytest.skip(
        "no chromium binary (/usr/bin/chromium or chromium on PATH): "
        "run scripts/ensure-chromium.sh",
        allow_module_level=True,
    )

PASSWORD = "correct horse battery"
PRESET = "korea-2018-04"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PanmunServer]:
    """``panmun serve`` over a fresh SQLite file, with an analyst."""
    srv = PanmunServer(tmp_path_factory.mktemp("browser-publication"))
    srv.add_user("amina", PASSWORD, "analyst")
    srv.start(timeout=60)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, server: PanmunServer) -> Iterator[Page]:
    context = browser.new_context(
        base_url=server.url, viewport=DESKTOP, device_scale_factor=1, locale="en-US"
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_analyst_publishes_a_brief_and_reads_it_signed_out(page: Page) -> None:
    from panmun.scenario.loader import load_shipped

    title = str(load_shipped(PRESET).title)
    page.goto("/login")
    page.fill("#name", "amina")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))

    # The full report of the preset, built in the background with the default settings.
    page.goto(f"/s/presets/{PRESET}")
    page.get_by_role("button", name="Build the full report").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f]+$"))
    form = page.locator("#publish")
    expect(form).to_be_visible(timeout=90_000)  # shown once the job is done, no reload
    expect(page.locator("#job-state")).to_have_attribute("data-state", "done")
    expect(page.locator("#pub-authors")).to_have_value("amina")

    page.get_by_label("Brief: the summary and the issue table, shown in the page").check()
    page.fill("#pub-abstract", "Where the seven issues stood after the April 2018 summit.")
    scroll_to_top(page.get_by_role("heading", name="Publish", exact=True))
    screenshot(page, "publication-publish")
    form.get_by_role("button", name="Publish", exact=True).click()
    expect(page).to_have_url(re.compile(r"/pub/\d{4}-\d{2}-korean-peninsula-april-2018"))
    address = page.url
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()

    # The workspace's management page offers correcting and withdrawing it.
    page.goto("/publications")
    managed = page.locator("section.publication")
    expect(managed).to_have_count(1)
    expect(managed.get_by_role("link", name=title, exact=True)).to_be_visible()
    managed.get_by_text("Correct", exact=True).click()
    expect(managed.get_by_label("What changed and why (shown with the version)")).to_be_visible()
    screenshot(page, "publication-manage")

    # Signed out, the publication is one click away from the public listing.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/pub")
    expect(page.get_by_role("heading", name="Publications", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    screenshot(page, "publication-list")
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(address)
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(
        page.get_by_text("Where the seven issues stood after the April 2018 summit.")
    ).to_be_visible()
    table = page.locator("#pub-content table")
    expect(table.locator("tbody tr")).to_have_count(len(load_shipped(PRESET).issues))
    expect(page.locator("#pub-content")).to_contain_text("Where the issues are heading")
    assert page.locator('meta[name="citation_title"]').get_attribute("content") == title
    assert page.locator('meta[name="DC.creator"]').get_attribute("content") == "amina"
    screenshot(page, "publication-public")
    scroll_to_top(page.locator("#cite"))
    screenshot(page, "publication-cite")
