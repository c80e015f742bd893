"""Signing in: the lockout page, and password reset only where mail can be sent.

django-axes counts failed sign-ins (settings: "Sign-in lockout") and calls `locked_out` for
the page a locked-out person sees, on the instructors' login and the admin's alike.
"""

import hashlib
import math
from functools import wraps

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone


def client_address(request) -> str:
    """The visitor's address: the connection's, or with TRUSTED_PROXY_COUNT = n the n-th
    entry from the right of X-Forwarded-For (each of the operator's proxies appends the
    address it saw; entries further left are whatever the visitor sent, so never trusted)."""
    address = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            address = forwarded[-count]
    return address


def minutes_left(request, credentials=None) -> int:
    """Whole minutes until the lockout of this account from this address ends (at least 1)."""
    cool_off = get_cool_off(request)
    last = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=client_address(request),
    ).aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return math.ceil(cool_off.total_seconds() / 60)
    remaining = (last + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(remaining / 60))


def locked_out(request, original_response=None, credentials=None):
    """The page for a locked-out sign-in: the same whether or not the account exists."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "minutes": minutes_left(request, credentials),
            "password_reset_enabled": settings.PASSWORD_RESET_ENABLED,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def reset_enabled(view):
    """A password-reset page exists only where the site can send mail (PASSWORD_RESET)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_reset_enabled"] = settings.PASSWORD_RESET_ENABLED
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with at most PASSWORD_RESET_LIMIT mails per address and per e-mail
    in a lockout period, so the form cannot flood anyone's inbox."""

    def form_valid(self, form):
        seconds = int(get_cool_off(self.request).total_seconds())
        email = form.cleaned_data["email"].strip().lower()
        keys = [
            "password-reset:address:" + (client_address(self.request) or ""),
            "password-reset:email:" + hashlib.sha256(email.encode()).hexdigest(),
        ]
        if any(cache.get(key, 0) >= settings.PASSWORD_RESET_LIMIT for key in keys):
            return render(
                self.request,
                "registration/locked_out.html",
                {"minutes": math.ceil(seconds / 60), "password_reset": True},
                status=settings.AXES_HTTP_RESPONSE_CODE,
            )
        for key in keys:
            cache.add(key, 0, seconds)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, seconds)
        return super().form_valid(form)


password_reset = reset_enabled(PasswordResetView.as_view())
password_reset_done = reset_enabled(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = reset_enabled(auth_views.PasswordResetConfirmView.as_view())
password_reset_complete = reset_enabled(auth_views.PasswordResetCompleteView.as_view())
