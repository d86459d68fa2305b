"""A value built once per process, on first use, and shared by every caller after.

The values built this way take from a few hundred milliseconds to seconds (a taxonomy, a
reference index, the web app), and the first callers often arrive together from a thread
pool: they wait for the one build instead of each doing it. `functools.cache` would let
every concurrent first caller build its own.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Once(Generic[T]):
    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._built = False
        self._value: T | None = None
        functools.update_wrapper(self, build)

    def __call__(self) -> T:
        if not self._built:
            with self._lock:
                if not self._built:
                    self._value = self._build()
                    self._built = True
        return self._value  # type: ignore[return-value]

    def reset(self) -> None:
        """Forget the value: the next call builds it again (tests that replace what it reads)."""
        with self._lock:
            self._built = False
            self._value = None


def once(build: Callable[[], T]) -> Once[T]:
    return Once(build)
