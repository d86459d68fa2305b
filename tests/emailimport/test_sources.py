"""Reading an mbox as a stream: separators, quoting, bad messages counted, memory bounded."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

from core.emailimport.sources import (
    BEFORE_FIRST,
    NOT_MBOX,
    TOO_LARGE,
    count_mbox,
    eml_files,
    iter_eml,
    iter_mbox,
)
from tests.emailimport.mail import DEMO, big_attachment, mbox, message


def test_messages_come_back_as_they_were_written() -> None:
    quoted = message(2, body="Hello\nFrom the team: welcome.\n>From a quote\nbye")
    data = mbox([message(1), quoted, message(3)])
    items = list(iter_mbox(io.BytesIO(data)))
    assert [i.ordinal for i in items] == [1, 2, 3]
    assert all(i.raw is not None and i.skipped is None for i in items)
    assert items[1].raw is not None
    assert b"\nFrom the team: welcome.\n>From a quote\n" in items[1].raw
    assert items[0].raw is not None and b"Message-ID: <msg-1@example.com>" in items[0].raw
    assert count_mbox(io.BytesIO(data)) == 3


def test_a_from_line_inside_a_paragraph_is_not_a_separator() -> None:
    # mboxo writers leave such lines unquoted; a separator only follows a blank line.
    raw = message(1, body="Schedule:\nFrom 9 to 5 on Monday 12\nthanks")
    data = b"From x@y Tue Dec 01 13:13:00 2026\n" + raw.replace(b"\r\n", b"\n") + b"\n"
    items = list(iter_mbox(io.BytesIO(data)))
    assert len(items) == 1 and items[0].raw is not None
    assert b"From 9 to 5 on Monday 12" in items[0].raw


def test_text_before_the_first_separator_and_files_that_are_no_mbox() -> None:
    items = list(iter_mbox(io.BytesIO(mbox([message(1)], leading=b"garbage\nmore\n"))))
    assert [(i.raw is not None, i.skipped) for i in items] == [(True, None), (False, BEFORE_FIRST)]
    items = list(iter_mbox(io.BytesIO(b"just some text\nwithout any separator\n")))
    assert [(i.raw, i.skipped) for i in items] == [(None, NOT_MBOX)]
    assert list(iter_mbox(io.BytesIO(b""))) == []


def test_a_message_over_25_mb_is_skipped_and_the_next_one_read() -> None:
    data = mbox([message(1), big_attachment(2), message(3)])
    items = list(iter_mbox(io.BytesIO(data)))
    assert [i.skipped for i in items] == [None, TOO_LARGE, None]
    assert items[2].raw is not None and b"<msg-3@example.com>" in items[2].raw


def test_memory_stays_at_one_message_however_large_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    one = mbox([message(n, body="line of text\n" * 400) for n in range(200)])
    with path.open("wb") as f:
        for _ in range(4):  # 800 messages, about 5 MB
            f.write(one)
        f.write(mbox([big_attachment(9, size=4 * 1024 * 1024)]))
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            items = iter_mbox(stream, max_bytes=1024 * 1024)
            counted = sum(1 for i in items if i.raw is not None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert counted == 800
    assert peak < 3 * 1024 * 1024  # a message and a read buffer, not the 9 MB file


def test_eml_folders_in_name_order_with_unreadable_files_counted(tmp_path: Path) -> None:
    assert [p.name for p in eml_files(DEMO)][:2] == [
        "01_northwind_invitation_zoom.eml",
        "02_bluebird_confirmed_meet.eml",
    ]
    (tmp_path / "b.eml").write_bytes(message(2))
    (tmp_path / "a.EML").write_bytes(message(1))
    (tmp_path / "notes.txt").write_text("not mail")
    (tmp_path / "big.eml").write_bytes(b"x" * 2048)
    items = list(iter_eml(eml_files(tmp_path), max_bytes=1024))
    assert [(i.name, i.skipped) for i in items] == [
        ("a.EML", None),
        ("b.eml", None),
        ("big.eml", TOO_LARGE),
    ]
