"""A serving process sets what it loaded at start-up aside from the garbage collector's full walks
(tsunagu/lib/serving.py): gunicorn's workers and make run's server load tsunagu/wsgi.py."""

from __future__ import annotations

import gc
import subprocess
import sys

from tests.ops.test_production_settings import ROOT, production_env


def test_ready_to_serve_freezes_what_is_loaded():
    from tsunagu.lib.serving import ready_to_serve

    before = gc.get_freeze_count()
    try:
        ready_to_serve()
        assert gc.get_freeze_count() > max(before, 10_000)
        assert "tsunagu.liaison.views" in sys.modules  # the URLconf's views were imported first
    finally:
        gc.unfreeze()


def test_the_wsgi_application_is_ready_to_serve_when_loaded(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import gc, tsunagu.wsgi; print(gc.get_freeze_count())"], cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tsunagu.settings", **production_env(tmp_path)},
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 10_000
