"""Jobs for the extraction sandbox's own tests. They live apart from the test modules so that
a child importing them does not import pytest."""

from __future__ import annotations

import os


def spin_forever() -> None:
    while True:
        pass


def allocate(megabytes: int) -> int:
    blob = bytearray(megabytes * 1024 * 1024)
    return len(blob)


def parent_pid() -> int:
    return os.getppid()


def not_json() -> object:
    return {"a set": {1, 2}}
