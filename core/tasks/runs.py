"""Task runs: the record of every piece of background work, and the rules that make tasks
at-least-once in delivery but exactly-once in effect.

A run moves queued → running → succeeded | failed (with `retrying` between attempts). The row is
written before the task is sent, so a worker never starts on work it cannot find, and the row
(not the broker) is the truth about what is left to do: the recovery loop
(`core.tasks.recovery`) sends again every open run that stops progressing.

While a run is open it carries three bookkeeping attributes, dropped when it finishes:
- `openShard` and `checkpointAt` put it in the sparse `OpenRunsIndex`, which the recovery loop
  reads oldest checkpoint first. `checkpointAt` is the last sign of life: created, sent again,
  started, a heartbeat or progress report; for a run waiting to retry, when the retry is due.
- `openedAt` puts it in the sparse `UserOpenIndex`, which the per-person limits count.
A running run also holds a lease: `leaseOwner` (one delivery) renewed by heartbeats.
"""

from __future__ import annotations

import threading
import time
import uuid
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.clock import iso, parse_iso, utcnow
from core.logs import get_logger
from core.progress import Progress
from core.settings import Settings
from core.storage.port import ConditionFailed, Store
from core.tasks.errors import GiveUp, TransientError
from core.tasks.queue import TaskQueue
from core.tasks.repository import JsonObject, TaskRun, TaskRuns

log = get_logger(__name__)

# Open runs are spread over a few index partitions so that heartbeats of many running tasks
# do not all write one DynamoDB index partition; the recovery loop reads each in turn.
OPEN_SHARDS = 4
# Resend waits double up to this many times (queued timeout x 16 by default).
MAX_BACKOFF_DOUBLINGS = 4


@dataclass(frozen=True)
class RunPolicy:
    """The bounds a run is held to; see docs/tasks.md for the numbers and why."""

    max_deliveries: int = 5
    lease_seconds: float = 30.0
    queued_timeout_seconds: float = 60.0
    max_resends: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> RunPolicy:
        return settings.section(cls, "task_")

    @property
    def heartbeat_seconds(self) -> float:
        # Three beats per lease: one lost write (a store blip) never costs the lease.
        return self.lease_seconds / 3

    @property
    def shortest_wait(self) -> float:
        return min(self.lease_seconds, self.queued_timeout_seconds)

    def allowed_silence(self, run: TaskRun) -> float:
        """Seconds an open run may go without a sign of life before it is sent again."""
        if run.status == "running":
            return self.lease_seconds
        if run.status == "retrying":
            return self.queued_timeout_seconds
        # A queued run resent before waits twice as long each time: in a long backlog its
        # message is merely slow, and each resend is one more no-op message for the workers.
        doublings = min(run.resends, MAX_BACKOFF_DOUBLINGS)
        return float(self.queued_timeout_seconds * 2**doublings)

    def overdue(self, run: TaskRun, now: datetime | None = None) -> bool:
        """True when an open run has gone quiet for longer than it may."""
        if run.finished or not run.checkpoint_at:
            return False
        quiet = ((now or utcnow()) - parse_iso(run.checkpoint_at)).total_seconds()
        return quiet > self.allowed_silence(run)


def new_task_id() -> str:
    return uuid.uuid4().hex


def open_shard(task_id: str) -> str:
    return str(zlib.crc32(task_id.encode()) % OPEN_SHARDS)


def create_run(
    store: Store,
    *,
    user_id: str | None,
    kind: str,
    params: Mapping[str, object],
    task_id: str | None = None,
) -> TaskRun:
    """Record a new run, queued; `ConditionFailed` when `task_id` is taken."""
    run = _new_run(task_id or new_task_id(), user_id=user_id, kind=kind, params=params)
    return TaskRuns(store).put(run, expected_version=0)


def ensure_run(
    store: Store, task_id: str, *, user_id: str | None, kind: str, params: Mapping[str, object]
) -> TaskRun | None:
    """The run `task_id`, recorded now as a new queued run unless one exists already (work
    whose id is fixed in advance: a schedule's tick, a fan-out's parts, a redelivery); None
    only when it was deleted in between."""
    fresh = _new_run(task_id, user_id=user_id, kind=kind, params=params)
    repository = TaskRuns(store)
    created = repository.change(task_id, lambda found: fresh if found is None else None)
    return created or repository.find(task_id)


