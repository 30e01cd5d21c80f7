"""lib/kept.py: a value kept per process is rebuilt only when its data's fingerprint changes."""

from __future__ import annotations

from tsunagu.lib.kept import Kept


def test_a_kept_value_is_rebuilt_only_when_its_fingerprint_changes():
    builds, mark = [], ["a"]
    kept = Kept("test:kept", lambda: builds.append(1) or len(builds), lambda: mark[0], seconds=60)
    assert kept.get() == 1 and kept.get() == 1
    kept.forget()  # a save here: the fingerprint is checked again, and is the same
    assert kept.get() == 1 and len(builds) == 1
    mark[0] = "b"
    assert kept.get() == 1  # within the check interval nobody looks (another process's change)
    kept.forget()
    assert kept.get() == 2 and kept.get() == 2
