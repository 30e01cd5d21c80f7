"""Production settings: `manage.py check --deploy` is clean, and a missing secret stops start-up."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A clean production environment: none of ours, and not the browser tests' async switch.
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("TSUNAGU_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
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
