"""The platform in a real browser: ``panmun serve`` as a subprocess, driven by headless
chromium through Playwright's sync API.

The flow the product needs: an analyst signs in, copies the May 2026 preset, makes a
mistake in the editor and sees the model's message beside the field, corrects it, looks at
the forecasts and moves a what-if slider, then signs out. A viewer cannot edit, the login
form works from the keyboard and the home page fits a phone. The tests also refresh the
screenshots in ``docs/screenshots/``.

Skipped when Playwright or a chromium binary is missing (``scripts/ensure-chromium.sh``
installs Debian's chromium; Playwright's own browser download is never used).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.browser_helpers import (
    DESKTOP,
    LAUNCH_ARGS,
    PHONE,
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
PRESET = "korea-2026-05"
ISSUE = "exchanges"
ISSUE_NAME = "Inter-Korean exchanges and people-to-people contact"
SALIENCE = f"positions[rok][{ISSUE}].salience"
#: Filled in by the analyst's test: the edit page of the scenario amina copied.
COPIED: dict[str, str] = {"edit": "/s/scenarios/1/edit"}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PanmunServer]:
    """``panmun serve`` over a fresh SQLite file, with an analyst and a viewer."""
    srv = PanmunServer(tmp_path_factory.mktemp("browser"))
    srv.add_user("amina", PASSWORD, "analyst")
    srv.add_user("victor", PASSWORD, "viewer")
    srv.start(timeout=60)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless chromium for the module."""
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


def _new_context(browser: Browser, server: PanmunServer, viewport: dict[str, int]) -> Any:
    context = browser.new_context(
        base_url=server.url, viewport=viewport, device_scale_factor=1, locale="en-US"
    )
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
def page(browser: Browser, server: PanmunServer) -> Iterator[Page]:
    """A fresh desktop tab (own cookies) on the server."""
    context = _new_context(browser, server, DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser, server: PanmunServer) -> Iterator[Page]:
    """A fresh tab with a phone's viewport."""
    context = _new_context(browser, server, PHONE)
    yield context.new_page()
    context.close()


def sign_in(page: Page, name: str, shot: str | None = None) -> None:
    """Sign in through the login form; land on the home page."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    if shot:
        screenshot(page, shot)
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Scenarios", exact=True)).to_be_visible()


def tab(page: Page, name: str) -> Any:
    """A link of the scenario's tab bar."""
    return page.locator("nav.tabs").get_by_role("link", name=name, exact=True)


def preset() -> Any:
    """The shipped scenario the tests open."""
    from panmun.scenario.loader import load_shipped

    return load_shipped(PRESET)


