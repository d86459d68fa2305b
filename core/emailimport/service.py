"""Importing saved mail (a Google Takeout mbox, a folder of .eml, or the demo mailbox) through
the same pipeline a Gmail scan runs: detection, then its effects on interviews.

Each message is keyed by its Message-ID (or, without one, by a digest of its bytes) in the
scan's ProcessedMessages table, so a message imported twice, or met again by an import that
resumes after a crash, has its effects once. An import is a row in EmailImports with its counts;
its task writes them as it goes (a checkpoint every few messages) and a new run starts after
the last checkpoint, carrying the counts on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import Any, BinaryIO

from pydantic.alias_generators import to_camel

from core.blobs.port import BlobStore
from core.clock import iso
from core.emailimport.repository import EmailImport, EmailImports, ImportSource
from core.emailimport.sources import Item, count_mbox, eml_files, iter_eml, iter_mbox
from core.errors import InvalidInput, NotFound
from core.gmail.ports import MessageRef
from core.gmail.repository import MessageOutcome, ProcessedMessages
from core.gmail.scan import process_message
from core.progress import Progress, no_progress
from core.storage.port import Store
from core.tasks import lanes
from core.tasks.lanes import UserLimits
from core.tasks.queue import TaskQueue
from core.tasks.repository import JsonObject, TaskParams
from core.tasks.runs import enqueue, find_run
from core.tracker.inbox import Reader

# In the gmail area: it runs where scans run (their queue and worker on AWS).
IMPORT_TASK = "gmail.import"
DEMO_DIR = Path(__file__).resolve().parents[2] / "demo" / "mailbox"
# Takeout's label header: the user's own mail and chats are not invitations to them.
_SKIP_LABELS = frozenset({"sent", "drafts", "draft", "chat", "chats", "spam", "trash"})
SKIP_OWN_MAIL = "sent mail, draft, chat, spam or trash"
NOT_AN_EMAIL = "not an email message"
CHECKPOINT_EVERY = 25
CHECKPOINT_SECONDS = 1.0


@dataclass
class ImportCounts:
    total: int | None = None
    read: int = 0  # items taken from the source so far (the resume point)
    processed: int = 0
    interviews: int = 0
    applications: int = 0
    to_review: int = 0
    already_imported: int = 0  # imported before, by another import or an earlier upload
    skipped: Counter[str] = field(default_factory=Counter)

    def fields(self) -> JsonObject:
        """The counts as EmailImport fields."""
        reasons: JsonObject = dict(self.skipped)
        skipped = sum(self.skipped.values())
        return {**_tallies(self), "skipped": skipped, "skipped_reasons": reasons}

    def to_json(self) -> JsonObject:
        return {to_camel(name): value for name, value in self.fields().items()}

    @classmethod
    def from_row(cls, row: EmailImport) -> ImportCounts:
        return cls(**_tallies(row), skipped=Counter(row.skipped_reasons))


def _tallies(counts: ImportCounts | EmailImport) -> dict[str, Any]:
    """The counts but the skipped ones (a tally by reason in ImportCounts, a sum and the
    reasons in EmailImport), by the names the two share."""
    names = (f.name for f in dataclasses.fields(ImportCounts) if f.name != "skipped")
    return {name: getattr(counts, name) for name in names}


def message_key(raw: bytes) -> tuple[str, str | None]:
    """(ProcessedMessages key, thread key) of a message: from its Message-ID and the thread
    it answers (Gmail's thread id when Takeout kept it), else from a digest of its bytes."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536])
    message_id = str(headers.get("Message-ID") or "").strip()
    basis = message_id.encode("utf-8", "replace") if message_id else raw
    key = "import:" + hashlib.sha256(basis).hexdigest()[:32]
    thread = str(headers.get("X-GM-THRID") or "").strip()
    if not thread:
        references = str(headers.get("References") or "").split()
        thread = references[0] if references else str(headers.get("In-Reply-To") or "").strip()
    thread = thread or message_id
    thread_key = "import:" + hashlib.sha256(thread.encode()).hexdigest()[:32] if thread else None
    return key, thread_key


def _own_mail(raw: bytes) -> bool:
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536])
    labels = str(headers.get("X-Gmail-Labels") or "")
    return any(label.strip().lower() in _SKIP_LABELS for label in labels.split(","))


