"""What running a task means, whichever engine delivers it (Celery here, SQS + Lambda in
deploy/): the registry's handlers loaded, a context built from the services, the run tracked,
and one backoff rule for transient errors."""

from __future__ import annotations

import importlib
import pkgutil
import random

from core.progress import Progress
from core.tasks import runs
from core.tasks.context import TaskContext
from core.tasks.registry import get_handler
from core.tasks.repository import JsonObject, TaskRun
from integrations.container import Services

_loaded = False


def load_task_modules() -> None:
    """Import every module of workers.tasks so their handlers register (once per process)."""
    global _loaded
    if _loaded:
        return
    import workers.tasks as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    _loaded = True


def backoff_seconds(
    attempt: int, retry_after: float | None = None, *, base: float, cap: float
) -> float:
    """Delay before retry `attempt` (0 for the first): exponential, capped, with jitter so that
    tasks failing together (an outage) do not return together; never sooner than the
    server's Retry-After, within the cap."""
    delay = min(cap, base * (2**attempt))
    delay = random.uniform(delay / 2, delay)
    if retry_after is not None:
        delay = max(delay, min(float(retry_after), cap))
    return delay


def run_task(services: Services, name: str, kwargs: JsonObject, task_id: str) -> JsonObject | None:
    """Run one task through the registry, tracked as a task run (core.tasks.runs)."""
    handler = get_handler(name)
    # Built before the run starts: an adapter that cannot be built is the process's problem
    # (retried by the engine), not a failure of this task.
    store, blobs, llm, queue = services.store, services.blobs, services.llm, services.queue
    redis = services.redis

    def body(run: TaskRun, progress: Progress) -> JsonObject | None:
        ctx = TaskContext(
            store=store,
            blobs=blobs,
            llm=llm,
            queue=queue,
            settings=services.settings,
            redis=redis,
            gmail=services.gmail,
            cipher=services.cipher,
            boards=services.boards,
            run=run,
            report_progress=progress,
        )
        return handler(ctx, run.params or kwargs)

    return runs.execute(
        store,
        task_id,
        body,
        policy=runs.RunPolicy.from_settings(services.settings),
        kind=name,
        params=kwargs,
    )
