"""What a task handler receives: its collaborators and a way to report progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.blobs.port import BlobStore
from core.crypto.tokens import TokenCipher
from core.gmail.ports import GmailGateway
from core.jobs.sources import JobBoards
from core.llm.port import LLM
from core.progress import Progress
from core.settings import Settings
from core.storage.port import Store
from core.tasks.queue import TaskQueue
from core.tasks.repository import TaskRun


@dataclass
class TaskContext:
    store: Store
    blobs: BlobStore
    llm: LLM
    queue: TaskQueue
    settings: Settings
    redis: Any  # a redis.Redis client, or None where no Redis is configured (Lambda)
    gmail: GmailGateway
    cipher: TokenCipher
    boards: JobBoards
    run: TaskRun
    report_progress: Progress = field(repr=False)

    @property
    def task_id(self) -> str:
        return self.run.task_id

    @property
    def user_id(self) -> str:
        return self.run.user_id

    def progress(self, stage: str, percent: int | None = None) -> None:
        """Record the stage a run is in (e.g. "extracting"), visible at GET /api/tasks/{id}."""
        self.report_progress(stage, percent)