def import_items(
    store: Store,
    user_id: str,
    import_id: str,
    items: Iterable[Item],
    counts: ImportCounts,
    *,
    reader: Reader | None = None,
    checkpoint: Callable[[ImportCounts], None] | None = None,
    deadline: float | None = None,
) -> bool:
    """Run each item not yet read (ordinal > counts.read) through the scan's pipeline,
    updating `counts`. Returns False when `deadline` (time.monotonic()) stopped it early."""
    reader = reader or Reader()
    last = time.monotonic()
    since = 0
    for item in items:
        if item.ordinal <= counts.read:
            continue
        _one(store, user_id, import_id, item, counts, reader)
        counts.read = item.ordinal
        since += 1
        now = time.monotonic()
        if checkpoint is not None and (
            since >= CHECKPOINT_EVERY or now - last >= CHECKPOINT_SECONDS
        ):
            checkpoint(counts)
            last, since = now, 0
        if deadline is not None and now > deadline:
            return False
    return True


def _one(
    store: Store,
    user_id: str,
    import_id: str,
    item: Item,
    counts: ImportCounts,
    reader: Reader,
) -> None:
    if item.raw is None:
        counts.skipped[item.skipped or "unreadable"] += 1
        return
    raw = item.raw
    if not raw.strip():
        counts.skipped["empty message"] += 1
        return
    try:
        key, thread = message_key(raw)
        own = _own_mail(raw)
    except Exception:  # headers so broken that not even a header parser reads them
        counts.skipped[NOT_AN_EMAIL] += 1
        return
    if own:
        counts.skipped[SKIP_OWN_MAIL] += 1
        return
    done = ProcessedMessages(store).find(user_id, key)
    outcome: MessageOutcome
    if done is not None:
        if done.import_id != import_id:
            counts.already_imported += 1
            return
        outcome = done  # this import got that far before it stopped: count it as it was
    else:
        outcome = process_message(
            store, user_id, MessageRef(key, thread), raw, reader, import_id=import_id
        )
    error = outcome.error
    if error:
        reason = NOT_AN_EMAIL if error == NOT_AN_EMAIL else f"could not be read ({error})"
        counts.skipped[reason] += 1
        return
    counts.processed += 1
    if outcome.interview_id:
        counts.interviews += 1
    elif outcome.application_ids:
        counts.applications += 1
    if outcome.review_id:
        counts.to_review += 1


class ImportParams(TaskParams):
    user_id: str
    import_id: str


# --- import records ----------------------------------------------------------------------------


def create_import(
    store: Store, user_id: str, *, source: ImportSource, file_name: str, size: int | None = None
) -> EmailImport:
    """The record of a new import. An upload's file goes to its `blobKey` next; the demo and
    the command line read from disk."""
    now = iso()
    import_id = uuid.uuid4().hex
    row = EmailImport(
        user_id=user_id,
        import_id=import_id,
        source=source,
        file_name=file_name,
        blob_key=import_blob_key(user_id, import_id, file_name) if source == "upload" else None,
        size=size,
        status="uploading" if source == "upload" else "queued",
        created_at=now,
        updated_at=now,
    )
    return EmailImports(store).put(row, expected_version=0)


def _key(user_id: str, import_id: str) -> dict[str, str]:
    return {"userId": user_id, "importId": import_id}


def get_import(store: Store, user_id: str, import_id: str) -> EmailImport:
    row = EmailImports(store).get(_key(user_id, import_id))
    if row is None:
        raise NotFound("no such import")
    return row


def list_imports(store: Store, user_id: str) -> list[EmailImport]:
    rows = EmailImports(store).query(user_id)
    return sorted(rows, key=lambda r: r.created_at, reverse=True)


def update_import(store: Store, user_id: str, import_id: str, **changes: object) -> None:
    """Change an import's fields (by their record names)."""

    def change(row: EmailImport | None) -> EmailImport:
        if row is None:
            raise NotFound("no such import")
        return row.model_copy(update={**changes, "updated_at": iso()})

    EmailImports(store).update(_key(user_id, import_id), change)


def save_counts(
    store: Store, user_id: str, import_id: str, counts: ImportCounts, **changes: object
) -> None:
    update_import(store, user_id, import_id, **counts.fields(), **changes)


# --- sources -----------------------------------------------------------------------------------


def items_from_stream(stream: BinaryIO, name: str) -> Iterable[Item]:
    """The items of an uploaded file: an mbox, or a single .eml message."""
    if name.lower().endswith(".eml"):
        data = stream.read()
        return [Item(1, data, None, name)]
    return iter_mbox(stream)


def total_of_stream(open_stream: Callable[[], BinaryIO], name: str) -> int:
    if name.lower().endswith(".eml"):
        return 1
    with open_stream() as stream:
        return count_mbox(stream)


def items_from_path(path: Path) -> tuple[Iterable[Item], int]:
    """(items, total) of a local mbox file or folder of .eml files."""
    if path.is_dir():
        files = eml_files(path)
        return iter_eml(files), len(files)
    if path.suffix.lower() == ".eml":
        return iter_eml([path]), 1
    with path.open("rb") as stream:
        total = count_mbox(stream)

    def items() -> Iterable[Item]:
        with path.open("rb") as stream:
            yield from iter_mbox(stream)

    return items(), total


