"""The EmailImports table: one row per import of saved mail, with its counts so far."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.storage.port import Store
from core.storage.records import Record, Repository

ImportSource = Literal["upload", "demo", "cli"]
ImportStatus = Literal["uploading", "queued", "running", "done", "failed"]


class EmailImport(Record):
    table = "EmailImports"

    user_id: str
    import_id: str
    source: ImportSource
    file_name: str | None = None
    blob_key: str | None = None  # where an upload's file is kept
    size: int | None = None
    status: ImportStatus
    task_id: str | None = None
    created_at: str
    updated_at: str | None = None
    finished_at: str | None = None
    # The counts so far; `read` is where a new run picks up.
    total: int | None = None
    read: int = 0
    processed: int = 0
    interviews: int = 0
    already_imported: int = 0
    skipped: int = 0
    skipped_reasons: dict[str, int] = Field(default_factory=dict)
    # Why the import stopped, when its run failed for good (shown, not stored).
    error: str | None = None
    version: int = 0


class EmailImports(Repository[EmailImport]):
    def __init__(self, store: Store) -> None:
        super().__init__(store, EmailImport)