def _new_run(
    task_id: str, *, user_id: str | None, kind: str, params: Mapping[str, object]
) -> TaskRun:
    now = iso()
    # Validated, not just typed: parameters that are not JSON are refused before they are
    # recorded or sent.
    return TaskRun.model_validate(
        {
            "task_id": task_id,
            "user_id": user_id or "system",
            "kind": kind,
            "params": params,
            "created_at": now,
            "updated_at": now,
            "open_shard": open_shard(task_id),
            "opened_at": now,
            "checkpoint_at": now,
        }
    )


def send(queue: TaskQueue, run: TaskRun, *, attempt: int = 0) -> str | None:
    """Hand a recorded run to the broker; None when sent, else why not. A refusal is logged,
    not raised: the run is already the truth, and the recovery loop sends it again once it has
    waited its bound."""
    try:
        queue.enqueue(run.kind, run.params, task_id=run.task_id, attempt=attempt)
        return None
    except Exception as exc:
        log.warning("enqueue_deferred", task=run.kind, task_id=run.task_id, error=str(exc))
        return _one_line(exc)


def enqueue(
    store: Store,
    queue: TaskQueue,
    *,
    user_id: str | None,
    kind: str,
    params: Mapping[str, object],
) -> TaskRun:
    """Record a run, then send it. Once recorded, the run is accepted: a broker that is down
    delays it (the recovery loop sends it later) but never loses it."""
    run = create_run(store, user_id=user_id, kind=kind, params=params)
    send(queue, run)
    return run


def find_run(store: Store, task_id: str) -> TaskRun | None:
    return TaskRuns(store).find(task_id)


def get_owned_run(store: Store, task_id: str, user_id: str) -> TaskRun:
    return TaskRuns(store).owned(task_id, user_id)


def _apply(run: TaskRun, changes: Mapping[str, object]) -> TaskRun:
    new = run.model_copy(update={**changes, "updated_at": iso()})
    if new.finished:
        # A finished run says so: no stage it has left behind, complete when it succeeded
        # (a failed run's error says what happened).
        return new.model_copy(
            update={
                "stage": None,
                "percent": 100 if new.status == "succeeded" else None,
                "open_shard": None,
                "opened_at": None,
                "checkpoint_at": None,
                "lease_owner": None,
            }
        )
    return new


def _update(
    store: Store,
    task_id: str,
    *,
    when: Callable[[TaskRun], bool] | None = None,
    **changes: Any,
) -> TaskRun | None:
    """Optimistic read-modify-write (another writer, a progress report, may race us). With
    `when`, the write happens only if the stored run satisfies it (else None)."""

    def change(run: TaskRun | None) -> TaskRun | None:
        if run is None or (when is not None and not when(run)):
            return None
        return _apply(run, changes)

    return TaskRuns(store).change(task_id, change)


def update_if_unchanged(store: Store, run: TaskRun, **changes: object) -> bool:
    """Write `changes` only if nobody has touched the run since it was read (the recovery loop
    acts on what it saw, never on a run that has since moved on)."""
    try:
        TaskRuns(store).put(_apply(run, changes), expected_version=run.version)
        return True
    except ConditionFailed:
        return False


def set_progress(store: Store, task_id: str, stage: str, percent: int | None = None) -> None:
    """Record how far an open run has got; a report that arrives after it finished (from a
    delivery that lost its lease) is dropped."""
    _update(
        store,
        task_id,
        when=lambda r: not r.finished,
        stage=stage,
        percent=percent,
        checkpoint_at=iso(),
    )


def note_retry(store: Store, task_id: str, delay_seconds: float) -> None:
    """Record when a transiently failed run will be tried again, so the recovery loop leaves
    it alone until then (and sends it again if that retry never comes)."""
    due = iso(utcnow() + timedelta(seconds=max(0.0, delay_seconds)))
    _update(store, task_id, when=lambda r: r.status == "retrying", checkpoint_at=due)


Body = Callable[[TaskRun, Progress], JsonObject | None]


