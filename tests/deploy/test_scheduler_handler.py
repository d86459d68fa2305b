"""The EventBridge Scheduler Lambda: one message per connected Gmail account, read back from
moto's SQS; task runs recorded in moto's DynamoDB."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.tasks import runs
from deploy.aws.handlers import scheduler
from integrations.container import Services
from tests.deploy.conftest import drain
from tests.support.lambda_events import LambdaContext
from tests.support.runs import stored_run

TICK = {
    "task": "gmail.scan",
    "fanOut": "gmailAccounts",
    "scheduledTime": "2025-03-01T10:00:00Z",
}


def _accounts(services: Services) -> None:
    store = services.store
    for user_id in ("u-1", "u-2", "u-3"):
        store.put(
            "GmailAccounts",
            {"userId": user_id, "email": f"{user_id}@gmail.com", "status": "connected"},
        )
    # Revoked at Google: not scanned again until the user reconnects.
    store.put(
        "GmailAccounts",
        {
            "userId": "u-4",
            "email": "u-4@gmail.com",
            "status": "disconnected",
            "disconnectedAt": "2025-02-01T00:00:00.000Z",
        },
    )


def test_fan_out_enqueues_one_scan_per_connected_account(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    _accounts(lambda_services)
    result = scheduler.handler(TICK, LambdaContext())
    assert result == {"task": "gmail.scan", "enqueued": 3, "skipped": 0}

    messages = drain(sqs, queues["gmail"])
    bodies = sorted((json.loads(m["Body"]) for m in messages), key=lambda b: b["kwargs"]["userId"])
    assert [b["kwargs"] for b in bodies] == [
        {"userId": "u-1"},
        {"userId": "u-2"},
        {"userId": "u-3"},
    ]
    assert {b["name"] for b in bodies} == {"gmail.scan"}
    # One message group per user on the FIFO queue: two scans of one account never overlap.
    assert sorted(m["Attributes"]["MessageGroupId"] for m in messages) == ["u-1", "u-2", "u-3"]
    for body in bodies:
        run = stored_run(lambda_services.store, body["taskId"])
        assert run is not None
        assert run["status"] == "queued" and run["userId"] == body["kwargs"]["userId"]
    assert drain(sqs, queues["jobs"]) == []


def test_a_repeated_tick_creates_no_new_runs(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    _accounts(lambda_services)
    scheduler.handler(TICK, LambdaContext())
    first = {json.loads(m["Body"])["taskId"] for m in drain(sqs, queues["gmail"])}
    for task_id in first:  # the workers ran them meanwhile
        runs.fail_run(lambda_services.store, task_id, "done elsewhere")

    again = scheduler.handler(TICK, LambdaContext())
    assert again == {"task": "gmail.scan", "enqueued": 0, "skipped": 3}
    assert drain(sqs, queues["gmail"]) == []

    later = scheduler.handler({**TICK, "scheduledTime": "2025-03-01T10:10:00Z"}, LambdaContext())
    assert later["enqueued"] == 3
    assert not first & {json.loads(m["Body"])["taskId"] for m in drain(sqs, queues["gmail"])}


def test_a_single_task_schedule_enqueues_it_once(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    tick = {"task": "jobs.ingest_all", "scheduledTime": "2025-03-01T06:00:00Z"}
    assert scheduler.handler(tick, LambdaContext())["enqueued"] == 1
    (message,) = drain(sqs, queues["jobs"])
    body = json.loads(message["Body"])
    assert (body["name"], body["kwargs"]) == ("jobs.ingest_all", {})
    run = stored_run(lambda_services.store, body["taskId"])
    assert run is not None and run["userId"] == "system"


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        ({}, "dotted task name"),
        ({"task": "gmail.scan", "fanOut": "everyone"}, "unknown fan-out"),
        ({"task": "jobs.ingest_all", "kwargs": [1]}, "must be an object"),
    ],
)
def test_a_bad_schedule_input_is_refused(
    lambda_services: Services, event: dict[str, Any], reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        scheduler.handler(event, LambdaContext())
