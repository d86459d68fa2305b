"""Copy every table and every file version out of the configured stores into a folder."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path

from core.backup.archive import (
    BLOB_DATA_DIR,
    BLOB_MANIFEST,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    TABLES_DIR,
    BackupError,
    BlobEntry,
    BlobSummary,
    Manifest,
    TableDescription,
    TableEntry,
    dumps_line,
)
from core.blobs.port import BlobNotFound, BlobStore
from core.clock import iso
from core.storage.port import Store
from core.storage.records import Record
from core.storage.schema import TABLES


def content_type_of(blobs: BlobStore, key: str, version_id: str) -> str:
    """The stored content type where the adapter keeps one, else a guess from the name."""
    reader = getattr(blobs, "content_type", None)
    if callable(reader):
        return str(reader(key, version_id))
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


class BackupSummary(Record):
    path: str = ""
    created_at: str
    tables: dict[str, int]
    items: int
    blob_keys: int
    blob_versions: int
    blob_bytes: int


def backup(store: Store, blobs: BlobStore, dest: Path) -> BackupSummary:
    """Write a backup of every table and every file version to `dest`.

    `dest` must not exist or be an empty folder. The backup is assembled in a sibling
    folder and moved into place at the end, so `dest` never holds half a backup. Tables are
    copied before files: a file written during the backup may be included without a row that
    names it, but no row names a file the backup lacks (unless the file was erased meanwhile).
    Each item is copied whole; for a point-in-time copy across tables, stop writers first.
    """
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} exists and is not an empty folder")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        summary = _write(store, blobs, work)
        if dest.exists():
            dest.rmdir()
        os.replace(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return summary.model_copy(update={"path": str(dest)})


def _write(store: Store, blobs: BlobStore, work: Path) -> BackupSummary:
    created_at = iso()
    (work / TABLES_DIR).mkdir()
    tables: dict[str, TableEntry] = {}
    for name in TABLES:
        relative = f"{TABLES_DIR}/{name}.jsonl"
        digest = hashlib.sha256()
        count = 0
        with (work / relative).open("wb") as f:
            for item in store.scan(name):
                line = dumps_line(item)
                f.write(line)
                digest.update(line)
                count += 1
        tables[name] = TableEntry(file=relative, items=count, sha256=digest.hexdigest())

    (work / BLOB_DATA_DIR).mkdir(parents=True)
    versions = total_bytes = 0
    written_keys: set[str] = set()
    with (work / BLOB_MANIFEST).open("wb") as manifest:
        for key in blobs.list_keys(""):
            for version in reversed(blobs.list_versions(key)):  # oldest first
                try:
                    data = blobs.get(key, version.version_id)
                    content_type = content_type_of(blobs, key, version.version_id)
                except BlobNotFound:  # erased while the backup ran
                    continue
                versions += 1
                written_keys.add(key)
                total_bytes += len(data)
                relative = f"{BLOB_DATA_DIR}/{versions:07d}"
                (work / relative).write_bytes(data)
                entry = BlobEntry(
                    key=key,
                    version_id=version.version_id,
                    file=relative,
                    size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    content_type=content_type,
                    last_modified=version.last_modified,
                )
                manifest.write(dumps_line(entry.to_item()))
    blob_manifest_sha = hashlib.sha256((work / BLOB_MANIFEST).read_bytes()).hexdigest()
    blob_summary = BlobSummary(
        keys=len(written_keys),
        versions=versions,
        bytes=total_bytes,
        manifest_sha256=blob_manifest_sha,
    )
    manifest_doc = Manifest(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        created_at=created_at,
        tables=tables,
        blobs=blob_summary,
        schema={name: TableDescription.of(t) for name, t in TABLES.items()},
    ).to_item()
    tmp = work / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest_doc, indent=2, ensure_ascii=False) + "\n")
    os.replace(tmp, work / MANIFEST)
    counts = {name: t.items for name, t in tables.items()}
    return BackupSummary(
        created_at=created_at,
        tables=counts,
        items=sum(counts.values()),
        blob_keys=blob_summary.keys,
        blob_versions=versions,
        blob_bytes=total_bytes,
    )
