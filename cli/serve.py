"""`career-agent serve`: the whole product on one machine (API + web app, a Celery worker per
lane, Celery beat, and a private Redis when none is configured), kept running by a supervisor.

A part that crashes is restarted with a backoff and the rest stay up; Ctrl-C or SIGTERM stops
everything. Killing the whole tree loses nothing either: the task runs are in the store, and
once started again the recovery loop sends every unfinished one again.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from cli.errors import CliError
from cli.supervisor import Supervisor

TEND_INTERVAL_SECONDS = 0.5
# Stopped first to last: no new schedules, then no new work, then no new requests, then the
# broker they all use.
STOP_ORDER = ["beat", "worker-background", "worker-interactive", "api", "redis"]

if TYPE_CHECKING:
    from core.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="start the API, a Celery worker per lane and Celery beat, and keep them up"
    )
    p.add_argument("--no-seed", action="store_true", help="do not load the demo job postings")
    p.add_argument(
        "--interactive-concurrency",
        type=int,
        default=None,
        help="worker processes for resume analyses and roadmaps (default: "
        "SERVE_INTERACTIVE_CONCURRENCY)",
    )
    p.add_argument(
        "--background-concurrency",
        type=int,
        default=None,
        help="worker processes for Gmail scans, ingestion and diagnostics (default: "
        "SERVE_BACKGROUND_CONCURRENCY)",
    )
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
        from core.jobs.seed import seed_demo_jobs

        added = seed_demo_jobs(services.store)
        if added:
            print(f"  loaded {added} demo job postings", flush=True)


def _worker(lane: str, concurrency: int) -> list[str]:
    from core.tasks.lanes import CONTROL

    return [
        "celery",
        "-A",
        "workers.celery_app",
        "worker",
        "--loglevel=WARNING",
        f"--concurrency={concurrency}",
        "-n",
        f"{lane}@%h",
        # Its own lane, and the recovery loop's messages, which every worker serves.
        "-Q",
        f"{lane},{CONTROL}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


def process_commands(settings: Settings, interactive: int, background: int) -> dict[str, list[str]]:
    """The processes of the product and how each starts (a Python module and its arguments);
    docker-compose.yml runs the same ones, one per container."""
    for lane, concurrency in (("interactive", interactive), ("background", background)):
        if concurrency < 1:
            raise CliError(f"--{lane}-concurrency must be at least 1")
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
        "worker-interactive": _worker("interactive", interactive),
        "worker-background": _worker("background", background),
        "beat": ["celery", "-A", "workers.celery_app", "beat", "--loglevel=WARNING"],
    }


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        # As uvicorn binds: connections of a previous run still closing do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def run(args: argparse.Namespace) -> int:
    from core.settings import get_settings
    from integrations.localstack import redis_server

    settings = get_settings()
    # Checked first: a taken port would otherwise make the supervisor restart the API forever.
    if not _port_free(settings.host, settings.port):
        raise CliError(
            f"port {settings.port} on {settings.host} is in use: stop what uses it, or set PORT"
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    redis_url = settings.redis_url
    own_redis = not redis_server.reachable(redis_url)
    if own_redis:
        try:
            binary = redis_server.require_binary()
        except RuntimeError as exc:
            raise CliError(str(exc)) from None
        redis_url = redis_server.private_redis_url(redis_url)
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1"}
    os.environ["REDIS_URL"] = redis_url
    get_settings.cache_clear()
    supervisor = Supervisor(env=env, cwd=Path.cwd())
    try:
        if own_redis:
            workdir = settings.data_dir / "redis"
            workdir.mkdir(parents=True, exist_ok=True)
            port = int(redis_url.rsplit(":", 1)[1].split("/", 1)[0])
            child = supervisor.start(
                "redis", redis_server.redis_command(binary, port, workdir, durable=True)
            )
            assert child.process is not None
            if not redis_server.wait_until_reachable(redis_url, child.process):
                raise CliError(f"the private Redis did not start on port {port}")
            print(f"  started a private Redis at {redis_url} (append-only file on)", flush=True)

        _prepare(seed=not args.no_seed)
        commands = process_commands(
            settings,
            args.interactive_concurrency or settings.serve_interactive_concurrency,
            args.background_concurrency or settings.serve_background_concurrency,
        )
        for name, command in commands.items():
            supervisor.start(name, [sys.executable, "-m", *command])
        print(
            f"\nCareer Agent is running at {settings.public_url}  (Ctrl-C stops everything)\n",
            flush=True,
        )
        while not stopping:
            supervisor.tend()
            time.sleep(TEND_INTERVAL_SECONDS)
    finally:
        print("\nstopping Career Agent…", flush=True)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop(STOP_ORDER)
    return 0
