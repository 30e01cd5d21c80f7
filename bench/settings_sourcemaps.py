"""Production settings with one difference, used by bench/load.py only when collectstatic fails.

The vendored static/vendor/leaflet/leaflet.js and leaflet.markercluster.js end with a
``//# sourceMappingURL=….js.map`` comment, but the .map files are not shipped, and Django's
manifest storage (TSUNAGU_DEBUG=0) refuses to post-process a file that names a missing one, so
``manage.py collectstatic`` stops. Until the product fixes that, the benchmark collects from a
copy of static/ (TSUNAGU_BENCH_STATIC_SRC) with those dangling comments removed; nothing else
differs from tsunagu.settings, and load.json says when this was used.
"""

from __future__ import annotations

import os

from tsunagu.settings import *  # noqa: F403
from tsunagu.settings import BASE_DIR

STATICFILES_DIRS = [os.environ.get("TSUNAGU_BENCH_STATIC_SRC", str(BASE_DIR / "static"))]
