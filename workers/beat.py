"""The periodic schedule Celery beat runs (EventBridge Scheduler plays this part on AWS)."""

from __future__ import annotations

from typing import Any

from core.settings import Settings
from core.tasks.lanes import RECOVER_TASK
from core.tasks.registry import handler_names


def beat_schedule(settings: Settings) -> dict[str, Any]:
    wanted = {
        "gmail-scan-all": ("gmail.scan_all", settings.gmail_scan_interval_minutes * 60),
        "jobs-ingest-all": ("jobs.ingest_all", settings.job_ingest_interval_minutes * 60),
    }
    known = set(handler_names())
    schedule = {
        entry: {"task": task, "schedule": float(seconds), "options": {"expires": seconds}}
        for entry, (task, seconds) in wanted.items()
        if task in known and seconds > 0
    }
    # The recovery loop (core.tasks.recovery). A pass that could not start before the next
    # one is due is dropped rather than run late.
    every = float(settings.task_recovery_interval_seconds)
    schedule["recover-stalled-runs"] = {
        "task": RECOVER_TASK,
        "schedule": every,
        "options": {"expires": every},
    }
    return schedule
