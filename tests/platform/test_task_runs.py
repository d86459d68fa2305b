"""The rules that make tasks at-least-once in delivery and exactly-once in effect."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from core.clock import iso
from core.tasks import lanes, recovery, runs
from core.tasks.errors import GiveUp, TransientError
from core.tasks.repository import TaskRun
from tests.support.processes import broker_task_ids
from tests.support.runs import stored_run


def test_a_finished_run_is_not_run_again(services) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="system.diagnostics", params={})
    calls = []
    body = lambda r, progress: calls.append(r.task_id) or {"ok": True}  # noqa: E731
    assert runs.execute(
        services.store, run.task_id, body, policy=runs.RunPolicy(max_deliveries=5)
    ) == {"ok": True}
    # A redelivered message finds the run finished and has no second effect.
    assert (
        runs.execute(services.store, run.task_id, body, policy=runs.RunPolicy(max_deliveries=5))
        is None
    )
    assert len(calls) == 1
    stored = stored_run(services.store, run.task_id)
    assert stored is not None and stored["status"] == "succeeded" and stored["deliveries"] == 1


def test_a_message_that_kills_its_worker_every_time_ends_failed(services) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="resume.analyze", params={})
    task_id = run.task_id

    def dies(r: TaskRun, progress: object) -> None:
        raise AssertionError("the body must not run once the cap is reached")

    # Each delivery that started and never finished leaves `deliveries` counted.
    for _ in range(3):
        current = stored_run(services.store, task_id)
        assert current is not None
        services.store.put(
            "TaskRuns",
            {**current, "deliveries": current["deliveries"] + 1, "status": "running"},
            expected_version=current["version"],
        )
    assert (
        runs.execute(services.store, task_id, dies, policy=runs.RunPolicy(max_deliveries=3)) is None
    )
    stored = stored_run(services.store, task_id)
    assert stored is not None and stored["status"] == "failed"
    assert "gave up after 3 deliveries" in stored["error"]


def test_transient_errors_are_retried_without_counting_as_crashes(services) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="gmail.scan", params={})
    task_id = run.task_id
    attempts = {"n": 0}

    def flaky(r: TaskRun, progress: object) -> dict:
        attempts["n"] += 1
        if attempts["n"] <= 4:
            raise TransientError("throttled")
        return {"done": True}

    for _ in range(4):
        with pytest.raises(TransientError):
            runs.execute(services.store, task_id, flaky, policy=runs.RunPolicy(max_deliveries=2))
        assert stored_run(services.store, task_id)["status"] == "retrying"
    assert runs.execute(
        services.store, task_id, flaky, policy=runs.RunPolicy(max_deliveries=2)
    ) == {"done": True}


def test_give_up_and_errors_fail_the_run_with_a_reason(services) -> None:
    a = runs.create_run(services.store, user_id="u1", kind="k", params={})
    b = runs.create_run(services.store, user_id="u1", kind="k", params={})

    def gone(r: TaskRun, progress: object) -> None:
        raise GiveUp("the resume was deleted")

    def broken(r: TaskRun, progress: object) -> None:
        raise ValueError("unexpected shape\nwith a second line")

    assert (
        runs.execute(services.store, a.task_id, gone, policy=runs.RunPolicy(max_deliveries=5))
        is None
    )
    with pytest.raises(ValueError):
        runs.execute(services.store, b.task_id, broken, policy=runs.RunPolicy(max_deliveries=5))
    assert stored_run(services.store, a.task_id)["error"] == "the resume was deleted"
    assert stored_run(services.store, b.task_id)["error"] == "unexpected shape"


def test_scheduled_work_without_a_row_is_tracked(services) -> None:
    result = runs.execute(
        services.store,
        "beat-1",
        lambda r, p: {"n": 1},
        policy=runs.RunPolicy(max_deliveries=5),
        kind="jobs.ingest_all",
    )
    assert result == {"n": 1}
    stored = stored_run(services.store, "beat-1")
    assert stored is not None and stored["kind"] == "jobs.ingest_all"
    assert stored["userId"] == "system" and stored["status"] == "succeeded"


# --- leases, heartbeats and the recovery loop -------------------------------------------------

# The shipped bounds; tests move a run's last sign of life into the past instead of waiting.
SHIPPED = runs.RunPolicy()
# Seconds, for the one test that needs real time to pass: heartbeats against a lease.
FAST = runs.RunPolicy(lease_seconds=3, queued_timeout_seconds=2)


def _age(services, task_id: str, seconds: float, **changes: object) -> dict:
    """Move a run's last sign of life `seconds` into the past (as if that long had gone by)."""
    run = stored_run(services.store, task_id)
    assert run is not None
    then = iso(datetime.now(UTC) - timedelta(seconds=seconds))
    return services.store.put(
        "TaskRuns", {**run, "checkpointAt": then, **changes}, expected_version=run["version"]
    )


