"""The rules that make tasks at-least-once in delivery and exactly-once in effect."""

from __future__ import annotations

import pytest

from core.tasks import runs
from core.tasks.errors import GiveUp, TransientError


def test_a_finished_run_is_not_run_again(services) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="system.diagnostics", params={})
    calls = []
    body = lambda r, progress: calls.append(r["taskId"]) or {"ok": True}  # noqa: E731
    assert runs.execute(
        services.store, run["taskId"], body, policy=runs.RunPolicy(max_deliveries=5)
    ) == {"ok": True}
    # A redelivered message finds the run finished and has no second effect.
    assert (
        runs.execute(services.store, run["taskId"], body, policy=runs.RunPolicy(max_deliveries=5))
        is None
    )
    assert len(calls) == 1
    stored = runs.get_run(services.store, run["taskId"])
    assert stored is not None and stored["status"] == "succeeded" and stored["deliveries"] == 1


def test_a_message_that_kills_its_worker_every_time_ends_failed(services) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="resume.analyze", params={})
    task_id = run["taskId"]

    def dies(r: dict, progress: object) -> None:
        raise AssertionError("the body must not run once the cap is reached")

    # Each delivery that started and never finished leaves `deliveries` counted.
    for _ in range(3):
        current = runs.get_run(services.store, task_id)
        assert current is not None
        services.store.put(
            "TaskRuns",
            {**current, "deliveries": current["deliveries"] + 1, "status": "running"},
            expected_version=current["version"],
        )
    assert (
        runs.execute(services.store, task_id, dies, policy=runs.RunPolicy(max_deliveries=3)) is None
    )
    stored = runs.get_run(services.store, task_id)
    assert stored is not None and stored["status"] == "failed"
    assert "gave up after 3 deliveries" in stored["error"]


def test_transient_errors_are_retried_without_counting_as_crashes(services) -> None:
    run = runs.create_run(services.store, user_id="u1", kind="gmail.scan", params={})
    task_id = run["taskId"]
    attempts = {"n": 0}

    def flaky(r: dict, progress: object) -> dict:
        attempts["n"] += 1
        if attempts["n"] <= 4:
            raise TransientError("throttled")
        return {"done": True}

    for _ in range(4):
        with pytest.raises(TransientError):
            runs.execute(services.store, task_id, flaky, policy=runs.RunPolicy(max_deliveries=2))
        assert runs.get_run(services.store, task_id)["status"] == "retrying"  # type: ignore[index]
    assert runs.execute(
        services.store, task_id, flaky, policy=runs.RunPolicy(max_deliveries=2)
    ) == {"done": True}


def test_give_up_and_errors_fail_the_run_with_a_reason(services) -> None:
    a = runs.create_run(services.store, user_id="u1", kind="k", params={})
    b = runs.create_run(services.store, user_id="u1", kind="k", params={})

    def gone(r: dict, progress: object) -> None:
        raise GiveUp("the resume was deleted")

    def broken(r: dict, progress: object) -> None:
        raise ValueError("unexpected shape\nwith a second line")

    assert (
        runs.execute(services.store, a["taskId"], gone, policy=runs.RunPolicy(max_deliveries=5))
        is None
    )
    with pytest.raises(ValueError):
        runs.execute(services.store, b["taskId"], broken, policy=runs.RunPolicy(max_deliveries=5))
    assert runs.get_run(services.store, a["taskId"])["error"] == "the resume was deleted"  # type: ignore[index]
    assert runs.get_run(services.store, b["taskId"])["error"] == "unexpected shape"  # type: ignore[index]


def test_scheduled_work_without_a_row_is_tracked(services) -> None:
    result = runs.execute(
        services.store,
        "beat-1",
        lambda r, p: {"n": 1},
        policy=runs.RunPolicy(max_deliveries=5),
        kind="jobs.ingest_all",
    )
    assert result == {"n": 1}
    stored = runs.get_run(services.store, "beat-1")
    assert stored is not None and stored["kind"] == "jobs.ingest_all"
    assert stored["userId"] == "system" and stored["status"] == "succeeded"
