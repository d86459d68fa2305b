"""SQS → task registry: the Lambda equivalent of a Celery worker.

Each record is one task (`{"name", "kwargs", "taskId"}`), run through `core.tasks.runs.execute`
exactly as Celery runs it, so a redelivered message finds its run finished and does nothing.
Failures are reported per message (`batchItemFailures`); the batch as a whole never fails.

What happens to a message:
- the task succeeds, or fails for good (the run records the error) → deleted;
- a `TransientError` → reported, and made visible again after an exponential backoff with
  jitter; once the queue's receive count reaches TASK_MAX_DELIVERIES the run is marked failed
  and the message deleted instead;
- a malformed message, an unknown task name or an error outside the task (storage down) →
  reported, so SQS redelivers it and, after maxReceiveCount, moves it to the dead-letter queue
  where an alarm fires.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Any

from core.logs import get_logger
from core.tasks import runs
from core.tasks.errors import TransientError
from core.tasks.registry import get_handler
from deploy.aws.handlers import runtime
from integrations.aws import aws_client
from integrations.container import Services
from integrations.queue.sqs import SqsTaskQueue, decode_message
from workers import runtime as task_runtime

log = get_logger(__name__)

BACKOFF_BASE_SECONDS = 10.0
BACKOFF_CAP_SECONDS = 900.0
# A message is only started when the invocation has at least this much time left; the rest of
# the batch is handed back at once rather than being cut off mid-run by the Lambda timeout.
MIN_REMAINING_MS = 5_000
METRIC_NAMESPACE = "CareerAgent/Tasks"


def backoff_seconds(receive_count: int, retry_after: float | None = None) -> int:
    """Delay before a transiently failed message is seen again (whole seconds, as SQS takes)."""
    delay = task_runtime.backoff_seconds(
        max(receive_count - 1, 0), retry_after, base=BACKOFF_BASE_SECONDS, cap=BACKOFF_CAP_SECONDS
    )
    return max(1, round(delay))


@dataclass
class Outcome:
    ok: bool  # False: reported in batchItemFailures, so SQS delivers it again
    reason: str = ""
    visibility_seconds: int | None = None  # when set, the message comes back after this delay
    task_failed: bool = False  # the run ended failed (counted in the failure metric)


def process_record(services: Services, record: dict[str, Any]) -> Outcome:
    try:
        name, kwargs, task_id = decode_message(record.get("body", ""))
    except ValueError as exc:
        return Outcome(False, str(exc))
    try:
        get_handler(name)
    except KeyError as exc:
        # Possibly a newer API enqueueing a task this worker does not know yet: worth retrying
        # until the dead-letter queue takes it.
        return Outcome(False, str(exc.args[0]))
    receive_count = int(record.get("attributes", {}).get("ApproximateReceiveCount", "1"))
    try:
        task_runtime.run_task(services, name, kwargs, task_id)
    except TransientError as exc:
        if receive_count >= services.settings.task_max_deliveries:
            runs.fail_run(services.store, task_id, f"gave up after {receive_count} attempts: {exc}")
            log.warning("task_gave_up", task=name, task_id=task_id, error=str(exc))
            return Outcome(True, str(exc), task_failed=True)
        delay = backoff_seconds(receive_count, exc.retry_after)
        log.warning("task_retry", task=name, task_id=task_id, error=str(exc), delay=delay)
        runs.note_retry(services.store, task_id, delay)
        return Outcome(False, str(exc), visibility_seconds=delay)
    except Exception as exc:
        # `execute` has recorded a task's own failure on its run; a failed run is final and a
        # redelivery would do nothing. Anything else (the store unreachable) deserves a retry.
        try:
            run = runs.find_run(services.store, task_id)
        except Exception:
            run = None
        if run is not None and run.status == "failed":
            log.info("task_failed", task=name, task_id=task_id, error=str(exc))
            return Outcome(True, str(exc), task_failed=True)
        log.exception("task_error", task=name, task_id=task_id)
        return Outcome(False, f"{type(exc).__name__}: {exc}")
    return Outcome(True)


def _queue_url(services: Services, client: Any, arn: str) -> str | None:
    """The URL of the queue a record came from, from its ARN (`arn:aws:sqs:region:acct:name`)."""
    parts = arn.split(":")
    if len(parts) < 6:
        return None
    account, name = parts[4], parts[5]
    for url in services.settings.sqs_queue_urls.values():
        if url.rstrip("/").rsplit("/", 1)[-1] == name:
            return url
    try:
        return str(client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"])
    except Exception:
        return None


def _sqs_client(services: Services) -> Any:
    queue = services.queue
    if isinstance(queue, SqsTaskQueue):
        return queue.client
    return aws_client(
        "sqs", endpoint_url=services.settings.sqs_endpoint_url, region=services.settings.aws_region
    )


def _set_visibility(services: Services, record: dict[str, Any], seconds: int) -> None:
    """Best effort: when it fails, the queue's own visibility timeout applies."""
    try:
        client = _sqs_client(services)
        url = _queue_url(services, client, record.get("eventSourceARN", ""))
        if url:
            client.change_message_visibility(
                QueueUrl=url, ReceiptHandle=record["receiptHandle"], VisibilityTimeout=seconds
            )
    except Exception as exc:
        log.warning("visibility_change_failed", error=str(exc))


def emit_metrics(function_name: str | None, processed: int, failed: int, retried: int) -> None:
    """Task counts as CloudWatch embedded metrics (a log line CloudWatch turns into metrics; no
    API call, no extra permission). The failure-rate alarms read them."""
    if not function_name:
        return
    document = {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": METRIC_NAMESPACE,
                    "Dimensions": [["FunctionName"]],
                    "Metrics": [
                        {"Name": "TasksProcessed", "Unit": "Count"},
                        {"Name": "TasksFailed", "Unit": "Count"},
                        {"Name": "TasksRetried", "Unit": "Count"},
                    ],
                }
            ],
        },
        "FunctionName": function_name,
        "TasksProcessed": processed,
        "TasksFailed": failed,
        "TasksRetried": retried,
    }
    print(json.dumps(document), flush=True)


def handle_event(services: Services, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    failures: list[str] = []
    blocked_groups: set[str] = set()
    processed = failed = retried = 0
    for record in event.get("Records", []):
        message_id = record["messageId"]
        group = record.get("attributes", {}).get("MessageGroupId")
        if group and group in blocked_groups:
            # FIFO: a group's later messages must not overtake one that failed.
            failures.append(message_id)
            continue
        remaining = context.get_remaining_time_in_millis() if context is not None else None
        if remaining is not None and remaining < MIN_REMAINING_MS:
            _set_visibility(services, record, 0)
            failures.append(message_id)
            if group:
                blocked_groups.add(group)
            continue
        outcome = process_record(services, record)
        processed += 1
        if outcome.task_failed:
            failed += 1
        if outcome.ok:
            continue
        failed += 1
        retried += 1
        log.warning("message_failed", message_id=message_id, reason=outcome.reason)
        if outcome.visibility_seconds is not None:
            _set_visibility(services, record, outcome.visibility_seconds)
        failures.append(message_id)
        if group:
            blocked_groups.add(group)
    emit_metrics(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"), processed, failed, retried)
    return {"batchItemFailures": [{"itemIdentifier": m} for m in failures]}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    task_runtime.load_task_modules()
    return handle_event(runtime.services(), event, context)
