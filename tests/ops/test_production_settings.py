"""Production settings: `manage.py check --deploy` is clean, and a missing secret stops start-up."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean production environment: none of ours, not the browser tests' async switch, and not the
    # test suite's settings module (pytest-django exports it; manage.py's own is tsunagu.settings).
    environment = {
        k: v for k, v in os.environ.items()
        if not k.startswith("TSUNAGU_") and k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def production_env(tmp_path) -> dict[str, str]:
    return {
        "TSUNAGU_DEBUG": "0",
        "TSUNAGU_SECRET_KEY": secrets.token_urlsafe(50),
        "TSUNAGU_ALLOWED_HOSTS": "tsunagu.example.jp",
        "TSUNAGU_VAR_DIR": str(tmp_path),
    }


def test_check_deploy_prints_no_warnings(tmp_path):
    result = run_manage("check", "--deploy", **production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["TSUNAGU_SECRET_KEY"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "TSUNAGU_SECRET_KEY must be set" in result.stderr


def test_production_settings_are_secure(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.ALLOWED_HOSTS)"
    )
    result = run_manage("shell", "-c", code, **production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False True True True True ['tsunagu.example.jp']"


# --- Production is the default (issue 11: TSUNAGU_DEBUG used to default to on) -----------------


def test_without_tsunagu_debug_the_settings_are_productions(tmp_path):
    env = production_env(tmp_path)
    del env["TSUNAGU_DEBUG"]
    code = "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False True True"


def test_without_tsunagu_debug_a_missing_secret_key_stops_start_up(tmp_path):
    result = run_manage("check", TSUNAGU_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "TSUNAGU_SECRET_KEY must be set" in result.stderr


def test_commands_that_sign_nothing_run_without_a_key_in_production(tmp_path):
    # A migration check on a fresh checkout (CI, a reviewer) needs no secret; serving does (above).
    result = run_manage("makemigrations", "--check", "--dry-run", TSUNAGU_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_make_run_debugs_on_127_0_0_1_without_a_key(tmp_path):
    """What make run's TSUNAGU_DEBUG=1 gives: debugging, a development key, 127.0.0.1 allowed."""
    code = "from django.conf import settings as s; print(s.DEBUG, '127.0.0.1' in s.ALLOWED_HOSTS, bool(s.SECRET_KEY))"
    result = run_manage("shell", "-c", code, TSUNAGU_DEBUG="1", TSUNAGU_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True True True"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(("target", "expected"), [("run", "1"), ("db", "1"), ("test-sqlite", "")])
def test_the_makefile_turns_debugging_on_for_make_run_only(target, expected):
    # A probe made a prerequisite of the target inherits its target-specific variables; "+" runs
    # its line under -n, which only prints the target's own recipe.
    environment = {k: v for k, v in os.environ.items() if k != "TSUNAGU_DEBUG"}
    result = subprocess.run(
        ["make", "-n", "--eval", 'tsunagu-probe: ; +@echo "debug=$$TSUNAGU_DEBUG"', "--eval",
         f"{target}: tsunagu-probe", target], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert f"debug={expected}\n" in result.stdout, result.stdout + result.stderr
