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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from core.clock import iso, parse_iso, utcnow
from core.logs import get_logger
from core.settings import Settings
from core.storage.port import ConditionFailed, Store, get_owned
from core.tasks.errors import GiveUp, TransientError
from core.tasks.queue import TaskQueue

log = get_logger(__name__)

RunStatus = Literal["queued", "running", "retrying", "succeeded", "failed"]
TERMINAL: frozenset[RunStatus] = frozenset({"succeeded", "failed"})
TABLE = "TaskRuns"
OPEN_INDEX = "OpenRunsIndex"
USER_OPEN_INDEX = "UserOpenIndex"
# Open runs are spread over a few index partitions so that heartbeats of many running tasks
# do not all write one DynamoDB index partition; the recovery loop reads each in turn.
OPEN_SHARDS = 4
_OPEN_ONLY = ("openShard", "openedAt", "checkpointAt", "leaseOwner")
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
        return cls(
            max_deliveries=settings.task_max_deliveries,
            lease_seconds=float(settings.task_lease_seconds),
            queued_timeout_seconds=float(settings.task_queued_timeout_seconds),
            max_resends=settings.task_max_resends,
        )

    @property
    def heartbeat_seconds(self) -> float:
        # Three beats per lease: one lost write (a store blip) never costs the lease.
        return self.lease_seconds / 3

    @property
    def shortest_wait(self) -> float:
        return min(self.lease_seconds, self.queued_timeout_seconds)

    def allowed_silence(self, run: dict[str, Any]) -> float:
        """Seconds an open run may go without a sign of life before it is sent again."""
        status = run.get("status")
        if status == "running":
            return self.lease_seconds
        if status == "retrying":
            return self.queued_timeout_seconds
        # A queued run resent before waits twice as long each time: in a long backlog its
        # message is merely slow, and each resend is one more no-op message for the workers.
        doublings = min(int(run.get("resends") or 0), MAX_BACKOFF_DOUBLINGS)
        return float(self.queued_timeout_seconds * 2**doublings)

    def overdue(self, run: dict[str, Any], now: datetime | None = None) -> bool:
        """True when an open run has gone quiet for longer than it may."""
        if run.get("status") in TERMINAL or not run.get("checkpointAt"):
            return False
        quiet = ((now or utcnow()) - parse_iso(str(run["checkpointAt"]))).total_seconds()
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
    params: dict[str, Any],
    task_id: str | None = None,
) -> dict[str, Any]:
    now = iso()
    task_id = task_id or new_task_id()
    run = {
        "taskId": task_id,
        "userId": user_id or "system",
        "kind": kind,
        "params": params,
        "status": "queued",
        "stage": None,
        "percent": None,
        "deliveries": 0,
        "attempts": 0,
        "resends": 0,
        "error": None,
        "result": None,
        "createdAt": now,
        "updatedAt": now,
        "startedAt": None,
        "heartbeatAt": None,
        "finishedAt": None,
        "durationMs": None,
        "openShard": open_shard(task_id),
        "openedAt": now,
        "checkpointAt": now,
    }
    return store.put(TABLE, run, expected_version=0)


def send(queue: TaskQueue, run: dict[str, Any], *, attempt: int = 0) -> str | None:
    """Hand a recorded run to the broker; None when sent, else why not. A refusal is logged,
    not raised: the run is already the truth, and the recovery loop sends it again once it has
    waited its bound."""
    try:
        queue.enqueue(run["kind"], run.get("params") or {}, task_id=run["taskId"], attempt=attempt)
        return None
    except Exception as exc:
        log.warning("enqueue_deferred", task=run["kind"], task_id=run["taskId"], error=str(exc))
        return _one_line(exc)


def enqueue_run(
    store: Store,
    queue: TaskQueue,
    *,
    user_id: str | None,
    kind: str,
    params: dict[str, Any],
) -> dict[str, Any]:
    """Record a run, then send it. Once recorded, the run is accepted: a broker that is down
    delays it (the recovery loop sends it later) but never loses it."""
    run = create_run(store, user_id=user_id, kind=kind, params=params)
    send(queue, run)
    return run


def get_run(store: Store, task_id: str) -> dict[str, Any] | None:
    return store.get(TABLE, {"taskId": task_id})


def get_owned_run(store: Store, task_id: str, user_id: str) -> dict[str, Any]:
    return get_owned(store, TABLE, {"taskId": task_id}, user_id, what="task")


