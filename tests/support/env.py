"""Settings for tests, and the same settings as environment variables for subprocesses."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from core.settings import Settings


def make_settings(data_dir: Path, redis_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": data_dir,
        "redis_url": redis_url,
        "log_json": True,
        "log_level": "WARNING",
        "frontend_dist_dir": data_dir / "no-frontend",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment a subprocess (a Celery worker, the CLI) needs to see these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATA_", "STORAGE_", "BLOB_"))}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if isinstance(value, (list, dict)):
            text = json.dumps(value)
        elif isinstance(value, Path):
            text = str(value)
        else:
            text = str(value)
        env[name.upper()] = text
    env["PYTHONUNBUFFERED"] = "1"
    return env
