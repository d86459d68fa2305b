"""Throughput of the SQLite store on a jobs-sized table.

Run: `uv run python -m bench.storage.bench_store [--items 100000]`; writes
bench/results/storage.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from core.storage.port import ConditionFailed
from integrations.storage.sqlite import SqliteStore

RESULTS = Path(__file__).resolve().parents[1] / "results" / "storage.json"
SOURCES = ["greenhouse", "lever", "ashby", "demo"]
WORDS = [
    "python",
    "data",
    "engineer",
    "remote",
    "senior",
    "cloud",
    "platform",
    "team",
    "build",
    "scale",
    "product",
]


def job(n: int, rng: random.Random) -> dict[str, Any]:
    return {
        "jobId": f"job-{n:07d}",
        "source": SOURCES[n % len(SOURCES)],
        "postedDate": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{n % 24:02d}:00Z",
        "dedupKey": f"dedup-{n}",
        "title": f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} Engineer",
        "company": f"Company {n % 900}",
        "location": rng.choice(["Remote", "Berlin", "New York", "Zürich"]),
        "salary": {"min": 80000 + n % 50000, "max": 140000.5 + n % 60000, "currency": "USD"},
        "skills": rng.sample(WORDS, 5),
        "description": " ".join(rng.choices(WORDS, k=180)),  # ~1.2 KB, a typical posting
    }


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def run(items: int) -> dict[str, Any]:
    rng = random.Random(7)
    jobs = [job(n, rng) for n in range(items)]
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.db")
        store.init()

        put_10k, _ = timed(store.put_many, "Jobs", jobs[:10_000])
        put_rest, _ = timed(store.put_many, "Jobs", jobs[10_000:])
        size_mb = (Path(tmp) / "bench.db").stat().st_size / 1e6

        scan_s, count = timed(lambda: sum(1 for _ in store.scan("Jobs")))
        assert count == items

        query_ms = []
        for n in range(200):
            start = time.perf_counter()
            page = store.query(
                "Jobs", SOURCES[n % 4], index="SourceDateIndex", descending=True, limit=50
            )
            query_ms.append((time.perf_counter() - start) * 1000)
            assert len(page) == 50
        bounded_ms = []
        for n in range(200):
            start = time.perf_counter()
            page = store.query(
                "Jobs",
                SOURCES[n % 4],
                index="SourceDateIndex",
                sort_min="2024-03-01",
                sort_max="2024-03-08",
                limit=50,
            )
            bounded_ms.append((time.perf_counter() - start) * 1000)
            assert page and all("2024-03-01" <= j["postedDate"] <= "2024-03-08" for j in page)

        get_ms = []
        for _ in range(2000):
            n = rng.randrange(items)
            start = time.perf_counter()
            store.get("Jobs", {"jobId": f"job-{n:07d}"})
            get_ms.append((time.perf_counter() - start) * 1000)

        put_ms = []
        for n in range(500):
            item = {"userId": f"u{n}", "email": f"u{n}@example.com", "name": "Bench"}
            start = time.perf_counter()
            store.put("Users", item, expected_version=0)
            put_ms.append((time.perf_counter() - start) * 1000)

        contended = _contended_updates(store, threads=4, per_thread=250)

    return {
        "sqliteVersion": sqlite3.sqlite_version,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {_cpus()} CPUs",
        "items": items,
        "itemBytes": len(json.dumps(jobs[0])),
        "databaseMB": round(size_mb, 1),
        "putMany10kSeconds": round(put_10k, 3),
        "putManyItemsPerSecond": round((items - 10_000) / put_rest) if items > 10_000 else None,
        "scanSeconds": round(scan_s, 3),
        "scanItemsPerSecond": round(count / scan_s),
        "indexQueryNewest50Ms": _stats(query_ms),
        "indexQueryDateRange50Ms": _stats(bounded_ms),
        "getMs": _stats(get_ms),
        "conditionalPutMs": _stats(put_ms),
        "contendedOptimisticUpdates": contended,
    }


def _contended_updates(store: SqliteStore, threads: int, per_thread: int) -> dict[str, Any]:
    store.put("Users", {"userId": "hot", "n": 0}, expected_version=0)
    clashes = [0]
    lock = threading.Lock()

    def bump() -> None:
        done = 0
        while done < per_thread:
            item = store.get("Users", {"userId": "hot"})
            assert item is not None
            try:
                store.put("Users", {**item, "n": item["n"] + 1}, expected_version=item["version"])
                done += 1
            except ConditionFailed:
                with lock:
                    clashes[0] += 1

    workers = [threading.Thread(target=bump) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    final = store.get("Users", {"userId": "hot"})
    assert final is not None and final["n"] == threads * per_thread
    return {
        "threads": threads,
        "updates": threads * per_thread,
        "clashesRetried": clashes[0],
        "updatesPerSecond": round(threads * per_thread / elapsed),
    }


def _stats(ms: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(ms), 3),
        "p95": round(percentile(ms, 0.95), 3),
        "max": round(max(ms), 3),
    }


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    result = run(args.items)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
