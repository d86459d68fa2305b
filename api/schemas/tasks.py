"""What the API answers about a task run."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas.base import CamelModel, Timestamp, fields_of
from core.settings import Settings
from core.tasks import runs
from core.tasks.repository import RunStatus, TaskRun


class TaskOut(CamelModel):
    task_id: str
    kind: str
    status: RunStatus
    stage: str | None = None
    percent: int | None = None
    error: str | None = Field(
        default=None,
        description="why it failed; while it is still open, the last thing that went wrong "
        "(a retried error, a worker that stopped, a resend)",
    )
    result: Any = None
    deliveries: int = Field(default=0, description="times a worker started it")
    resends: int = Field(default=0, description="times the recovery loop sent it again")
    stalled: bool = Field(
        default=False,
        description="it has gone quiet for longer than allowed (no worker took it, or its "
        "worker stopped); the recovery loop is about to send it again",
    )
    created_at: Timestamp
    updated_at: Timestamp | None = None
    started_at: Timestamp | None = None
    heartbeat_at: Timestamp | None = None
    finished_at: Timestamp | None = None
    duration_ms: int | None = None


def task_out(run: TaskRun, settings: Settings) -> TaskOut:
    stalled = runs.RunPolicy.from_settings(settings).overdue(run)
    return TaskOut.model_validate({**fields_of(run, TaskOut), "stalled": stalled})
