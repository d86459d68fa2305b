"""TaskQueue over Celery: a client that sends by task name and registers no task, so the API
never imports task modules (workers.celery_app adds the tasks and the beat schedule)."""

from __future__ import annotations

from typing import Any

from celery import Celery
from kombu import Exchange, Queue

from core.settings import Settings
from core.tasks.lanes import BACKGROUND, CONTROL, LANES, queue_for
from core.tasks.queue import EnqueueError, TaskQueue


def route_task(name: str, *args: Any, **kwargs: Any) -> dict[str, str]:
    """Each task kind goes to its lane's queue (core.tasks.lanes), recovery to `control`."""
    return {"queue": queue_for(name)}


def celery_client(settings: Settings) -> Celery:
    """A Celery app configured for this product's broker, queues and delivery rules."""
    app = Celery("career_agent", set_as_current=False)
    transport = {
        "visibility_timeout": settings.visibility_timeout_seconds,
        "unacked_restore_interval": settings.celery_unacked_restore_interval_seconds,
        "unacked_restore_throttle": settings.celery_unacked_restore_throttle,
    }
    app.conf.update(
        broker_url=settings.redis_url,
        broker_transport_options=transport,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        accept_content=["json"],
        # No result backend: the store's task runs hold status and results, Redis only
        # delivers. (A result backend would also make every enqueue wait ~20 s for it to
        # reconnect while Redis is down, instead of failing at once.)
        task_ignore_result=True,
        # A worker with no -Q serves every lane; `career-agent serve` runs one per lane.
        # Each lane's queue with its own exchange and routing key, named alike.
        task_queues=[Queue(name, Exchange(name), routing_key=name) for name in (*LANES, CONTROL)],
        task_default_queue=BACKGROUND,
        task_routes=(route_task,),
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=settings.task_soft_time_limit_seconds,
        task_time_limit=settings.task_time_limit_seconds,
        worker_max_tasks_per_child=500,
        worker_hijack_root_logger=False,
        timezone="UTC",
        enable_utc=True,
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
    )
    return app


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

    def close(self) -> None:
        self._app.close()
