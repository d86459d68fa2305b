"""Fairness: which lane each task kind runs in, and how much of a lane one person may hold.

Two mechanisms, because each alone leaves a gap:

- **Lanes.** Work someone is watching a page for (a resume analysis, a roadmap) runs in the
  `interactive` lane, on its own workers (its own Celery queue; its own SQS queue and Lambda
  on AWS). Scheduled and slow work (Gmail scans, job ingestion, diagnostics) runs in the
  `background` lane. However full the background lane is, an analysis never queues behind it.
- **Per-person limits on open runs in each lane.** Within a lane, one person can hold at most a
  few queued or running runs; beyond that the API answers 429 with Retry-After, before
  anything is written. So another person's task waits behind at most (limit x slowest task /
  workers) per busy person, not behind an unbounded pile. Limits on open runs (rather than
  requests a minute) match what actually blocks others: work in the queue.

Work the system starts itself (schedules, fan-outs, a scan continuing in a new run) is not
limited; it is bounded by the number of accounts and boards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.errors import TooManyRequests
from core.settings import Settings
from core.storage.port import Store
from core.tasks import runs
from core.tasks.queue import TaskQueue
from core.tasks.repository import TaskRun, TaskRuns

INTERACTIVE = "interactive"
BACKGROUND = "background"
# The recovery loop's own messages: served by every worker, never behind a lane's backlog.
CONTROL = "control"
LANES = (INTERACTIVE, BACKGROUND)
# The recovery loop's task (core.tasks.recovery): always in the control lane.
RECOVER_TASK = "system.recover"

_INTERACTIVE_AREAS = frozenset({"resume", "roadmap"})
_LANE_WORDS = {
    INTERACTIVE: "resume analyses and roadmaps",
    BACKGROUND: "background tasks (Gmail scans, diagnostics)",
}
# What Retry-After says: about how long the lane's typical task takes to free a slot.
_RETRY_AFTER_SECONDS = {INTERACTIVE: 5, BACKGROUND: 10}


def lane_for(kind: str) -> str:
    """The lane of a dotted task name (`resume.analyze` → interactive)."""
    return INTERACTIVE if kind.split(".", 1)[0] in _INTERACTIVE_AREAS else BACKGROUND


def queue_for(kind: str) -> str:
    """The broker queue a task kind is sent to: its lane's, or `control` for recovery."""
    return CONTROL if kind == RECOVER_TASK else lane_for(kind)


@dataclass(frozen=True)
class UserLimits:
    interactive: int = 5
    background: int = 4

    @classmethod
    def from_settings(cls, settings: Settings) -> UserLimits:
        return cls(
            interactive=settings.task_max_open_interactive_per_user,
            background=settings.task_max_open_background_per_user,
        )

    def for_lane(self, lane: str) -> int:
        return self.interactive if lane == INTERACTIVE else self.background


def open_runs_of(store: Store, user_id: str) -> list[TaskRun]:
    """A person's queued, retrying and running runs."""
    return TaskRuns(store).open_of(user_id)


def ensure_capacity(store: Store, user_id: str, kind: str, limits: UserLimits) -> None:
    """Raise `TooManyRequests` when `user_id` already holds the lane's limit of open runs.

    Two requests racing past the check can each be accepted, so a person can end up one or two
    over the limit under a burst; the bound still holds to within the burst's size.
    """
    lane = lane_for(kind)
    limit = limits.for_lane(lane)
    held = sum(1 for run in open_runs_of(store, user_id) if lane_for(run.kind) == lane)
    if held >= limit:
        retry_after = _RETRY_AFTER_SECONDS[lane]
        raise TooManyRequests(
            f"you already have {held} {_LANE_WORDS[lane]} in progress (the limit is {limit}); "
            f"try again when one has finished, in about {retry_after} s",
            retry_after=retry_after,
        )


def submit(
    store: Store,
    queue: TaskQueue,
    limits: UserLimits,
    *,
    user_id: str,
    kind: str,
    params: Mapping[str, object],
) -> TaskRun:
    """A person's request for background work: refused (429) beyond their limits, else
    recorded and sent."""
    ensure_capacity(store, user_id, kind, limits)
    return runs.enqueue(store, queue, user_id=user_id, kind=kind, params=params)
