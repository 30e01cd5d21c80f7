from __future__ import annotations

import time

from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """After an administrator sets a temporary password, the holder must choose their own
    before doing anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The open-data API is anonymous by design; not touching the session there keeps its answers
        # free of "Vary: Cookie", so caches in front of it can store them.
        if request.path.startswith("/api/"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("password_change_done"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("password_change")
        return self.get_response(request)


class IdleSessionMiddleware:
    """A signed-in session ends after SESSION_COOKIE_AGE without use (two hours: shared office
    PCs), so each use moves its end on. It is moved when it was last moved more than REFRESH
    seconds ago, not on every request: SESSION_SAVE_EVERY_REQUEST wrote the session's row on every
    page (three queries a page on PostgreSQL), for an end that moved by seconds. The idle limit
    is kept to within REFRESH. A visitor who never signed in gets no session row from this."""

    REFRESH = 60
    KEY = "_tsunagu_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not request.path.startswith("/api/") and session.get(SESSION_KEY):
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.REFRESH:
                session[self.KEY] = now  # modified: SessionMiddleware saves it with a new end
        return self.get_response(request)
