"""The Celery application: Redis as the broker, JSON only, at-least-once delivery.

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
from kombu import Exchange, Queue

from core.logs import configure_logging, get_logger
from core.settings import RETRY_COUNTDOWN_CAP_SECONDS, Settings, get_settings
from core.tasks import recovery, runs
from core.tasks.context import TaskContext
from core.tasks.errors import TransientError
from core.tasks.lanes import BACKGROUND, CONTROL, LANES, lane_for
from core.tasks.registry import get_handler, handler_names
from workers.beat import RECOVER_TASK, beat_schedule

log = get_logger(__name__)

# Backoff for transient errors: exponential, capped, with jitter so that retries of many tasks
# failing together (an outage) do not return together.
BACKOFF_BASE_SECONDS = 2.0


def backoff_cap(settings: Settings) -> float:
    """A countdown plus the hard time limit stays within the visibility timeout, or Redis
    would hand the same delayed message to a second worker while the first still holds it."""
    room = settings.visibility_timeout_seconds - settings.task_time_limit_seconds
    return float(max(1, min(RETRY_COUNTDOWN_CAP_SECONDS, room)))


def route_task(name: str, *args: Any, **kwargs: Any) -> dict[str, str]:
    """Each task kind goes to its lane's queue (core.tasks.lanes), recovery to `control`."""
    return {"queue": CONTROL if name == RECOVER_TASK else lane_for(name)}


def backoff_seconds(retries: int, retry_after: float | None = None, *, cap: float) -> float:
    delay = min(cap, BACKOFF_BASE_SECONDS * (2**retries))
    delay = random.uniform(delay / 2, delay)
    if retry_after is not None:
        delay = max(delay, min(retry_after, cap))
    return delay


def make_celery(settings: Settings, *, include_tasks: bool) -> Celery:
    app = Celery("career_agent")
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
    if include_tasks:
        load_task_modules()
        for name in handler_names():
            _register(app, name, settings)
        _register_recovery(app)
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
                policy=runs.RunPolicy.from_settings(settings),
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
            runs.note_retry(services.store, task_id, countdown)
            raise self.retry(exc=exc, countdown=countdown) from exc
        except SoftTimeLimitExceeded:
            runs.force_fail(
                services.store,
                task_id,
                f"stopped: took longer than the {settings.task_soft_time_limit_seconds} s limit",
            )
            return None


def _register_recovery(app: Celery) -> None:
    # Not a task run itself: a pass every few seconds would fill TaskRuns with its own rows.
    @app.task(name=RECOVER_TASK, ignore_result=True)
    def recover() -> dict[str, Any]:
        from integrations.container import get_services

        services = get_services()
        policy = runs.RunPolicy.from_settings(services.settings)
        return recovery.recover(services.store, services.queue, policy).to_json()


configure_logging(get_settings().log_level, json=get_settings().log_json)
app = make_celery(get_settings(), include_tasks=True)