def test_heartbeats_keep_a_long_run_from_being_sent_again(services, redis_url: str) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="system.diagnostics", params={})
    task_id = run.task_id
    seen: list[dict] = []

    def slow(r: TaskRun, progress: object) -> dict:
        # Longer than the lease: only the heartbeats show the worker is alive.
        for _ in range(4):
            time.sleep(1.0)
            seen.append(recovery.recover(services.store, services.queue, FAST).to_json())
        return {"ok": True}

    assert runs.execute(services.store, task_id, slow, policy=FAST) == {"ok": True}
    assert all(report["resent"] == 0 for report in seen)
    stored = stored_run(services.store, task_id)
    assert stored is not None and stored["status"] == "succeeded" and stored["resends"] == 0
    assert stored["heartbeatAt"] > stored["startedAt"]
    assert broker_task_ids(redis_url, "background") == []


def test_a_run_whose_worker_died_is_sent_again_after_its_lease(services, redis_url: str) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="system.diagnostics", params={})
    task_id = run.task_id
    # What a worker killed mid-run leaves behind: running, a lease nobody renews.
    _age(services, task_id, 20, status="running", leaseOwner="dead-worker", deliveries=1)
    assert recovery.recover(services.store, services.queue, SHIPPED).resent == []
    _age(services, task_id, 35)
    report = recovery.recover(services.store, services.queue, SHIPPED)
    assert report.resent == [task_id]
    assert broker_task_ids(redis_url, "background") == [task_id]
    stored = stored_run(services.store, task_id)
    assert stored is not None and stored["status"] == "queued" and stored["resends"] == 1
    assert "stopped responding" in stored["error"]
    # The message it was sent again with runs it (a second delivery), once.
    body = lambda r, p: {"ran": r.deliveries}  # noqa: E731
    assert runs.execute(services.store, task_id, body, policy=SHIPPED) == {"ran": 2}
    assert runs.execute(services.store, task_id, body, policy=SHIPPED) is None


def test_a_queued_run_whose_message_was_lost_is_sent_again(services, redis_url: str) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="resume.analyze", params={"x": 1})
    task_id = run.task_id
    assert recovery.recover(services.store, services.queue, SHIPPED).resent == []
    _age(services, task_id, 65)
    assert recovery.recover(services.store, services.queue, SHIPPED).resent == [task_id]
    assert broker_task_ids(redis_url, "interactive") == [task_id]
    # Resent once, it waits twice as long before the next resend.
    _age(services, task_id, 65)
    assert recovery.recover(services.store, services.queue, SHIPPED).resent == []
    _age(services, task_id, 125)
    assert recovery.recover(services.store, services.queue, SHIPPED).resent == [task_id]
    stored = stored_run(services.store, task_id)
    assert stored is not None and stored["resends"] == 2 and "no worker took it" in stored["error"]


def test_a_run_past_the_resend_cap_fails_with_a_reason(services, redis_url: str) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="system.diagnostics", params={})
    task_id = run.task_id
    an_hour_ago = iso(datetime.now(UTC) - timedelta(hours=1))
    _age(services, task_id, 1000, resends=SHIPPED.max_resends, createdAt=an_hour_ago)
    report = recovery.recover(services.store, services.queue, SHIPPED)
    assert report.failed == [task_id] and report.resent == []
    stored = stored_run(services.store, task_id)
    assert stored is not None and stored["status"] == "failed"
    assert stored["error"].startswith("gave up after sending it 11 times over 60 min")
    assert broker_task_ids(redis_url, "background") == []
    assert list(recovery.open_runs(services.store)) == []


def test_a_retry_is_left_alone_until_it_is_due(services) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="gmail.scan", params={})
    task_id = run.task_id

    def throttled(r: TaskRun, progress: object) -> None:
        raise TransientError("throttled")

    with pytest.raises(TransientError):
        runs.execute(services.store, task_id, throttled, policy=SHIPPED)
    runs.note_retry(services.store, task_id, 30)
    stored = stored_run(services.store, task_id)
    assert stored is not None and stored["status"] == "retrying" and stored["leaseOwner"] is None
    assert recovery.recover(services.store, services.queue, SHIPPED).resent == []
    # Its retry was due a minute ago and never came (a Redis restarted empty lost it).
    _age(services, task_id, 65)
    assert recovery.recover(services.store, services.queue, SHIPPED).resent == [task_id]


