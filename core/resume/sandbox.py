"""Run text extraction in a child process with a hard time and memory limit.

A crafted PDF can make a parser loop or allocate without end, somewhere no cooperative check
reaches. The child gets an address-space limit and is killed at the deadline; the parent turns
either outcome into a clear `ResumeFileError`.

Children come from a fork server (`sandbox_server`): a small single-threaded process,
started once per process tree with the parsers already imported, that forks one child per
file. Forking the caller itself would copy a threaded process (the API's thread pool, a
worker's heartbeat thread), whose locks another thread may hold at that instant. The child's
answer crosses back as JSON, so nothing a parser of hostile files could have influenced is
ever unpickled here. Where processes cannot be started, extraction runs inline with its
cooperative deadline.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from pydantic import BaseModel

from core.errors import DomainError
from core.resume.errors import CorruptFile, ExtractionTimeout, NoTextLayer
from core.resume.extract import Extracted, ExtractionRecord, ExtractLimits, extract_text
from core.resume.sandbox_server import read_exactly, read_frame, write_frame

# The answer of one file is its text and a few lists; anything far larger is not an answer.
_MAX_ANSWER_BYTES = 64 * 1024 * 1024


class _Failure(BaseModel):
    type: str
    message: str
    code: str | None = None
    details: Any = None  # the error's own details: whatever JSON it carries


class _Answer(BaseModel):
    """A child's message (`sandbox_server.Answer`), its shape checked as it is parsed."""

    ok: bool
    value: Any = None
    error: _Failure | None = None


class _NoProcesses(Exception):
    pass


def extract_text_bounded(data: bytes, limits: ExtractLimits | None = None) -> Extracted:
    """`extract_text` under a hard deadline and memory cap (see the module docstring). A PDF
    without a text layer is then read by OCR in a second child, under the OCR limits, so a
    slow scan never stretches the bound on ordinary files."""
    limits = limits or ExtractLimits()
    try:
        payload = run_isolated(
            _extract_to_json,
            (data, replace(limits, ocr="off")),
            timeout_seconds=limits.timeout_seconds + 2.0,  # the child's own deadline reports first
            memory_bytes=limits.memory_bytes,
            on_timeout=lambda: ExtractionTimeout(limits.timeout_seconds),
        )
    except _NoProcesses:
        return extract_text(data, limits)
    except NoTextLayer:
        if limits.ocr == "off":
            raise
        try:
            payload = run_isolated(
                _ocr_to_json,
                (data, limits),
                timeout_seconds=limits.ocr_timeout_seconds + 5.0,
                memory_bytes=limits.ocr_memory_bytes,
                on_timeout=lambda: ExtractionTimeout(limits.ocr_timeout_seconds),
            )
        except _NoProcesses:
            return extract_text(data, limits)
    try:
        return ExtractionRecord.model_validate(payload).to_extracted()
    except ValueError:  # pydantic's ValidationError included
        raise CorruptFile("resume", "its reader gave no usable answer") from None


# The children answer in JSON (never pickle): the parent parses it into a record right here.
def _extract_to_json(data: bytes, limits: ExtractLimits) -> dict[str, Any]:
    return extract_text(data, limits).to_record().to_item()


def _ocr_to_json(data: bytes, limits: ExtractLimits) -> dict[str, Any]:
    from core.resume.extract import clean_text
    from core.resume.extract_ocr import ocr_pdf

    result = ocr_pdf(data, limits)
    result.text = clean_text(result.text)
    return result.to_record().to_item()


def run_isolated(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    timeout_seconds: float,
    memory_bytes: int,
    on_timeout: Callable[[], Exception] | None = None,
) -> Any:
    """`func(*args)` in a child of the fork server; `func` must be a module-level function
    and its result plain JSON. Its DomainErrors are re-raised here; a timeout or a crash
    becomes a DomainError too. Raises `_NoProcesses` where children cannot start."""
    deadline = time.monotonic() + timeout_seconds
    ours, theirs = socket.socketpair()
    try:
        _server.hand_over(theirs)
    except OSError:
        ours.close()
        raise _NoProcesses() from None
    finally:
        theirs.close()
    pid = 0
    try:
        ours.settimeout(max(deadline - time.monotonic(), 0.001))
        (pid,) = struct.unpack("!Q", read_exactly(ours, 8))
        write_frame(ours, pickle.dumps((func, args, memory_bytes, timeout_seconds)))
        ours.settimeout(max(deadline - time.monotonic(), 0.001))
        raw = read_frame(ours, _MAX_ANSWER_BYTES)
    except TimeoutError:
        raise (on_timeout or (lambda: ExtractionTimeout(timeout_seconds)))() from None
    except (EOFError, OSError, ValueError):
        # The child died without answering: the address-space cap stopped it in C code.
        raise CorruptFile("resume", "reading it needed more memory than allowed") from None
    finally:
        ours.close()
        if pid:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    try:
        # Python's own parser: it keeps what the child's `json.dumps` escaped (a lone
        # surrogate in a damaged file's text) where a stricter one refuses the whole answer.
        message = _Answer.model_validate(json.loads(raw))
    except ValueError:  # a JSON error, or pydantic's ValidationError
        raise CorruptFile("resume", "its reader gave no usable answer") from None
    if message.ok:
        return message.value
    if message.error is None:
        raise CorruptFile("resume", "its reader gave no usable answer")
    _raise(message.error)


class _ForkServer:
    """One server per process tree: forked callers (a worker's pool) share their parent's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._control: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def hand_over(self, channel: socket.socket) -> None:
        with self._lock:
            for attempt in range(2):
                control = self._control or self._start()
                try:
                    socket.send_fds(control, [b"j"], [channel.fileno()])
                    return
                except OSError:
                    if attempt:
                        raise
                    control.close()
                    self._control = None  # the server died: start another once

    def _start(self) -> socket.socket:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "core.resume.sandbox_server", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                env=env,
                stdin=subprocess.DEVNULL,
            )
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        self._control = ours
        return ours


_server = _ForkServer()


def _raise(error: _Failure) -> NoReturn:
    from core.resume import errors

    cls = getattr(errors, error.type, None)
    if not (isinstance(cls, type) and issubclass(cls, DomainError)):
        cls = DomainError
    exc = DomainError.__new__(cls)
    DomainError.__init__(exc, error.message, details=error.details, code=error.code)
    raise exc
