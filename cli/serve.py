"""`career-agent serve`: the whole product on one machine (API + web app, worker, beat)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from cli.errors import CliError

if TYPE_CHECKING:
    from core.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the API, a Celery worker and Celery beat")
    p.add_argument("--no-seed", action="store_true", help="do not load the demo job postings")
    p.add_argument("--worker-concurrency", type=int, default=2)
    p.set_defaults(func=run)


def _prepare(seed: bool) -> None:
    from core.settings import get_settings
    from integrations.container import build_services

    services = build_services(get_settings())
    services.store.init()
    ensure = getattr(services.blobs, "ensure_bucket", None)
    if ensure:
        ensure()
    if seed:
        try:
            from core.jobs.seed import seed_demo_jobs
        except ImportError:
            return
        added = seed_demo_jobs(services.store)
        if added:
            print(f"  loaded {added} demo job postings", flush=True)


def process_commands(settings: Settings, worker_concurrency: int) -> dict[str, list[str]]:
    """The processes of the product and how each starts (a Python module and its arguments);
    docker-compose.yml runs the same ones, one per container."""
    return {
        "api": [
            "uvicorn",
            "api.app:create_app",
            "--factory",
            "--host",
            settings.host,
            "--port",
            str(settings.port),
            "--no-access-log",
        ],
        "worker": [
            "celery",
            "-A",
            "workers.celery_app",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={worker_concurrency}",
            "-n",
            "worker@%h",
        ],
        "beat": ["celery", "-A", "workers.celery_app", "beat", "--loglevel=WARNING"],
    }


def run(args: argparse.Namespace) -> int:
    from core.settings import get_settings
    from integrations.localstack.redis_server import ensure_redis

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        redis_url, own_redis = ensure_redis(settings.redis_url, settings.data_dir / "redis")
    except RuntimeError as exc:
        raise CliError(str(exc)) from None
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1"}
    os.environ["REDIS_URL"] = redis_url
    get_settings.cache_clear()
    if own_redis:
        print(f"  started a private Redis at {redis_url}", flush=True)

    _prepare(seed=not args.no_seed)
    py = sys.executable
    commands = {
        name: [py, "-m", *command]
        for name, command in process_commands(settings, args.worker_concurrency).items()
    }
    procs: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def stop_all(*_: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        print("\nstopping Career Agent…", flush=True)
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in procs.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        if own_redis:
            own_redis.stop()

    signal.signal(signal.SIGINT, stop_all)
    signal.signal(signal.SIGTERM, stop_all)
    try:
        for name, command in commands.items():
            procs[name] = subprocess.Popen(command, env=env, cwd=Path.cwd())
        url = settings.public_url
        print(f"\nCareer Agent is running at {url}  (Ctrl-C stops everything)\n", flush=True)
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None and not stopping:
                    print(f"{name} exited with code {proc.returncode}; stopping", flush=True)
                    stop_all()
                    return 1
            time.sleep(0.5)
    finally:
        stop_all()
    return 0
