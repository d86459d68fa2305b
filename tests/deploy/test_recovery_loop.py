"""The recovery loop on AWS: the scheduler Lambda, invoked by its every-minute schedule, sends
again the runs whose SQS message is gone or whose function died; moto's SQS and DynamoDB over
HTTP, the real worker handler."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.clock import iso
from core.tasks import runs
from deploy.aws.handlers import scheduler, worker
from integrations.container import Services
from tests.deploy.conftest import drain, receive_records
from tests.support.lambda_events import LambdaContext
from tests.support.runs import stored_run
from workers.runtime import load_task_modules

RECOVER = {"recover": True, "scheduledTime": "2025-03-01T10:00:00Z"}


@pytest.fixture
def fast(lambda_services: Services) -> Services:
    """A Lambda container with the shipped bounds (queued 60 s, lease 30 s); the tests move a
    run's last sign of life into the past instead of waiting that long."""
    assert lambda_services.settings.task_queued_timeout_seconds == 60
    assert lambda_services.settings.task_lease_seconds == 30
    return lambda_services


def _age(services: Services, task_id: str, seconds: float, **changes: Any) -> None:
    """As if `seconds` had gone by since the run last showed life."""
    run = _run(services, task_id)
    then = iso(datetime.now(UTC) - timedelta(seconds=seconds))
    services.store.put(
        "TaskRuns", {**run, "checkpointAt": then, **changes}, expected_version=run["version"]
    )


def _effects(services: Services, task_id: str) -> list[dict[str, Any]]:
    return [e for e in services.store.scan("TaskEffects") if e["taskId"] == task_id]


def _diagnostic(services: Services) -> dict[str, Any]:
    load_task_modules()
    return runs.enqueue(
        services.store, services.queue, user_id="u-1", kind="system.diagnostics", params={}
    ).to_item()


def _run(services: Services, task_id: str) -> dict[str, Any]:
    run = stored_run(services.store, task_id)
    assert run is not None
    return run


def test_a_deleted_message_is_sent_again_and_its_run_finishes_once(
    fast: Services, sqs: Any, queues: dict[str, str]
) -> None:
    run = _diagnostic(fast)
    task_id = run["taskId"]
    assert len(drain(sqs, queues["default"])) == 1  # the message is deleted: lost

    # Within its bound the run is only waiting.
    _age(fast, task_id, 50)
    assert scheduler.handler(RECOVER, LambdaContext())["recover"]["resent"] == 0
    _age(fast, task_id, 65)
    assert scheduler.handler(RECOVER, LambdaContext())["recover"]["resent"] == 1
    stored = _run(fast, task_id)
    assert stored["status"] == "queued" and stored["resends"] == 1
    assert "no worker took it within 60 s" in stored["error"]

    [record] = receive_records(sqs, queues["default"], 1)
    assert json.loads(record["body"])["taskId"] == task_id
    assert worker.handler({"Records": [record]}, LambdaContext()) == {"batchItemFailures": []}
    done = _run(fast, task_id)
    assert done["status"] == "succeeded" and done["deliveries"] == 1 and done["error"] is None
    assert len(_effects(fast, task_id)) == 1
    # Finished runs are no longer examined.
    assert scheduler.handler(RECOVER, LambdaContext())["recover"]["examined"] == 0


def test_a_run_whose_function_died_is_sent_again_after_its_lease(
    fast: Services, sqs: Any, queues: dict[str, str]
) -> None:
    run = _diagnostic(fast)
    task_id = run["taskId"]
    # A function took the message (it stays invisible for the queue's timeout) and was killed
    # mid-run: the run says running, with a lease nobody renews.
    [first] = receive_records(sqs, queues["default"], 1, visibility=600)
    _age(fast, task_id, 20, status="running", leaseOwner="killed", deliveries=1)
    # Within its lease the run is left to its holder, which might only be slow.
    assert scheduler.handler(RECOVER, LambdaContext())["recover"]["resent"] == 0
    _age(fast, task_id, 35)
    assert scheduler.handler(RECOVER, LambdaContext())["recover"]["resent"] == 1
    assert "stopped responding" in _run(fast, task_id)["error"]

    [again] = receive_records(sqs, queues["default"], 1)
    assert worker.handler({"Records": [again]}, LambdaContext()) == {"batchItemFailures": []}
    done = _run(fast, task_id)
    assert done["status"] == "succeeded" and done["deliveries"] == 2
    # The dead function's message comes back after its visibility timeout: a no-op.
    assert worker.handler({"Records": [first]}, LambdaContext()) == {"batchItemFailures": []}
    assert _run(fast, task_id)["deliveries"] == 2
    assert len(_effects(fast, task_id)) == 1


def test_a_message_for_a_run_held_by_a_live_function_is_dropped(
    fast: Services, sqs: Any, queues: dict[str, str]
) -> None:
    run = _diagnostic(fast)
    _age(fast, run["taskId"], 0, status="running", leaseOwner="alive")
    [record] = receive_records(sqs, queues["default"], 1)
    assert worker.handler({"Records": [record]}, LambdaContext()) == {"batchItemFailures": []}
    assert _run(fast, run["taskId"])["status"] == "running"
    assert _effects(fast, run["taskId"]) == []


def test_a_lost_gmail_scan_is_resent_past_fifo_deduplication(
    fast: Services, sqs: Any, queues: dict[str, str]
) -> None:
    # The Gmail queue drops a message whose deduplication id it saw in the last 5 minutes: a
    # resend must carry its own, or it would vanish like the message it replaces.
    run = runs.enqueue(
        fast.store, fast.queue, user_id="u-1", kind="gmail.scan", params={"userId": "u-1"}
    ).to_item()
    [lost] = drain(sqs, queues["gmail"])
    assert lost["Attributes"]["MessageDeduplicationId"] == run["taskId"]
    _age(fast, run["taskId"], 65)
    assert scheduler.handler(RECOVER, LambdaContext())["recover"]["resent"] == 1
    [resent] = drain(sqs, queues["gmail"])
    assert json.loads(resent["Body"])["taskId"] == run["taskId"]
    assert resent["Attributes"]["MessageDeduplicationId"] == f"{run['taskId']}:1"
    assert resent["Attributes"]["MessageGroupId"] == "u-1"
