"""Bookkeeping beside the Jobs table: a generation counter that moves whenever any job changes
(readers rebuild their in-memory index and score caches when it moves), and each board's sync
state (which postings it listed last time, with a hash of each, so unchanged postings cost
nothing and vanished ones can be closed)."""

from __future__ import annotations

from typing import Any

from core.clock import iso
from core.jobs.model import META_TABLE
from core.leases import StoreLease
from core.storage.port import Store

GENERATION_KEY = "generation"
STATE_CHUNK = 2000  # postings per state item: keeps each item far below DynamoDB's 400 KB


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


def read_board_state(store: Store, board: str) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """(the board's head item or None, {jobId: raw hash} of the postings it listed last)."""
    head = store.get(META_TABLE, {"metaKey": _head_key(board)})
    listed: dict[str, str] = {}
    if head:
        for k in range(int(head.get("chunks", 0))):
            chunk = store.get(META_TABLE, {"metaKey": f"{_head_key(board)}#{k}"})
            if chunk:
                listed.update(chunk.get("jobs") or {})
    return head, listed


def write_board_state(
    store: Store, board: str, listed: dict[str, str], summary: dict[str, Any]
) -> None:
    """Record what the board listed and release its lease."""
    items = sorted(listed.items())
    chunks = [dict(items[i : i + STATE_CHUNK]) for i in range(0, len(items), STATE_CHUNK)]
    for k, chunk in enumerate(chunks):
        store.put(META_TABLE, {"metaKey": f"{_head_key(board)}#{k}", "jobs": chunk})
    before: dict[str, Any] = {}

    def record(old: dict[str, Any] | None) -> dict[str, Any]:
        before.clear()
        before.update(old or {})
        return {
            **before,
            **summary,
            "board": board,
            "chunks": len(chunks),
            "lockedUntil": 0,
            "lockedBy": None,
        }

    store.update(META_TABLE, {"metaKey": _head_key(board)}, record)
    for k in range(len(chunks), int(before.get("chunks", 0))):
        store.delete(META_TABLE, {"metaKey": f"{_head_key(board)}#{k}"})


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
