"""A value built from the database and kept in each process until the data it comes from changes.

The public search keeps two such values (the place names, the "did you mean" vocabulary) that
take a few hundred milliseconds to build and change a few times a month. Rebuilding them on a
timer made one search in every few minutes pay for it. Instead a flag in Django's cache says
"checked recently"; when it is missing (expired after ``seconds``, or deleted by ``forget()``
on a save in this process), a cheap fingerprint query (a count and the latest change) is
compared with the one the value was built from, and only a difference rebuilds it. Another
process follows a change within ``seconds``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.core.cache import cache

T = TypeVar("T")


class Kept(Generic[T]):
    def __init__(self, key: str, build: Callable[[], T], fingerprint: Callable[[], Hashable], seconds: int = 300):
        self.key, self.build, self.fingerprint, self.seconds = key, build, fingerprint, seconds
        self._lock = threading.Lock()
        self._value: T | None = None
        self._mark: Hashable = None

    def get(self) -> T:
        if self._value is not None and cache.get(self.key) is not None:
            return self._value
        with self._lock:
            mark = self.fingerprint()
            if self._value is None or mark != self._mark:
                self._value, self._mark = self.build(), mark
            cache.set(self.key, 1, self.seconds)
            return self._value

    def forget(self, **_kwargs) -> None:
        """A signal receiver: the data changed here, check the fingerprint on the next get()."""
        cache.delete(self.key)
