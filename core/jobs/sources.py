"""The job-board port: what ingestion needs from a board connector."""

from __future__ import annotations

import re
from typing import Protocol

from core.jobs.model import RawPosting

BOARD_KINDS = ("greenhouse", "lever", "ashby")
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class BoardError(Exception):
    """A board could not be read."""


class BoardNotFound(BoardError):
    """The board does not exist (a typo in the settings): retrying will not help."""


class BoardUnavailable(BoardError):
    """Network trouble, throttling or a server error: worth retrying later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class JobBoard(Protocol):
    kind: str

    def fetch(self, token: str) -> list[RawPosting]:
        """Every posting the board lists now. Raises BoardNotFound or BoardUnavailable."""
        ...


class JobBoards(Protocol):
    def for_spec(self, spec: str) -> tuple[JobBoard, str]:
        """The connector and token for a settings entry such as "lever:foo"; ValueError for a
        malformed one."""
        ...


def parse_board_spec(spec: str) -> tuple[str, str]:
    """ "greenhouse:acme" -> ("greenhouse", "acme"); ValueError for anything else."""
    kind, sep, token = spec.strip().partition(":")
    kind = kind.lower()
    if not sep or kind not in BOARD_KINDS or not _TOKEN.match(token):
        raise ValueError(
            f"bad job board {spec!r}: use kind:token with kind one of {', '.join(BOARD_KINDS)}"
        )
    return kind, token
