from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, status
from pydantic import Field

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import ErrorResponse, FiniteNumber, RequestModel, errors
from api.schemas.tasks import TaskOut, task_out
from core.tasks import lanes, recovery, runs
from integrations.container import Services

router = APIRouter(prefix="/api/tasks", tags=["tasks"])


def submit_task(
    services: Services, user_id: str, kind: str, params: Mapping[str, object]
) -> TaskOut:
    """Start a background task for the caller (429 beyond their limits) and answer its run."""
    run = lanes.submit(
        services.store,
        services.queue,
        lanes.UserLimits.from_settings(services.settings),
        user_id=user_id,
        kind=kind,
        params=params,
    )
    return task_out(run, services.settings)


class DiagnosticsIn(RequestModel):
    # Low, because a diagnostic holds a background worker for its whole delay.
    delay_seconds: FiniteNumber = Field(default=0, ge=0, le=10)


@router.get("/{task_id}", operation_id="getTask")
def get_task(task_id: str, user: CurrentUser, services: ServicesDep) -> TaskOut:
    run = runs.get_owned_run(services.store, task_id, user.user_id)
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
    run = runs.get_owned_run(services.store, task_id, user.user_id)
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
    return submit_task(
        services, user.user_id, "system.diagnostics", {"delaySeconds": body.delay_seconds}
    )
