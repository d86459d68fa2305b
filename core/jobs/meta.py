"""Bookkeeping beside the Jobs table: a generation counter that moves whenever any job changes
(readers rebuild their in-memory index and score caches when it moves), and each board's sync
state (which postings it listed last time, with a hash of each, so unchanged postings cost
nothing and vanished ones can be closed)."""

from __future__ import annotations

import time
from typing import Any

from core.clock import iso
from core.jobs.model import META_TABLE
from core.storage.port import ConditionFailed, Store

GENERATION_KEY = "generation"
STATE_CHUNK = 2000  # postings per state item: keeps each item far below DynamoDB's 400 KB


def read_generation(store: Store) -> int:
    item = store.get(META_TABLE, {"metaKey": GENERATION_KEY})
    return int(item["value"]) if item else 0


def bump_generation(store: Store) -> int:
    for _ in range(50):
        item = store.get(META_TABLE, {"metaKey": GENERATION_KEY})
        version = int(item.get("version", 0)) if item else 0
        value = (int(item["value"]) if item else 0) + 1
        try:
            store.put(
                META_TABLE,
                {"metaKey": GENERATION_KEY, "value": value, "updatedAt": iso()},
                expected_version=version,
            )
            return value
        except ConditionFailed:
            time.sleep(0.002)
    raise RuntimeError("the jobs generation counter kept changing under us")


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
    for _ in range(20):
        old = store.get(META_TABLE, {"metaKey": _head_key(board)})
        version = int(old.get("version", 0)) if old else 0
        head = {
            **(old or {}),
            **summary,
            "metaKey": _head_key(board),
            "board": board,
            "chunks": len(chunks),
            "lockedUntil": 0,
            "lockedBy": None,
        }
        try:
            store.put(META_TABLE, head, expected_version=version)
            break
        except ConditionFailed:
            time.sleep(0.002)
    for k in range(len(chunks), int((old or {}).get("chunks", 0))):
        store.delete(META_TABLE, {"metaKey": f"{_head_key(board)}#{k}"})


def release_board(store: Store, board: str, owner: str, summary: dict[str, Any]) -> None:
    """Give the lease back after a failed run, recording the failure."""
    for _ in range(20):
        head = store.get(META_TABLE, {"metaKey": _head_key(board)})
        if head is None or head.get("lockedBy") != owner:
            return
        new = {**head, **summary, "lockedUntil": 0, "lockedBy": None}
        try:
            store.put(META_TABLE, new, expected_version=int(head.get("version", 0)))
            return
        except ConditionFailed:
            time.sleep(0.002)


def acquire_board(store: Store, board: str, *, lease_seconds: float, owner: str) -> bool:
    """Take the board's lease so two runs never sync one board at once. False if held."""
    now = time.time()
    for _ in range(10):
        head = store.get(META_TABLE, {"metaKey": _head_key(board)})
        version = int(head.get("version", 0)) if head else 0
        if head and float(head.get("lockedUntil") or 0) > now and head.get("lockedBy") != owner:
            return False
        new = {
            **(head or {"metaKey": _head_key(board), "board": board, "chunks": 0}),
            "lockedUntil": now + lease_seconds,
            "lockedBy": owner,
        }
        try:
            store.put(META_TABLE, new, expected_version=version)
            return True
        except ConditionFailed:
            continue
    return False


def board_summaries(store: Store) -> list[dict[str, Any]]:
    out = []
    for item in store.scan(META_TABLE):
        key = str(item.get("metaKey", ""))
        if key.startswith("board#") and key.count("#") == 1:
            out.append({k: v for k, v in item.items() if k not in ("version", "lockedBy")})
    return sorted(out, key=lambda i: str(i.get("board")))