class Heartbeat:
    """Renews a running run's lease from a background thread while its body works, so a
    dead worker is noticed after one lease instead of the broker's visibility timeout."""

    def __init__(self, store: Store, task_id: str, owner: str, interval: float) -> None:
        self._store, self._task_id, self._owner = store, task_id, owner
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"heartbeat-{task_id[:8]}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _holds_lease(self, run: TaskRun) -> bool:
        return run.status == "running" and run.lease_owner == self._owner

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            now = iso()
            try:
                kept = _update(
                    self._store,
                    self._task_id,
                    when=self._holds_lease,
                    heartbeat_at=now,
                    checkpoint_at=now,
                )
            except Exception as exc:  # a store blip: the next beat tries again
                log.warning("heartbeat_failed", task_id=self._task_id, error=str(exc))
                continue
            if kept is None:
                # The run was sent again (this worker looked dead) or finished elsewhere; the
                # body goes on, and its effects stay exactly-once.
                log.warning("lease_lost", task_id=self._task_id)
                return


def held_by_another(run: TaskRun, policy: RunPolicy, now: datetime | None = None) -> bool:
    """True when another delivery is running this run and its lease is fresh."""
    return run.status == "running" and bool(run.lease_owner) and not policy.overdue(run, now)


def execute(
    store: Store,
    task_id: str,
    body: Body,
    *,
    policy: RunPolicy,
    kind: str | None = None,
    params: Mapping[str, object] | None = None,
) -> JsonObject | None:
    """Run `body(run, progress)` for a task run, recording the outcome.

    Returns early (None) when the run is unknown or already finished, so a redelivered message
    has no second effect, and when another worker holds a fresh lease on it (that worker
    finishes it, or the recovery loop sends it again once its heartbeats stop). A message
    delivered more than `policy.max_deliveries` times (it kills its worker every time) ends as
    a failed run instead of looping. `TransientError` propagates for the engine to retry; any
    other exception fails the run with its message.
    """
    run = find_run(store, task_id)
    if run is None:
        if kind is None:
            return None
        # Work enqueued by a scheduler has no row yet: create it now so it is tracked.
        run = ensure_run(store, task_id, user_id=None, kind=kind, params=params or {})
        if run is None:
            return None
    if run.finished:
        return None
    if held_by_another(run, policy):
        log.info("delivery_skipped_lease_held", task_id=task_id)
        return None
    deliveries = run.deliveries + 1
    # Deliveries that ended in a planned retry are accounted for; the rest died mid-run.
    if deliveries - run.transient_failures > policy.max_deliveries:
        _update(
            store,
            task_id,
            status="failed",
            deliveries=deliveries,
            error=(
                f"gave up after {policy.max_deliveries} deliveries: "
                "the task stopped its worker each time"
            ),
            finished_at=iso(),
        )
        return None
    owner = new_task_id()
    now = iso()
    started = time.perf_counter()
    run = (
        _update(
            store,
            task_id,
            status="running",
            deliveries=deliveries,
            attempts=run.attempts + 1,
            started_at=run.started_at or now,
            lease_owner=owner,
            heartbeat_at=now,
            checkpoint_at=now,
        )
        or run
    )

    def progress(stage: str, percent: int | None = None) -> None:
        set_progress(store, task_id, stage, percent)

    try:
        with Heartbeat(store, task_id, owner, policy.heartbeat_seconds):
            result = body(run, progress)
    except TransientError as exc:
        _update(
            store,
            task_id,
            status="retrying",
            error=str(exc),
            transient_failures=run.transient_failures + 1,
            lease_owner=None,
            checkpoint_at=iso(),
        )
        raise
    except GiveUp as exc:
        _finish(store, task_id, started, status="failed", error=str(exc))
        return None
    except Exception as exc:
        _finish(store, task_id, started, status="failed", error=_one_line(exc))
        raise
    _finish(store, task_id, started, status="succeeded", result=result, error=None)
    return result


def fail_run(store: Store, task_id: str, error: str) -> None:
    """Mark a run failed from outside its body (time limit hit, retries exhausted)."""
    _update(
        store,
        task_id,
        when=lambda r: not r.finished,
        status="failed",
        error=error,
        finished_at=iso(),
    )


def force_fail(store: Store, task_id: str, error: str) -> None:
    """Mark a run failed even if its body already recorded another failure (time limits)."""
    _update(store, task_id, status="failed", error=error, finished_at=iso())


def _finish(store: Store, task_id: str, started: float, **changes: Any) -> None:
    _update(
        store,
        task_id,
        finished_at=iso(),
        duration_ms=round((time.perf_counter() - started) * 1000),
        **changes,
    )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:500]
