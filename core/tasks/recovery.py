"""The recovery loop: the store's open runs are the work still owed, and any that stopped
progressing is sent again.

A run is due when it has gone quiet for longer than its policy allows (`RunPolicy`): queued
and never picked up (its message was lost with a Redis that restarted empty, or deleted from
SQS), running without a heartbeat (its worker died), or waiting for a retry that never came.
Sending it again is safe: a finished run ignores its message, a run another worker still holds
is skipped, and effects are keyed (TaskEffects), so a redelivery never repeats one. After
`max_resends` sends a run ends as failed with a reason a person can read.

Celery beat runs `recover` every few seconds; on AWS the scheduler Lambda runs it every minute.
Two passes at once do no harm: each change is a conditional write on the run as it was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.clock import iso, parse_iso, utcnow
from core.errors import Conflict
from core.logs import get_logger
from core.storage.port import Store
from core.tasks import runs
from core.tasks.queue import EnqueueError, TaskQueue
from core.tasks.repository import TaskRun, TaskRuns

log = get_logger(__name__)


@dataclass
class RecoveryReport:
    examined: int = 0
    resent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    send_errors: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "examined": self.examined,
            "resent": len(self.resent),
            "failed": len(self.failed),
            "sendErrors": self.send_errors,
        }


def open_runs(store: Store, *, quiet_since: datetime | None = None) -> Iterator[TaskRun]:
    """Open runs whose last sign of life is at or before `quiet_since` (all open runs when
    None), each shard oldest first."""
    sort_max = iso(quiet_since) if quiet_since is not None else None
    repository = TaskRuns(store)
    for shard in range(runs.OPEN_SHARDS):
        yield from repository.open_in_shard(str(shard), quiet_since=sort_max)


def why_due(run: TaskRun, policy: runs.RunPolicy) -> str:
    """The reason a due run is sent again, in words its owner can read."""
    if run.status == "running":
        return (
            f"its worker stopped responding (no heartbeat for {policy.lease_seconds:g} s); "
            "sent again"
        )
    if run.status == "retrying":
        return f"its retry did not start on time ({run.error or 'transient error'})"
    return f"no worker took it within {policy.allowed_silence(run):g} s; sent again"


def give_up_reason(run: TaskRun, now: datetime) -> str:
    created = parse_iso(run.created_at or iso(now))
    minutes = max(1, round((now - created).total_seconds() / 60))
    return (
        f"gave up after sending it {run.resends + 1} times over {minutes} min "
        "without a worker finishing it; the workers may be down or overloaded. Try again later."
    )


def recover(
    store: Store,
    queue: TaskQueue,
    policy: runs.RunPolicy,
    *,
    now: datetime | None = None,
) -> RecoveryReport:
    """One pass: send again every open run that is due; fail those past the resend cap.

    It reads every open run quiet for longer than the shortest bound (the index is ordered by
    last sign of life, not by when each is due), so a long backlog of waiting runs costs one
    index read per pass rather than hiding a dead worker's runs behind it.
    """
    now = now or utcnow()
    report = RecoveryReport()
    candidates = open_runs(store, quiet_since=now - timedelta(seconds=policy.shortest_wait))
    for run in candidates:
        report.examined += 1
        if not policy.overdue(run, now):
            continue
        if run.resends >= policy.max_resends:
            if runs.update_if_unchanged(
                store, run, status="failed", error=give_up_reason(run, now), finished_at=iso(now)
            ):
                report.failed.append(run.task_id)
                log.warning("run_given_up", task_id=run.task_id, kind=run.kind)
            continue
        if resend(store, queue, run, reason=why_due(run, policy), now=now) is None:
            report.resent.append(run.task_id)
        else:
            report.send_errors += 1
    if report.resent or report.failed or report.send_errors:
        log.info("recovery_pass", **report.to_json())
    return report


def resend(
    store: Store, queue: TaskQueue, run: TaskRun, *, reason: str, now: datetime
) -> str | None:
    """Send a run again and record it (status back to queued, resends + 1, the reason as its
    last error); None when sent, else why not. Sent first, recorded second: a send that fails
    changes nothing, so it is tried again next pass; a record that loses to a worker's write
    means the run moved on, and the extra message finds it finished or held."""
    resends = run.resends + 1
    refused = runs.send(queue, run, attempt=resends)
    if refused is not None:
        return refused
    recorded = runs.update_if_unchanged(
        store,
        run,
        status="queued",
        resends=resends,
        error=reason,
        lease_owner=None,
        checkpoint_at=iso(now),
    )
    if recorded:
        log.info("run_resent", task_id=run.task_id, kind=run.kind, reason=reason)
    return None


def resend_now(store: Store, queue: TaskQueue, policy: runs.RunPolicy, run: TaskRun) -> TaskRun:
    """Send an open run again at its owner's request (the web app's "Send it again" after a
    long wait). Refused for a finished run and for one a worker is running right now."""
    if run.finished:
        raise Conflict("this task has already finished", code="task_finished")
    if runs.held_by_another(run, policy):
        raise Conflict("a worker is running this task right now", code="task_running")
    refused = resend(store, queue, run, reason="sent again at your request", now=utcnow())
    if refused is not None:
        raise EnqueueError(f"could not send the task: {refused}")
    return runs.find_run(store, run.task_id) or run
