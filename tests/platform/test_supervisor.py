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


def test_serve_keeps_a_durable_private_redis_and_stops_everything_on_sigterm(
    tmp_path: Path,
) -> None:
    import os
    import signal

    import redis

    from integrations.localstack.redis_server import free_port
    from tests.support.ledger import Serve, cmdline, tree

    port, redis_port = free_port(), free_port()
    env = {
        **os.environ,
        "ENVIRONMENT": "development",
        "DATA_DIR": str(tmp_path / "data"),
        "PORT": str(port),
        # Nothing answers here: serve starts its own Redis on this port.
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "FRONTEND_DIST_DIR": str(tmp_path / "no-frontend"),
        "LOG_LEVEL": "WARNING",
    }
    serve = Serve(env, tmp_path / "serve.log", f"http://127.0.0.1:{port}")
    serve.start()
    try:
        client = redis.Redis.from_url(env["REDIS_URL"])
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        assert client.config_get("appendfsync") == {"appendfsync": "everysec"}
        client.set("survives", "1")
        time.sleep(1.5)  # one fsync later
        [redis_pid] = [p for p in tree(serve.process.pid) if "redis-server" in cmdline(p)]  # type: ignore[union-attr]
        os.kill(redis_pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if client.get("survives") == b"1":
                    break
            except redis.ConnectionError:
                pass
            time.sleep(0.2)
        assert client.get("survives") == b"1", serve.log_tail()  # restarted, and remembered
        assert "redis exited with code -9; restarting it in 1 s" in serve.log_tail()
        everything = tree(serve.process.pid)  # type: ignore[union-attr]
        assert len(everything) >= 8  # serve, redis, api, beat, two workers and their pools
    finally:
        serve.process.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
        serve.process.wait(60)  # type: ignore[union-attr]
    assert serve.process.returncode == 0
    assert [pid for pid in everything if Path(f"/proc/{pid}").exists()] == []
