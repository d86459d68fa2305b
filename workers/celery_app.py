"""The Celery worker and beat: the client from integrations.queue with the task handlers and
the periodic schedule added. Only worker and beat processes import this module.

Run a worker with `celery -A workers.celery_app worker` and the scheduler with
`celery -A workers.celery_app beat`.
"""

from __future__ import annotations

from typing import Any

from celery import Celery, Task, signals
from celery.exceptions import SoftTimeLimitExceeded

from core.logs import configure_logging, get_logger
from core.resume.pipeline import preload as preload_resume_analysis
from core.settings import RETRY_COUNTDOWN_CAP_SECONDS, Settings, get_settings
from core.tasks import recovery, runs
from core.tasks.errors import TransientError
from core.tasks.lanes import RECOVER_TASK
from core.tasks.registry import handler_names
from integrations.container import Services, get_services, peek_services, set_services
from integrations.queue.celery import celery_client
from workers import runtime
from workers.beat import beat_schedule

log = get_logger(__name__)

BACKOFF_BASE_SECONDS = 2.0


def backoff_cap(settings: Settings) -> float:
    """A countdown plus the hard time limit stays within the visibility timeout, or Redis
    would hand the same delayed message to a second worker while the first still holds it."""
    room = settings.visibility_timeout_seconds - settings.task_time_limit_seconds
    return float(max(1, min(RETRY_COUNTDOWN_CAP_SECONDS, room)))


def backoff_seconds(retries: int, retry_after: float | None = None, *, cap: float) -> float:
    return runtime.backoff_seconds(retries, retry_after, base=BACKOFF_BASE_SECONDS, cap=cap)


def make_worker_app(settings: Settings) -> Celery:
    """The client app with every registered task and the beat schedule."""
    app = celery_client(settings)
    runtime.load_task_modules()
    for name in handler_names():
        _register(app, name, settings)
    _register_recovery(app)
    app.conf.beat_schedule = beat_schedule(settings)
    return app


def _register(app: Celery, name: str, settings: Settings) -> None:
    @app.task(name=name, bind=True)
    def run_task(self: Task, **kwargs: Any) -> Any:
        services = get_services()
        task_id = self.request.id
        try:
            return runtime.run_task(services, name, kwargs, task_id)
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
        services = get_services()
        policy = runs.RunPolicy.from_settings(services.settings)
        return recovery.recover(services.store, services.queue, policy).to_json()


@signals.celeryd_init.connect
@signals.beat_init.connect
def _configure_logging(**_: Any) -> None:
    configure_logging(app_settings.log_level, json=app_settings.log_json)


@signals.worker_init.connect
def _preload_analysis(**_: Any) -> None:
    # In the parent, before the pool forks: no pool process's first resume waits for it.
    preload_resume_analysis()


@signals.worker_process_init.connect
def _open_services(**_: Any) -> None:
    """Each worker process builds its own services (clients are not shared across a fork)."""
    configure_logging(app_settings.log_level, json=app_settings.log_json)
    set_services(Services(app_settings))


@signals.worker_process_shutdown.connect
def _close_services(**_: Any) -> None:
    services = peek_services()
    if services is not None:
        services.close()
    set_services(None)


# `celery -A workers.celery_app` looks for this module's `app`.
app_settings = get_settings()
app = make_worker_app(app_settings)
app.set_current()
