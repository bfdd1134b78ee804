"""The network in a real browser: ``panmun serve`` as a subprocess, headless chromium
through Playwright's sync API.

The analyst amina adds an institution and two people (with their consent) to the network,
records a Track 2 dialogue her institution organised, adds both people as participants and
one attributed statement, and then sees the pair joined in "Who met whom" (the plotly chart
and the table of ties) and both people under the issue filter. otto, an analyst of another
workspace, sees none of amina's private people and gets a 404 page for her event. The network's
tabs work from the keyboard; its pages should fit a phone (expected to fail until the issue
filter stops widening the page). The test also refreshes
``docs/screenshots/network-*.png``.

Skipped when Playwright or a chromium binary is missing, as ``test_browser.py`` is.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

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
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
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
ISSUE = "exchanges"
ISSUE_NAME = "Inter-Korean exchanges and people-to-people contact"
INSTITUTION = "Institute for Peace Studies"
PEOPLE = ("Sokha Chan", "Min-ji Park")
EVENT = "Mekong dialogue on family reunions"
STATEMENT = "Video reunions could resume before the autumn."
#: Filled in by the analyst's test: the page of the event amina recorded.
RECORDED: dict[str, str] = {}


def add_account(server: PanmunServer, name: str, role: str, workspace: str | None) -> None:
    """``panmun users add`` (in ``workspace`` if given), the password on standard input."""
    command = [sys.executable, "-m", "panmun", "users", "add", name, "--role", role]
    if workspace is not None:
        command += ["--workspace", workspace]
    done = subprocess.run(
        [*command, "--db", server.db],
        input=PASSWORD + "\n",
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"panmun users add {name}:\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PanmunServer]:
    """``panmun serve`` over a fresh SQLite file: amina in her own workspace, otto in
    otherteam."""
    srv = PanmunServer(tmp_path_factory.mktemp("browser-network"))
    add_account(srv, "amina", "analyst", None)
    add_account(srv, "otto", "analyst", "otherteam")
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


def fresh(browser: Browser, server: PanmunServer, viewport: dict[str, int]) -> BrowserContext:
    """A new browser context: its own cookies, nobody signed in."""
    context = browser.new_context(
        base_url=server.url, viewport=viewport, device_scale_factor=1, locale="en-US"
    )
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
def desktop(browser: Browser, served: PanmunServer) -> Iterator[Page]:
    context = fresh(browser, served, DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser, served: PanmunServer) -> Iterator[Page]:
    context = fresh(browser, served, PHONE)
    yield context.new_page()
    context.close()


def sign_in(page: Page, name: str) -> None:
    page.goto("/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))


def network_tab(page: Page, name: str) -> None:
    """Click a tab of the network page's tab bar."""
    page.locator("nav.tabs").get_by_role("link", name=name, exact=True).click()


def no_problems(page: Page) -> None:
    expect(page.locator(".problems")).to_have_count(0)


