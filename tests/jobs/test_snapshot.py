"""The published job index: a packed file that loads back into the same index, and on AWS the
path by which API processes get it — from S3 through a pointer in JobsMeta, never by reading
the whole Jobs table (checked by recording every DynamoDB call against moto)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

from core.jobs import snapshot
from core.jobs.cache import INDEX_CACHE, IndexCache
from core.jobs.index import JobIndex, build_index, index_jobs
from core.jobs.meta import bump_generation, read_generation
from core.jobs.profile import CandidateProfile
from core.jobs.rank import JobQuery, rank
from core.jobs.repository import Job
from core.jobs.score import explain_rows, score_all
from core.jobs.seed import demo_jobs
from core.jobs.service import list_jobs, publish_index
from core.settings import Settings
from integrations.aws import on_client_created
from integrations.container import Services, build_services
from tests.support.env import make_settings

PROFILE = CandidateProfile(
    skills=["Python", "SQL", "Docker"],
    years=4,
    titles=["Data Engineer"],
    target_role="Backend Engineer",
    location="Berlin, Germany",
    text="Python services on PostgreSQL, Docker, AWS",
)


@pytest.fixture(scope="module")
def demo_index() -> JobIndex:
    return index_jobs(demo_jobs("2026-11-01T00:00:00.000Z"), generation=7)


def test_a_packed_index_loads_back_the_same(demo_index: JobIndex) -> None:
    loaded = snapshot.unpack(snapshot.pack(demo_index))
    assert loaded.generation == 7 and loaded.size == demo_index.size > 300
    for name, value in vars(demo_index).items():
        other = getattr(loaded, name)
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, other, equal_nan=True), name
        elif sp.issparse(value):
            assert (value != other).nnz == 0 and value.shape == other.shape, name
        elif name == "summaries":
            assert [other[i] for i in range(len(other))] == list(value), name
        else:
            assert value == other, name
    # The same scores, pages and explanations.
    scores = score_all(demo_index, PROFILE)
    assert np.array_equal(scores, score_all(loaded, PROFILE))
    for query in (
        JobQuery(),
        JobQuery(q="python", remote=("yes", "hybrid")),
        JobQuery(sort="date"),
    ):
        assert rank(demo_index, scores, query) == rank(loaded, scores, query)
    rows = rank(loaded, scores, JobQuery()).rows
    assert explain_rows(demo_index, PROFILE, rows) == explain_rows(loaded, PROFILE, rows)


def test_a_damaged_file_is_refused(demo_index: JobIndex) -> None:
    data = snapshot.pack(demo_index)
    with pytest.raises(ValueError, match="not a job index"):
        snapshot.unpack(b"garbage" + data)


class Recorded:
    """Every AWS operation the application's clients make while it is attached."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def __call__(self, client: Any) -> None:
        service = client.meta.service_model.service_name

        def record(model: Any, params: dict[str, Any], **_: Any) -> None:
            self.calls.append((service, model.name, params))

        client.meta.events.register("before-parameter-build", record)

    def scans_of(self, table_suffix: str) -> list[dict[str, Any]]:
        return [
            p
            for s, op, p in self.calls
            if s == "dynamodb" and op == "Scan" and p["TableName"].endswith(table_suffix)
        ]


@pytest.fixture
def recorded() -> Iterator[Recorded]:
    recorder = Recorded()
    stop = on_client_created(recorder)
    yield recorder
    stop()


@pytest.fixture
def aws_settings(tmp_path: Path, moto_server: str) -> Settings:
    return make_settings(
        tmp_path / "data",
        "",
        storage_backend="dynamodb",
        dynamodb_endpoint_url=moto_server,
        dynamodb_table_prefix=f"t{uuid.uuid4().hex[:10]}-",
        s3_endpoint_url=moto_server,
        jobs_index_bucket=f"index-{uuid.uuid4().hex[:10]}",
    )


def container(settings: Settings) -> Services:
    """What a new process builds (its own clients and its own index cache)."""
    services = build_services(settings)
    services.store.init()
    return services


def test_api_processes_load_the_published_index_and_never_scan_the_jobs(
    aws_settings: Settings, recorded: Recorded
) -> None:
    worker = container(aws_settings)
    worker.job_index_files.ensure_bucket()
    try:
        api = container(aws_settings)
        # A new deployment, nothing published: an empty list, not a scan.
        assert list_jobs(api.store, None, "u1", JobQuery()).total == 0

        # Ingestion (a worker) stores the jobs and publishes the index. (A few jobs: moto
        # reads a table slowly.)
        worker.store.put_many(
            Job.table, [j.to_item() for j in demo_jobs("2026-11-01T00:00:00.000Z")[:40]]
        )
        bump_generation(worker.store)
        published = publish_index(worker.store)
        assert published is not None and published.generation == read_generation(worker.store)
        assert publish_index(worker.store) is None  # already current
        total = published.jobs

        # The API process sees the pointer move and loads the file: the jobs are listed.
        page = list_jobs(api.store, None, "u1", JobQuery(page_size=5))
        assert page.total == total == 40 and len(page.items) == 5
        # A new API process (a cold start) loads the same file.
        fresh = IndexCache()
        fresh.serve_snapshots(api.store, api.job_index_files)
        cold = fresh.get(api.store)
        assert cold.size == total and cold.generation == published.generation

        # Jobs change: readers keep the published index until the next publish.
        store = worker.store
        item = store.get(Job.table, {"jobId": cold.job_ids[0]})
        assert item is not None
        store.put(Job.table, {**item, "status": "closed"})
        bump_generation(store)
        assert INDEX_CACHE.get(api.store).generation == published.generation
        again = publish_index(worker.store)
        assert again is not None and again.generation == published.generation + 1
        assert INDEX_CACHE.get(api.store).generation == again.generation
        assert cold.job_ids[0] not in INDEX_CACHE.get(api.store).row_of

        # Only ingestion read the Jobs table whole: two publishes, two scans (of a few pages).
        assert len([p for p in recorded.scans_of("Jobs") if "ExclusiveStartKey" not in p]) == 2
        s3_reads = [p for s, op, p in recorded.calls if s == "s3" and op == "GetObject"]
        assert len(s3_reads) == 3 and all(p["Key"] == snapshot.BLOB_KEY for p in s3_reads)
    finally:
        worker.store.drop_all()


def test_an_older_build_never_replaces_a_newer_pointer(aws_settings: Settings) -> None:
    services = container(aws_settings)
    services.job_index_files.ensure_bucket()
    try:
        store, files = services.store, services.job_index_files
        newer = snapshot.publish(store, files, build_index([], generation=5))
        older = snapshot.publish(store, files, build_index([], generation=4))
        assert newer.generation == older.generation == 5
        pointer = snapshot.Pointer.read(store)
        assert pointer is not None and pointer.generation == 5
    finally:
        services.store.drop_all()
