"""The demo job market, loaded once so that a fresh install shows a useful product."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from core.clock import iso, utcnow
from core.jobs.data.catalog import demo_postings
from core.jobs.ingest import IngestResult
from core.jobs.meta import bump_generation
from core.jobs.model import JOBS_TABLE
from core.jobs.normalise import normalise
from core.storage.port import Store


@lru_cache(maxsize=2)
def _demo_items(anchor: str) -> tuple[dict[str, Any], ...]:
    return tuple(normalise(p, now=anchor) for p in demo_postings(anchor))


def seed_demo(store: Store) -> IngestResult:
    """Add the demo postings that are not stored yet; existing ones are left untouched, so
    running it again adds nothing."""
    anchor = iso(utcnow().replace(minute=0, second=0, microsecond=0))
    items = _demo_items(anchor)
    now = iso()
    new = [
        {**item, "firstSeenAt": now, "lastSeenAt": now, "updatedAt": now, "closedAt": None}
        for item in items
        if store.get(JOBS_TABLE, {"jobId": item["jobId"]}) is None
    ]
    result = IngestResult(fetched=len(items), created=len(new), unchanged=len(items) - len(new))
    if new:
        store.put_many(JOBS_TABLE, new)
        result.generation = bump_generation(store)
    return result


def seed_demo_jobs(store: Store) -> int:
    """How many demo postings were added (0 when they were already there)."""
    return seed_demo(store).created
