"""EventBridge Scheduler → task queue: the Lambda equivalent of Celery beat.

A schedule's input says what to enqueue:

- `{"task": "jobs.ingest_all", "kwargs": {...}}` enqueues that one task;
- `{"fanOut": "gmailAccounts", "task": "gmail.scan"}` enqueues the task once per connected
  Gmail account, with `{"userId": ...}` as its arguments, so that no single run loops over
  every user;
- `{"recover": true}` runs one pass of the recovery loop (`core.tasks.recovery`): every open
  run that stopped progressing (its SQS message lost or deleted, its function killed) is sent
  again. The recovery schedule invokes it every minute.

`scheduledTime` (EventBridge's `<aws.scheduler.scheduled-time>`) makes task ids deterministic:
the scheduler delivers at least once, and a repeated invocation for the same tick finds its
runs already recorded instead of creating new ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from core.clock import iso
from core.gmail.accounts import connected_user_ids
from core.logs import get_logger
from core.storage.port import Store
from core.tasks import recovery, runs
from core.tasks.queue import TaskQueue
from deploy.aws.handlers import runtime
from integrations.container import Services

log = get_logger(__name__)

# Fan-outs by name: each lists the user ids to enqueue the task for.
FAN_OUTS: dict[str, Callable[[Store], Iterable[str]]] = {"gmailAccounts": connected_user_ids}


def tick_task_id(task: str, scheduled_time: str, user_id: str | None = None) -> str:
    digest = hashlib.sha256(f"{task}|{user_id or ''}|{scheduled_time}".encode()).hexdigest()
    return digest[:32]


def enqueue_once(
    store: Store,
    queue: TaskQueue,
    *,
    task: str,
    kwargs: dict[str, Any],
    task_id: str,
    user_id: str | None,
) -> bool:
    """Record the run then send it; True when sent. A run already recorded for this tick is
    sent again only while it is still queued (an earlier attempt may have failed to send)."""
    run = runs.ensure_run(store, task_id, user_id=user_id, kind=task, params=kwargs)
    if run is None or run.status != "queued":
        return False
    queue.enqueue(task, kwargs, task_id=task_id)
    return True


def handle_event(services: Services, event: dict[str, Any]) -> dict[str, Any]:
    if event.get("recover") is True:
        policy = runs.RunPolicy.from_settings(services.settings)
        return {"recover": recovery.recover(services.store, services.queue, policy).to_json()}
    task = event.get("task")
    if not isinstance(task, str) or "." not in task:
        raise ValueError("schedule input needs a dotted task name in 'task'")
    scheduled_time = str(event.get("scheduledTime") or iso())
    base_kwargs = event.get("kwargs") or {}
    if not isinstance(base_kwargs, dict):
        raise ValueError("schedule input 'kwargs' must be an object")
    store, queue = services.store, services.queue
    fan_out = event.get("fanOut")
    if fan_out is None:
        sent = enqueue_once(
            store,
            queue,
            task=task,
            kwargs=base_kwargs,
            task_id=tick_task_id(task, scheduled_time),
            user_id=None,
        )
        return {"task": task, "enqueued": int(sent), "skipped": int(not sent)}
    try:
        users = FAN_OUTS[str(fan_out)]
    except KeyError:
        raise ValueError(f"unknown fan-out {fan_out!r}") from None
    enqueued = skipped = failed = 0
    for user_id in users(store):
        try:
            sent = enqueue_once(
                store,
                queue,
                task=task,
                kwargs={**base_kwargs, "userId": user_id},
                task_id=tick_task_id(task, scheduled_time, user_id),
                user_id=user_id,
            )
        except Exception as exc:
            # One account's failure must not stop the others; the run stays queued and the
            # scheduler's retry of this tick sends it again.
            failed += 1
            log.warning("fan_out_enqueue_failed", task=task, user_id=user_id, error=str(exc))
            continue
        enqueued += int(sent)
        skipped += int(not sent)
    log.info("fan_out", task=task, enqueued=enqueued, skipped=skipped, failed=failed)
    if failed:
        # Raising makes Lambda retry this asynchronous invocation; runs already sent are skipped.
        raise RuntimeError(f"{failed} of {enqueued + failed} {task} messages could not be sent")
    return {"task": task, "enqueued": enqueued, "skipped": skipped}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_event(runtime.services(), event)
