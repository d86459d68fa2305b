"""What the API answers about an import of saved mail."""

from __future__ import annotations

from pydantic import Field

from api.schemas.base import CamelModel, Timestamp, fields_of
from core.emailimport.repository import EmailImport, ImportSource, ImportStatus


class ImportOut(CamelModel):
    import_id: str
    status: ImportStatus = Field(description="uploading, queued, running, done or failed")
    source: ImportSource = Field(description="upload, demo or cli")
    file_name: str | None = None
    size: int | None = None
    task_id: str | None = None
    total: int | None = Field(default=None, description="messages in the file, once counted")
    read: int = Field(default=0, description="messages read so far")
    processed: int = 0
    interviews: int = Field(default=0, description="messages that created or moved an interview")
    already_imported: int = 0
    skipped: int = 0
    skipped_reasons: dict[str, int] = Field(default_factory=dict)
    error: str | None = None
    created_at: Timestamp
    finished_at: Timestamp | None = None


def import_out(row: EmailImport) -> ImportOut:
    return ImportOut.model_validate(fields_of(row, ImportOut))
