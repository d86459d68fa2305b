"""The EmailImports table: one row per import of saved mail, with its counts so far."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.storage.port import Store
from core.storage.records import Record, Repository

ImportSource = Literal["upload", "demo", "cli"]
ImportStatus = Literal["uploading", "queued", "running", "done", "failed"]


class ImportView(Record):
    """What the person is shown of an import: where it stands, and its counts so far."""

    import_id: str
    status: ImportStatus = Field(description="uploading, queued, running, done or failed")
    source: ImportSource = Field(description="upload, demo or cli")
    file_name: str | None = None
    size: int | None = None
    task_id: str | None = None
    # The counts so far; `read` is where a new run picks up.
    total: int | None = Field(default=None, description="messages in the file, once counted")
    read: int = Field(default=0, description="messages read so far")
    processed: int = 0
    interviews: int = Field(default=0, description="messages that created or moved an interview")
    applications: int = Field(
        default=0,
        description="other messages that changed an application (a rejection, an offer)",
    )
    to_review: int = Field(default=0, description="messages left for the person to confirm")
    already_imported: int = 0
    skipped: int = 0
    skipped_reasons: dict[str, int] = Field(default_factory=dict)
    # Why the import stopped, when its run failed for good (shown, not stored).
    error: str | None = None
    created_at: str
    finished_at: str | None = None


class EmailImport(ImportView):
    table = "EmailImports"

    user_id: str
    blob_key: str | None = None  # where an upload's file is kept
    updated_at: str | None = None
    version: int = 0


class EmailImports(Repository[EmailImport]):
    def __init__(self, store: Store) -> None:
        super().__init__(store, EmailImport)
