"""What the API answers about a task run."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from api.schemas.base import Timestamp, fields_of
from core.settings import Settings
from core.tasks import runs
from core.tasks.repository import RunReport, RunStatus, TaskRun


# A run as its owner sees it: the wire answers timestamps as instants, always names the status,
# and says whether the run has stalled.
class TaskOut(RunReport):
    model_config = ConfigDict(extra="forbid")

    status: RunStatus
    result: Any = None
    stalled: bool = Field(
        default=False,
        description="it has gone quiet for longer than allowed (no worker took it, or its "
        "worker stopped); the recovery loop is about to send it again",
    )
    created_at: Timestamp  # type: ignore[assignment]
    updated_at: Timestamp | None = None  # type: ignore[assignment]
    started_at: Timestamp | None = None  # type: ignore[assignment]
    heartbeat_at: Timestamp | None = None  # type: ignore[assignment]
    finished_at: Timestamp | None = None  # type: ignore[assignment]


def task_out(run: TaskRun, settings: Settings) -> TaskOut:
    stalled = runs.RunPolicy.from_settings(settings).overdue(run)
    return TaskOut.model_validate({**fields_of(run, TaskOut), "stalled": stalled})
