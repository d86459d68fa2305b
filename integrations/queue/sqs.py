"""TaskQueue over Amazon SQS: one queue per task area, chosen by the name's prefix.

The message body is JSON `{"name", "kwargs", "taskId"}`; the Lambda worker reads the same shape.
Standard queues deliver at least once and cannot deduplicate, so exactly-once effects come from
the task runs (a finished run is never executed again). FIFO queues (`.fifo` URLs) get the task
id as their deduplication id and the user as their message group, which keeps one user's tasks
of that area from running side by side; a resend of a run gets its own deduplication id.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from botocore.config import Config

from core.tasks.queue import EnqueueError, TaskQueue
from integrations.aws import aws_client

# Where a task goes when no queue is configured for its area (e.g. `system.*`).
DEFAULT_QUEUE_KEY = "default"

_CLIENT_CONFIG = Config(
    retries={"max_attempts": 3, "mode": "standard"},
    connect_timeout=3,
    read_timeout=10,
)


def task_prefix(name: str) -> str:
    """The area of a dotted task name: `resume.analyze` → `resume`."""
    return name.split(".", 1)[0]


def encode_message(name: str, kwargs: Mapping[str, Any], task_id: str) -> str:
    return json.dumps({"name": name, "kwargs": dict(kwargs), "taskId": task_id})


def decode_message(body: str) -> tuple[str, dict[str, Any], str]:
    """Parse a message body; raises ValueError with a one-line reason when it is malformed."""
    try:
        data = json.loads(body)
    except (TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"message body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("message body is not a JSON object")
    name, kwargs, task_id = data.get("name"), data.get("kwargs", {}), data.get("taskId")
    if not isinstance(name, str) or not name:
        raise ValueError("message has no task name")
    if not isinstance(kwargs, dict):
        raise ValueError("message kwargs is not an object")
    if not isinstance(task_id, str) or not task_id:
        raise ValueError("message has no taskId")
    return name, kwargs, task_id


class SqsTaskQueue(TaskQueue):
    def __init__(
        self,
        queue_urls: Mapping[str, str],
        *,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        client: Any = None,
    ) -> None:
        if not queue_urls:
            raise ValueError("SQS_QUEUE_URLS is empty: map each task area to its queue URL")
        self._urls = dict(queue_urls)
        self._client = client or aws_client(
            "sqs", endpoint_url=endpoint_url, region=region, config=_CLIENT_CONFIG
        )

    @property
    def client(self) -> Any:
        return self._client

    def queue_url_for(self, name: str) -> str:
        url = self._urls.get(task_prefix(name)) or self._urls.get(DEFAULT_QUEUE_KEY)
        if not url:
            raise EnqueueError(f"no SQS queue configured for task {name}")
        return url

    def enqueue(self, name: str, kwargs: dict[str, Any], *, task_id: str, attempt: int = 0) -> None:
        url = self.queue_url_for(name)
        request: dict[str, Any] = {
            "QueueUrl": url,
            "MessageBody": encode_message(name, kwargs, task_id),
            "MessageAttributes": {"task": {"DataType": "String", "StringValue": name}},
        }
        if url.endswith(".fifo"):
            # A resend (attempt > 0) must not be taken for the lost message it replaces.
            dedup = task_id if attempt == 0 else f"{task_id}:{attempt}"
            request["MessageDeduplicationId"] = dedup[:128]
            group = kwargs.get("userId") or name
            request["MessageGroupId"] = str(group)[:128]
        try:
            self._client.send_message(**request)
        except Exception as exc:  # botocore raises many kinds; the caller only needs "it failed"
            raise EnqueueError(f"SQS refused task {name}: {exc}") from exc

    def ping(self) -> None:
        for url in sorted(set(self._urls.values())):
            self._client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
