"""The supervisor behind `career-agent serve`: a child that exits is started again after a
backoff that grows while it keeps failing; the others are left alone; stop ends them all."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from cli.supervisor import MAX_BACKOFF_SECONDS, Supervisor, backoff


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(30) == MAX_BACKOFF_SECONDS


def test_a_crashing_child_is_restarted_with_backoff_and_the_others_stay_up(
    tmp_path: Path,
) -> None:
    said: list[str] = []
    supervisor = Supervisor(env={}, cwd=tmp_path, say=said.append)
    crash = supervisor.start("crasher", [sys.executable, "-c", "raise SystemExit(3)"])
    steady = supervisor.start("steady", [sys.executable, "-c", "import time; time.sleep(60)"])
    steady_pid = steady.process.pid  # type: ignore[union-attr]
    try:
        deadline = time.monotonic() + 20
        while crash.restarts < 2 and time.monotonic() < deadline:
            supervisor.tend()
            time.sleep(0.05)
        assert crash.restarts == 2
        assert said[:2] == [
            "crasher exited with code 3; restarting it in 1 s (restart 1)",
            "crasher exited with code 3; restarting it in 2 s (restart 2)",
        ]
        assert steady.process is not None and steady.process.pid == steady_pid
        assert steady.process.poll() is None and steady.restarts == 0
    finally:
        supervisor.stop(["steady", "crasher"])
    assert steady.process.poll() is not None


def test_serve_refuses_a_port_in_use_in_one_line(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "DATA_DIR": str(tmp_path)}
        done = subprocess.run(
            [sys.executable, "-m", "cli.main", "serve", "--no-seed"],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"career-agent: port {port} on 127.0.0.1 is in use: stop what uses it, or set PORT"
    ]
    assert not (tmp_path / "redis").exists()  # nothing was started
