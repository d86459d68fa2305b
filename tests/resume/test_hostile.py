"""Broken and hostile files end in a clear, specific refusal, quickly and within memory."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from core.errors import DomainError
from core.resume import errors
from core.resume.extract import ExtractLimits, extract_text
from core.resume.sandbox import extract_text_bounded, run_isolated
from tests.resume import hostile
from tests.resume.sandbox_probes import allocate, not_json, parent_pid, spin_forever

LIMIT_SECONDS = 10


def refused(data: bytes, limits: ExtractLimits | None = None) -> DomainError:
    started = time.monotonic()
    with pytest.raises(DomainError) as info:
        extract_text_bounded(data, limits)
    assert time.monotonic() - started < LIMIT_SECONDS
    assert 400 <= info.value.status_code < 500
    assert "\n" not in info.value.message
    return info.value


def test_truncated_pdf() -> None:
    exc = refused(hostile.truncated_pdf())
    assert isinstance(exc, errors.CorruptFile)
    assert "damaged or incomplete" in exc.message and "export it again" in exc.message


def test_garbage_after_a_pdf_header() -> None:
    assert isinstance(refused(hostile.garbage_pdf()), errors.CorruptFile)


def test_password_protected_pdf() -> None:
    exc = refused(hostile.encrypted_pdf())
    assert isinstance(exc, errors.PasswordProtected)
    assert "remove the password and upload it again" in exc.message


def test_pdf_encrypted_without_a_user_password_is_read() -> None:
    text = extract_text_bounded(hostile.owner_only_encrypted_pdf()).text
    assert "Priya Raman" in text


def test_scanned_image_only_pdf() -> None:
    exc = refused(hostile.image_only_pdf())
    assert isinstance(exc, errors.NoTextLayer)
    assert "no text layer" in exc.message and "text-based PDF" in exc.message


def test_pdf_with_thousands_of_pages() -> None:
    exc = refused(hostile.many_pages_pdf(3000))
    assert isinstance(exc, errors.TooManyPages)
    assert exc.details == {"pages": 3000, "limit": 20}


def test_pdf_page_tree_that_loops() -> None:
    assert isinstance(refused(hostile.page_tree_loop_pdf()), errors.CorruptFile)


def test_pdf_content_that_draws_itself() -> None:
    # The self-referencing form is skipped; what is left has no text.
    assert isinstance(refused(hostile.content_loop_pdf()), errors.NoTextLayer)


def test_docx_zip_bomb_is_refused_before_parsing() -> None:
    data = hostile.zip_bomb_docx(200 * 1024 * 1024)
    assert len(data) < 2 * 1024 * 1024
    exc = refused(data)
    assert isinstance(exc, errors.SuspiciousArchive)
    # A smaller bomb under the size cap still fails on its compression ratio.
    exc = refused(hostile.zip_bomb_docx(30 * 1024 * 1024))
    assert isinstance(exc, errors.SuspiciousArchive) and "compressed" in exc.message


def test_docx_with_an_external_entity_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-1234")
    exc = refused(hostile.xxe_docx(secret))
    assert isinstance(exc, errors.SuspiciousArchive)
    assert "TOP-SECRET" not in exc.message


def test_docx_billion_laughs() -> None:
    assert isinstance(refused(hostile.billion_laughs_docx()), errors.SuspiciousArchive)


@pytest.mark.parametrize(
    "data",
    [hostile.PNG_1x1, hostile.ELF_HEADER, hostile.plain_zip()],
    ids=["png", "elf", "zip"],
)
def test_renamed_files(data: bytes) -> None:
    exc = refused(data)
    assert isinstance(exc, errors.UnsupportedFileType)
    assert exc.status_code == 415


def test_empty_file() -> None:
    assert isinstance(refused(b""), errors.EmptyFile)


def test_a_text_file_with_almost_nothing_in_it() -> None:
    assert isinstance(refused(b"hello"), errors.TooLittleText)


def test_cooperative_deadline() -> None:
    limits = ExtractLimits(timeout_seconds=0.0)
    with pytest.raises(errors.ExtractionTimeout):
        extract_text(hostile.many_pages_pdf(5), limits)


def test_a_runaway_child_is_killed_at_the_deadline() -> None:
    started = time.monotonic()
    with pytest.raises(errors.ExtractionTimeout):
        run_isolated(
            spin_forever,
            (),
            timeout_seconds=0.5,
            memory_bytes=100 * 1024 * 1024,
            on_timeout=lambda: errors.ExtractionTimeout(0.5),
        )
    assert time.monotonic() - started < 3


def test_a_child_that_allocates_too_much_is_stopped() -> None:
    assert run_isolated(allocate, (20,), timeout_seconds=10, memory_bytes=200 * 1024 * 1024) == (
        20 * 1024 * 1024
    )
    with pytest.raises(errors.CorruptFile, match="more memory than allowed"):
        run_isolated(allocate, (800,), timeout_seconds=10, memory_bytes=200 * 1024 * 1024)


def test_children_come_from_the_fork_server_not_from_a_threaded_caller() -> None:
    # Called from a pool of threads, as the API calls it: no child is a fork of this process.
    with ThreadPoolExecutor(max_workers=8) as pool:
        parents = list(
            pool.map(
                lambda _: run_isolated(
                    parent_pid, (), timeout_seconds=30, memory_bytes=100 * 1024 * 1024
                ),
                range(16),
            )
        )
    assert len(parents) == 16
    assert os.getpid() not in parents


def test_only_json_crosses_back_from_a_child() -> None:
    with pytest.raises(errors.CorruptFile, match="no usable answer"):
        run_isolated(not_json, (), timeout_seconds=30, memory_bytes=100 * 1024 * 1024)
