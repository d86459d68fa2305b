"""Words that agree with a count: "1 posting", "3 postings", "1 bullet shows", "2 bullets show"."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """The form of a noun or verb that agrees with `count`: `one` for exactly one, else `many`
    (by default `one` + "s"). Verbs go the other way round: plural(n, "shows", "show")."""
    return one if count == 1 else (many if many is not None else one + "s")


def counted(count: int, one: str, many: str | None = None) -> str:
    """The count and its noun: "1 posting", "0 postings"."""
    return f"{count} {plural(count, one, many)}"
