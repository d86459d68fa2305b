"""Messages to import, read one at a time: an mbox stream (Google Takeout) or a folder of .eml.

An mbox is split on its "From " separator lines while it streams, never read whole: memory
stays at one message (at most 25 MB, Gmail's own limit) however large the file. The standard
library's `mailbox.mbox` would first scan the whole file for a table of contents and needs a
seekable file, which an upload streamed from S3 is not.

Each item is either a message's bytes or the reason it was skipped, so that one bad message is
counted and the rest go on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.email.message import MAX_EMAIL_BYTES

# A separator: "From " at the start of a line after a blank one, then a sender and a date
# ("From a@b Thu Jan 1 ..."; Takeout writes "From 1790236542893479@xxx Mon Mar 11 ... 2024").
_SEPARATOR = re.compile(rb"^From \S+ .*\d")
# mboxrd quoting: ">From " in a body, with one ">" more per level.
_QUOTED_FROM = re.compile(rb"^>(>*From )")
TOO_LARGE = "larger than 25 MB"
BEFORE_FIRST = "text before the first mbox separator"
NOT_MBOX = "no mbox separator in the file"
_READ_CHUNK = 1 << 16


@dataclass(frozen=True)
class Item:
    ordinal: int  # 1-based, in the order read
    raw: bytes | None
    skipped: str | None = None  # why raw is None
    name: str | None = None  # a file name, for folders


def count_mbox(stream: BinaryIO) -> int:
    """How many messages an mbox holds (a quick pass over its separators)."""
    count = 0
    blank_before = True
    for line in _lines(stream):
        if blank_before and _SEPARATOR.match(line):
            count += 1
        blank_before = not line.strip(b"\r\n")
    return count


def iter_mbox(stream: BinaryIO, max_bytes: int = MAX_EMAIL_BYTES) -> Iterator[Item]:
    ordinal = 0
    parts: list[bytes] = []
    size = 0
    too_large = False
    started = False
    leading = False

    def finish() -> Item:
        body = b"".join(parts)
        if too_large:
            return Item(ordinal, None, TOO_LARGE)
        return Item(ordinal, body)

    blank_before = True  # the start of the file counts as a blank line
    for line in _lines(stream):
        # Before the first message any separator counts (junk may precede it).
        is_separator = (blank_before or not started) and _SEPARATOR.match(line) is not None
        blank_before = not line.strip(b"\r\n")
        if is_separator:
            if started:
                yield finish()
            started = True
            ordinal += 1
            parts, size, too_large = [], 0, False
            continue
        if not started:
            leading = leading or bool(line.strip())
            continue
        if too_large:
            continue
        size += len(line)
        if size > max_bytes:
            too_large, parts = True, []
            continue
        match = _QUOTED_FROM.match(line)
        parts.append(match.group(1) + line[match.end() :] if match else line)
    if started:
        yield finish()
    if leading:
        # Junk ahead of the first separator (a truncated copy, a file that is not an mbox):
        # counted once, after the messages, since the count is only known at the end.
        yield Item(ordinal + 1, None, BEFORE_FIRST if started else NOT_MBOX)


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    """Lines of a stream, "\\n" kept; a line longer than the buffer comes in pieces, which the
    separator test reads as body text."""
    pending = b""
    while True:
        chunk = stream.read(_READ_CHUNK)
        if not chunk:
            break
        pending += chunk
        start = 0
        while True:
            end = pending.find(b"\n", start)
            if end < 0:
                break
            yield pending[start : end + 1]
            start = end + 1
        pending = pending[start:]
        if len(pending) > _READ_CHUNK * 4:  # a very long line: hand it on in pieces
            yield pending
            pending = b""
    if pending:
        yield pending


def eml_files(folder: Path) -> list[Path]:
    """The .eml files under a folder, in name order (an invitation before its reschedule when
    the names are dated or numbered)."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())


def iter_eml(files: Iterable[Path], max_bytes: int = MAX_EMAIL_BYTES) -> Iterator[Item]:
    for n, path in enumerate(files, start=1):
        try:
            if path.stat().st_size > max_bytes:
                yield Item(n, None, TOO_LARGE, path.name)
                continue
            yield Item(n, path.read_bytes(), None, path.name)
        except OSError:
            yield Item(n, None, "the file cannot be read", path.name)
