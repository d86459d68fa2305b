"""Reading task runs as they are stored, for tests that check the stored item itself."""

from __future__ import annotations

from typing import Any

from core.storage.port import Store
from core.tasks.repository import TaskRun


def stored_run(store: Store, task_id: str) -> dict[str, Any] | None:
    return store.get(TaskRun.table, {"taskId": task_id})
