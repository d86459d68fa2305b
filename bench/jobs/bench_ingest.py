"""Ingesting 10,000 postings from the job boards: fetch (real httpx client, fake boards in
their own process on 127.0.0.1), normalise, write to SQLite; then the same again, unchanged.

Run: `uv run python -m bench.jobs.bench_ingest [--postings 10000]`; writes the "ingest"
section of bench/results/jobs.json.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.jobs.synthetic import save
from core.jobs.ingest import sync_board
from core.jobs.repository import Job
from core.settings import Settings
from integrations.jobboards import HttpJobBoards
from integrations.storage.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parents[2]


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=10_000)
    args = parser.parse_args()
    split = {"greenhouse:acme": 0.4, "lever:foo": 0.3, "ashby:bar": 0.3}
    counts = {b: int(args.postings * f) for b, f in split.items()}
    counts["greenhouse:acme"] += args.postings - sum(counts.values())
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.jobboards_server",
         *[f"{b}={n}" for b, n in counts.items()]],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        settings = Settings(
            _env_file=None,
            greenhouse_base_url=f"{url}/greenhouse/v1/boards",
            lever_base_url=f"{url}/lever/v0/postings",
            ashby_base_url=f"{url}/ashby/posting-api/job-board",
        )
        with tempfile.TemporaryDirectory() as tmp:
            store = SqliteStore(Path(tmp) / "bench.db")
            store.init()
            # Load the code paths (taxonomy, reference IDF) before measuring.
            from core.jobs.features import reference_idf
            from core.skills.taxonomy import get_taxonomy

            get_taxonomy()
            reference_idf()
            rss_before = rss_mb()

            def run() -> tuple[float, dict[str, dict[str, int]], float]:
                fetch_s = 0.0
                per_board = {}
                started = time.perf_counter()
                for spec in counts:
                    board, token = HttpJobBoards(settings).for_spec(spec)

                    def fetch(board=board, token=token):  # type: ignore[no-untyped-def]
                        nonlocal fetch_s
                        t = time.perf_counter()
                        out = board.fetch(token)
                        fetch_s += time.perf_counter() - t
                        return out

                    r = sync_board(store, spec, fetch)
                    per_board[spec] = {
                        k: int(v)
                        for k, v in r.to_dict().items()
                        if k in ("fetched", "created", "updated", "unchanged")
                        and isinstance(v, int)
                    }
                return time.perf_counter() - started, per_board, fetch_s

            first_s, first, first_fetch = run()
            rss_after_first = rss_mb()
            second_s, second, second_fetch = run()
            stored = sum(1 for _ in store.scan(Job.table))
    finally:
        server.terminate()
        server.wait(10)
    total = sum(counts.values())
    figures = {
        "postings": total,
        "boards": counts,
        "stored": stored,
        "firstSync": {
            "seconds": round(first_s, 2),
            "postingsPerSecond": round(total / first_s),
            "fetchSeconds": round(first_fetch, 2),
            "perBoard": first,
        },
        "unchangedResync": {
            "seconds": round(second_s, 2),
            "postingsPerSecond": round(total / second_s),
            "fetchSeconds": round(second_fetch, 2),
            "perBoard": second,
        },
        "rssBeforeMB": rss_before,
        "peakRssMB": rss_after_first,
        "peakRssGrowthMB": round(rss_after_first - rss_before, 1),
    }
    save("ingest", figures)
    print(figures)


if __name__ == "__main__":
    main()
