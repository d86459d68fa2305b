"""Keeps the processes of `career-agent serve` running: a child that exits is started again
after a backoff, and only Ctrl-C or SIGTERM stops them all.

Each child runs in its own process group, so stopping one (or a crash that takes a Celery
worker and its pool down together) never touches the others, and a Ctrl-C in the terminal
reaches only the supervisor, which then stops the children in order. On Linux each child is
also told to receive SIGTERM if the supervisor itself dies, so a killed supervisor leaves no
orphans holding the port.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A child that stays up this long is healthy again: its next crash restarts it at once.
STABLE_AFTER_SECONDS = 60.0
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0
STOP_GRACE_SECONDS = 15.0
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child between fork and exec (Linux only; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def backoff(consecutive_failures: int) -> float:
    """Seconds before restarting a child that has failed this many times in a row."""
    exponent = max(consecutive_failures - 1, 0)
    return min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2**exponent)


@dataclass
class Child:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0
    restarts: int = 0
    restart_at: float | None = None


@dataclass
class Supervisor:
    env: dict[str, str]
    cwd: Path
    say: Callable[[str], None] = field(default=lambda text: print(text, flush=True))
    children: list[Child] = field(default_factory=list)

    def start(self, name: str, command: list[str]) -> Child:
        child = Child(name, command)
        self.children.append(child)
        self._spawn(child)
        return child

    def _spawn(self, child: Child) -> None:
        child.process = subprocess.Popen(
            child.command,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
            # Only a prctl call between fork and exec; the supervisor runs no threads.
            preexec_fn=_die_with_parent,
        )
        child.started_at = time.monotonic()
        child.restart_at = None

    def tend(self, now: float | None = None) -> None:
        """Notice children that exited, and restart those whose backoff has run out."""
        now = time.monotonic() if now is None else now
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self._spawn(child)
                continue
            assert child.process is not None
            code = child.process.poll()
            if code is None:
                continue
            # A clean exit is still an exit: the product needs every part running.
            stable = now - child.started_at >= STABLE_AFTER_SECONDS
            child.failures = 1 if stable else child.failures + 1
            delay = backoff(child.failures)
            child.restart_at = now + delay
            self.say(
                f"{child.name} exited with code {code}; restarting it in {delay:g} s "
                f"(restart {child.restarts + 1})"
            )

    def stop(self, order: list[str]) -> None:
        """SIGTERM each child's process group in `order` (the rest after), then SIGKILL what
        is still there after the grace period."""
        ranked = sorted(
            self.children,
            key=lambda c: order.index(c.name) if c.name in order else len(order),
        )
        for child in ranked:
            self._signal(child, signal.SIGTERM)
            self._wait(child, STOP_GRACE_SECONDS)

    def _signal(self, child: Child, signum: int) -> None:
        if child.process is None or child.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.process.pid, signum)

    def _wait(self, child: Child, seconds: float) -> None:
        if child.process is None:
            return
        try:
            child.process.wait(seconds)
        except subprocess.TimeoutExpired:
            self._signal(child, signal.SIGKILL)
            child.process.wait(5)
        # A worker's pool children share its group; take any that outlived their parent.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.process.pid, signal.SIGKILL)
