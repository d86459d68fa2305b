"""Writing postings into the Jobs table: idempotent upserts keyed by source + sourceId, closing
postings that vanished from their board, and moving the generation counter when anything
changed."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from core.clock import iso
from core.jobs.features import FEATURES_VERSION
from core.jobs.meta import (
    BoardRun,
    board_lease,
    bump_generation,
    read_board_state,
    write_board_state,
)
from core.jobs.model import RawPosting, job_id
from core.jobs.normalise import normalise
from core.jobs.repository import Job, JobRepository
from core.progress import Progress, no_progress
from core.storage.port import MAX_ITEM_BYTES, Store, item_size

WRITE_BATCH = 500
MAX_REPORTED_ERRORS = 50


class BoardBusy(Exception):
    """Another run is syncing this board right now."""


@dataclass(frozen=True)
class PostingError:
    """A posting that could not be stored, and why."""

    source_id: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"sourceId": self.source_id, "reason": self.reason}


@dataclass
class IngestResult:
    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reopened: int = 0
    closed: int = 0
    failed: int = 0
    errors: list[PostingError] = field(default_factory=list)
    generation: int | None = None

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.closed + self.reopened

    def counts(self) -> dict[str, int | None]:
        return {
            "fetched": self.fetched,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "reopened": self.reopened,
            "closed": self.closed,
            "failed": self.failed,
            "generation": self.generation,
        }

    def to_dict(self) -> dict[str, object]:
        """The counts and the errors, as the command line and task results show them."""
        counts = self.counts()
        generation = counts.pop("generation")
        return {**counts, "errors": [e.to_dict() for e in self.errors], "generation": generation}


def raw_hash(posting: RawPosting) -> str:
    """A hash of everything a source said about a posting, and of the code that reads it."""
    payload = json.dumps(asdict(posting), sort_keys=True, default=str)
    digest = hashlib.sha256(f"{FEATURES_VERSION}\x1f{payload}".encode()).hexdigest()
    return digest[:16]


def upsert_postings(
    store: Store,
    postings: Iterable[RawPosting],
    *,
    known: dict[str, str] | None = None,
    insert_only: bool = False,
    progress: Progress = no_progress,
    result: IngestResult | None = None,
    now: str | None = None,
) -> tuple[IngestResult, dict[str, str]]:
    """Normalise and write postings. `known` ({jobId: raw hash}) lets unchanged postings be
    skipped without reading the store; `insert_only` keeps existing jobs as they are (demo
    data). Returns the result and {jobId: raw hash} of every posting seen."""
    now = now or iso()
    result = result or IngestResult()
    jobs = JobRepository(store)
    seen: dict[str, str] = {}
    batch: list[Job] = []
    items = list(postings)
    total = len(items)
    result.fetched += total
    for n, raw in enumerate(items, start=1):
        jid = job_id(raw.source, str(raw.source_id))
        if jid in seen:
            continue
        h = raw_hash(raw)
        seen[jid] = h
        if known is not None and known.get(jid) == h:
            result.unchanged += 1
            continue
        existing = jobs.find(jid)
        if existing is not None and insert_only:
            result.unchanged += 1
            continue
        # A posting without a date keeps the date it was first given.
        undated_now = existing.posted_date if existing and not raw.posted_date else None
        try:
            job = normalise(raw, now=undated_now or now)
        except ValueError as exc:
            result.failed += 1
            seen.pop(jid, None)
            if len(result.errors) < MAX_REPORTED_ERRORS:
                result.errors.append(PostingError(raw.source_id, str(exc)))
            continue
        if item_size(job.to_item()) > MAX_ITEM_BYTES:
            result.failed += 1
            seen.pop(jid, None)
            if len(result.errors) < MAX_REPORTED_ERRORS:
                reason = f"the posting is larger than the {MAX_ITEM_BYTES:,}-byte item limit"
                result.errors.append(PostingError(raw.source_id, reason))
            continue
        if existing is not None:
            same = existing.content_hash == job.content_hash
            same_features = existing.features is not None and (
                existing.features.v == FEATURES_VERSION
            )
            if same and existing.is_open and same_features:
                result.unchanged += 1
                continue
            job.first_seen_at = existing.first_seen_at or now
            if not existing.is_open:
                result.reopened += 1
            else:
                result.updated += 1
        else:
            job.first_seen_at = now
            result.created += 1
        job.last_seen_at = now
        job.updated_at = now
        job.closed_at = None
        batch.append(job)
        if len(batch) >= WRITE_BATCH:
            jobs.put_many(batch)
            batch.clear()
            progress("writing", int(100 * n / max(total, 1)))
    jobs.put_many(batch)
    return result, seen


def close_jobs(store: Store, job_ids: Iterable[str], *, now: str | None = None) -> int:
    """Mark jobs closed (kept, never deleted: saved jobs and applications point at them)."""
    now = now or iso()
    jobs = JobRepository(store)
    closed: list[Job] = []
    count = 0
    for jid in job_ids:
        job = jobs.find(jid)
        if job is None or job.status == "closed":
            continue
        closed.append(
            job.model_copy(update={"status": "closed", "closed_at": now, "updated_at": now})
        )
        count += 1
        if len(closed) >= WRITE_BATCH:
            jobs.put_many(closed)
            closed.clear()
    jobs.put_many(closed)
    return count


def sync_board(
    store: Store,
    board: str,
    fetch: Callable[[], list[RawPosting]],
    *,
    progress: Progress = no_progress,
    lease_seconds: float = 900,
) -> IngestResult:
    """One board, end to end: fetch everything it lists, upsert, close what vanished.

    The board's lease keeps two runs (a retry and a scheduled run) from syncing it together;
    a run that finds it held raises BoardBusy. A fetch error leaves the board's jobs as they
    are: a board that cannot be read is not a board whose jobs all closed.
    """
    owner = uuid.uuid4().hex
    lease = board_lease(store, board, owner=owner, lease_seconds=lease_seconds)
    if not lease.acquire():
        raise BoardBusy(f"board {board} is being synced by another run")
    started = iso()
    try:
        progress("fetching", 0)
        postings = fetch()
        _head, known = read_board_state(store, board)
        progress("writing", 0)
        result, seen = upsert_postings(store, postings, known=known, progress=progress)
        vanished = [jid for jid in known if jid not in seen]
        if vanished:
            progress("closing", None)
            result.closed += close_jobs(store, vanished)
        if result.changed:
            result.generation = bump_generation(store)
        run = BoardRun(last_run_at=started, last_success_at=iso(), counts=result.counts())
        write_board_state(store, board, seen, run)
        return result
    except BaseException as exc:
        lease.release({"lastRunAt": started, "lastError": str(exc)[:500]})
        raise


def ingest_postings(
    store: Store, postings: Iterable[RawPosting], *, insert_only: bool = False
) -> IngestResult:
    """Upsert postings that belong to no board (imports, demo data); nothing is closed."""
    result, _seen = upsert_postings(store, postings, insert_only=insert_only)
    if result.changed:
        result.generation = bump_generation(store)
    return result
