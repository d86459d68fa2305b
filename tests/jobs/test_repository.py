"""The Job record: stored items keep their shape, closed sets agree, nothing is dropped."""

from __future__ import annotations

from typing import get_args

import pytest

from core.jobs import ingest
from core.jobs.ingest import close_jobs, ingest_postings
from core.jobs.model import SENIORITY_LEVELS, RawPosting, job_id
from core.jobs.money import Salary
from core.jobs.normalise import content_hash, normalise
from core.jobs.posting_text import LEVEL
from core.jobs.repository import Job, JobRepository
from core.jobs.views import JobSummary
from core.storage.port import Store


def _raw(n: int, **fields: object) -> RawPosting:
    base: dict[str, object] = {
        "source": "import",
        "source_id": str(n),
        "title": "Backend Engineer",
        "company": "Acme",
        "location": "Berlin, Germany",
        "description_text": "Requirements:\n- Python\n- PostgreSQL",
        "posted_date": "2026-01-05T10:00:00Z",
    }
    return RawPosting(**{**base, **fields})  # type: ignore[arg-type]


def test_a_stored_job_reads_back_equal(store: Store) -> None:
    raw = _raw(1, salary=Salary(70000, 90000.5, "EUR"))
    ingest_postings(store, [raw])
    found = JobRepository(store).find(job_id("import", "1"))
    assert found is not None
    assert found.title == "Backend Engineer" and found.is_open
    item = store.get(Job.table, {"jobId": found.job_id})
    assert item is not None
    # Whole amounts stay whole, so the content hash of a re-read job is the one stored.
    assert item["salary"] == {"min": 70000, "max": 90000.5, "currency": "EUR", "period": "year"}
    assert content_hash(found) == item["contentHash"]
    assert found.features is not None and found.features.required == ["Python", "PostgreSQL"]


def test_attributes_a_job_does_not_declare_survive_closing(store: Store) -> None:
    job = normalise(_raw(2))
    store.put(Job.table, {**job.to_item(), "purgeAt": 123, "newField": [1]})
    assert close_jobs(store, [job.job_id], now="2026-02-01T00:00:00.000Z") == 1
    item = store.get(Job.table, {"jobId": job.job_id})
    assert item is not None
    assert item["status"] == "closed" and item["closedAt"] == "2026-02-01T00:00:00.000Z"
    assert item["purgeAt"] == 123 and item["newField"] == [1]


def test_closing_counts_every_batch(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "WRITE_BATCH", 2)
    ingest_postings(store, [_raw(n, title=f"Engineer {n}") for n in range(5)])
    ids = [job_id("import", str(n)) for n in range(5)]
    assert close_jobs(store, ids) == 5
    assert all(not j.is_open for j in map(JobRepository(store).find, ids) if j)


def test_closed_sets_agree() -> None:
    assert tuple(LEVEL) == SENIORITY_LEVELS
    assert get_args(JobSummary.model_fields["seniority"].annotation) == SENIORITY_LEVELS
