from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from pydantic import Field

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel, ErrorResponse, FiniteNumber, RequestModel, errors
from core.errors import NotFound
from core.settings import Settings
from core.tasks import lanes, recovery, runs

router = APIRouter(prefix="/api/tasks", tags=["tasks"])


class TaskOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    task_id: str
    kind: str
    status: str = Field(description="queued, running, retrying, succeeded or failed")
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
    created_at: str
    updated_at: str | None = None
    started_at: str | None = None
    heartbeat_at: str | None = None
    finished_at: str | None = None
    duration_ms: int | None = None


def task_out(run: dict[str, Any], settings: Settings) -> TaskOut:
    stalled = runs.RunPolicy.from_settings(settings).overdue(run)
    return TaskOut.model_validate({**run, "stalled": stalled})


class DiagnosticsIn(RequestModel):
    # Low, because a diagnostic holds a background worker for its whole delay.
    delay_seconds: FiniteNumber = Field(default=0, ge=0, le=10)


@router.get("/{task_id}", operation_id="getTask")
def get_task(task_id: str, user: CurrentUser, services: ServicesDep) -> TaskOut:
    run = runs.get_run(services.store, task_id)
    if run is None or run.get("userId") != user.user_id:
        raise NotFound("no such task")
    return task_out(run, services.settings)


@router.post(
    "/{task_id}/resend",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="resendTask",
    responses={
        **errors(404),
        409: {
            "model": ErrorResponse,
            "description": "the task has finished, or a worker is running it right now",
        },
    },
)
def resend_task(task_id: str, user: CurrentUser, services: ServicesDep) -> TaskOut:
    """Send a task that is taking too long again now, instead of waiting for the recovery loop
    to notice. Safe to repeat: a task never runs twice side by side, and its effects happen
    once."""
    run = runs.get_run(services.store, task_id)
    if run is None or run.get("userId") != user.user_id:
        raise NotFound("no such task")
    policy = runs.RunPolicy.from_settings(services.settings)
    return task_out(
        recovery.resend_now(services.store, services.queue, policy, run), services.settings
    )


@router.post(
    "/diagnostics",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="runDiagnostics",
    responses=errors(503),
)
def diagnostics(body: DiagnosticsIn, user: CurrentUser, services: ServicesDep) -> TaskOut:
    """Send a round trip through the queue and a worker; poll the task to see it come back."""
    run = lanes.submit(
        services.store,
        services.queue,
        lanes.UserLimits.from_settings(services.settings),
        user_id=user.user_id,
        kind="system.diagnostics",
        params={"delaySeconds": body.delay_seconds},
    )
    return task_out(run, services.settings)
