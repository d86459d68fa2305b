"""Ranking every job for one person: score 100,000 jobs and take the first page.

Run: `uv run python -m bench.jobs.bench_rank [--jobs 100000] [--runs 50]`; writes the
"rank" section of bench/results/jobs.json. Target: median under 100 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time

from bench.jobs.synthetic import jobs, save
from core.jobs.index import build_index
from core.jobs.profile import CandidateProfile
from core.jobs.rank import JobQuery, rank
from core.jobs.score import explain_rows, score_all

PROFILE = CandidateProfile(
    skills=[
        "Python",
        "Django",
        "PostgreSQL",
        "Docker",
        "Amazon Web Services",
        "REST APIs",
        "Git",
        "Redis",
        "Celery",
        "Linux",
    ],
    years=6,
    titles=["Senior Software Engineer", "Software Engineer"],
    target_role="Senior Backend Engineer",
    location="Berlin, Germany",
    min_salary=75000,
    currency="EUR",
    text=(
        "Backend engineer, six years building Python and Django services on PostgreSQL, "
        "Redis and Celery, deployed with Docker on AWS; REST APIs, testing, CI/CD."
    ),
)


def ms(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "median": round(statistics.median(values) * 1000, 2),
        "p95": round(values[int(len(values) * 0.95) - 1] * 1000, 2),
        "min": round(values[0] * 1000, 2),
        "max": round(values[-1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    items = list(jobs(args.jobs))
    started = time.perf_counter()
    index = build_index(items, generation=1)
    build_s = time.perf_counter() - started
    del items

    score_all(index, PROFILE)  # warm up
    score_times, rank_times, page_times = [], [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        scores = score_all(index, PROFILE)
        t1 = time.perf_counter()
        page = rank(index, scores, JobQuery(page=1, page_size=20))
        t2 = time.perf_counter()
        explain_rows(index, PROFILE, page.rows)
        t3 = time.perf_counter()
        score_times.append(t1 - t0)
        rank_times.append(t2 - t0)
        page_times.append(t3 - t0)
    filtered = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        scores = score_all(index, PROFILE)
        rank(index, scores, JobQuery(q="python", remote=("yes", "hybrid"), page_size=20))
        filtered.append(time.perf_counter() - t0)

    figures = {
        "jobs": index.size,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
        "machineLoadAverage": round(os.getloadavg()[0], 2),
        "indexBuildSeconds": round(build_s, 2),
        "scoreAllMs": ms(score_times),
        "scoreAndFirstPageMs": ms(rank_times),
        "scoreFirstPageAndExplainMs": ms(page_times),
        "scoreFilteredPageMs": ms(filtered),
        "peakRssMB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targetMedianMs": 100,
        "metTarget": statistics.median(rank_times) * 1000 < 100,
    }
    save("rank", figures)
    print(figures)


if __name__ == "__main__":
    main()
