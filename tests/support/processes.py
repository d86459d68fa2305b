"""Real processes for tests: a private Redis server and Celery workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import redis

from integrations.localstack.redis_server import StartedRedis, redis_binary
from integrations.localstack.redis_server import start_redis as start_local_redis

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class RedisServer:
    url: str
    started: StartedRedis | None = None

    def stop(self) -> None:
        if self.started:
            self.started.stop()


def start_redis(workdir: Path) -> RedisServer:
    """A private Redis for this test session, so parallel runs never share queues; falls back
    to REDIS_URL (or the local default) where no server binary exists."""
    if redis_binary() is None:
        url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        redis.Redis.from_url(url).ping()
        return RedisServer(url)
    started = start_local_redis(workdir)
    return RedisServer(started.url, started)


@dataclass
class CeleryWorker:
    env: dict[str, str]
    log_path: Path
    queues: str = "interactive,background,control"  # every lane, as a worker with no -Q
    process: subprocess.Popen | None = None
    starts: int = 0
    extra_args: list[str] = field(default_factory=list)

    def start(self, timeout: float = 60.0) -> None:
        self.starts += 1
        name = f"test-{uuid.uuid4().hex[:6]}@%h"
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workers.celery_app",
                "worker",
                "--loglevel=INFO",
                "--pool=prefork",
                "--concurrency=1",
                "-n",
                name,
                "-Q",
                self.queues,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                *self.extra_args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        marker = b"ready."
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited early:\n{self.log_tail()}")
            if self.log_path.read_bytes().count(marker) >= self.starts:
                return
            time.sleep(0.1)
        raise RuntimeError(f"celery worker not ready in {timeout}s:\n{self.log_tail()}")

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except FileNotFoundError:
            return ""

    def child_pids(self) -> list[int]:
        if not self.process:
            return []
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(p) for p in out.stdout.split()]

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children) at once."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def broker_task_ids(redis_url: str, queue: str) -> list[str]:
    """Task ids of the messages waiting in one Celery queue on Redis, oldest first."""
    client = redis.Redis.from_url(redis_url)
    raw = client.lrange(queue, 0, -1)
    return [json.loads(item)["headers"]["id"] for item in reversed(raw)]
