"""The dispatch package is pure Python: bench/ and manage.py solve_darp use it without Django."""

from __future__ import annotations

import subprocess
import sys


def test_the_dispatch_package_imports_no_django():
    code = "import sys, tsunagu.outings.dispatch; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