def test_a_delivery_is_skipped_while_another_worker_holds_a_fresh_lease(services) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="system.diagnostics", params={})
    task_id = run.task_id
    _age(services, task_id, 0, status="running", leaseOwner="live-worker", deliveries=1)
    body = lambda r, p: {"ran": True}  # noqa: E731
    assert runs.execute(services.store, task_id, body, policy=SHIPPED) is None
    stored = stored_run(services.store, task_id)
    assert stored is not None and stored["status"] == "running" and stored["deliveries"] == 1
    # Once the lease has run out, a delivery takes the run over.
    _age(services, task_id, 35)
    assert runs.execute(services.store, task_id, body, policy=SHIPPED) == {"ran": True}


def test_finished_runs_leave_the_open_indexes(services) -> None:
    done = runs.create_run(services.store, user_id="u1", kind="system.diagnostics", params={})
    open_ = runs.create_run(services.store, user_id="u1", kind="system.diagnostics", params={})
    runs.execute(services.store, done.task_id, lambda r, p: {}, policy=SHIPPED)
    assert [r.task_id for r in recovery.open_runs(services.store)] == [open_.task_id]
    assert [r.task_id for r in lanes.open_runs_of(services.store, "u1")] == [open_.task_id]
    stored = stored_run(services.store, done.task_id)
    assert stored is not None and not {"openShard", "openedAt", "leaseOwner"} & set(stored)


def test_a_broker_that_refuses_delays_a_run_and_loses_nothing(tmp_path, redis_url: str) -> None:
    from integrations.container import build_services
    from integrations.localstack.redis_server import free_port
    from tests.support.env import make_settings

    down = build_services(make_settings(tmp_path / "d", f"redis://127.0.0.1:{free_port()}/0"))
    down.store.init()
    run = runs.enqueue(
        down.store, down.queue, user_id="u1", kind="roadmap.generate", params={}
    ).to_item()
    assert stored_run(down.store, run["taskId"])["status"] == "queued"
    # The broker is back (here: another Redis); the recovery loop sends the run.
    up = build_services(make_settings(tmp_path / "d", redis_url))
    _age(up, run["taskId"], 65)
    assert recovery.recover(up.store, up.queue, SHIPPED).resent == [run["taskId"]]
    assert broker_task_ids(redis_url, "interactive") == [run["taskId"]]


def test_a_task_whose_parameters_do_not_fit_its_kind_is_given_up(services) -> None:
    from core.gmail.accounts import ScanParams

    run = runs.create_run(services.store, user_id="u1", kind="gmail.scan", params={"user": "u1"})

    def scan(r: TaskRun, progress: object) -> dict:
        return {"userId": ScanParams.read(r.kind, r.params).user_id}

    assert runs.execute(services.store, run.task_id, scan, policy=SHIPPED) is None
    stored = stored_run(services.store, run.task_id)
    assert stored is not None and stored["status"] == "failed"
    assert stored["error"] == "gmail.scan has bad parameters (userId)"
    assert ScanParams(user_id="u1").to_json() == {"userId": "u1"}


def test_a_finished_run_keeps_no_stale_progress(services) -> None:
    done = runs.create_run(services.store, user_id="u1", kind="gmail.scan", params={})
    failed = runs.create_run(services.store, user_id="u1", kind="gmail.scan", params={})

    def reads(r: TaskRun, progress: runs.Progress) -> dict:
        progress("read 50 of 71 messages", 70)
        return {"read": 71}

    def gives_up(r: TaskRun, progress: runs.Progress) -> None:
        progress("read 50 of 71 messages", 70)
        raise GiveUp("the mailbox was disconnected")

    runs.execute(services.store, done.task_id, reads, policy=SHIPPED)
    runs.execute(services.store, failed.task_id, gives_up, policy=SHIPPED)
    ok = runs.find_run(services.store, done.task_id)
    assert ok is not None and ok.status == "succeeded"
    assert (ok.stage, ok.percent) == (None, 100)
    bad = runs.find_run(services.store, failed.task_id)
    assert bad is not None and bad.status == "failed"
    assert (bad.stage, bad.percent, bad.error) == (None, None, "the mailbox was disconnected")

    # A progress report that arrives late (a delivery that lost its lease) changes nothing.
    runs.set_progress(services.store, done.task_id, "read 60 of 71 messages", 85)
    assert runs.find_run(services.store, done.task_id) == ok
