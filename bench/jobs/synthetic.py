"""A large, realistic job market for benchmarks: the demo postings, normalised once, cloned
with new ids, dates, places and pay so that every row is its own job."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from core.clock import iso, utcnow
from core.jobs.data.catalog import demo_postings
from core.jobs.normalise import normalise

RESULTS = Path(__file__).resolve().parents[1] / "results" / "jobs.json"
CITIES = [
    ("Berlin, Germany", "berlin", "DE"), ("London, United Kingdom", "london", "GB"),
    ("New York, NY", "new york", "US"), ("Austin, TX", "austin", "US"),
    ("Toronto, ON, Canada", "toronto", "CA"), ("Bengaluru, India", "bangalore", "IN"),
    ("Paris, France", "paris", "FR"), ("Sydney, Australia", "sydney", "AU"),
    ("Remote", "", None), ("Singapore", "singapore", "SG"),
]  # fmt: skip


def jobs(n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    base = [normalise(p).to_item() for p in demo_postings()]
    rng = random.Random(seed)
    now = utcnow()
    for i in range(n):
        item = json.loads(json.dumps(base[i % len(base)]))
        item["jobId"] = f"job_bench{i:09d}"
        item["sourceId"] = f"bench-{i}"
        item["source"] = "import"
        item["company"] = f"{item['company']} {i % 997}"
        loc, city, country = CITIES[rng.randrange(len(CITIES))]
        item["location"], item["country"] = loc, country
        item["remote"] = "yes" if not city else item["remote"]
        item["features"]["city"], item["features"]["country"] = city, country
        item["postedDate"] = iso(now - timedelta(minutes=rng.randrange(0, 84 * 24 * 60)))
        item["firstSeenAt"] = item["postedDate"]
        item["dedupKey"] = f"bench|{i}"
        if item.get("salary"):
            f = 0.8 + 0.4 * rng.random()
            for k in ("min", "max"):
                if item["salary"][k] is not None:
                    item["salary"][k] = round(item["salary"][k] * f)
            lo, hi = item["features"]["salaryUsd"]
            item["features"]["salaryUsd"] = [lo and round(lo * f), hi and round(hi * f)]
        yield item


def save(section: str, figures: dict[str, Any]) -> None:
    """Merge one benchmark's figures into bench/results/jobs.json."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[section] = {**figures, "measuredAt": iso()}
    RESULTS.write_text(json.dumps(data, indent=2) + "\n")
