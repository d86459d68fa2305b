"""Load a backup folder into the configured stores.

Everything is verified (manifest, checksums, counts, item keys) before the first write, so a
damaged backup changes nothing. Restoring is idempotent: items are written whole by key, and a
file's versions are appended only where the target does not already end with them, so running
the same restore twice (or again after an interruption) leaves one copy of everything.
Items present in the target but absent from the backup are left alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from core.backup.archive import (
    BackupError,
    BlobEntry,
    TableEntry,
    iter_jsonl,
    read_blob_entries,
    read_manifest,
    sha256_file,
)
from core.blobs.port import BlobStore, validate_key
from core.storage.port import Store
from core.storage.records import Record
from core.storage.schema import TABLES

T = TypeVar("T")

_BATCH = 1000


class RestoreSummary(Record):
    path: str
    backup_created_at: str | None
    tables: dict[str, int]
    items: int
    blob_versions_restored: int
    blob_versions_already_present: int


def restore(
    store: Store, blobs: BlobStore, src: Path, *, prepare: Callable[[], object] | None = None
) -> RestoreSummary:
    """Restore every table and file version of the backup in `src`; returns counts.

    `prepare` runs once the backup is verified and before the first write (the command line
    uses it to create the S3 bucket)."""
    src = Path(src)
    manifest = read_manifest(src)
    for name, entry in manifest.tables.items():
        _verify_table(src, name, entry)
    blob_entries = read_blob_entries(src, manifest)
    for blob in blob_entries:
        _verify_blob(src, blob)

    if prepare is not None:
        prepare()
    store.init()
    counts: dict[str, int] = {}
    for name, entry in manifest.tables.items():
        counts[name] = _restore_table(store, src, name, entry)

    written = present = 0
    by_key: dict[str, list[BlobEntry]] = {}
    for blob in blob_entries:
        by_key.setdefault(blob.key, []).append(blob)
    for key, versions in by_key.items():
        w, p = _restore_key(blobs, src, key, versions)
        written += w
        present += p
    return RestoreSummary(
        path=str(src),
        backup_created_at=manifest.created_at,
        tables=counts,
        items=sum(counts.values()),
        blob_versions_restored=written,
        blob_versions_already_present=present,
    )


def _verify_table(src: Path, name: str, entry: TableEntry) -> None:
    path = src / entry.file
    if not path.is_file():
        raise BackupError(f"{path} is missing")
    if sha256_file(path) != entry.sha256:
        raise BackupError(f"{path} does not match its checksum in the manifest")
    table = TABLES[name]
    keys = [k for k in (table.partition_key, table.sort_key) if k]
    count = 0
    for item in iter_jsonl(path):
        if any(k not in item for k in keys):
            raise BackupError(f"{path} holds an item without its key ({', '.join(keys)})")
        count += 1
    if count != entry.items:
        raise BackupError(f"{path} holds {count} items; the manifest says {entry.items}")


def _verify_blob(src: Path, blob: BlobEntry) -> None:
    try:
        validate_key(blob.key)
    except ValueError:
        raise BackupError(f"the backup names an unsafe file key {blob.key!r}") from None
    path = src / blob.file
    if not path.is_file():
        raise BackupError(f"{path} ({blob.key}) is missing")
    if path.stat().st_size != blob.size or sha256_file(path) != blob.sha256:
        raise BackupError(f"{path} ({blob.key}) does not match its checksum")


def _restore_table(store: Store, src: Path, name: str, entry: TableEntry) -> int:
    total = 0
    for batch in _batches(iter_jsonl(src / entry.file)):
        total += store.put_many(name, batch)
    return total


def _batches(items: Iterator[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _restore_key(
    blobs: BlobStore, src: Path, key: str, entries: list[BlobEntry]
) -> tuple[int, int]:
    """Append the backup's versions of `key` the target does not already end with."""
    wanted = [e.sha256 for e in entries]
    existing = [
        hashlib.sha256(blobs.get(key, v.version_id)).hexdigest()
        for v in reversed(blobs.list_versions(key))  # oldest first
    ]
    done = _restored_prefix(existing, wanted)
    for entry in entries[done:]:
        blobs.put(key, (src / entry.file).read_bytes(), entry.content_type)
    return len(entries) - done, done


def _restored_prefix(existing: list[str], wanted: list[str]) -> int:
    """The longest k such that `existing` ends with the first k of `wanted`."""
    for k in range(min(len(existing), len(wanted)), 0, -1):
        if existing[len(existing) - k :] == wanted[:k]:
            return k
    return 0
