"""Bookkeeping beside the Jobs table: a generation counter that moves whenever any job changes
(readers rebuild their in-memory index and score caches when it moves), and each board's sync
state (which postings it listed last time, with a hash of each, so unchanged postings cost
nothing and vanished ones can be closed)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from core.clock import iso
from core.leases import StoreLease
from core.storage.port import Store
from core.storage.records import Record, Repository

META_TABLE = "JobsMeta"
GENERATION_KEY = "generation"
STATE_CHUNK = 2000  # postings per state item: keeps each item far below DynamoDB's 400 KB


class MetaRecord(Record):
    table = META_TABLE

    meta_key: str


class BoardHead(MetaRecord):
    """A board's sync state and its lease (see `board_lease`)."""

    board: str
    chunks: int = 0
    locked_until: float = 0
    locked_by: str | None = None
    last_run_at: str | None = None
    last_success_at: str | None = None
    last_error: str | None = None
    counts: dict[str, int | None] | None = None


class BoardChunk(MetaRecord):
    """Part of what a board listed last: {jobId: raw hash}."""

    jobs: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class BoardRun:
    """How a board's last run went, kept on its head."""

    last_run_at: str
    last_success_at: str
    counts: dict[str, int | None]
    last_error: str | None = None


def read_generation(store: Store) -> int:
    item = store.get(META_TABLE, {"metaKey": GENERATION_KEY})
    return int(item["value"]) if item else 0


def bump_generation(store: Store) -> int:
    item = store.update(
        META_TABLE,
        {"metaKey": GENERATION_KEY},
        lambda old: {"value": (int(old["value"]) if old else 0) + 1, "updatedAt": iso()},
        attempts=50,
    )
    assert item is not None
    return int(item["value"])


def _head_key(board: str) -> str:
    return f"board#{board}"


def _chunk_key(board: str, k: int) -> dict[str, str]:
    return {"metaKey": f"{_head_key(board)}#{k}"}


def read_board_state(store: Store, board: str) -> tuple[BoardHead | None, dict[str, str]]:
    """(the board's head or None, {jobId: raw hash} of the postings it listed last)."""
    head = Repository(store, BoardHead).get({"metaKey": _head_key(board)})
    listed: dict[str, str] = {}
    if head:
        chunks = Repository(store, BoardChunk)
        for k in range(head.chunks):
            chunk = chunks.get(_chunk_key(board, k))
            if chunk:
                listed.update(chunk.jobs)
    return head, listed


def write_board_state(store: Store, board: str, listed: dict[str, str], run: BoardRun) -> None:
    """Record what the board listed and how the run went, and release its lease."""
    items = sorted(listed.items())
    chunks = [dict(items[i : i + STATE_CHUNK]) for i in range(0, len(items), STATE_CHUNK)]
    chunk_repo = Repository(store, BoardChunk)
    for k, chunk in enumerate(chunks):
        chunk_repo.put(BoardChunk(meta_key=_chunk_key(board, k)["metaKey"], jobs=chunk))
    chunks_before = 0

    def record(old: BoardHead | None) -> BoardHead:
        nonlocal chunks_before
        chunks_before = old.chunks if old else 0
        head = old or BoardHead(meta_key=_head_key(board), board=board)
        return head.model_copy(
            update={
                "last_run_at": run.last_run_at,
                "last_success_at": run.last_success_at,
                "last_error": run.last_error,
                "counts": run.counts,
                "board": board,
                "chunks": len(chunks),
                "locked_until": 0,
                "locked_by": None,
            }
        )

    Repository(store, BoardHead).update({"metaKey": _head_key(board)}, record)
    for k in range(len(chunks), chunks_before):
        chunk_repo.delete(_chunk_key(board, k))


def board_lease(store: Store, board: str, *, owner: str, lease_seconds: float) -> StoreLease:
    """The lease that keeps two runs (a retry and a scheduled run) from syncing one board."""
    return StoreLease(
        store,
        META_TABLE,
        {"metaKey": _head_key(board)},
        owner,
        lease_seconds,
        owner_field="lockedBy",
        until_field="lockedUntil",
        create={"board": board, "chunks": 0},
    )