def test_amina_records_an_event_and_sees_who_met_whom(desktop: Page, served: PanmunServer) -> None:
    page = desktop
    sign_in(page, "amina")
    page.get_by_role("link", name="Network", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/network$"))
    expect(page.get_by_role("heading", name="Network", level=1)).to_be_visible()
    expect(page.locator("#people tbody")).to_contain_text("Nobody yet.")

    # An institution.
    network_tab(page, "Institutions")
    expect(page).to_have_url(re.compile(r"/network\?tab=institutions$"))
    page.fill("#i-name", INSTITUTION)
    page.select_option("#i-kind", "think_tank")
    page.fill("#i-country", "Cambodia")
    page.fill("#i-regions", "Mekong")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page).to_have_url(re.compile(r"/network\?tab=institutions$"))
    no_problems(page)
    expect(page.locator("#institutions tbody tr")).to_have_count(1)
    expect(page.locator("#institutions tbody tr").first).to_contain_text(INSTITUTION)

    # Two people, each with their consent, working on the exchanges issue.
    for k, name in enumerate(PEOPLE):
        page.goto("/network?tab=people")
        form = page.locator("#add-person")
        form.locator("#p-name").fill(name)
        form.locator("#p-inst").select_option(label=INSTITUTION)
        box = form.locator(f'input[name="expertise"][value="{ISSUE}"]')
        expect(box.locator("xpath=..")).to_contain_text(ISSUE_NAME)
        box.check()
        form.locator("#p-regions").fill("Mekong")
        form.locator("#p-lang").fill("km; en" if k == 0 else "ko; en")
        form.locator("#p-consent").fill(f"signed consent form {k + 1}")
        form.locator("#p-consent-at").fill(f"2026-04-0{k + 1}")
        form.get_by_role("button", name="Add", exact=True).click()
        expect(page).to_have_url(re.compile(r"/network/people/\d+$"))
        RECORDED[f"person{k}"] = page.url.split(served.url, 1)[1]
        no_problems(page)
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
        expect(page.locator("dl.facts")).to_contain_text(INSTITUTION)
        expect(page.locator("dl.facts")).to_contain_text(ISSUE_NAME)
        expect(page.locator("dl.facts")).to_contain_text(f"(2026-04-0{k + 1})")
        expect(page.locator("#visibility")).to_have_text("workspace")
    page.goto("/network?tab=people")
    expect(page.locator("#people tbody tr")).to_have_count(2)

    # A Track 2 event organised by the institution, on exchanges.
    network_tab(page, "Dialogues")
    expect(page).to_have_url(re.compile(r"/network\?tab=dialogues$"))
    form = page.locator("#add-dialogue")
    form.locator("#d-title").fill(EVENT)
    form.locator("#d-track").select_option("track2")
    form.locator("#d-date").fill("2026-04-20")
    form.locator("#d-place").fill("Phnom Penh")
    organisers = form.locator('input[name="organisers"]')
    expect(organisers).to_have_count(1)
    expect(organisers.locator("xpath=..")).to_contain_text(INSTITUTION)
    organisers.check()
    form.locator(f'input[name="issues"][value="{ISSUE}"]').check()
    expect(form.locator("#d-vis")).to_have_value("workspace")
    form.get_by_role("button", name="Record", exact=True).click()
    expect(page).to_have_url(re.compile(r"/network/dialogues/\d+$"))
    no_problems(page)
    RECORDED["event"] = page.url.split(served.url, 1)[1]
    expect(page.get_by_role("heading", name=EVENT, level=1)).to_be_visible()
    expect(page.locator("p.meta")).to_contain_text("2026-04-20")
    expect(page.locator("p.meta")).to_contain_text("Phnom Penh")
    expect(page.locator("dl.facts")).to_contain_text(INSTITUTION)
    expect(page.locator("dl.facts")).to_contain_text(ISSUE_NAME)

    # Both people as participants, then a statement attributed to the first.
    for name in PEOPLE:
        page.select_option("#who", label=name)
        page.locator('form[action$="/participants"]').get_by_role(
            "button", name="Add", exact=True
        ).click()
        expect(page).to_have_url(re.compile(rf"{re.escape(RECORDED['event'])}$"))
        no_problems(page)
    participants = page.locator("#participants li")
    expect(participants).to_have_count(2)
    for name in PEOPLE:
        expect(page.locator("#participants")).to_contain_text(f"{name} (participant)")
    expect(page.locator("#statements")).to_contain_text("None recorded.")
    page.fill("#st", STATEMENT)
    page.select_option("#sp", label=PEOPLE[0])
    page.locator('form[action$="/statements"]').get_by_role(
        "button", name="Record", exact=True
    ).click()
    no_problems(page)
    expect(page.locator("#statements li")).to_have_count(1)
    expect(page.locator("#statements li b")).to_have_text(PEOPLE[0])
    expect(page.locator("#statements li")).to_contain_text(STATEMENT)

    # The event is in the list, with its two participants.
    page.goto("/network?tab=dialogues")
    expect(page.locator("#dialogues li")).to_have_count(1)
    expect(page.locator("#dialogues li")).to_contain_text(EVENT)
    expect(page.locator("#dialogues li")).to_contain_text("2 participants")

    # Who met whom: the chart is drawn and the table has the pair with one shared event.
    network_tab(page, "Who met whom")
    expect(page).to_have_url(re.compile(r"/network\?tab=graph$"))
    expect(page.locator("#network-graph .main-svg").first).to_be_visible()
    expect(page.locator("p.meta").last).to_contain_text("1 events")
    # Three nodes (two people, one institution), each labelled.
    labels = page.locator("#network-graph .textpoint text")
    expect(labels).to_have_count(3)
    assert sorted(labels.all_text_contents()) == sorted([*PEOPLE, INSTITUTION])
    ties = page.locator("#ties tbody tr")
    expect(ties).to_have_count(1)
    cells = ties.first.locator("td")
    between = cells.nth(0).inner_text()
    assert set(between.split(" – ")) == set(PEOPLE), between
    expect(cells.nth(1)).to_have_text("1")
    scroll_to_top(page.locator("h2"), margin=8)
    screenshot(page, "network-graph")

    # Who works on exchanges: both.
    page.goto("/network?tab=people")
    page.select_option("#f-issue", ISSUE)
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page).to_have_url(re.compile(rf"tab=people&issue={ISSUE}"))
    expect(page.get_by_role("heading", name=f"Who works on {ISSUE_NAME}")).to_be_visible()
    rows = page.locator("#people tbody tr")
    expect(rows).to_have_count(2)
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == sorted(PEOPLE)
    # An issue nobody works on: nobody.
    page.select_option("#f-issue", "sanctions")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.locator("#people tbody")).to_contain_text("Nobody yet.")
    page.goto(f"/network?tab=people&issue={ISSUE}")
    screenshot(page, "network-people")


