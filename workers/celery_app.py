"""The Celery application: Redis broker and results, JSON only, at-least-once delivery.

Run a worker with `celery -A workers.celery_app worker` and the scheduler with
`celery -A workers.celery_app beat`.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from typing import Any

from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded

from core.logs import configure_logging, get_logger
from core.settings import Settings, get_settings
from core.tasks import runs
from core.tasks.context import TaskContext
from core.tasks.errors import TransientError
from core.tasks.registry import get_handler, handler_names

log = get_logger(__name__)

# Backoff for transient errors: exponential, capped, with jitter so that retries of many tasks
# failing together (an outage) do not return together.
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 300.0


def backoff_cap(settings: Settings) -> float:
    """Every countdown stays below half the visibility timeout, or Redis would hand the same
    delayed message to a second worker while the first still holds it."""
    return min(BACKOFF_CAP_SECONDS, settings.celery_visibility_timeout_seconds / 2)


def backoff_seconds(retries: int, retry_after: float | None = None, *, cap: float) -> float:
    delay = min(cap, BACKOFF_BASE_SECONDS * (2**retries))
    delay = random.uniform(delay / 2, delay)
    if retry_after is not None:
        delay = max(delay, min(retry_after, cap))
    return delay


def make_celery(settings: Settings, *, include_tasks: bool) -> Celery:
    app = Celery("career_agent")
    transport = {
        "visibility_timeout": settings.celery_visibility_timeout_seconds,
        "unacked_restore_interval": settings.celery_unacked_restore_interval_seconds,
        "unacked_restore_throttle": settings.celery_unacked_restore_throttle,
    }
    app.conf.update(
        broker_url=settings.redis_url,
        result_backend=settings.redis_url,
        broker_transport_options=transport,
        result_backend_transport_options=transport,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        result_expires=24 * 3600,
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
    if include_tasks:
        load_task_modules()
        for name in handler_names():
            _register(app, name, settings)
        from workers.beat import beat_schedule

        app.conf.beat_schedule = beat_schedule(settings)
    return app


def load_task_modules() -> None:
    """Import every module of workers.tasks so their handlers register."""
    import workers.tasks as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")


def _register(app: Celery, name: str, settings: Settings) -> None:
    handler = get_handler(name)

    @app.task(name=name, bind=True)
    def run_task(self: Task, **kwargs: Any) -> Any:
        from integrations.container import get_services

        services = get_services()
        task_id = self.request.id

        def body(run: dict[str, Any], progress: Any) -> Any:
            ctx = TaskContext(
                store=services.store,
                blobs=services.blobs,
                llm=services.llm,
                queue=services.queue,
                settings=services.settings,
                redis=services.redis,
                run=run,
                report_progress=progress,
            )
            return handler(ctx, run.get("params") or kwargs)

        try:
            return runs.execute(
                services.store,
                task_id,
                body,
                max_deliveries=settings.task_max_deliveries,
                kind=name,
                params=kwargs,
            )
        except TransientError as exc:
            if self.request.retries >= settings.task_max_retries:
                runs.fail_run(services.store, task_id, f"gave up after retries: {exc}")
                return None
            countdown = backoff_seconds(
                self.request.retries, exc.retry_after, cap=backoff_cap(settings)
            )
            log.warning(
                "task_retry", task=name, task_id=task_id, error=str(exc), countdown=countdown
            )
            raise self.retry(exc=exc, countdown=countdown) from exc
        except SoftTimeLimitExceeded:
            runs.force_fail(
                services.store,
                task_id,
                f"stopped: took longer than the {settings.task_soft_time_limit_seconds} s limit",
            )
            return None


configure_logging(get_settings().log_level, json=get_settings().log_json)
app = make_celery(get_settings(), include_tasks=True)
