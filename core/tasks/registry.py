"""Task handlers by dotted name. Celery and the Lambda worker both dispatch from here."""

from __future__ import annotations

from collections.abc import Callable

from core.tasks.context import TaskContext
from core.tasks.repository import JsonObject

Handler = Callable[[TaskContext, JsonObject], JsonObject | None]

_HANDLERS: dict[str, Handler] = {}


def task_handler(name: str) -> Callable[[Handler], Handler]:
    """Register `fn` as the handler of task `name` (`area.verb`)."""

    def register(fn: Handler) -> Handler:
        if name in _HANDLERS and _HANDLERS[name] is not fn:
            raise ValueError(f"task {name} registered twice")
        _HANDLERS[name] = fn
        return fn

    return register


def get_handler(name: str) -> Handler:
    try:
        return _HANDLERS[name]
    except KeyError:
        raise KeyError(f"no task handler named {name}") from None


def handler_names() -> list[str]:
    return sorted(_HANDLERS)
