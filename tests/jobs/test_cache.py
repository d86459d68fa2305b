from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import redis as redis_lib

from core.jobs.cache import IndexCache, ScoreCache
from core.jobs.ingest import ingest_postings
from core.jobs.model import RawPosting
from core.jobs.profile import CandidateProfile
from core.jobs.score import score_all
from core.jobs.seed import seed_demo
from core.storage.port import Store


class CountingScans:
    """The real store, counting full-table reads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.scans = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def scan(self, table: str) -> Iterator[dict[str, Any]]:
        if table == "Jobs":
            self.scans += 1
        return self.store.scan(table)


def test_the_index_is_rebuilt_only_when_jobs_change(store: Store) -> None:
    seed_demo(store)
    counting = CountingScans(store)
    cache = IndexCache()
    first = cache.get(counting)  # type: ignore[arg-type]
    for _ in range(5):
        assert cache.get(counting) is first  # type: ignore[arg-type]
    assert counting.scans == 1
    ingest_postings(
        store,
        [
            RawPosting(
                source="import", source_id="x", title="Baker", company="Crumb", location="Leeds"
            )
        ],
    )
    second = cache.get(counting)  # type: ignore[arg-type]
    assert counting.scans == 2 and second.size == first.size + 1
    seed_demo(store)  # nothing new: the generation stays, the index stays
    assert cache.get(counting) is second  # type: ignore[arg-type]


def test_scores_are_shared_through_redis_and_keyed_by_profile(store: Store, redis_url: str) -> None:
    seed_demo(store)
    r = redis_lib.Redis.from_url(redis_url)
    index = IndexCache().get(store)
    profile = CandidateProfile(skills=["Python", "SQL"], target_role="Data Analyst")
    scores = ScoreCache().scores(index, profile, user_id="u1", redis=r)
    key = ScoreCache.redis_key("u1", index.generation, profile.fingerprint())
    assert r.exists(key) and r.ttl(key) > 0
    # Another process (a fresh cache) reads the same figures from Redis.
    again = ScoreCache().scores(index, profile, user_id="u1", redis=r)
    assert np.array_equal(scores, again)
    assert np.allclose(scores, score_all(index, profile))
    changed = CandidateProfile(skills=["Python", "SQL"], target_role="Nurse")
    assert changed.fingerprint() != profile.fingerprint()
    # A changed profile has another key: it never reads the old figures.
    assert ScoreCache.redis_key("u1", index.generation, changed.fingerprint()) != key


def test_a_missing_redis_only_costs_speed(store: Store) -> None:
    seed_demo(store)
    index = IndexCache().get(store)
    profile = CandidateProfile(skills=["Python"])
    down = redis_lib.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    scores = ScoreCache().scores(index, profile, user_id="u2", redis=down)
    assert len(scores) == index.size
