"""Readying a process to serve pages: tsunagu/wsgi.py (gunicorn's workers, make run's server)
calls ready_to_serve() once the project is loaded, and bench/ does the same before it times pages.

Why: Python's garbage collector now and then walks every long-lived object of the process (a
full, "generation 2" collection). In a Tsunagu process that is Django, every view module, the
dispatch planner's and the analyser's bindings: a walk took ~120 ms, landing on one page in about
twenty — the ward view's p95 on PostgreSQL was that pause (bench/together.py: p50 150 ms, max
270–300 ms). What is loaded at start-up lives as long as the process, so it is imported first and
then set aside with gc.freeze(): full collections then walk only what was made after it. This is
the set-up Instagram described for Django under gunicorn, and what gc.freeze() was added for
(Python 3.7, "for pre-fork servers")."""

from __future__ import annotations

import gc


def ready_to_serve() -> None:
    """Import what serving pages will import, then exempt it from the collector's walks."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports the URLconf and with it every view module
    gc.collect()
    gc.freeze()
