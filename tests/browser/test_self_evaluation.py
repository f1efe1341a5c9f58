"""The self-evaluation in a browser, as issue 16 tells it: a council officer starts one on a
phone, leaves, comes back through the private link, answers a principle (a stale save from a
second tab is refused with a clear message and the latest answer shown), invites a colleague and
a neighbouring organisation, who answer through their own links, reads the results (chart, the
same figures as a table, the action plan whose links open the toolkit), prints the report to
PDF and starts a second round to compare. Also: one principle answered with the keyboard only,
and the main journey in Welsh. Every screen is checked with axe at 1280px and 375px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import SHOTS, Server, assert_accessible, look, new_page

MOBILE = {"width": 375, "height": 800}
SLUG = "browser-co-production"
SCALE = [
    ("Not started", "Dim wedi dechrau"),
    ("Starting", "Yn dechrau"),
    ("Developing", "Yn datblygu"),
    ("Established", "Wedi ymsefydlu"),
    ("Embedded everywhere", "Wedi ymwreiddio ym mhobman"),
]


def text(en: str, cy: str) -> dict[str, str]:
    return {"en": en, "cy": cy}


@pytest.fixture(scope="module")
def framework(server: Server) -> dict[str, Any]:
    """A framework of two principles, its statements related to the seed's toolkit sections."""
    tree = server.api.get("/api/v1/toolkit").json()["items"]
    sections = [node for top in tree for node in [top, *top["children"]]]
    first, second = sections[0], sections[1]
    body = {
        "slug": SLUG,
        "title": text("How well do we co-produce?", "Pa mor dda ydyn ni’n cyd-gynhyrchu?"),
        "summary": text("Eight questions on working as equals.", "Wyth cwestiwn am weithio fel partneriaid cyfartal."),
        "not_applicable": text("Does not apply to us", "Nid yw’n berthnasol i ni"),
        "scale": [
            {
                "level": n,
                "label": text(en, cy),
                "description": text(f"What level {n} looks like.", f"Sut olwg sydd ar lefel {n}."),
            }
            for n, (en, cy) in enumerate(SCALE, start=1)
        ],
        "principles": [
            {
                "key": "power",
                "title": text("Share power", "Rhannu pŵer"),
                "summary": text("Decisions are made together.", "Caiff penderfyniadau eu gwneud gyda’i gilydd."),
                "section": {"kind": "toolkit-sections", "slug": first["slug"]},
                "statements": [
                    {
                        "key": "power-decide",
                        "text": text(
                            "People who use services decide with us",
                            "Mae pobl sy’n defnyddio gwasanaethau yn penderfynu gyda ni",
                        ),
                        "help": text(
                            "Decisions are not taken without them.", "Ni chaiff penderfyniadau eu gwneud hebddyn nhw."
                        ),
                        "advice": text(
                            "Hold the next decision meeting with them.",
                            "Cynhaliwch y cyfarfod penderfynu nesaf gyda nhw.",
                        ),
                        "related": [{"kind": "toolkit-sections", "slug": first["slug"]}],
                    },
                    {
                        "key": "power-budget",
                        "text": text(
                            "Budgets are open to everyone involved", "Mae’r cyllidebau’n agored i bawb sy’n cymryd rhan"
                        ),
                        "advice": text("Share the budget with the group.", "Rhannwch y gyllideb gyda’r grŵp."),
                        "related": [{"kind": "toolkit-sections", "slug": second["slug"]}],
                    },
                ],
            },
            {
                "key": "value",
                "title": text("Value everyone", "Gwerthfawrogi pawb"),
                "statements": [
                    {
                        "key": "value-lived",
                        "text": text(
                            "Lived experience counts as expertise", "Mae profiad bywyd yn cyfrif fel arbenigedd"
                        ),
                        "advice": text("Pay people for their time.", "Talwch bobl am eu hamser."),
                        "related": [{"kind": "toolkit-sections", "slug": second["slug"]}],
                    },
                    {
                        "key": "value-thanks",
                        "text": text(
                            "We thank people in the way they want",
                            "Rydyn ni’n diolch i bobl yn y ffordd maen nhw eisiau",
                        ),
                    },
                ],
            },
        ],
    }
    response = server.admin.post("/api/v1/frameworks", json=body)
    assert response.status_code == 201, response.text
    return {"body": body, "sections": [first, second]}


@pytest.fixture
def mobile(browser: Browser, server: Server) -> Iterator[Page]:
    page, problems = new_page(browser, server.url)
    page.set_viewport_size(MOBILE)
    yield page
    page.context.close()
    assert not problems, "\n".join(problems)


