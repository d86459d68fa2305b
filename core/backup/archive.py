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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import InvalidInput
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


def describe_table(t: Table) -> dict[str, Any]:
    return {
        "partitionKey": t.partition_key,
        "sortKey": t.sort_key,
        "indexes": [
            {"name": i.name, "partitionKey": i.partition_key, "sortKey": i.sort_key}
            for i in t.indexes
        ],
    }


def describe_schema() -> dict[str, Any]:
    return {name: describe_table(t) for name, t in TABLES.items()}


@dataclass(frozen=True)
class TableEntry:
    name: str
    file: str
    items: int
    sha256: str


@dataclass(frozen=True)
class BlobEntry:
    key: str
    version_id: str
    file: str
    size: int
    sha256: str
    content_type: str
    last_modified: str

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "versionId": self.version_id,
            "file": self.file,
            "size": self.size,
            "sha256": self.sha256,
            "contentType": self.content_type,
            "lastModified": self.last_modified,
        }


@dataclass(frozen=True)
class Manifest:
    raw: dict[str, Any]
    tables: list[TableEntry]
    blob_manifest_sha256: str
    blob_versions: int


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
        tables = [
            TableEntry(name, str(t["file"]), int(t["items"]), str(t["sha256"]))
            for name, t in raw["tables"].items()
        ]
        blobs = raw["blobs"]
        blob_sha = str(blobs["manifestSha256"])
        blob_versions = int(blobs["versions"])
        schema = raw["schema"]
        if not isinstance(schema, dict):
            raise TypeError("schema is not an object")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupError(f"{path} is corrupt: missing or bad field {exc}") from None
    for entry in tables:
        _inside(src, entry.file)
        current = TABLES.get(entry.name)
        if current is None:
            raise BackupError(f"the backup holds table {entry.name}, unknown to this version")
        theirs = schema.get(entry.name) or {}
        if (theirs.get("partitionKey"), theirs.get("sortKey")) != (
            current.partition_key,
            current.sort_key,
        ):
            raise BackupError(
                f"the backup's {entry.name} table is keyed differently from this version's"
            )
    return Manifest(raw, tables, blob_sha, blob_versions)


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
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
    if not path.is_file() or sha256_file(path) != manifest.blob_manifest_sha256:
        raise BackupError(f"{path} is missing or altered")
    entries = []
    for obj in iter_jsonl(path):
        try:
            entry = BlobEntry(
                key=str(obj["key"]),
                version_id=str(obj["versionId"]),
                file=str(obj["file"]),
                size=int(obj["size"]),
                sha256=str(obj["sha256"]),
                content_type=str(obj["contentType"]),
                last_modified=str(obj["lastModified"]),
            )
        except (KeyError, TypeError, ValueError):
            raise BackupError(f"{path} has an entry with missing fields") from None
        _inside(src, entry.file)
        entries.append(entry)
    if len(entries) != manifest.blob_versions:
        raise BackupError(
            f"{path} lists {len(entries)} file versions; the manifest says {manifest.blob_versions}"
        )
    return entries
