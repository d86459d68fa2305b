"""What the API answers about an import of saved mail."""

from __future__ import annotations

from pydantic import ConfigDict

from api.schemas.base import Timestamp, fields_of
from core.emailimport.repository import EmailImport, ImportView


class ImportOut(ImportView):
    model_config = ConfigDict(extra="forbid")

    created_at: Timestamp  # type: ignore[assignment]
    finished_at: Timestamp | None = None  # type: ignore[assignment]


def import_out(row: EmailImport) -> ImportOut:
    return ImportOut.model_validate(fields_of(row, ImportOut))