def check(page: Page, name: str) -> None:
    """axe at 1280px and at 375px, then the screenshots and the reflow check."""
    size = page.viewport_size
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{name} at {width}px")
    if size:
        page.set_viewport_size(size)
    look(page, name)


def choose_framework(page: Page) -> None:
    """Other frameworks may be stored too (the seed's): ours is chosen by its title."""
    choice = page.get_by_label("How well do we co-produce?", exact=True)
    if choice.count():
        choice.check()


def answer(page: Page, statement: str, level: str) -> None:
    group = page.get_by_role("group", name=statement)
    group.get_by_label(level, exact=True).check()
    status = page.locator(".statement", has=group).get_by_role("status")
    expect(status).to_have_text("Saved")


def start(page: Page, organisation: str) -> str:
    """Start an assessment through the start page; the private link."""
    page.goto("/self-evaluation")
    choose_framework(page)
    page.get_by_label("Name of your organisation").fill(organisation)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your self-evaluation has started")
    return page.get_by_label("Your private link").input_value()


def test_journey_from_a_phone_to_a_second_round(
    mobile: Page, browser: Browser, server: Server, framework: dict[str, Any]
) -> None:
    page = mobile
    page.goto("/self-evaluation")
    expect(page.get_by_role("heading", level=1)).to_have_text("How well are you co-producing?")
    check(page, "self-evaluation-start")

    # Sent without a name: the error summary says what to do, and links to the field.
    page.get_by_role("button", name="Start").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter the name of your organisation").click()
    expect(page.get_by_label("Name of your organisation")).to_be_focused()

    choose_framework(page)
    page.get_by_label("Name of your organisation").fill("Llanfair Community Council")
    page.get_by_label("Email address (optional)").fill("officer@example.org")
    page.get_by_label("Add our scores to the benchmark, without our name").check()
    page.get_by_role("button", name="Start").click()

    panel = page.locator(".panel")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Your self-evaluation has started")
    expect(panel).to_be_focused()
    link = page.get_by_label("Your private link").input_value()
    assert re.match(rf"^{re.escape(server.url)}/self-evaluation/own_[\w-]+$", link), link
    expect(page.get_by_text("This link is the only way back to your answers")).to_be_visible()
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_count(1)
    assert page.evaluate("navigator.clipboard.readText()") == link
    check(page, "self-evaluation-started")
    token = link.rsplit("/", 1)[1]

    # Leave, and come back later through the link.
    page.goto("/search")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-evaluation: How well do we co-produce?")
    expect(page.get_by_text("Statements answered: 0 of 4.")).to_be_visible()
    check(page, "self-evaluation-overview")
    page.get_by_role("link", name="Start with the first principle").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Share power")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    check(page, "self-evaluation-principle")
    decide = "People who use services decide with us"
    answer(page, decide, "2: Starting")

    # A second tab changes the same answer; this tab's stale save is refused, not written over it.
    other = page.context.new_page()
    other.goto(page.url)
    answer(other, decide, "4: Established")
    other.close()
    page.get_by_role("group", name=decide).get_by_label("1: Not started", exact=True).check()
    notice = page.locator("[data-notice='conflict']")
    expect(notice).to_contain_text("An answer was changed somewhere else")
    expect(page.get_by_role("group", name=decide).get_by_label("4: Established", exact=True)).to_be_checked()
    expect(
        page.locator(".statement", has=page.get_by_role("group", name=decide)).locator(".error-message")
    ).to_contain_text("Your change was not saved")
    check(page, "self-evaluation-conflict")
    saved = server.api.get(f"/api/v1/assessments/{token}").json()["answers"]
    assert [(a["statement"], a["level"]) for a in saved] == [("power-decide", 4)]

    # Back to a low level on purpose (for the action plan), with notes and evidence.
    answer(page, decide, "1: Not started")
    budget = "Budgets are open to everyone involved"
    page.get_by_role("group", name=budget).get_by_label("2: Starting", exact=True).check()
    group = page.locator(".statement", has=page.get_by_role("group", name=budget))
    group.get_by_label("Notes (optional)").fill("Only the finance team sees the budget.")
    group.get_by_label("Links to evidence (optional)").fill("https://example.org/budget-report")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Your answers have been saved")).to_be_visible()
    expect(page.get_by_text("Statements answered: 2 of 4.")).to_be_visible()
    answers = {a["statement"]: a for a in server.api.get(f"/api/v1/assessments/{token}").json()["answers"]}
    assert answers["power-budget"]["notes"] == "Only the finance team sees the budget."
    assert answers["power-budget"]["evidence"] == ["https://example.org/budget-report"]

    page.get_by_role("link", name="Continue where you left off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Value everyone")
    answer(page, "Lived experience counts as expertise", "4: Established")
    answer(page, "We thank people in the way they want", "Does not apply to us")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")

    # The team view: a colleague's link, a reviewer's link, and one made and withdrawn.
    page.goto(f"/self-evaluation/{token}/team")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team and reviewers")
    page.get_by_label("Their name").fill("Bethan Jones")
    page.get_by_role("button", name="Create a link").click()
    expect(page.get_by_role("heading", name="Link for your colleague Bethan Jones")).to_be_focused()
    colleague = page.get_by_label("Their link").input_value()
    assert "/self-evaluation/team_" in colleague
    page.get_by_label("A reviewer from another organisation").check()
    page.get_by_label("Their name").fill("Aberllyn Town Council")
    page.get_by_role("button", name="Create a link").click()
    expect(page.get_by_role("heading", name="Link for the reviewer Aberllyn Town Council")).to_be_focused()
    peer = page.get_by_label("Their link").input_value()
    assert "/self-evaluation/peer_" in peer
    page.get_by_label("A colleague from your organisation").check()
    page.get_by_label("Their name").fill("Wrong Person")
    page.get_by_role("button", name="Create a link").click()
    expect(page.get_by_role("heading", name="Link for your colleague Wrong Person")).to_be_visible()
    withdrawn = page.get_by_label("Their link").input_value()
    page.get_by_role("button", name="Withdraw link for Wrong Person").click()
    expect(page.get_by_role("status").filter(has_text="The link for Wrong Person no longer works.")).to_be_visible()
    rows = page.locator("table[data-invitations] tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Wrong Person")).to_contain_text("Withdrawn")
    check(page, "self-evaluation-team")

    # A colleague answers through their link, then the neighbouring organisation reviews.
    for url, name, levels in (
        (colleague, "colleague", ["3: Developing", "4: Established", "5: Embedded everywhere", "4: Established"]),
        (peer, "peer", ["3: Developing", "3: Developing", "5: Embedded everywhere", "5: Embedded everywhere"]),
    ):
        other_page, problems = new_page(browser, server.url)
        other_page.goto(url)
        if name == "peer":
            expect(
                other_page.get_by_text("You are reviewing how Llanfair Community Council co-produces")
            ).to_be_visible()
            check(other_page, "self-evaluation-peer-overview")
        other_page.get_by_role("link", name="Start with the first principle").click()
        answer(other_page, decide, levels[0])
        answer(other_page, budget, levels[1])
        other_page.get_by_role("button", name="Save and continue").click()
        answer(other_page, "Lived experience counts as expertise", levels[2])
        answer(other_page, "We thank people in the way they want", levels[3])
        other_page.get_by_role("button", name="Save and continue").click()
        expect(other_page.get_by_role("heading", level=1)).to_have_text("Check your answers")
        other_page.get_by_role("button", name="Submit your answers").click()
        expect(other_page.get_by_role("heading", level=1)).to_have_text("Results")
        if name == "peer":
            check(other_page, "self-evaluation-peer-results")
        other_page.context.close()
        assert not problems, "\n".join(problems)
    page.goto(withdrawn)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")

    # The owner checks and submits, and reads the results.
    page.goto(f"/self-evaluation/{token}/check")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.get_by_text("Only the finance team sees the budget.")).to_be_visible()
    check(page, "self-evaluation-check")
    page.get_by_role("button", name="Submit your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    chart = page.locator("svg[role='img']").first
    expect(chart).to_be_visible()
    labelled = chart.get_attribute("aria-labelledby") or ""
    title_id, desc_id = labelled.split()
    assert "Scores per principle" in page.locator(f"[id='{title_id}']").text_content()
    assert "Share power" in page.locator(f"[id='{desc_id}']").text_content()
    table = page.locator("table[data-scores]")
    expect(table.locator("thead th")).to_have_text(
        ["Principle", "Self-assessment", "Combined with colleagues", "Peer review", "Statements answered"]
    )
    results = server.api.get(f"/api/v1/assessments/{token}/results").json()
    power = next(p for p in results["principles"] if p["key"] == "power")
    row = table.locator("tbody tr", has_text="Share power")
    expect(row.locator("td").first).to_have_text(f"{power['self']:.1f}")
    # The same figures in the chart as in the table.
    assert f"Self-assessment {power['self']:.1f}" in page.locator(f"[id='{desc_id}']").text_content()
    gaps = page.locator("table[data-gaps] tbody th")
    expected = sorted(results["principles"], key=lambda p: -abs(p["gap"]))
    expect(gaps).to_have_text([p["title"] for p in expected])
    expect(page.locator("table[data-spread] tbody tr").first).to_be_visible()
    plan = page.locator("ol.actions > li")
    expect(plan.first).to_contain_text("People who use services decide with us")
    expect(plan.first).to_contain_text("Hold the next decision meeting with them.")
    expect(page.get_by_text("The benchmark appears once at least 5 organisations")).to_be_visible()
    check(page, "self-evaluation-results")

    # A target for a principle.
    target = page.locator("form.target", has=page.get_by_role("group", name="Share power"))
    target.get_by_label("Target level").select_option("3")
    target.get_by_label("By when").fill("2027-12-31")
    target.get_by_role("button", name="Save target for Share power").click()
    expect(target.get_by_role("status")).to_have_text("Target saved: 3 by 31 December 2027")

    # The action plan's link opens the toolkit section.
    section = framework["sections"][0]
    plan.first.get_by_role("link", name=section["title"]).click()
    expect(page).to_have_url(re.compile(rf"/toolkit/{re.escape(section['slug'])}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(section["title"])

    # The printed report: a clean A4 PDF.
    page.goto(f"/self-evaluation/{token}/print")
    expect(page.get_by_role("heading", level=1)).to_have_text("Llanfair Community Council")
    expect(page.locator(".report")).to_contain_text("3: Developing by 31 December 2027")
    check(page, "self-evaluation-print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this report")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "self-evaluation-print-media.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 6, pages
    (SHOTS / "self-evaluation-report.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    page.set_viewport_size(MOBILE)

    # A year later: a second round starts from the last one's answers; rounds side by side.
    page.goto(f"/self-evaluation/{token}/rounds")
    expect(page.locator("table[data-rounds] thead th")).to_have_count(2)
    page.get_by_role("button", name="Start a new round").click()
    expect(page.get_by_text("Statements answered: 4 of 4.")).to_be_visible()
    expect(page.locator(".caption").first).to_have_text("Llanfair Community Council – round 2")
    page.get_by_role("link", name="Share power").click()
    expect(page.get_by_role("group", name=decide).get_by_label("1: Not started", exact=True)).to_be_checked()
    answer(page, decide, "3: Developing")
    page.goto(f"/self-evaluation/{token}/check")
    page.get_by_role("button", name="Submit your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    page.get_by_role("link", name="Rounds").click()
    table = page.locator("table[data-rounds]")
    expect(table.locator("thead th")).to_have_text(
        [re.compile("^Principle$"), re.compile("^Round 1"), re.compile("^Round 2"), "Change since round 1"]
    )
    expect(page.locator("figure.chart svg[role='img']")).to_be_visible()
    check(page, "self-evaluation-rounds")
    table.get_by_role("link", name="Round 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results of round 1")


def test_one_principle_with_the_keyboard_only(page: Page, server: Server, framework: dict[str, Any]) -> None:
    link = start(page, "Keyboard Housing Association")
    token = link.rsplit("/", 1)[1]
    page.goto(f"/self-evaluation/{token}/principles/power")
    expect(page.get_by_role("heading", level=1)).to_have_text("Share power")

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
                return
        pytest.fail(f"Tab never reached {selector}")

    tab_to("#se-power-decide-level-1")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#se-power-decide-level-3")).to_be_checked()
    expect(page.locator("#se-power-decide-level-3")).to_be_focused()
    tab_to("#se-power-decide-notes")
    page.keyboard.type("We ask, but we decide alone.")
    tab_to("#se-power-budget-level-1")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#se-power-budget-level-2")).to_be_checked()
    tab_to("button[value='continue']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Value everyone")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    answers = {a["statement"]: a for a in server.api.get(f"/api/v1/assessments/{token}").json()["answers"]}
    assert answers["power-decide"]["level"] == 3
    assert answers["power-decide"]["notes"] == "We ask, but we decide alone."
    assert answers["power-budget"]["level"] == 2


def test_the_journey_in_welsh(page: Page, server: Server, framework: dict[str, Any]) -> None:
    page.set_viewport_size(MOBILE)
    page.goto("/cy/self-evaluation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pa mor dda ydych chi’n cyd-gynhyrchu?")
    assert page.evaluate("document.documentElement.lang") == "cy-GB"
    check(page, "self-evaluation-cy-start")
    choice = page.get_by_label("Pa mor dda ydyn ni’n cyd-gynhyrchu?", exact=True)
    if choice.count():
        choice.check()
    page.get_by_label("Enw eich sefydliad").fill("Cyngor Cymuned Llanfair")
    page.get_by_role("button", name="Dechrau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mae eich hunanwerthusiad wedi dechrau")
    link = page.get_by_label("Eich dolen breifat").input_value()
    assert re.match(rf"^{re.escape(server.url)}/cy/self-evaluation/own_[\w-]+$", link), link
    check(page, "self-evaluation-cy-started")

    page.get_by_role("link", name="Ymlaen i’ch hunanwerthusiad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hunanwerthuso: Pa mor dda ydyn ni’n cyd-gynhyrchu?")
    check(page, "self-evaluation-cy-overview")
    page.get_by_role("link", name="Dechrau gyda’r egwyddor gyntaf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rhannu pŵer")
    check(page, "self-evaluation-cy-principle")
    for statement, level in (
        ("Mae pobl sy’n defnyddio gwasanaethau yn penderfynu gyda ni", "1: Dim wedi dechrau"),
        ("Mae’r cyllidebau’n agored i bawb sy’n cymryd rhan", "4: Wedi ymsefydlu"),
    ):
        group = page.get_by_role("group", name=statement)
        group.get_by_label(level, exact=True).check()
        expect(page.locator(".statement", has=group).get_by_role("status")).to_have_text("Wedi’i gadw")
    page.get_by_role("button", name="Cadw a pharhau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwerthfawrogi pawb")
    for statement, level in (
        ("Mae profiad bywyd yn cyfrif fel arbenigedd", "2: Yn dechrau"),
        ("Rydyn ni’n diolch i bobl yn y ffordd maen nhw eisiau", "5: Wedi ymwreiddio ym mhobman"),
    ):
        group = page.get_by_role("group", name=statement)
        group.get_by_label(level, exact=True).check()
        expect(page.locator(".statement", has=group).get_by_role("status")).to_have_text("Wedi’i gadw")
    page.get_by_role("button", name="Cadw a pharhau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwirio eich atebion")
    check(page, "self-evaluation-cy-check")
    page.get_by_role("button", name="Cyflwyno eich atebion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Canlyniadau")
    expect(page.locator("table[data-scores] thead th").first).to_have_text("Egwyddor")
    expect(page.locator("svg[role='img'] title").first).to_contain_text("Sgoriau fesul egwyddor")
    expect(page.locator("ol.actions > li").first).to_contain_text("Cynhaliwch y cyfarfod penderfynu nesaf gyda nhw.")
    check(page, "self-evaluation-cy-results")
    token = link.rsplit("/", 1)[1]
    page.goto(f"/cy/self-evaluation/{token}/print")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cyngor Cymuned Llanfair")
    check(page, "self-evaluation-cy-print")
    page.goto(f"/cy/self-evaluation/{token}/team")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tîm ac adolygwyr")
    page.get_by_label("Eu henw").fill("Bethan Jones")
    page.get_by_role("button", name="Creu dolen").click()
    expect(page.get_by_role("heading", name="Dolen ar gyfer eich cydweithiwr Bethan Jones")).to_be_focused()
    assert "/cy/self-evaluation/team_" in page.get_by_label("Eu dolen").input_value()
    check(page, "self-evaluation-cy-team")
    page.get_by_role("link", name="Rowndiau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rowndiau")
    expect(page.get_by_role("button", name="Dechrau rownd newydd")).to_be_visible()
    check(page, "self-evaluation-cy-rounds")


def test_the_owner_replaces_a_leaked_link(page: Page, server: Server, framework: dict[str, Any]) -> None:
    old = start(page, "Replacing Trust")
    page.goto(old + "/team")
    page.get_by_role("button", name="Replace your private link").click()
    expect(page.locator("#owner-link [tabindex='-1']")).to_be_focused()
    expect(page.locator("#owner-link")).to_contain_text("Your link has been replaced.")
    new = page.get_by_label("Your new private link").input_value()
    assert new != old and "/self-evaluation/own_" in new
    assert page.url == new + "/team"
    check(page, "self-evaluation-replaced")
    page.get_by_role("link", name="Your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-evaluation: How well do we co-produce?")
    page.goto(old)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")

    # The owner erases it: every link stops working.
    page.goto(new + "/team")
    page.get_by_role("button", name="Erase this self-evaluation").click()
    expect(page.get_by_text("Are you sure? Nobody can undo this.")).to_be_visible()
    check(page, "self-evaluation-erase")
    page.get_by_role("button", name="Yes, erase everything").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your self-evaluation has been erased")
    assert page.url == server.url + "/self-evaluation"
    assert server.api.get("/api/v1/assessments/" + new.rsplit("/", 1)[1]).status_code == 404
    page.goto(new)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
