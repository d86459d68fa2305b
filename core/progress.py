"""How long work says where it is: a stage in words and, where it is known, a percentage."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int | None], None]


def no_progress(stage: str, percent: int | None = None) -> None:
    """The progress of work that nobody watches (a call from a script or a test)."""
