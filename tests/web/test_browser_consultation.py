"""A Delphi consultation in a real browser: ``panmun serve`` as a subprocess, headless
chromium through Playwright's sync API.

The analyst amina copies the April 2018 preset, opens a two-round consultation on two of its
values and invites three participants. Each participant opens their single-use link in a
browser of their own (no account), answers, sees the group's round-1 median, interquartile
range and anonymous reasons in round 2 and revises. amina reads the round and pooled tables,
closes the consultation and applies the result as a new scenario version. The test also
refreshes ``docs/screenshots/consultation-*.png``.

Skipped when Playwright or a chromium binary is missing, as ``test_browser.py`` is.
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
PRESET = "korea-2018-04"
ISSUE_NAME = "Inter-Korean exchanges and people-to-people contact"
TITLE = "Exchanges after the April summit"
#: The questions are numbered in the order of the form's table (actors as the scenario lists
#: them), not in the order they were ticked: the ROK comes before the DPRK.
TICKED = ["dprk/exchanges/position", "rok/exchanges/salience"]
SALIENCE, POSITION = 1, 2
#: (low, best, high) per question and participant.
ROUND1 = [
    {SALIENCE: (0.5, 0.7, 0.9), POSITION: (10, 20, 40)},
    {SALIENCE: (0.6, 0.8, 0.95), POSITION: (20, 30, 50)},
    {SALIENCE: (0.4, 0.6, 0.8), POSITION: (40, 60, 80)},
]
ROUND2 = [
    {SALIENCE: (0.6, 0.7, 0.9), POSITION: (20, 28, 40)},
    {SALIENCE: (0.6, 0.75, 0.9), POSITION: (20, 30, 45)},
    {SALIENCE: (0.5, 0.7, 0.85), POSITION: (25, 35, 50)},
]
REASONS = [
    "the summit reopened the liaison office",
    "family reunions are being planned again",
    "sanctions still block joint projects",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PanmunServer]:
    """``panmun serve`` over a fresh SQLite file, with the analyst amina."""
    srv = PanmunServer(tmp_path_factory.mktemp("browser-consultation"))
    srv.add_user("amina", PASSWORD, "analyst")
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


def fresh(browser: Browser, server: PanmunServer) -> BrowserContext:
    """A new browser context: its own cookies, nobody signed in."""
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": DESKTOP["width"], "height": DESKTOP["height"]},
        device_scale_factor=1,
        locale="en-US",
    )
    context.set_default_timeout(20_000)
    return context


def fill_answers(
    page: Page, answers: dict[int, tuple[float, float, float]], reason: str | None = None
) -> None:
    for q, (low, best, high) in answers.items():
        page.fill(f'input[name="q{q}.low"]', f"{low:g}")
        page.fill(f'input[name="q{q}.best"]', f"{best:g}")
        page.fill(f'input[name="q{q}.high"]', f"{high:g}")
        page.fill(f'input[name="q{q}.confidence"]', "0.7")
        if reason is not None:
            page.fill(f'textarea[name="q{q}.reason"]', reason)


def save(page: Page) -> None:
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
    expect(page.get_by_role("alert")).to_have_count(0)


def click(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


def test_a_two_round_consultation_becomes_a_new_version(
    browser: Browser, served: PanmunServer
) -> None:
    facilitator = fresh(browser, served)
    contexts = [facilitator]
    try:
        _run(browser, served, facilitator.new_page(), contexts)
    finally:
        for context in contexts:
            context.close()


def _run(
    browser: Browser, served: PanmunServer, amina: Page, contexts: list[BrowserContext]
) -> None:
    # amina signs in and copies the preset into her workspace.
    amina.goto("/")
    expect(amina).to_have_url(re.compile(r"/login"))
    amina.fill("#name", "amina")
    amina.fill("#password", PASSWORD)
    click(amina, "Sign in")
    expect(amina).to_have_url(re.compile(r"/$"))
    amina.goto(f"/s/presets/{PRESET}")
    click(amina, "Copy")
    expect(amina).to_have_url(re.compile(r"/s/scenarios/\d+$"))
    base = amina.url.split(served.url, 1)[1]
    expect(amina.locator("p.meta")).to_contain_text("version 1")

    # Open a consultation: two rounds, two values of the exchanges issue.
    amina.locator("nav.tabs").get_by_role("link", name="Consultations", exact=True).click()
    expect(amina).to_have_url(re.compile(rf"{base}/consultations$"))
    expect(amina.get_by_text("No consultation on this scenario yet.")).to_be_visible()
    amina.fill("#c-title", TITLE)
    amina.fill("#c-rounds", "2")
    details = amina.locator("#new-consultation details").filter(
        has=amina.locator("summary", has_text=ISSUE_NAME)
    )
    details.locator("summary").click()
    for value in TICKED:
        box = details.locator(f'input[name="item"][value="{value}"]')
        expect(box).to_be_visible()
        box.check()
    expect(amina.locator('input[name="item"]:checked')).to_have_count(2)
    click(amina, "Create the consultation")
    expect(amina).to_have_url(re.compile(r"/consultations/\d+$"))
    board = amina.url.split(served.url, 1)[1]
    cid = board.rsplit("/", 1)[1]
    expect(amina.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(amina.locator("#c-state")).to_contain_text("draft · round 0 / 2")

    # Three invitations, one line each; the links are shown once.
    amina.fill("#labels", "\n".join(f"expert {k} <e{k}@example.org>" for k in (1, 2, 3)))
    click(amina, "Create links")
    codes = amina.locator("#links code.link")
    expect(codes).to_have_count(3)
    links = [text.split(served.url, 1)[1] for text in codes.all_inner_texts()]
    assert all(re.fullmatch(r"/c/\S+", link) for link in links), links
    assert len(set(links)) == 3
    expect(amina.locator("#participants tbody tr")).to_have_count(3)
    click(amina, "Open round 1")
    expect(amina).to_have_url(re.compile(rf"{board}$"))
    expect(amina.locator("#c-state")).to_contain_text("open · round 1 / 2")
    expect(amina.locator("#links")).to_have_count(0)  # not shown again

    # Each participant opens their link in a browser of their own and answers round 1.
    people: list[Page] = []
    for k, link in enumerate(links):
        context = fresh(browser, served)
        contexts.append(context)
        p = context.new_page()
        p.goto(link)
        expect(p).to_have_url(re.compile(r"/c$"))
        expect(p.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
        expect(p.locator("p.meta")).to_contain_text("Round 1 of 2.")
        expect(p.locator("#answers fieldset")).to_have_count(2)
        expect(p.locator(f"#q{SALIENCE} legend")).to_contain_text("How much does")
        expect(p.locator(f"#q{POSITION} legend")).to_contain_text("Where does")
        if k == 0:
            # A salience above 1: refused, with the model's words, and the typing kept.
            fill_answers(p, {**ROUND1[0], SALIENCE: (0.5, 1.4, 0.9)}, REASONS[0])
            click(p, "Save my answers")
            expect(
                p.get_by_role("alert").filter(
                    has_text=re.compile(rf"^question {SALIENCE}\.salience: 1\.4 is above 1$")
                )
            ).to_have_count(1)
            expect(p.get_by_role("status")).to_have_count(0)
            expect(p.locator(f'input[name="q{SALIENCE}.best"]')).to_have_value("1.4")
            expect(p.locator(f'input[name="q{POSITION}.best"]')).to_have_value(
                re.compile(r"^20(\.0)?$")
            )
        fill_answers(p, ROUND1[k], REASONS[k])
        save(p)
        people.append(p)

    # A used link does nothing in another browser; a participant opens nothing else.
    again = fresh(browser, served)
    contexts.append(again)
    stranger = again.new_page()
    response = stranger.goto(links[0])
    assert response is not None
    assert response.status == 404, response.status
    expect(stranger.get_by_role("heading", name=re.compile(r"\(404\)"))).to_be_visible()
    people[1].goto("/")
    expect(people[1]).to_have_url(re.compile(r"/login"))
    expect(people[1].get_by_role("heading", name="Sign in")).to_be_visible()
    people[1].goto("/c")

    # Round 1 is complete: every participant answered both questions.
    amina.reload()
    answered = amina.locator("#participants tbody td:nth-child(4)")
    expect(answered).to_have_text(["2 / 2"] * 3)
    first = amina.locator("#round-stats tbody tr").nth(POSITION - 1).locator("td")
    expect(first.nth(2)).to_have_text("30.00")
    expect(first.nth(3)).to_have_text("25.00–45.00")
    click(amina, "Open the next round")
    expect(amina.locator("#c-state")).to_contain_text("open · round 2 / 2")

    # Round 2: the group's round-1 answers and reasons, then a revision.
    feedback = {
        SALIENCE: "median 0.70, interquartile range 0.65–0.75.",
        POSITION: "median 30.00, interquartile range 25.00–45.00.",
    }
    for k, p in enumerate(people):
        p.reload()
        expect(p.locator("p.meta")).to_contain_text("Round 2 of 2.")
        for q, text in feedback.items():
            group = p.locator(f"#q{q} p.group")
            expect(group).to_contain_text(f"Last round, the group (3 answers): {text}")
            expect(group).to_contain_text(f"Your answer then: {ROUND1[k][q][1]:.2f}.")
            reasons = p.locator(f"#q{q} details")
            reasons.locator("summary", has_text="Reasons given (anonymous)").click()
            listed = reasons.locator("li")
            expect(listed.first).to_be_visible()
            expect(listed).to_have_count(2)  # the others' reasons, not one's own
            for j, reason in enumerate(REASONS):
                expect(listed.filter(has_text=reason)).to_have_count(0 if j == k else 1)
            expect(reasons).not_to_contain_text("P1")
            expect(reasons).not_to_contain_text("example.org")
        fill_answers(p, ROUND2[k])
        if k == 0:
            p.evaluate("document.activeElement && document.activeElement.blur()")
            scroll_to_top(p.locator(f"#q{SALIENCE}"))
            screenshot(p, "consultation-participant")
        save(p)

    # The round table and the pooled result.
    amina.reload()
    expect(answered).to_have_text(["2 / 2"] * 3)
    expect(amina.get_by_role("heading", name="Round 2", exact=True)).to_be_visible()
    stats = amina.locator("#round-stats tbody tr")
    expect(stats).to_have_count(2)
    expect(stats.nth(SALIENCE - 1).locator("td").nth(0)).to_have_text(
        "1. Republic of Korea (South Korea), " + ISSUE_NAME + ": salience"
    )
    expect(stats.nth(POSITION - 1).locator("td")).to_have_text(
        [
            f"2. Democratic People's Republic of Korea (North Korea), {ISSUE_NAME}: position",
            "3",
            "30.00",
            "29.00–32.50",
            re.compile(r"^(yes|no)$"),
            re.compile(r"^(yes|no)$"),
        ]
    )
    expect(stats.nth(SALIENCE - 1).locator("td").nth(1)).to_have_text("3")
    expect(stats.nth(SALIENCE - 1).locator("td").nth(2)).to_have_text("0.70")
    pooled = amina.locator("#pooled tbody tr")
    expect(pooled).to_have_count(2)
    values = [[float(x) for x in pooled.nth(n).locator("td").all_inner_texts()[1:]] for n in (0, 1)]
    for q05, q50, q95 in values:
        assert q05 <= q50 <= q95, values
    assert 0.6 <= values[SALIENCE - 1][1] <= 0.8, values
    assert 28 <= values[POSITION - 1][1] <= 35, values
    expect(amina.get_by_text("3 participants · equal")).to_be_visible()
    scroll_to_top(amina.get_by_role("heading", name="Participants"))
    screenshot(amina, "consultation-facilitator")

    # Closed: the participants are thanked; the result becomes version 2.
    click(amina, "Close the consultation")
    expect(amina.locator("#c-state")).to_contain_text("closed")
    people[2].reload()
    expect(people[2].get_by_text("The consultation is closed.")).to_be_visible()
    expect(people[2].locator("#answers")).to_have_count(0)
    click(amina, "Apply the result as a new scenario version")
    expect(amina).to_have_url(re.compile(rf"{base}\?saved=1$"))
    expect(amina.get_by_role("status")).to_have_text("Saved as a new version.")
    expect(amina.locator("p.meta")).to_contain_text("version 2")
    amina.locator("nav.tabs").get_by_role("link", name="History", exact=True).click()
    expect(amina).to_have_url(re.compile(rf"{base}/history$"))
    newest = amina.locator("table tbody tr").first.locator("td")
    expect(newest.first).to_have_text("2")
    expect(newest.last).to_have_text(re.compile(rf"^values from consultation {cid}: {TITLE}$"))
