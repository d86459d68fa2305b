from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from pydantic import Field

from api.deps import CurrentUser, ServicesDep
from api.schemas.base import CamelModel, FiniteNumber, RequestModel, errors
from core.errors import NotFound
from core.tasks import runs

router = APIRouter(prefix="/api/tasks", tags=["tasks"])


class TaskOut(CamelModel):
    model_config = CamelModel.model_config | {"extra": "ignore"}
    task_id: str
    kind: str
    status: str
    stage: str | None = None
    percent: int | None = None
    error: str | None = None
    result: Any = None
    deliveries: int = 0
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    duration_ms: int | None = None


class DiagnosticsIn(RequestModel):
    delay_seconds: FiniteNumber = Field(default=0, ge=0, le=30)


@router.get("/{task_id}", operation_id="getTask")
def get_task(task_id: str, user: CurrentUser, services: ServicesDep) -> TaskOut:
    run = runs.get_run(services.store, task_id)
    if run is None or run.get("userId") != user.user_id:
        raise NotFound("no such task")
    return TaskOut.model_validate(run)


@router.post(
    "/diagnostics",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="runDiagnostics",
    responses=errors(503),
)
def diagnostics(body: DiagnosticsIn, user: CurrentUser, services: ServicesDep) -> TaskOut:
    """Send a round trip through the queue and a worker; poll the task to see it come back."""
    run = runs.enqueue_run(
        services.store,
        services.queue,
        user_id=user.user_id,
        kind="system.diagnostics",
        params={"delaySeconds": body.delay_seconds},
    )
    return TaskOut.model_validate(run)
