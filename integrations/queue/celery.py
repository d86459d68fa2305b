"""TaskQueue over Celery: sends by task name, so the API never imports task modules."""

from __future__ import annotations

from typing import Any

from celery import Celery

from core.tasks.queue import EnqueueError, TaskQueue


class CeleryTaskQueue(TaskQueue):
    def __init__(self, app: Celery) -> None:
        self._app = app

    def enqueue(self, name: str, kwargs: dict[str, Any], *, task_id: str, attempt: int = 0) -> None:
        try:
            self._app.send_task(name, kwargs=kwargs, task_id=task_id)
        except Exception as exc:  # kombu raises many kinds; the caller only needs "it failed"
            raise EnqueueError(f"broker unavailable: {exc}") from exc

    def ping(self) -> None:
        with self._app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
