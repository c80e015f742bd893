"""The organisations' network in the browser: the year control changes what is drawn."""

from playwright.sync_api import expect

from tests.browser.test_timelines_drawn import collect_errors


def drawn(page):
    """(edges, node keys) of the drawing as the browser shows it."""
    edges = page.locator("svg.network-drawing .network-edge").evaluate_all(
        "nodes => nodes.map(n => [n.dataset.subject, n.dataset.object, n.dataset.kind])"
    )
    nodes = page.locator("svg.network-drawing .network-node").evaluate_all(
        "nodes => nodes.map(n => n.dataset.key)"
    )
    return {tuple(edge) for edge in edges}, set(nodes)


def boxes(page):
    return page.locator("svg.network-drawing .network-node rect").evaluate_all(
        "nodes => nodes.map(n => { const b = n.getBBox(); return [b.x, b.y, b.width, b.height]; })"
    )


def show_year(page, year):
    page.get_by_label("Year", exact=True).fill(str(year))
    page.get_by_label("Year", exact=True).press("Enter")
    expect(page.locator("h1")).to_contain_text(str(year))


def test_the_network_of_1988_differs_from_1991_as_the_sources_say(
    page, site_url, assert_accessible, screenshot
):
    errors = collect_errors(page)
    page.goto(f"{site_url}/network/")
    page.get_by_label("Case").select_option(label="El Agustino")
    show_year(page, 1988)
    edges_1988, nodes_1988 = drawn(page)
    screenshot(page, "network-el-agustino-1988")
    assert_accessible(page)

    show_year(page, 1991)
    edges_1991, nodes_1991 = drawn(page)
    screenshot(page, "network-el-agustino-1991")

    # The PMR split from the PUM in November 1988 and was inside IU by 1991.
    assert ("pmr", "pum", "split-from") in edges_1988
    assert ("pmr", "iu", "member-of") in edges_1991 - edges_1988
    # The Comité de Gestión, with the MIADES in it, is drawn in 1991, not in 1988.
    assert "comite-de-gestion" in nodes_1991 - nodes_1988
    assert ("miades", "comite-de-gestion", "member-of") in edges_1991
    # The picture is drawn: every box is visible and none overlaps another.
    rects = boxes(page)
    assert len(rects) == len(nodes_1991)
    for i, (x, y, w, h) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
    # Lines end in their kind's marker (an arrow, a bar ...), not colour alone.
    marker = page.locator('.network-edge[data-kind="opposed-to"] path').first
    assert marker.get_attribute("marker-end") == "url(#net-opposed-to-bar)"
    assert page.locator("#net-opposed-to-bar").count() == 1
    assert not errors, errors
    assert_accessible(page)


def test_year_links_step_through_the_years_by_keyboard(page, site_url):
    page.goto(f"{site_url}/network/?case=el-agustino&year=1990")
    link = page.get_by_role("link", name="1991 → (next year)")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("1991")
    expect(page.get_by_label("Year", exact=True)).to_have_value("1991")


def test_the_table_names_every_drawn_relation_and_links_the_organisations(page, site_url):
    page.goto(f"{site_url}/network/?case=el-agustino&year=1989")
    edges, _nodes = drawn(page)
    rows = page.locator("table.network-relations tbody tr").evaluate_all(
        "nodes => nodes.map(n => [n.dataset.subject, n.dataset.object, n.dataset.kind])"
    )
    assert {tuple(row) for row in rows} == edges
    page.locator("table.network-relations").get_by_role("link", name="PMR").first.click()
    expect(page).to_have_url(f"{site_url}/organisations/pmr/")


def test_a_year_outside_the_case_is_refused_with_the_reason(
    page, site_url, assert_accessible, screenshot
):
    errors = collect_errors(page)
    response = page.goto(f"{site_url}/network/?case=el-agustino&year=1970")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Choose a year from 1981 to 1993")
    expect(page.locator("svg.network-drawing")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "network-refused-year")
    assert all("400" in error for error in errors), errors


def test_el_gol_network_is_accessible(page, site_url, assert_accessible, screenshot):
    errors = collect_errors(page)
    page.goto(f"{site_url}/network/?case=el-gol&year=2003")
    _edges, nodes = drawn(page)
    assert "dfid" in nodes
    assert not errors, errors
    assert_accessible(page)
    screenshot(page, "network-el-gol-2003")
