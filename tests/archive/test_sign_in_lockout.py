"""Nobody guesses a password: failed sign-ins lock out, on the instructors' and the admin's
login alike, and password reset works only where mail can be sent."""

import os
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from tests.commands import manage

INSTRUCTOR_PASSWORD = "a-long-pass-phrase-2"  # noqa: S105 (conftest's instructor)
ARCHIVIST_PASSWORD = "a-long-pass-phrase-1"  # noqa: S105 (conftest's archivist)

pytestmark = [pytest.mark.django_db, pytest.mark.lockout]

LOGINS = {
    # where, who signs in there, her password
    "/accounts/login/": ("instructor", INSTRUCTOR_PASSWORD),
    "/admin/login/": ("archivist", ARCHIVIST_PASSWORD),
}


def sign_in(client, url, username, password, address="127.0.0.1", **headers):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def fail(client, url, username, times, address="127.0.0.1", **headers):
    for _ in range(times):
        response = sign_in(client, url, username, "a-wrong-guess", address, **headers)
    return response


@pytest.fixture
def accounts(archivist, instructor):
    return {"archivist": archivist, "instructor": instructor}


@pytest.mark.parametrize("url", LOGINS)
def test_fifty_wrong_passwords_then_the_right_one_is_refused(client, accounts, url):
    username, password = LOGINS[url]
    fail(client, url, username, 50)
    response = sign_in(client, url, username, password)
    assert response.status_code == 429
    assert not signed_in(client)
    assert "Signing in is paused" in response.text


@pytest.mark.parametrize("url", LOGINS)
def test_the_fifth_failure_locks_and_the_page_says_for_how_long(client, accounts, url):
    username, _ = LOGINS[url]
    assert fail(client, url, username, 4).status_code == 200  # still the form, with its error
    response = fail(client, url, username, 1)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "Try again in 15 minutes" in response.text
    assert 'role="alert"' in response.text


