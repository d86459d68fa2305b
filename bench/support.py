"""What the end-to-end benchmarks share: the environment of the processes they start."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def bench_env(data: Path, redis_url: str, port: int, **extra: str) -> dict[str, str]:
    """Settings for an API or worker started by a benchmark: its own data folder and Redis,
    quiet logs, and rate limits (per user, and on sign-ups from one address) out of the way of
    the load."""
    return {
        **os.environ,
        "ENVIRONMENT": "development",
        "DATA_DIR": str(data),
        "REDIS_URL": redis_url,
        "RATE_LIMIT_PER_MINUTE": "1000000",
        "AUTH_RATE_LIMITS": '{"signup_address": "1000000/hour"}',
        "LOG_LEVEL": "WARNING",
        "LOG_JSON": "true",
        "FRONTEND_DIST_DIR": str(data / "no-frontend"),
        "PORT": str(port),
        **extra,
    }


def split_from_args(description: str) -> str:
    """The corpus split a quality benchmark scores: "dev", or "blind" only when `--blind` is
    given (the blind split is a frozen exam, run once, after all tuning is committed)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--blind", action="store_true", help="score the frozen blind split (run once, at the end)"
    )
    return "blind" if parser.parse_args().blind else "dev"
