"""Timelines drawn: marks in date order, precision visible, a period to zoom to."""

import re

from playwright.sync_api import expect


def marks(page):
    """(title, shape, left x) of every drawn mark, as the browser lays them out."""
    return page.locator("svg.timeline-svg .mark").evaluate_all(
        """nodes => nodes.map(n => [n.querySelector('title').textContent,
                                     n.dataset.shape,
                                     n.querySelector('circle,rect').getBBox().x])"""
    )


def lane_labels(page):
    return page.locator("svg.timeline-svg .lane-label").evaluate_all(
        "nodes => nodes.map(n => n.textContent)"
    )


def collect_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_quintanillas_timeline_shows_his_posts_and_interview_in_order(
    page, site_url, assert_accessible, screenshot
):
    errors = collect_errors(page)
    page.goto(f"{site_url}/people/jorge-quintanilla/")
    drawn = {title: (shape, x) for title, shape, x in marks(page)}
    president = next(t for t in drawn if t.startswith("president of the CG"))
    mayor_span = next(t for t in drawn if t.startswith("mayor of El Agustino (September 1990"))
    interview = next(t for t in drawn if t.startswith("Interview with Jorge Quintanilla"))
    # A month is a band, a day a dot, a period a span; each where its date falls.
    assert drawn[president][0] == "band"
    assert drawn[interview][0] == "dot"
    assert drawn[mayor_span][0] == "span"
    assert drawn[president][1] < drawn[interview][1]
    assert drawn[mayor_span][1] <= drawn[president][1] + 1
    # The lanes list the posts in date order, before events, interviews and quotes.
    lanes = lane_labels(page)
    assert lanes[-3:] == ["Events", "Interviews", "Quotes"]
    assert not errors, errors
    assert_accessible(page)
    screenshot(page, "timeline-drawn-person")

    page.get_by_label("From year").first.fill("1991")
    page.get_by_label("To year").first.fill("1991")
    page.get_by_role("button", name="Show this period").click()
    expect(page).to_have_url(re.compile(r"from=1991&to=1991"))
    titles = [title for title, _shape, _x in marks(page)]
    assert any(t.startswith("Interview with Jorge Quintanilla") for t in titles)
    assert not any(t.startswith("president of the CG") for t in titles)  # September 1990


def test_a_marks_link_leads_to_its_record(page, site_url):
    page.goto(f"{site_url}/people/jorge-quintanilla/")
    page.locator("svg.timeline-svg a.kind-interview").first.click()
    expect(page).to_have_url(re.compile(r"/interviews/interview-quintanilla-1991-11-06/$"))


def test_the_case_timeline_has_lanes_by_organisation(
    page, site_url, screenshot, assert_accessible
):
    errors = collect_errors(page)
    page.goto(f"{site_url}/cases/el-agustino/")
    lanes = lane_labels(page)
    assert "PUM" in lanes and "IU" in lanes
    assert lanes[-1] in ("No organisation named", "Others")
    assert not errors, errors
    assert_accessible(page)
    screenshot(page, "timeline-drawn-case")


def test_organisation_timeline_and_a_bad_period(page, site_url, screenshot):
    page.goto(f"{site_url}/organisations/pum/?from=1990&to=1980")
    expect(page.locator(".timeline-drawing .message")).to_contain_text("runs backwards")
    assert len(marks(page)) > 5
    screenshot(page, "timeline-drawn-organisation")
