"""A visitor with a message waiting: what Django's messages framework leaves in its cookie
after a form is sent, so that the next page shows it once."""

from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory


def leave_message(client, text: str) -> None:
    """Sets the cookie a success message of `text` travels in on the test client."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, text)
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
