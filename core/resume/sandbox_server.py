"""The fork server behind `core.resume.sandbox`.

A small process that imports the parsers once, is single-threaded, and forks one child per
file. The caller starts it as a fresh interpreter (fork and exec, which is safe from a threaded
process) and hands it one end of a socket pair per job. The child reads its job from there,
runs it under the address-space cap and an alarm, and answers in JSON on the same socket.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import signal
import socket
import struct
import sys
from typing import Any, NotRequired, TypedDict

_LENGTH = struct.Struct("!Q")
_PRELOAD = ("core.resume.sandbox", "core.resume.extract", "docx", "pypdf")
# A job is a file of at most a few MB and its limits; anything larger is not a job.
MAX_JOB_BYTES = 256 * 1024 * 1024


class Failure(TypedDict):
    """A DomainError as it crosses back to the caller."""

    type: str
    message: str
    code: str | None
    details: Any  # the error's own details: whatever JSON it carries


class Answer(TypedDict):
    """A child's one message: `value` (plain JSON) when `ok`, else `error`."""

    ok: bool
    value: NotRequired[Any]
    error: NotRequired[Failure]


def main(control_fd: int) -> None:
    # Ctrl-C reaches the whole process group; the server leaves when its caller does (EOF).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    for name in _PRELOAD:
        with contextlib.suppress(ImportError):
            __import__(name)
    control = socket.socket(fileno=control_fd)
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 1, 1)
        except (ConnectionError, OSError):
            return
        if not fds:
            return
        pid = os.fork()
        if pid == 0:
            control.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _run_job(fds[0])
            finally:
                os._exit(0)
        os.close(fds[0])


def read_frame(sock: socket.socket, limit: int) -> bytes:
    header = read_exactly(sock, _LENGTH.size)
    (length,) = _LENGTH.unpack(header)
    if length > limit:
        raise ValueError("frame too large")
    return read_exactly(sock, length)


def write_frame(sock: socket.socket, data: bytes) -> None:
    sock.sendall(_LENGTH.pack(len(data)) + data)


def read_exactly(sock: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _run_job(fd: int) -> None:
    sock = socket.socket(fileno=fd)
    sock.sendall(_LENGTH.pack(os.getpid()))
    # The job comes from our own caller, never from a parsed file: unpickling it is safe.
    func, args, memory_bytes, timeout_seconds = pickle.loads(read_frame(sock, MAX_JOB_BYTES))  # noqa: S301
    # A backstop for a caller that died before it could kill us at the deadline.
    signal.alarm(int(timeout_seconds) + 2)
    try:
        import resource

        budget = _address_space() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    except (ImportError, ValueError, OSError):
        pass
    write_frame(sock, _answer(func, args))


def _answer(func: Any, args: tuple[Any, ...]) -> bytes:
    from core.errors import DomainError
    from core.resume.errors import CorruptFile

    def failure(exc: DomainError) -> Answer:
        return {
            "ok": False,
            "error": {
                "type": type(exc).__name__,
                "message": exc.message,
                "code": exc.code,
                "details": exc.details,
            },
        }

    try:
        message: Answer = {"ok": True, "value": func(*args)}
    except DomainError as exc:
        message = failure(exc)
    except MemoryError:
        message = failure(CorruptFile("resume", "reading it needed more memory than allowed"))
    except BaseException as exc:  # anything else is a damaged file
        reason = str(exc).splitlines()[0][:120] if str(exc) else ""
        message = failure(CorruptFile("resume", reason))
    try:
        return json.dumps(message, allow_nan=False).encode()
    except (TypeError, ValueError, MemoryError):
        return json.dumps(
            failure(CorruptFile("resume", "its reader gave no usable answer"))
        ).encode()


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


if __name__ == "__main__":
    main(int(sys.argv[1]))
