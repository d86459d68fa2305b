"""Run text extraction in a child process with a hard time and memory limit.

A crafted PDF can make a parser loop or allocate without end, somewhere no cooperative check
reaches. The child gets an address-space limit and is killed at the deadline; the parent turns
either outcome into a clear `ResumeFileError`. The child is a fork of the caller (a few
milliseconds, nothing re-imported); its memory budget is counted on top of what the caller
already maps. Where processes cannot be started, extraction runs inline with its cooperative
deadline.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from core.errors import DomainError
from core.resume.errors import CorruptFile, ExtractionTimeout, NoTextLayer
from core.resume.extract import Extracted, ExtractLimits, extract_text

_context_lock = threading.Lock()
_unavailable = False


class _NoProcesses(Exception):
    pass


def extract_text_bounded(data: bytes, limits: ExtractLimits | None = None) -> Extracted:
    """`extract_text` under a hard deadline and memory cap (see the module docstring). A PDF
    without a text layer is then read by OCR in a second child, under the OCR limits, so a
    slow scan never stretches the bound on ordinary files."""
    limits = limits or ExtractLimits()
    try:
        payload = run_isolated(
            _extract_to_dict,
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
                _ocr_to_dict,
                (data, limits),
                timeout_seconds=limits.ocr_timeout_seconds + 5.0,
                memory_bytes=limits.ocr_memory_bytes,
                on_timeout=lambda: ExtractionTimeout(limits.ocr_timeout_seconds),
            )
        except _NoProcesses:
            return extract_text(data, limits)
    return Extracted.from_dict(payload)


def _extract_to_dict(data: bytes, limits: ExtractLimits) -> dict[str, Any]:
    return extract_text(data, limits).to_dict()


def _ocr_to_dict(data: bytes, limits: ExtractLimits) -> dict[str, Any]:
    from core.resume.extract import clean_text
    from core.resume.extract_ocr import ocr_pdf

    result = ocr_pdf(data, limits)
    result.text = clean_text(result.text)
    return result.to_dict()


def run_isolated(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    timeout_seconds: float,
    memory_bytes: int,
    on_timeout: Callable[[], Exception] | None = None,
) -> Any:
    """`func(*args)` in a forked child; its DomainErrors are re-raised here, a timeout or a
    crash becomes a DomainError too. Raises `_NoProcesses` where children cannot start.

    A plain fork (not multiprocessing) so that it also works inside a Celery pool process,
    which multiprocessing refuses to give children.
    """
    if not _can_fork():
        raise _NoProcesses()
    budget = _current_address_space() + memory_bytes
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        raise _NoProcesses() from None
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _child_main(write_fd, func, args, budget)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout_seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise (on_timeout or (lambda: ExtractionTimeout(timeout_seconds)))()
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        _reap(pid)
    try:
        status, payload = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child wrote it
    except Exception:
        raise CorruptFile("resume", "reading it needed more memory than allowed") from None
    if status == "ok":
        return payload
    return _raise(payload)


def _reap(pid: int) -> None:
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


def _raise(payload: tuple[str, str, str, Any]) -> Any:
    from core.resume import errors

    type_name, message, code, details = payload
    cls = getattr(errors, type_name, None)
    if not (isinstance(cls, type) and issubclass(cls, DomainError)):
        cls = DomainError
    exc = DomainError.__new__(cls)
    DomainError.__init__(exc, message, details=details, code=code)
    raise exc


def _current_address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child_main(fd: int, func: Callable[..., Any], args: tuple[Any, ...], budget: int) -> None:
    # A collection here would walk (and so copy) the parent's whole heap; the child lives for
    # one file, under a memory cap, so it does without.
    gc.disable()
    try:
        import resource

        if budget > 0:
            resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    except (ImportError, ValueError, OSError):
        pass
    try:
        try:
            message: tuple[str, Any] = ("ok", func(*args))
        except DomainError as exc:
            message = ("error", (type(exc).__name__, exc.message, exc.code, exc.details))
        except MemoryError:
            err = CorruptFile("resume", "reading it needed more memory than allowed")
            message = ("error", ("CorruptFile", err.message, err.code, None))
        except BaseException as exc:  # anything else is a damaged file
            err = CorruptFile("resume", str(exc).splitlines()[0][:120] if str(exc) else "")
            message = ("error", ("CorruptFile", err.message, err.code, None))
        data = pickle.dumps(message)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os._exit(0)


def _can_fork() -> bool:
    global _unavailable
    if _unavailable or not hasattr(os, "fork"):
        return False
    with _context_lock:
        try:
            # Import the parsers once in the parent, so forked children start warm.
            import docx  # noqa: F401
            import pypdf  # noqa: F401
        except ImportError:
            _unavailable = True
    return not _unavailable
