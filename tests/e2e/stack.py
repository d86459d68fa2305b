"""The whole product started as real processes (private Redis, API serving the web app, a
Celery worker) on a fresh data folder: for browser tests and end-to-end benchmarks."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from core.settings import Settings
from integrations.localstack.redis_server import StartedRedis, free_port, start_redis
from tests.support.env import make_settings, settings_env

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Stack:
    settings: Settings
    base_url: str
    redis: StartedRedis
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.redis.stop()


def start_stack(
    data_dir: Path, *, seed_jobs: bool = True, worker_concurrency: int = 2, **overrides: object
) -> Stack:
    data_dir.mkdir(parents=True, exist_ok=True)
    redis = start_redis(data_dir / "redis")
    port = free_port()
    # The browser reaches the app at 127.0.0.1; redirects back to it (from Google) must too.
    overrides.setdefault("public_url", f"http://127.0.0.1:{port}")
    settings = make_settings(
        data_dir,
        redis.url,
        port=port,
        frontend_dist_dir=ROOT / "frontend" / "dist",
        log_level="WARNING",
        **overrides,
    )
    env = settings_env(settings)
    stack = Stack(settings, f"http://127.0.0.1:{port}", redis)
    logs = (data_dir / "stack.log").open("ab")
    try:
        subprocess.run(
            [sys.executable, "-m", "cli.main", "db", "init"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=logs,
            stderr=logs,
        )
        if seed_jobs:
            subprocess.run(
                [sys.executable, "-m", "cli.main", "jobs", "seed"],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=logs,
                stderr=logs,
            )
        stack.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "api.app:create_app",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-access-log",
                ],
                env=env,
                cwd=ROOT,
                stdout=logs,
                stderr=logs,
            )
        )
        stack.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "workers.celery_app",
                    "worker",
                    "--loglevel=WARNING",
                    f"--concurrency={worker_concurrency}",
                    "-n",
                    "e2e@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                env=env,
                cwd=ROOT,
                stdout=logs,
                stderr=logs,
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{stack.base_url}/api/ready", timeout=2).status_code == 200:
                    return stack
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the stack did not become ready in 60 s")
    except BaseException:
        stack.stop()
        raise
