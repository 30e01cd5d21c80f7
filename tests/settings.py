"""The test suite's settings: the developer's (TSUNAGU_DEBUG=1), since production is the default
of tsunagu.settings — no HTTPS redirect, static files served without collecting them, a key of
its own. pytest-django still runs every test with DEBUG off. tests/ops checks production's."""

import os

os.environ.setdefault("TSUNAGU_DEBUG", "1")

from tsunagu.settings import *  # noqa: E402,F403
