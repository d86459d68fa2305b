"""Caches that keep `GET /api/jobs` cheap.

- The job index (one per store, per process) is rebuilt only when the jobs generation moves;
  while one thread rebuilds, others keep answering from the previous index. Where snapshots
  are served (`serve_snapshots`: the API on Lambda), the index is never built from the Jobs
  table on a request: ingestion publishes it (`publish_if_stale`) and readers load the file
  its pointer names.
- Scores per person are kept in process and in Redis, keyed by the jobs generation and the
  profile's fingerprint: a new resume, a profile edit or any job change makes a new key, so a
  stale score is never read. Old keys expire.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from core.jobs.index import JobIndex, build_index
from core.jobs.meta import read_generation
from core.jobs.profile import CandidateProfile
from core.jobs.repository import Job
from core.jobs.score import score_all
from core.jobs.snapshot import Pointer, SnapshotFiles, SnapshotReader, publish
from core.logs import get_logger
from core.storage.port import Store

log = get_logger(__name__)

SCORE_TTL_SECONDS = 3600
TREND_WINDOW_SECONDS = 13 * 7 * 24 * 3600
PROCESS_SCORE_ENTRIES = 256


def _store_key(store: Store) -> Any:
    """Two store objects on one database share an index (the app's and a warm-up's)."""
    path = getattr(store, "path", None)
    if path is not None:
        return ("sqlite", str(path))
    prefix = getattr(store, "table_prefix", None)
    endpoint = getattr(store, "endpoint_url", None)
    if prefix is not None or endpoint is not None:
        return ("dynamodb", str(endpoint), str(prefix))
    return ("object", id(store))


class IndexCache:
    def __init__(self, max_stores: int = 8) -> None:
        self._entries: OrderedDict[Any, JobIndex] = OrderedDict()
        self._locks: dict[Any, threading.Lock] = {}
        self._snapshots: dict[Any, SnapshotReader] = {}
        self._guard = threading.Lock()
        self._max = max_stores

    def serve_snapshots(self, store: Store, files: SnapshotFiles) -> None:
        """Serve this store's index from the snapshots published to `files`, never from a
        read of the whole Jobs table (the composition root calls this on AWS)."""
        with self._guard:
            self._snapshots[_store_key(store)] = SnapshotReader(files)

    def _lock_for(self, key: Any) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = self._locks[key] = threading.Lock()
            return lock

    def _current(self, key: Any) -> JobIndex | None:
        with self._guard:
            return self._entries.get(key)

    def _keep(self, key: Any, index: JobIndex) -> None:
        with self._guard:
            self._entries[key] = index
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                old, _ = self._entries.popitem(last=False)
                self._locks.pop(old, None)

    def get(self, store: Store) -> JobIndex:
        key = _store_key(store)
        with self._guard:
            reader = self._snapshots.get(key)
        if reader is None:
            generation = read_generation(store)
            return self._refresh(key, generation, lambda: _build(store, generation))
        pointer = Pointer.read(store)
        if pointer is None:
            # Nothing published yet (a new deployment before its first ingestion).
            return self._refresh(key, -1, lambda: build_index([], generation=-1))
        return self._refresh(key, pointer.generation, lambda: reader.load(pointer))

    def _refresh(self, key: Any, generation: int, make: Callable[[], JobIndex]) -> JobIndex:
        current = self._current(key)
        if current is not None and current.generation == generation:
            return current
        lock = self._lock_for(key)
        if current is not None and not lock.acquire(blocking=False):
            return current  # another thread is rebuilding: answer from the previous index
        if current is None:
            lock.acquire()
        try:
            current = self._current(key)
            if current is not None and current.generation == generation:
                return current
            started = time.perf_counter()
            index = make()
            self._keep(key, index)
            log.info(
                "jobs_index_ready",
                generation=generation,
                jobs=index.size,
                seconds=round(time.perf_counter() - started, 2),
            )
            return index
        finally:
            lock.release()

    def publish_if_stale(self, store: Store) -> Pointer | None:
        """Where snapshots are served: build the index from the Jobs table and publish it,
        unless the published one is of the current generation. None when nothing was done."""
        key = _store_key(store)
        with self._guard:
            reader = self._snapshots.get(key)
        if reader is None:
            return None
        generation = read_generation(store)
        pointer = Pointer.read(store)
        if pointer is not None and pointer.generation == generation:
            return None
        index = _build(store, generation)
        published = publish(store, reader.files, index)
        log.info("jobs_index_published", generation=generation, jobs=index.size,
                 bytes=published.size_bytes)  # fmt: skip
        return published

    def warm_in_background(self, store: Store) -> None:
        """Build the index now, off the request path (at API start-up)."""

        def build() -> None:
            try:
                self.get(store)
            except Exception as exc:  # a failed warm-up only means a slower first request
                log.warning("jobs_index_warmup_failed", error=str(exc))

        threading.Thread(target=build, name="jobs-index-warmup", daemon=True).start()

    def clear(self) -> None:
        with self._guard:
            self._entries.clear()


def _build(store: Store, generation: int) -> JobIndex:
    """The index from every job of the store. Closed postings of the last weeks stay in for
    market trends (never listed)."""
    since = time.time() - TREND_WINDOW_SECONDS
    return build_index(store.scan(Job.table), generation=generation, closed_since=since)


class ScoreCache:
    def __init__(self, max_entries: int = PROCESS_SCORE_ENTRIES) -> None:
        self._local: OrderedDict[tuple[str, int, str], np.ndarray] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    @staticmethod
    def redis_key(user_id: str, generation: int, fingerprint: str) -> str:
        return f"jobs:scores:{user_id}:{generation}:{fingerprint}"

    def scores(
        self, index: JobIndex, profile: CandidateProfile, *, user_id: str, redis: Any = None
    ) -> np.ndarray:
        key = (user_id, index.generation, profile.fingerprint())
        with self._lock:
            hit = self._local.get(key)
            if hit is not None and len(hit) == index.size:
                self._local.move_to_end(key)
                return hit
        rkey = self.redis_key(*key)
        scores = _redis_get(redis, rkey, index.size)
        if scores is None:
            scores = score_all(index, profile)
            _redis_set(redis, rkey, scores)
        with self._lock:
            self._local[key] = scores
            self._local.move_to_end(key)
            while len(self._local) > self._max:
                self._local.popitem(last=False)
        return scores


def _redis_get(redis: Any, key: str, size: int) -> np.ndarray | None:
    if redis is None:
        return None
    try:
        raw = redis.get(key)
    except Exception as exc:
        log.warning("score_cache_unavailable", error=str(exc))
        return None
    if not raw:
        return None
    arr = np.frombuffer(raw, dtype=np.float32)
    return arr if len(arr) == size else None


def _redis_set(redis: Any, key: str, scores: np.ndarray) -> None:
    if redis is None:
        return
    try:
        redis.set(key, scores.astype(np.float32).tobytes(), ex=SCORE_TTL_SECONDS)
    except Exception as exc:
        log.warning("score_cache_unavailable", error=str(exc))


INDEX_CACHE = IndexCache()
SCORE_CACHE = ScoreCache()