def test_another_workspace_sees_nothing_private(desktop: Page) -> None:
    if "event" not in RECORDED:
        pytest.skip("the analyst's test did not record the event")
    page = desktop
    sign_in(page, "otto")
    page.goto("/network?tab=people")
    expect(page.locator("#people tbody")).to_contain_text("Nobody yet.")
    page.goto(f"/network?tab=people&issue={ISSUE}")
    expect(page.locator("#people tbody")).to_contain_text("Nobody yet.")
    page.goto("/network?tab=dialogues")
    expect(page.locator("#dialogues")).to_contain_text("None yet.")
    page.goto("/network?tab=graph")
    expect(page.locator("#ties tbody tr")).to_have_count(0)
    # The institution is private to amina's workspace too.
    page.goto("/network?tab=institutions")
    expect(page.locator("#institutions tbody")).to_contain_text("None yet.")
    for url in (
        "/network?tab=people",
        "/network?tab=dialogues",
        "/network?tab=graph",
        "/network?tab=institutions",
    ):
        page.goto(url)
        body = page.locator("main").inner_text()
        for secret in (*PEOPLE, EVENT, INSTITUTION):
            assert secret not in body, (url, secret)

    response = page.goto(RECORDED["event"])
    assert response is not None
    assert response.status == 404, response.status
    expect(
        page.get_by_role("heading", name=re.compile(r"That did not work \(404\)"))
    ).to_be_visible()
    body = page.locator("body").inner_text()
    for secret in (*PEOPLE, EVENT, STATEMENT):
        assert secret not in body, secret


def page_width(page: Page) -> tuple[int, int]:
    """The page's scroll width and the window's width, in CSS pixels."""
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return int(sizes[0]), int(sizes[1])


def test_the_network_fits_a_phone(phone: Page) -> None:
    page = phone
    sign_in(page, "amina")
    urls = [
        f"/network?tab={tab}" for tab in ("people", "institutions", "dialogues", "graph", "data")
    ]
    urls += [RECORDED[key] for key in ("event", "person0") if key in RECORDED]
    wide = []
    for url in urls:
        page.goto(url)
        no_problems(page)
        if url.endswith("tab=graph"):
            expect(page.locator("#network-graph .main-svg").first).to_be_visible()
        scroll, window = page_width(page)
        assert window == PHONE["width"]
        if scroll > window + 1:
            wide.append(f"{url}: page {scroll} px")
    page.goto(f"/network?tab=people&issue={ISSUE}")
    screenshot(page, "network-phone")
    assert not wide, f"horizontal scroll at {PHONE['width']} px: {wide}"


def test_the_network_tabs_work_from_the_keyboard(phone: Page) -> None:
    page = phone
    sign_in(page, "amina")
    # From the keyboard: Tab to the "Who met whom" tab and follow it with Enter.
    page.goto("/network?tab=people")
    page.get_by_role("heading", name="Network", level=1).click()
    page.evaluate("document.activeElement && document.activeElement.blur()")

    def focused() -> str:
        return str(page.evaluate("() => (document.activeElement || {}).textContent || ''"))

    for _ in range(40):
        page.keyboard.press("Tab")
        if focused().strip() == "Who met whom":
            break
    assert focused().strip() == "Who met whom", "Tab never reached the tab 'Who met whom'"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/network\?tab=graph$"))
    expect(page.locator("#network-graph .main-svg").first).to_be_visible()
    # The issue filter by keyboard: focus the select, choose exchanges, submit with Enter.
    page.locator("#f-issue").focus()
    page.select_option("#f-issue", ISSUE)
    page.locator("#f-region").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"tab=graph&issue={ISSUE}"))
    expect(page.locator("#ties tbody tr")).to_have_count(1)
