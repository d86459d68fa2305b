"""The backup folder's format, shared by `backup` and `restore`.

    manifest.json            written last: its presence marks a finished backup
    tables/<Table>.jsonl     one item per line
    blobs/manifest.jsonl     one line per file version, oldest first within a key
    blobs/data/<n>           the bytes of each version

Every file is listed in the manifest with its SHA-256, so a restore can refuse a folder that
was cut short or altered before it writes anything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from core.errors import InvalidInput
from core.storage.records import Record
from core.storage.schema import TABLES, Table

FORMAT = "career-agent-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES_DIR = "tables"
BLOBS_DIR = "blobs"
BLOB_MANIFEST = f"{BLOBS_DIR}/manifest.jsonl"
BLOB_DATA_DIR = f"{BLOBS_DIR}/data"
_CHUNK = 1 << 20


class BackupError(InvalidInput):
    """A backup folder that cannot be written or cannot be trusted."""

    code = "invalid_backup"


def dumps_line(obj: Any) -> bytes:
    return (
        json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
    ).encode()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class IndexDescription(Record):
    name: str
    partition_key: str
    sort_key: str | None = None


class TableDescription(Record):
    """How a table was keyed when the backup was written: a restore refuses another keying."""

    partition_key: str
    sort_key: str | None = None
    indexes: list[IndexDescription] = Field(default_factory=list)

    @classmethod
    def of(cls, t: Table) -> TableDescription:
        return cls(
            partition_key=t.partition_key,
            sort_key=t.sort_key,
            indexes=[IndexDescription(**asdict(i)) for i in t.indexes],
        )


class TableEntry(Record):
    file: str
    items: int
    sha256: str


class BlobEntry(Record):
    key: str
    version_id: str
    file: str
    size: int
    sha256: str
    content_type: str
    last_modified: str


class BlobSummary(Record):
    keys: int
    versions: int
    bytes: int
    manifest_sha256: str


class Manifest(Record):
    format: str
    format_version: int
    created_at: str | None = None
    tables: dict[str, TableEntry]
    blobs: BlobSummary
    # "schema" is the document's name for it; on a model the name is taken.
    table_schema: dict[str, TableDescription] = Field(alias="schema")


def _inside(root: Path, relative: str) -> Path:
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BackupError(f"backup manifest names a file outside the folder: {relative}")
    return path


def read_manifest(src: Path) -> Manifest:
    """The manifest of a finished backup, checked for shape; raises `BackupError`."""
    if not src.is_dir():
        raise BackupError(f"{src} is not a folder")
    path = src / MANIFEST
    if not path.is_file():
        raise BackupError(f"{src} has no {MANIFEST}: not a finished Career Agent backup")
    try:
        raw = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} is corrupt: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Career Agent backup manifest")
    if raw.get("formatVersion") != FORMAT_VERSION:
        raise BackupError(
            f"{path} has format version {raw.get('formatVersion')!r}; "
            f"this version reads {FORMAT_VERSION}"
        )
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        raise BackupError(f"{path} is corrupt: missing or bad field {_first_field(exc)}") from None
    for name, entry in manifest.tables.items():
        _inside(src, entry.file)
        current = TABLES.get(name)
        if current is None:
            raise BackupError(f"the backup holds table {name}, unknown to this version")
        theirs = manifest.table_schema.get(name)
        if theirs is None or (theirs.partition_key, theirs.sort_key) != (
            current.partition_key,
            current.sort_key,
        ):
            raise BackupError(f"the backup's {name} table is keyed differently from this version's")
    return manifest


def _first_field(exc: ValidationError) -> str:
    loc = exc.errors()[0].get("loc") or ()
    return ".".join(str(part) for part in loc) or "(document)"


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-lines file: stored items, or blob entries to be validated."""
    with path.open("rb") as f:
        for n, line in enumerate(f, start=1):
            try:
                obj = json.loads(line)
            except ValueError:
                raise BackupError(f"{path} line {n} is not JSON") from None
            if not isinstance(obj, dict):
                raise BackupError(f"{path} line {n} is not a JSON object")
            yield obj


def read_blob_entries(src: Path, manifest: Manifest) -> list[BlobEntry]:
    path = src / BLOB_MANIFEST
    if not path.is_file() or sha256_file(path) != manifest.blobs.manifest_sha256:
        raise BackupError(f"{path} is missing or altered")
    entries = []
    for obj in iter_jsonl(path):
        try:
            entry = BlobEntry.model_validate(obj)
        except ValidationError:
            raise BackupError(f"{path} has an entry with missing fields") from None
        _inside(src, entry.file)
        entries.append(entry)
    if len(entries) != manifest.blobs.versions:
        raise BackupError(
            f"{path} lists {len(entries)} file versions; "
            f"the manifest says {manifest.blobs.versions}"
        )
    return entries
