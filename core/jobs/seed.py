"""The demo job market, loaded once so that a fresh install shows a useful product."""

from __future__ import annotations

from functools import lru_cache

from core.clock import iso, utcnow
from core.jobs.data.catalog import demo_postings
from core.jobs.ingest import IngestResult
from core.jobs.meta import bump_generation
from core.jobs.normalise import normalise
from core.jobs.repository import Job, JobRepository
from core.storage.port import Store


@lru_cache(maxsize=2)
def demo_jobs(anchor: str) -> tuple[Job, ...]:
    """The demo postings as jobs, dated relative to `anchor`."""
    return tuple(normalise(p, now=anchor) for p in demo_postings(anchor))


def seed_demo(store: Store) -> IngestResult:
    """Add the demo postings that are not stored yet; existing ones are left untouched, so
    running it again adds nothing."""
    anchor = iso(utcnow().replace(minute=0, second=0, microsecond=0))
    demo = demo_jobs(anchor)
    now = iso()
    jobs = JobRepository(store)
    seen = {"first_seen_at": now, "last_seen_at": now, "updated_at": now, "closed_at": None}
    new = [job.model_copy(update=seen) for job in demo if jobs.find(job.job_id) is None]
    result = IngestResult(fetched=len(demo), created=len(new), unchanged=len(demo) - len(new))
    if new:
        jobs.put_many(new)
        result.generation = bump_generation(store)
    return result


def seed_demo_jobs(store: Store) -> int:
    """How many demo postings were added (0 when they were already there)."""
    return seed_demo(store).created