def without_tokens(html, username):
    """The page less its CSRF token and the username typed back into the form."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html.replace(f'value="{username}"', "")


def test_the_lockout_never_tells_whether_the_account_exists(client, accounts):
    url = "/accounts/login/"
    known = [sign_in(client, url, "instructor", f"guess-{i}").text for i in range(6)]
    unknown = [sign_in(client, url, "nobody-here", f"guess-{i}").text for i in range(6)]
    assert [without_tokens(page, "instructor") for page in known] == [
        without_tokens(page, "nobody-here") for page in unknown
    ]
    assert "Signing in is paused" in unknown[-1]


def test_after_the_lockout_period_the_right_password_works_again(client, accounts):
    url, (username, password) = "/accounts/login/", LOGINS["/accounts/login/"]
    with freeze_time("2026-03-01 12:00:00") as clock:
        fail(client, url, username, 5)
        clock.tick(timedelta(minutes=10))
        response = sign_in(client, url, username, password)
        assert response.status_code == 429
        assert "Try again in 5 minutes" in response.text
        clock.tick(timedelta(minutes=5, seconds=1))
        response = sign_in(client, url, username, password)
        assert response.status_code == 302
        assert signed_in(client)  # checked in the frozen time, before the session expires


def test_tries_during_a_lockout_do_not_extend_it(client, accounts):
    url, (username, password) = "/accounts/login/", LOGINS["/accounts/login/"]
    with freeze_time("2026-03-01 12:00:00") as clock:
        fail(client, url, username, 5)
        for _ in range(14):
            clock.tick(timedelta(minutes=1))
            fail(client, url, username, 1)
        clock.tick(timedelta(minutes=1, seconds=1))
        assert sign_in(client, url, username, password).status_code == 302


def test_a_right_password_forgives_earlier_typos(client, accounts):
    url, (username, password) = "/accounts/login/", LOGINS["/accounts/login/"]
    for _ in range(3):
        fail(client, url, username, 4)
        assert sign_in(client, url, username, password).status_code == 302
        client.post("/accounts/logout/")


@pytest.mark.parametrize("url", LOGINS)
def test_the_administrator_unlocks_an_account_with_a_command(client, accounts, url, capsys):
    username, password = LOGINS[url]
    fail(client, url, username, 5)
    assert sign_in(client, url, username, password).status_code == 429
    call_command("axes_reset_username", username)
    assert "attempts removed" in capsys.readouterr().out
    assert sign_in(client, url, username, password).status_code == 302


def test_the_administrator_sees_and_lifts_lockouts_in_the_admin(client, accounts):
    url, (username, password) = "/accounts/login/", LOGINS["/accounts/login/"]
    fail(client, url, username, 5)
    from axes.models import AccessAttempt  # here: main's archive had no axes (defect checks)

    admin = get_user_model().objects.create_superuser("root", password="another-long-phrase-9")
    client.force_login(admin)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert username in listing.text
    attempt = AccessAttempt.objects.get(username=username)
    deleted = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    client.logout()
    assert sign_in(client, url, username, password).status_code == 302


def test_an_archivist_cannot_read_the_sign_in_log(client, accounts):
    client.force_login(accounts["archivist"])
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_each_account_and_address_pair_is_counted_on_its_own(client, accounts):
    url = "/accounts/login/"
    fail(client, url, "instructor", 5)
    # Another account from the same address is not locked by the first one's failures...
    assert sign_in(client, url, "archivist", ARCHIVIST_PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    # ...but is limited by the same rule: five failures lock it too.
    assert fail(client, url, "archivist", 5).status_code == 429
    assert sign_in(client, url, "archivist", ARCHIVIST_PASSWORD).status_code == 429
    # The real instructor, elsewhere, is not locked out by a guesser's failures.
    response = sign_in(client, url, "instructor", INSTRUCTOR_PASSWORD, address="203.0.113.9")
    assert response.status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, accounts):
    url = "/accounts/login/"
    for i in range(5):
        fail(client, url, "instructor", 1, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    response = sign_in(
        client, url, "instructor", INSTRUCTOR_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )
    assert response.status_code == 429


def test_behind_the_operators_proxy_each_visitor_is_counted_by_their_own_address(
    client, accounts, settings
):
    settings.TRUSTED_PROXY_COUNT = 1  # one reverse proxy of the operator's
    url, proxy = "/accounts/login/", "10.0.0.2"
    # A guesser behind the proxy, forging the first entry of the header each time.
    for i in range(5):
        fail(
            client, url, "instructor", 1, address=proxy,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.66",
        )  # fmt: skip
    locked = sign_in(
        client, url, "instructor", INSTRUCTOR_PASSWORD, address=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )  # fmt: skip
    assert locked.status_code == 429
    # The instructor herself comes through the same proxy from another address.
    response = sign_in(
        client, url, "instructor", INSTRUCTOR_PASSWORD, address=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.10",
    )  # fmt: skip
    assert response.status_code == 302


# Password reset


def test_a_site_with_mail_sends_the_reset_link_and_it_works(client, instructor, settings):
    settings.PASSWORD_RESET_ENABLED = True
    instructor.email = "instructor@example.org"
    instructor.save()
    login = client.get("/accounts/login/")
    assert 'href="/accounts/password_reset/"' in login.text
    response = client.post("/accounts/password_reset/", {"email": "instructor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["instructor@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "a-brand-new-pass-phrase-7"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(client, "/accounts/login/", "instructor", new).status_code == 302


def test_a_site_without_mail_does_not_offer_a_reset(client, settings):
    settings.PASSWORD_RESET_ENABLED = False
    login = client.get("/accounts/login/")
    assert "password_reset" not in login.text
    assert "Ask the archive's administrator" in login.text
    for url in ["/accounts/password_reset/", "/accounts/password_reset/done/"]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"email": "instructor@example.org"}).status_code == 404
    assert mail.outbox == []


def test_reset_mails_are_limited_so_nobody_floods_an_inbox(client, instructor, settings):
    settings.PASSWORD_RESET_ENABLED = True
    instructor.email = "instructor@example.org"
    instructor.save()
    for _ in range(3):
        client.post("/accounts/password_reset/", {"email": "instructor@example.org"})
    response = client.post("/accounts/password_reset/", {"email": "instructor@example.org"})
    assert response.status_code == 429
    assert "Too many password reset requests" in response.text
    assert len(mail.outbox) == 3


def settings_with(**environment):
    """The mail settings a process started with this environment gets."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    env.update(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="archive.example.org")
    env.pop("PASSWORD_RESET", None)
    env.update(environment)
    code = (
        "from django.conf import settings as s;"
        "print(s.PASSWORD_RESET_ENABLED, s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_PORT)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=env, check=True)
    return result.stdout.split()


def test_production_offers_a_reset_only_when_mail_is_configured():
    assert settings_with()[0] == "False"
    assert settings_with(EMAIL_HOST="smtp.example.org") == ["True", "smtp", "587"]
    assert settings_with(DEBUG="1")[:2] == ["True", "console"]


def test_attempts_older_than_the_lockout_period_are_forgotten(client, accounts):
    from axes.models import AccessAttempt

    url = "/accounts/login/"
    fail(client, url, "instructor", 4)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert fail(client, url, "instructor", 1).status_code == 200
