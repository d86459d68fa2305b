"""What the API answers about a task run."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, JsonValue, SkipValidation

from api.schemas.base import Timestamp, fields_of
from core.resume.views import AnalysisSummary
from core.roadmap.model import Roadmap
from core.settings import Settings
from core.tasks import runs
from core.tasks.repository import RunReport, RunStatus, TaskRun

# What a run produced, as its kind writes it. The result is stored JSON and is passed through
# as it is; the types name the shapes a client can rely on, for the kinds that have one.
TaskResult = Annotated[
    Roadmap | AnalysisSummary | JsonValue,
    SkipValidation,
    Field(
        description="what the run produced, once it succeeded: a Roadmap for roadmap.generate, "
        "an AnalysisSummary for resume.analyze, a JSON object for the other kinds"
    ),
]


# A run as its owner sees it: the wire answers timestamps as instants, always names the status,
# and says whether the run has stalled.
class TaskOut(RunReport):
    model_config = ConfigDict(extra="forbid")

    status: RunStatus
    result: TaskResult = None  # type: ignore[assignment]
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
