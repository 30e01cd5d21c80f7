"""Tsunagu settings: one file, read from the environment.

Defaults are production's (DEBUG off; SQLite under var/ unless DATABASE_URL is given). A city's
server sets TSUNAGU_SECRET_KEY, TSUNAGU_ALLOWED_HOSTS and DATABASE_URL (docs/deploy.md); `make run`
sets TSUNAGU_DEBUG=1 for a developer's machine.
"""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TSUNAGU_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Production is the default: a server that forgets the variable must not show tracebacks.
# `make run` (and the targets it needs) set TSUNAGU_DEBUG=1 for a developer's machine.
DEBUG = env_bool("TSUNAGU_DEBUG", False)

# A missing key is only tolerated on a developer's machine: production refuses to start. Commands
# that only read the code (a migration or translation check, the access table) sign nothing and
# run anywhere, a throwaway key in hand.
KEYLESS_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "access_table"}
SECRET_KEY = os.environ.get("TSUNAGU_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
    elif len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise RuntimeError("TSUNAGU_SECRET_KEY must be set when TSUNAGU_DEBUG=0")

ALLOWED_HOSTS = env_list("TSUNAGU_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("TSUNAGU_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "tsunagu.lib",
    "tsunagu.places",
    "tsunagu.people",
    "tsunagu.home",
    "tsunagu.audit",
    "tsunagu.directory",
    "tsunagu.jobs",
    "tsunagu.sheets",
    "tsunagu.memos",
    "tsunagu.district_plans",
    "tsunagu.hearings",
    "tsunagu.attachments",
    "tsunagu.events",
    "tsunagu.projects",
    "tsunagu.teams",
    "tsunagu.partners",
    "tsunagu.outings",
    "tsunagu.surveys",
    "tsunagu.assessment",
    "tsunagu.liaison",
    "tsunagu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that the policy is on every response, static files included.
    "tsunagu.lib.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tsunagu.people.middleware.IdleSessionMiddleware",
    "tsunagu.lib.middleware.JapaneseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tsunagu.people.middleware.PasswordChangeRequiredMiddleware",
    # Axes must come last so that it sees every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tsunagu.urls"
WSGI_APPLICATION = "tsunagu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tsunagu.home.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'tsunagu.sqlite3'}",
        conn_max_age=env_int("TSUNAGU_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing with "database is locked"; WAL lets readers go on.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, lockout, sessions ----------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout (tsunagu/people/lockout.py): five wrong passwords for one account from one address lock
# that account for that address for 30 minutes (or until an admin unlocks it); the same account
# from another address still logs in, so nobody can lock someone else out from outside. And an
# address with 30 failures in those 30 minutes, whichever accounts they were for, is throttled:
# one password tried on every account is noticed. A ward office behind one NAT address shares
# that address's 30, hence a limit well above one person's five.
AXES_FAILURE_LIMIT = env_int("TSUNAGU_LOGIN_FAILURE_LIMIT", 5)
TSUNAGU_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("TSUNAGU_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TSUNAGU_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "tsunagu.people.lockout.AccountAndAddressHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "tsunagu.people.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address: X-Forwarded-For is believed only through this many proxies of ours
# (0: not at all; docs/deploy.md). tsunagu/lib/clients.py; the public report form uses it too.
TSUNAGU_PROXY_COUNT = env_int("TSUNAGU_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "tsunagu.lib.clients.client_address"

# Shared office PCs: a session ends after two idle hours and when the browser closes.
# Each use moves the end on (tsunagu.people.middleware.IdleSessionMiddleware, at most once a minute).
SESSION_COOKIE_AGE = env_int("TSUNAGU_SESSION_IDLE_MINUTES", 120) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Security for production (manage.py check --deploy is clean when DEBUG is off) ------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "tsunagu.home.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("TSUNAGU_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("TSUNAGU_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TSUNAGU_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("TSUNAGU_HSTS_PRELOAD", True)
    # The reverse proxy terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language, time -------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("TSUNAGU_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("TSUNAGU_MEDIA_ROOT", VAR_DIR / "media"))
# Form fields (not files) up to 5 MB; an uploaded file above 2.5 MB goes to a temporary file, not
# memory; and no uploaded file is kept past TSUNAGU_UPLOAD_MAX_MB — the rest of it is read from the
# connection and dropped (tsunagu.lib.uploads.LimitedUploadHandler), and the form says why.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "tsunagu.lib.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
TSUNAGU_UPLOAD_MAX_MB = env_int("TSUNAGU_UPLOAD_MAX_MB", 20)
# What an imported spreadsheet may hold (listings and places; tsunagu.lib.spreadsheets.Limits):
# enough for a 10,000-row import with room to spare. A workbook is also refused when unpacked it
# would exceed TSUNAGU_IMPORT_MAX_UNPACKED_MB (a zip bomb).
TSUNAGU_IMPORT_MAX_ROWS = env_int("TSUNAGU_IMPORT_MAX_ROWS", 20_000)
TSUNAGU_IMPORT_MAX_COLUMNS = env_int("TSUNAGU_IMPORT_MAX_COLUMNS", 100)
TSUNAGU_IMPORT_MAX_CELL_CHARS = env_int("TSUNAGU_IMPORT_MAX_CELL_CHARS", 10_000)
TSUNAGU_IMPORT_MAX_HEADER_CHARS = env_int("TSUNAGU_IMPORT_MAX_HEADER_CHARS", 100)
TSUNAGU_IMPORT_MAX_UNPACKED_MB = env_int("TSUNAGU_IMPORT_MAX_UNPACKED_MB", 500)
# Uploads no job needs any more are removed after this long (tsunagu/jobs/uploads.py).
TSUNAGU_UPLOAD_KEEP_HOURS = env_int("TSUNAGU_UPLOAD_KEEP_HOURS", 24)
TSUNAGU_UPLOAD_KEEP_INTERRUPTED_DAYS = env_int("TSUNAGU_UPLOAD_KEEP_INTERRUPTED_DAYS", 7)

# --- Product ---------------------------------------------------------------------------
# Map tiles: 地理院タイル by default; pages still work without a tile server.
TSUNAGU_TILE_URL = os.environ.get("TSUNAGU_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png")
# HTML (Leaflet shows it as such, with its link): the operator's setting, never data people type.
TSUNAGU_TILE_ATTRIBUTION = os.environ.get(
    "TSUNAGU_TILE_ATTRIBUTION", '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'
)

# Content-Security-Policy on every response (django-csp): a text that slips into the page as HTML
# still cannot run. No inline script, no eval, no inline styles: pages load their scripts and
# styles from static/ (tests/lib/test_csp.py scans templates/ for inline ones). Leaflet places
# its tiles and markers through element.style, which CSP does not govern. PDFs opened in a tab get
# what Chrome's viewer needs (tsunagu/lib/csp.py).
def _origin(url: str) -> str | None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    # A tile server's subdomains ({s}.tile.example.org) as a CSP wildcard.
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for Leaflet's and the admin's small inline pictures; the map tiles from their server.
        "img-src": ["'self'", "data:", *filter(None, [_origin(TSUNAGU_TILE_URL)])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# The site's address as residents reach it: links in e-mails, QR codes in print. Empty: the address
# the request came in on (right on a developer's machine; a city sets it, see docs/deploy.md).
TSUNAGU_PUBLIC_URL = os.environ.get("TSUNAGU_PUBLIC_URL", "")

# Mail (reports and proposals to the responsible staff; confirmation requests to leaders). On a
# developer's machine mail is printed to the console; a city sets its SMTP relay.
EMAIL_BACKEND = os.environ.get(
    "TSUNAGU_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("TSUNAGU_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TSUNAGU_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("TSUNAGU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TSUNAGU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TSUNAGU_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("TSUNAGU_FROM_EMAIL", "tsunagu@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TSUNAGU_LOG_LEVEL", "WARNING")},
}

# Long work (imports, booklets, packs) is queued in the database and run by `manage.py worker`
# (tsunagu/jobs/services.py; `make run` starts one beside the web server). The test suite runs it
# at once with the immediate backend (tests/conftest.py).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TSUNAGU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A worker on another host whose heartbeat is older than this is taken for dead (its running
# job shows as 中断); workers on the same host are checked by their process directly.
TSUNAGU_WORKER_SILENT_SECONDS = env_int("TSUNAGU_WORKER_SILENT_SECONDS", 30)

# お出かけ支援 (outings by taxi): the dispatch plan's travel times (tsunagu/outings/planning.py).
# Offline: straight line × detour ÷ the area's average speed. TSUNAGU_OUTING_AREA_SPEEDS gives a
# ward's own speed by its code ("14118=20,14117=20": suburbs move faster than a ward centre).
# TSUNAGU_ROUTING_URL: an OSRM-compatible server (its /table/v1/driving service) where a city runs
# one; then road minutes and kilometres are used, and straight lines only when it does not answer.
TSUNAGU_ROUTING_URL = os.environ.get("TSUNAGU_ROUTING_URL", "")
TSUNAGU_OUTING_SPEED_KMH = float(os.environ.get("TSUNAGU_OUTING_SPEED_KMH", "15"))
TSUNAGU_OUTING_DETOUR = float(os.environ.get("TSUNAGU_OUTING_DETOUR", "1.3"))
TSUNAGU_OUTING_AREA_SPEEDS = {
    code.strip(): float(kmh) for code, _sep, kmh in
    (item.partition("=") for item in env_list("TSUNAGU_OUTING_AREA_SPEEDS")) if kmh
}
# The solver's time for one plan, in the request (2 s: 30 riders, 10 cars; tests set less).
TSUNAGU_OUTING_SOLVE_SECONDS = float(os.environ.get("TSUNAGU_OUTING_SOLVE_SECONDS", "2"))
