"""The home page: both published cases, nothing in draft, every string from the catalogue."""

import pytest
from django.urls import reverse

from . import records

pytestmark = pytest.mark.django_db


def test_home_lists_both_cases_and_links_the_admin(client):
    response = client.get(reverse("cases:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "El Agustino" in page
    assert "El Gol" in page
    assert 'href="#main"' in page  # skip link


def test_a_draft_case_is_not_on_the_home_page(client):
    records.case(title="An unpublished case in draft", status="draft")
    page = client.get(reverse("cases:home")).content.decode()
    assert "An unpublished case in draft" not in page


def test_the_admin_login_page_is_served(client):
    assert client.get("/admin/login/").status_code == 200