# --- the import task ---------------------------------------------------------------------------


@dataclass
class ImportRun:
    """What one run of the import task did: finished, or stopped at its time budget (the
    caller then starts another run, which picks up after the last message read)."""

    complete: bool
    counts: ImportCounts

    def to_json(self) -> JsonObject:
        return {"complete": self.complete, **self.counts.to_json()}


def run_import(
    store: Store,
    blobs: BlobStore,
    user_id: str,
    import_id: str,
    *,
    task_id: str | None = None,
    reader: Reader | None = None,
    deadline: float | None = None,
    progress: Progress = no_progress,
) -> ImportRun:
    row = get_import(store, user_id, import_id)
    counts = ImportCounts.from_row(row)
    if row.status == "done":
        return ImportRun(True, counts)
    source: AbstractContextManager[Iterable[Item]]
    if row.source == "demo":
        files = eml_files(DEMO_DIR)
        counts.total = len(files)
        source = nullcontext(iter_eml(files))
    else:
        key = str(row.blob_key)
        name = row.file_name or "mailbox.mbox"
        if counts.total is None:
            counts.total = total_of_stream(lambda: blobs.open(key), name)
        source = _blob_items(blobs, key, name)
    update_import(store, user_id, import_id, status="running", task_id=task_id, total=counts.total)

    def checkpoint(now: ImportCounts) -> None:
        save_counts(store, user_id, import_id, now)
        total = max(now.total or 0, now.read, 1)
        progress(f"read {now.read} of {total} messages", min(99, 100 * now.read // total))

    with source as items:
        complete = import_items(
            store,
            user_id,
            import_id,
            items,
            counts,
            reader=reader,
            checkpoint=checkpoint,
            deadline=deadline,
        )
    if complete:
        counts.total = max(counts.total or 0, counts.read)
        save_counts(store, user_id, import_id, counts, status="done", finished_at=iso())
    else:
        save_counts(store, user_id, import_id, counts)
    return ImportRun(complete, counts)


@contextmanager
def _blob_items(blobs: BlobStore, key: str, name: str) -> Iterator[Iterable[Item]]:
    with blobs.open(key) as stream:
        yield items_from_stream(stream, name)


def import_blob_key(user_id: str, import_id: str, file_name: str) -> str:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in file_name)[:80] or "mailbox"
    return f"{user_id}/imports/{import_id}/{safe}"


# --- starting an import (the API) --------------------------------------------------------------


def start_upload(
    store: Store,
    blobs: BlobStore,
    queue: TaskQueue,
    limits: UserLimits,
    user_id: str,
    *,
    file_name: str,
    stream: BinaryIO,
) -> EmailImport:
    """Store an uploaded mailbox (streamed) and queue its import. Refused before anything is
    written when it is empty (422) or the person already has their share of background work
    open (429)."""
    if not stream.read(1):
        raise InvalidInput(f"the file “{file_name}” is empty: export a mailbox with messages in it")
    stream.seek(0)
    lanes.ensure_capacity(store, user_id, IMPORT_TASK, limits)
    row = create_import(store, user_id, source="upload", file_name=file_name)
    version = blobs.put_stream(str(row.blob_key), stream, "application/mbox")
    return _queue(store, queue, user_id, row.import_id, size=version.size)


def start_demo(store: Store, queue: TaskQueue, limits: UserLimits, user_id: str) -> EmailImport:
    """Queue the import of the bundled demo mailbox for this person."""
    lanes.ensure_capacity(store, user_id, IMPORT_TASK, limits)
    row = create_import(store, user_id, source="demo", file_name="demo mailbox")
    return _queue(store, queue, user_id, row.import_id, size=None)


def _queue(
    store: Store, queue: TaskQueue, user_id: str, import_id: str, *, size: int | None
) -> EmailImport:
    # The row is complete before the run exists, so the worker never reads a half-made one.
    update_import(store, user_id, import_id, status="queued", size=size)
    run = enqueue(
        store,
        queue,
        user_id=user_id,
        kind=IMPORT_TASK,
        params=ImportParams(user_id=user_id, import_id=import_id).to_json(),
    )
    update_import(store, user_id, import_id, task_id=run.task_id)
    return import_view(store, user_id, import_id)


def import_view(store: Store, user_id: str, import_id: str) -> EmailImport:
    """The import as the person sees it; an import whose run failed for good says so."""
    row = get_import(store, user_id, import_id)
    if row.status not in ("done", "failed") and row.task_id:
        run = find_run(store, row.task_id)
        if run is not None and run.status == "failed":
            return row.model_copy(update={"status": "failed", "error": run.error})
    return row