def _apply(run: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    new = {**run, **changes, "updatedAt": iso()}
    if new.get("status") in TERMINAL:
        for name in _OPEN_ONLY:
            new.pop(name, None)
    return new


def _update(
    store: Store,
    task_id: str,
    *,
    when: Callable[[dict[str, Any]], bool] | None = None,
    **changes: Any,
) -> dict[str, Any] | None:
    """Optimistic read-modify-write, retried when another writer (a progress report) raced us.
    With `when`, the write happens only if the stored run satisfies it (else None)."""

    def change(run: dict[str, Any] | None) -> dict[str, Any] | None:
        if run is None or (when is not None and not when(run)):
            return None
        return _apply(run, changes)

    return store.update(TABLE, {"taskId": task_id}, change)


def update_if_unchanged(store: Store, run: dict[str, Any], **changes: Any) -> bool:
    """Write `changes` only if nobody has touched the run since it was read (the recovery loop
    acts on what it saw, never on a run that has since moved on)."""
    try:
        store.put(TABLE, _apply(run, changes), expected_version=int(run.get("version", 0)))
        return True
    except ConditionFailed:
        return False


def set_progress(store: Store, task_id: str, stage: str, percent: int | None = None) -> None:
    _update(store, task_id, stage=stage, percent=percent, checkpointAt=iso())


def note_retry(store: Store, task_id: str, delay_seconds: float) -> None:
    """Record when a transiently failed run will be tried again, so the recovery loop leaves
    it alone until then (and sends it again if that retry never comes)."""
    due = iso(utcnow() + timedelta(seconds=max(0.0, delay_seconds)))
    _update(store, task_id, when=lambda r: r["status"] == "retrying", checkpointAt=due)


Body = Callable[[dict[str, Any], Callable[[str, int | None], None]], dict[str, Any] | None]


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

    def _holds_lease(self, run: dict[str, Any]) -> bool:
        return run.get("status") == "running" and run.get("leaseOwner") == self._owner

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            now = iso()
            try:
                kept = _update(
                    self._store,
                    self._task_id,
                    when=self._holds_lease,
                    heartbeatAt=now,
                    checkpointAt=now,
                )
            except Exception as exc:  # a store blip: the next beat tries again
                log.warning("heartbeat_failed", task_id=self._task_id, error=str(exc))
                continue
            if kept is None:
                # The run was sent again (this worker looked dead) or finished elsewhere; the
                # body goes on, and its effects stay exactly-once.
                log.warning("lease_lost", task_id=self._task_id)
                return


def held_by_another(run: dict[str, Any], policy: RunPolicy, now: datetime | None = None) -> bool:
    """True when another delivery is running this run and its lease is fresh."""
    return (
        run.get("status") == "running"
        and bool(run.get("leaseOwner"))
        and not policy.overdue(run, now)
    )


def execute(
    store: Store,
    task_id: str,
    body: Body,
    *,
    policy: RunPolicy,
    kind: str | None = None,
    params: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Run `body(run, progress)` for a task run, recording the outcome.

    Returns early (None) when the run is unknown or already finished, so a redelivered message
    has no second effect, and when another worker holds a fresh lease on it (that worker
    finishes it, or the recovery loop sends it again once its heartbeats stop). A message
    delivered more than `policy.max_deliveries` times (it kills its worker every time) ends as
    a failed run instead of looping. `TransientError` propagates for the engine to retry; any
    other exception fails the run with its message.
    """
    run = store.get(TABLE, {"taskId": task_id})
    if run is None:
        if kind is None:
            return None
        # Work enqueued by a scheduler has no row yet: create it now so it is tracked.
        try:
            run = create_run(store, user_id=None, kind=kind, params=params or {}, task_id=task_id)
        except ConditionFailed:
            run = store.get(TABLE, {"taskId": task_id})
            if run is None:
                return None
    if run["status"] in TERMINAL:
        return None
    if held_by_another(run, policy):
        log.info("delivery_skipped_lease_held", task_id=task_id)
        return None
    deliveries = int(run.get("deliveries", 0)) + 1
    # Deliveries that ended in a planned retry are accounted for; the rest died mid-run.
    if deliveries - int(run.get("transientFailures", 0)) > policy.max_deliveries:
        _update(
            store,
            task_id,
            status="failed",
            deliveries=deliveries,
            error=(
                f"gave up after {policy.max_deliveries} deliveries: "
                "the task stopped its worker each time"
            ),
            finishedAt=iso(),
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
            attempts=int(run.get("attempts", 0)) + 1,
            startedAt=run.get("startedAt") or now,
            leaseOwner=owner,
            heartbeatAt=now,
            checkpointAt=now,
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
            transientFailures=int(run.get("transientFailures", 0)) + 1,
            leaseOwner=None,
            checkpointAt=iso(),
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
        when=lambda r: r["status"] not in TERMINAL,
        status="failed",
        error=error,
        finishedAt=iso(),
    )


def force_fail(store: Store, task_id: str, error: str) -> None:
    """Mark a run failed even if its body already recorded another failure (time limits)."""
    _update(store, task_id, status="failed", error=error, finishedAt=iso())


def _finish(store: Store, task_id: str, started: float, **changes: Any) -> None:
    _update(
        store,
        task_id,
        finishedAt=iso(),
        durationMs=round((time.perf_counter() - started) * 1000),
        **changes,
    )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:500]
