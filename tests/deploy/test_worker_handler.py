"""The SQS worker Lambda: real messages from moto's SQS, real runs and effects in moto's DynamoDB,
the real task registry."""

from __future__ import annotations

import json
from typing import Any

from core.tasks import runs
from core.tasks.context import TaskContext
from core.tasks.errors import TransientError
from core.tasks.registry import task_handler
from deploy.aws.handlers import runtime, worker
from integrations.container import Services
from tests.deploy.conftest import drain, receive_records
from tests.support.lambda_events import LambdaContext
from tests.support.runs import stored_run


@task_handler("deploytest.flaky")
def _flaky(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    raise TransientError("the model is throttling", retry_after=params.get("retryAfter"))


@task_handler("deploytest.broken")
def _broken(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    raise ValueError("the resume has no text layer\nsecond line is not kept")


def _enqueue(services: Services, kind: str, **params: Any) -> str:
    run = runs.enqueue(
        services.store, services.queue, user_id="u-1", kind=kind, params=params
    ).to_item()
    return str(run["taskId"])


def _effects(services: Services, task_id: str) -> list[dict[str, Any]]:
    return [e for e in services.store.scan("TaskEffects") if e["taskId"] == task_id]


def _status(services: Services, task_id: str) -> str:
    run = stored_run(services.store, task_id)
    assert run is not None
    return str(run["status"])


def test_one_failing_record_of_three_is_the_only_one_reported(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    first = _enqueue(lambda_services, "system.diagnostics")
    failing = _enqueue(lambda_services, "deploytest.flaky")
    last = _enqueue(lambda_services, "system.diagnostics")
    records = receive_records(sqs, queues["default"], 3)
    assert len(records) == 3
    by_task = {json.loads(r["body"])["taskId"]: r["messageId"] for r in records}

    result = worker.handler({"Records": records}, LambdaContext())

    assert result == {"batchItemFailures": [{"itemIdentifier": by_task[failing]}]}
    for task_id in (first, last):
        assert _status(lambda_services, task_id) == "succeeded"
        assert len(_effects(lambda_services, task_id)) == 1
    assert _status(lambda_services, failing) == "retrying"
    assert _effects(lambda_services, failing) == []


def test_a_transient_failure_comes_back_after_a_backoff(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    _enqueue(lambda_services, "deploytest.flaky", retryAfter=120)
    records = receive_records(sqs, queues["default"], 1, visibility=0)
    result = worker.handler({"Records": records}, LambdaContext())
    assert len(result["batchItemFailures"]) == 1
    # The worker pushed the message's visibility out (Retry-After: 120 s) instead of leaving it
    # visible at once: it is in flight, not receivable.
    attrs = sqs.get_queue_attributes(QueueUrl=queues["default"], AttributeNames=["All"])[
        "Attributes"
    ]
    assert attrs["ApproximateNumberOfMessagesNotVisible"] == "1"
    assert attrs["ApproximateNumberOfMessages"] == "0"


def test_the_same_message_delivered_twice_has_one_effect(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    task_id = _enqueue(lambda_services, "system.diagnostics")
    (record,) = receive_records(sqs, queues["default"], 1)
    redelivered = {**record, "attributes": {**record["attributes"], "ApproximateReceiveCount": "2"}}

    assert worker.handler({"Records": [record]}, LambdaContext()) == {"batchItemFailures": []}
    assert worker.handler({"Records": [redelivered]}, LambdaContext()) == {"batchItemFailures": []}
    # Standard queues may also hand one message twice to the same batch.
    assert worker.handler({"Records": [record, record]}, LambdaContext()) == {
        "batchItemFailures": []
    }

    assert len(_effects(lambda_services, task_id)) == 1
    run = stored_run(lambda_services.store, task_id)
    assert run is not None and run["status"] == "succeeded" and run["deliveries"] == 1
    # One container, one set of clients for every invocation.
    assert runtime.services() is lambda_services


def test_a_task_that_fails_for_good_is_recorded_and_not_retried(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    task_id = _enqueue(lambda_services, "deploytest.broken")
    records = receive_records(sqs, queues["default"], 1)
    assert worker.handler({"Records": records}, LambdaContext()) == {"batchItemFailures": []}
    run = stored_run(lambda_services.store, task_id)
    assert run is not None and run["status"] == "failed"
    assert run["error"] == "the resume has no text layer"


def test_transient_failures_end_as_a_failed_run_at_the_delivery_cap(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    task_id = _enqueue(lambda_services, "deploytest.flaky")
    (record,) = receive_records(sqs, queues["default"], 1)
    cap = lambda_services.settings.task_max_deliveries
    last = {**record, "attributes": {**record["attributes"], "ApproximateReceiveCount": str(cap)}}
    assert worker.handler({"Records": [last]}, LambdaContext()) == {"batchItemFailures": []}
    run = stored_run(lambda_services.store, task_id)
    assert run is not None and run["status"] == "failed"
    assert "gave up after 5 attempts" in run["error"]


def test_malformed_and_unknown_messages_are_reported_for_the_dead_letter_queue(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    url = queues["resume"]
    sqs.send_message(QueueUrl=url, MessageBody="{not json")
    sqs.send_message(
        QueueUrl=url,
        MessageBody=json.dumps({"name": "resume.nonexistent", "kwargs": {}, "taskId": "t-x"}),
    )
    good = _enqueue(lambda_services, "system.diagnostics")
    records = receive_records(sqs, url, 2) + receive_records(sqs, queues["default"], 1)
    result = worker.handler({"Records": records}, LambdaContext())
    reported = {f["itemIdentifier"] for f in result["batchItemFailures"]}
    assert reported == {r["messageId"] for r in records[:2]}
    assert _status(lambda_services, good) == "succeeded"
    assert stored_run(lambda_services.store, "t-x") is None


def test_fifo_messages_of_a_group_do_not_overtake_a_failed_one(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    # The Gmail queue has one message group per user: when a user's first message fails, their
    # next one waits for it, while other users' messages go ahead.
    url = queues["gmail"]
    store = lambda_services.store
    sent = []
    for task_id, kind, group in (
        ("f-1", "deploytest.flaky", "u-1"),
        ("d-1", "system.diagnostics", "u-1"),
        ("d-2", "system.diagnostics", "u-2"),
    ):
        runs.create_run(store, user_id=group, kind=kind, params={}, task_id=task_id)
        sqs.send_message(
            QueueUrl=url,
            MessageBody=json.dumps({"name": kind, "kwargs": {}, "taskId": task_id}),
            MessageGroupId=group,
            MessageDeduplicationId=task_id,
        )
        sent.append(task_id)
    records = receive_records(sqs, url, 3)
    assert [json.loads(r["body"])["taskId"] for r in records] == sent
    result = worker.handler({"Records": records}, LambdaContext())
    assert [f["itemIdentifier"] for f in result["batchItemFailures"]] == [
        records[0]["messageId"],
        records[1]["messageId"],
    ]
    assert _status(lambda_services, "d-1") == "queued"
    assert _status(lambda_services, "d-2") == "succeeded"


def test_no_message_is_started_when_the_invocation_is_about_to_time_out(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    task_id = _enqueue(lambda_services, "system.diagnostics")
    records = receive_records(sqs, queues["default"], 1)
    result = worker.handler({"Records": records}, LambdaContext(remaining_ms=1_000))
    assert result == {"batchItemFailures": [{"itemIdentifier": records[0]["messageId"]}]}
    assert _status(lambda_services, task_id) == "queued"
    # Handed back at once for another invocation, not after the visibility timeout.
    assert len(drain(sqs, queues["default"])) == 1


def test_task_counts_are_published_as_embedded_metrics(
    lambda_services: Services, sqs: Any, queues: dict[str, str], capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "stack-jobs-worker")
    _enqueue(lambda_services, "system.diagnostics")
    _enqueue(lambda_services, "deploytest.broken")
    _enqueue(lambda_services, "deploytest.flaky")
    records = receive_records(sqs, queues["default"], 3)
    worker.handler({"Records": records}, LambdaContext())
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    (metrics,) = lines
    assert metrics["FunctionName"] == "stack-jobs-worker"
    assert (metrics["TasksProcessed"], metrics["TasksFailed"], metrics["TasksRetried"]) == (3, 2, 1)
    assert metrics["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "CareerAgent/Tasks"


def test_backoff_grows_is_capped_and_honours_retry_after() -> None:
    assert 5 <= worker.backoff_seconds(1) <= 10
    assert 20 <= worker.backoff_seconds(3) <= 40
    assert worker.backoff_seconds(30) <= worker.BACKOFF_CAP_SECONDS
    assert worker.backoff_seconds(1, retry_after=300) >= 300
