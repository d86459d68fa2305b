"""The task-queue port: how the API and schedulers hand work to the workers.

Celery on Redis is the local engine and SQS the serverless one; callers never know which.
Tasks are enqueued by dotted name (`resume.analyze`) with JSON keyword arguments.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from core.errors import DomainError
from core.tasks.repository import JsonObject


class EnqueueError(DomainError):
    """The broker refused or could not be reached."""

    status_code = 503
    code = "queue_unavailable"


class TaskQueue(ABC):
    @abstractmethod
    def enqueue(self, name: str, kwargs: JsonObject, *, task_id: str, attempt: int = 0) -> None:
        """Send one task. `task_id` is the TaskRuns id the task reports to; `attempt` counts
        the sends of that run (0 the first, then each resend), so a broker that drops repeated
        messages (SQS FIFO deduplication) keeps a resend apart from the message it replaces."""

    @abstractmethod
    def ping(self) -> None:
        """Raise if the broker cannot be reached."""
