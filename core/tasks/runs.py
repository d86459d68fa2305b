"""Task runs: the record of every piece of background work, and the rules that make tasks
at-least-once in delivery but exactly-once in effect.

A run moves queued → running → succeeded | failed (with `retrying` between attempts). The row is
written before the task is enqueued, so a worker never starts on work it cannot find.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from core.clock import iso
from core.storage.port import ConditionFailed, Store
from core.tasks.errors import GiveUp, TransientError
from core.tasks.queue import TaskQueue

TERMINAL = frozenset({"succeeded", "failed"})
TABLE = "TaskRuns"


def new_task_id() -> str:
    return uuid.uuid4().hex


def create_run(
    store: Store,
    *,
    user_id: str | None,
    kind: str,
    params: dict[str, Any],
    task_id: str | None = None,
) -> dict[str, Any]:
    now = iso()
    run = {
        "taskId": task_id or new_task_id(),
        "userId": user_id or "system",
        "kind": kind,
        "params": params,
        "status": "queued",
        "stage": None,
        "percent": None,
        "deliveries": 0,
        "attempts": 0,
        "error": None,
        "result": None,
        "createdAt": now,
        "updatedAt": now,
        "startedAt": None,
        "finishedAt": None,
        "durationMs": None,
    }
    return store.put(TABLE, run, expected_version=0)


def enqueue_run(
    store: Store,
    queue: TaskQueue,
    *,
    user_id: str | None,
    kind: str,
    params: dict[str, Any],
) -> dict[str, Any]:
    """Record a run, then send it. If the broker refuses, the run is marked failed and the
    error propagates, so nothing is left claiming to be queued."""
    run = create_run(store, user_id=user_id, kind=kind, params=params)
    try:
        queue.enqueue(kind, params, task_id=run["taskId"])
    except Exception as exc:
        _update(store, run["taskId"], status="failed", error=f"could not enqueue: {exc}")
        raise
    return run


def get_run(store: Store, task_id: str) -> dict[str, Any] | None:
    return store.get(TABLE, {"taskId": task_id})


def _update(store: Store, task_id: str, **changes: Any) -> dict[str, Any] | None:
    """Optimistic read-modify-write, retried when another writer (a progress report) raced us."""
    for _ in range(20):
        run = store.get(TABLE, {"taskId": task_id})
        if run is None:
            return None
        new = {**run, **changes, "updatedAt": iso()}
        try:
            return store.put(TABLE, new, expected_version=int(run.get("version", 0)))
        except ConditionFailed:
            time.sleep(0.005)
    raise RuntimeError(f"task run {task_id} kept changing under us")


def set_progress(store: Store, task_id: str, stage: str, percent: int | None = None) -> None:
    _update(store, task_id, stage=stage, percent=percent)


Body = Callable[[dict[str, Any], Callable[[str, int | None], None]], dict[str, Any] | None]


def execute(
    store: Store,
    task_id: str,
    body: Body,
    *,
    max_deliveries: int,
    kind: str | None = None,
    params: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Run `body(run, progress)` for a task run, recording the outcome.

    Returns early (None) when the run is unknown or already finished, so a redelivered message
    has no second effect. A message delivered more than `max_deliveries` times (it kills its
    worker every time) ends as a failed run instead of looping. `TransientError` propagates
    for the engine to retry; any other exception fails the run with its message.
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
    deliveries = int(run.get("deliveries", 0)) + 1
    # Deliveries that ended in a planned retry are accounted for; the rest died mid-run.
    if deliveries - int(run.get("transientFailures", 0)) > max_deliveries:
        _update(
            store,
            task_id,
            status="failed",
            deliveries=deliveries,
            error=(
                f"gave up after {max_deliveries} deliveries: the task stopped its worker each time"
            ),
            finishedAt=iso(),
        )
        return None
    started = time.perf_counter()
    run = (
        _update(
            store,
            task_id,
            status="running",
            deliveries=deliveries,
            attempts=int(run.get("attempts", 0)) + 1,
            startedAt=run.get("startedAt") or iso(),
        )
        or run
    )

    def progress(stage: str, percent: int | None = None) -> None:
        set_progress(store, task_id, stage, percent)

    try:
        result = body(run, progress)
    except TransientError as exc:
        _update(
            store,
            task_id,
            status="retrying",
            error=str(exc),
            transientFailures=int(run.get("transientFailures", 0)) + 1,
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
    run = store.get(TABLE, {"taskId": task_id})
    if run is None or run["status"] in TERMINAL:
        return
    _update(store, task_id, status="failed", error=error, finishedAt=iso())


def force_fail(store: Store, task_id: str, error: str) -> None:
    """Mark a run failed even if its body already recorded another failure (time limits)."""
    if store.get(TABLE, {"taskId": task_id}) is not None:
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