def test_analyst_copies_edits_forecasts_and_signs_out(page: Page, server: PanmunServer) -> None:
    sign_in(page, "amina", shot="login")
    expect(page.get_by_text("amina (analyst)")).to_be_visible()
    screenshot(page, "home")

    # The May 2026 preset, opened by its title link.
    title = str(preset().title)
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/s/presets/{PRESET}$"))
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()

    # Copy it into the workspace: a stored scenario, version 1, editable.
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(page).to_have_url(re.compile(r"/s/scenarios/\d+$"))
    base = page.url.split(server.url, 1)[1]
    COPIED["edit"] = f"{base}/edit"
    expect(page.locator("p.meta")).to_contain_text("workspace amina")
    expect(page.locator("p.meta")).to_contain_text("version 1")
    grid = page.locator("table.grid")
    expect(grid.locator("tbody tr")).to_have_count(len(preset().actors))
    expect(grid.locator("thead th")).to_have_count(1 + len(preset().issues))
    scroll_to_top(page.get_by_role("heading", name="Positions: actor by issue"))
    screenshot(page, "scenario")

    # The editor, on the exchanges issue, chosen with the picker.
    tab(page, "Edit").click()
    expect(page).to_have_url(re.compile(r"/edit$"))
    page.select_option("#pick", label=ISSUE_NAME)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"/edit\?issue={ISSUE}$"))
    field = page.locator(f'input[name="{SALIENCE}"]')
    expect(field).to_have_value("0.8")

    # A salience above 1: not saved, the model's message beside the field.
    field.fill("1.4")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Not saved: please correct the fields marked below.")).to_be_visible()
    field = page.locator(f'input[name="{SALIENCE}"]')
    expect(field).to_have_value("1.4")
    expect(field).to_have_attribute("aria-invalid", "true")
    beside = field.locator("xpath=ancestor::td[1]").locator(".field-error")
    message = beside.filter(has_text="1.4 is above 1")
    expect(message).to_have_count(1)
    expect(message).to_have_text("1.4 is above 1")
    expect(message).to_be_visible()
    described = field.get_attribute("aria-describedby")
    assert described is not None
    assert message.get_attribute("id") == described
    # Only that field and its range (which no longer contains it) are marked, all in one cell.
    cell = field.locator("xpath=ancestor::td[1]")
    expect(page.locator('input[aria-invalid="true"]')).to_have_count(3)
    expect(cell.locator('input[aria-invalid="true"]')).to_have_count(3)
    field.evaluate("el => el.scrollIntoView({block: 'center', inline: 'center'})")
    screenshot(page, "edit-error")

    # Corrected: saved as version 2.
    field.fill("0.85")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page).to_have_url(re.compile(r"/s/scenarios/\d+\?saved=1$"))
    expect(page.get_by_role("status")).to_have_text("Saved as a new version.")
    expect(page.locator("p.meta")).to_contain_text("version 2")

    # Forecasts: the plotly chart and one table row per issue.
    tab(page, "Forecasts").click()
    expect(page).to_have_url(re.compile(r"/forecast$"))
    page.wait_for_selector("#fig-forecast-bands .main-svg", state="attached", timeout=30_000)
    expect(page.locator("#fig-forecast-bands .main-svg").first).to_be_visible()
    rows = page.locator("#forecast-table tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.filter(has_text=ISSUE_NAME)).to_have_count(1)
    scroll_to_top(page.locator("#fig-forecast-bands"))
    screenshot(page, "forecast")

    # What-if: move a slider, the tables are recomputed.
    tab(page, "What-if").click()
    expect(page).to_have_url(re.compile(r"/whatif$"))
    status = page.locator("#whatif-status")
    issues = page.locator("#whatif-issues tbody tr")
    packages = page.locator("#whatif-packages tbody tr")
    expect(issues).to_have_count(7, timeout=30_000)  # the unchanged scenario, on load
    expect(status).to_have_text("")
    slider = page.locator('#whatif input[type="range"][data-actor="rok"][data-field="salience"]')
    before = slider.input_value()
    with page.expect_response(
        lambda r: r.url.endswith("/whatif") and r.request.method == "POST", timeout=30_000
    ) as answer:
        slider.focus()
        page.keyboard.press("ArrowRight")
    assert answer.value.ok, answer.value.text()
    assert float(slider.input_value()) == pytest.approx(float(before) + 0.01)
    expect(slider.locator("xpath=following-sibling::output[1]")).to_have_text(
        f"{float(before) + 0.01:.2f}"
    )
    expect(status).to_have_text("")
    expect(issues).to_have_count(7)
    expect(packages.first).to_be_visible()
    assert packages.count() > 0
    expect(packages.first.locator("td")).to_have_count(4)
    expect(packages.first.locator("td").nth(1)).to_have_text(re.compile(r"^\d+ %$"))
    # The last sliders, the recomputed forecasts and the first packages.
    scroll_to_top(page.locator("#whatif-reset"), margin=220)
    screenshot(page, "whatif")

    # Sign out: back on the login page, and signed out for real.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(base)
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_viewer_cannot_edit(page: Page) -> None:
    sign_in(page, "victor")
    expect(page.get_by_text("victor (viewer)")).to_be_visible()
    expect(page.get_by_role("link", name="Import")).to_have_count(0)

    page.get_by_role("link", name=str(preset().title), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/s/presets/{PRESET}$"))
    expect(page.locator("table.grid")).to_be_visible()
    expect(tab(page, "Forecasts")).to_be_visible()
    expect(tab(page, "Edit")).to_have_count(0)
    expect(page.get_by_role("button", name="Copy")).to_have_count(0)
    expect(page.get_by_role("button", name="Build the full report")).to_have_count(0)

    # amina's copy lives in her workspace: not even its edit form.
    response = page.goto(COPIED["edit"])
    assert response is not None
    assert response.status in (403, 404), response.status
    expect(
        page.get_by_role("heading", name=re.compile(r"That did not work \((403|404)\)"))
    ).to_be_visible()
    expect(page.locator("#edit-form")).to_have_count(0)
    expect(page.locator('input[name*="salience"]')).to_have_count(0)

    # The knowledge base is for everybody who signed in.
    page.goto("/kb")
    expect(page).to_have_url(re.compile(r"/kb$"))
    expect(page.locator("main")).to_be_visible()
    screenshot(page, "kb")


def test_login_form_by_keyboard(page: Page) -> None:
    page.goto("/login")
    heading = page.get_by_role("heading", name="Sign in")
    heading.click()  # start the Tab order from the top of the form, whatever has focus
    page.evaluate("document.activeElement && document.activeElement.blur()")

    def focused() -> str:
        return str(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return e ? (e.id || e.tagName.toLowerCase() + ':' + (e.type || '')) : ''; }"
            )
        )

    for _ in range(10):
        page.keyboard.press("Tab")
        if focused() == "name":
            break
    assert focused() == "name", "Tab never reached the name field"
    page.keyboard.type("amina")
    page.keyboard.press("Tab")
    assert focused() == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert focused() == "button:submit"
    expect(page.locator("button:focus")).to_have_text("Sign in")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("amina (analyst)")).to_be_visible()


def test_home_fits_a_phone(phone: Page) -> None:
    sign_in(phone, "victor")
    width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[1] == PHONE["width"]
    assert width[0] <= width[1] + 1, f"horizontal scroll: page {width[0]} px, window {width[1]}"
    screenshot(phone, "phone-home")
