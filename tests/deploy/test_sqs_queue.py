"""SqsTaskQueue against moto's SQS server over HTTP."""

from __future__ import annotations

import json
import socket
import time
import uuid
from typing import Any

import pytest

from core.tasks import runs
from core.tasks.queue import EnqueueError
from integrations.container import Services
from integrations.queue.sqs import SqsTaskQueue, decode_message, encode_message, task_prefix
from tests.deploy.conftest import drain
from tests.support.runs import stored_run


@pytest.fixture
def queue(moto_server: str, queues: dict[str, str]) -> SqsTaskQueue:
    return SqsTaskQueue(queues, endpoint_url=moto_server, region="us-east-1")


def test_message_body_names_the_task_its_arguments_and_run(
    queue: SqsTaskQueue, sqs: Any, queues: dict[str, str]
) -> None:
    queue.enqueue("resume.analyze", {"resumeId": "r-1", "version": 2}, task_id="t-1")
    (message,) = drain(sqs, queues["resume"])
    assert json.loads(message["Body"]) == {
        "name": "resume.analyze",
        "kwargs": {"resumeId": "r-1", "version": 2},
        "taskId": "t-1",
    }


def test_each_area_goes_to_its_own_queue(
    queue: SqsTaskQueue, sqs: Any, queues: dict[str, str]
) -> None:
    queue.enqueue("resume.analyze", {}, task_id="a")
    queue.enqueue("jobs.ingest_board", {"board": "greenhouse:acme"}, task_id="b")
    queue.enqueue("roadmap.build", {}, task_id="c")
    queue.enqueue("gmail.scan", {"userId": "u-1"}, task_id="d")
    queue.enqueue("system.diagnostics", {}, task_id="e")  # no queue of its own: the default
    got = {
        area: sorted(json.loads(m["Body"])["taskId"] for m in drain(sqs, queues[area]))
        for area in ("resume", "jobs", "roadmap", "gmail")
    }
    assert got == {"resume": ["a"], "jobs": ["b", "e"], "roadmap": ["c"], "gmail": ["d"]}


def test_fifo_queue_groups_by_user_and_drops_a_repeated_task_id(
    queue: SqsTaskQueue, sqs: Any, queues: dict[str, str]
) -> None:
    queue.enqueue("gmail.scan", {"userId": "u-1"}, task_id="scan-1")
    queue.enqueue("gmail.scan", {"userId": "u-1"}, task_id="scan-1")  # the same run again
    queue.enqueue("gmail.scan", {"userId": "u-2"}, task_id="scan-2")
    messages = drain(sqs, queues["gmail"])
    assert sorted(m["Attributes"]["MessageGroupId"] for m in messages) == ["u-1", "u-2"]
    assert sorted(m["Attributes"]["MessageDeduplicationId"] for m in messages) == [
        "scan-1",
        "scan-2",
    ]


def test_no_queue_for_an_area_and_no_default_is_refused(moto_server: str, queues: dict) -> None:
    only_resume = SqsTaskQueue({"resume": queues["resume"]}, endpoint_url=moto_server)
    with pytest.raises(EnqueueError, match=r"no SQS queue configured for task jobs\.score"):
        only_resume.enqueue("jobs.score", {}, task_id="x")


def test_empty_routing_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="SQS_QUEUE_URLS"):
        SqsTaskQueue({})


def test_an_unreachable_broker_is_an_enqueue_error(queues: dict[str, str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens once the socket closes
    down = SqsTaskQueue(
        {"default": f"http://127.0.0.1:{port}/123456789012/q"},
        endpoint_url=f"http://127.0.0.1:{port}",
    )
    started = time.monotonic()
    with pytest.raises(EnqueueError, match=r"SQS refused task system\.diagnostics"):
        down.enqueue("system.diagnostics", {}, task_id="x")
    assert time.monotonic() - started < 10


def test_ping(queue: SqsTaskQueue, moto_server: str, sqs: Any) -> None:
    queue.ping()
    url = sqs.create_queue(QueueName=f"gone-{uuid.uuid4().hex[:6]}")["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(Exception):  # noqa: B017 - botocore's QueueDoesNotExist
        SqsTaskQueue({"default": url}, endpoint_url=moto_server).ping()


def test_the_run_is_recorded_before_the_message_is_sent(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    run = runs.enqueue(
        lambda_services.store,
        lambda_services.queue,
        user_id="u-1",
        kind="system.diagnostics",
        params={"delaySeconds": 0},
    ).to_item()
    (message,) = drain(sqs, queues["default"])
    name, kwargs, task_id = decode_message(message["Body"])
    assert (name, kwargs, task_id) == ("system.diagnostics", {"delaySeconds": 0}, run["taskId"])
    stored = stored_run(lambda_services.store, task_id)
    assert stored is not None and stored["status"] == "queued" and stored["userId"] == "u-1"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"kwargs": {}, "taskId": "t"}', "no task name"),
        ('{"name": "a.b", "kwargs": [], "taskId": "t"}', "kwargs is not an object"),
        ('{"name": "a.b", "kwargs": {}}', "no taskId"),
    ],
)
def test_malformed_bodies_are_refused_with_a_reason(body: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        decode_message(body)


def test_encoding_round_trips() -> None:
    body = encode_message("resume.analyze", {"a": [1, "é"]}, "t-9")
    assert decode_message(body) == ("resume.analyze", {"a": [1, "é"]}, "t-9")
    assert task_prefix("resume.analyze") == "resume"
