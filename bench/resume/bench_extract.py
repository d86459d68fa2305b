"""Extraction + local analysis time per resume, on one core, over a generated corpus of PDF
and DOCX resumes (1–3 pages).

Two figures: in-process (the parser in the caller) and isolated (the parser in a forked child
with the hard time and memory limits, as the API and worker run it).

Run: `uv run python -m bench.resume.bench_extract [--count 60] [--rounds 3]`; writes the
"extraction" section of bench/results/resume.json. Target: median under 150 ms, p95 under
400 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.resume.corpus import corpus, page_count
from core.resume.analyze_local import analyze
from core.resume.extract import extract_text
from core.resume.sandbox import extract_text_bounded

RESULTS = Path(__file__).resolve().parents[1] / "results" / "resume.json"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000, 1)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": pct(values, 0.5),
        "p95": pct(values, 0.95),
        "max": round(max(values) * 1000, 1),
        "mean": round(statistics.mean(values) * 1000, 1),
    }


def write_section(name: str, figures: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    current[name] = figures
    RESULTS.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    docs = corpus(args.count)
    today = date(2026, 6, 1)
    # Warm up imports and the taxonomy (reported separately as the cold start).
    cold = time.perf_counter()
    analyze(extract_text(docs[0].data), today=today)
    cold_ms = round((time.perf_counter() - cold) * 1000)

    inline: list[float] = []
    isolated: list[float] = []
    extract_only: list[float] = []
    by_kind: dict[str, list[float]] = {}
    scores: list[int] = []
    for _ in range(args.rounds):
        for doc in docs:
            t = time.perf_counter()
            extracted = extract_text(doc.data)
            t_extract = time.perf_counter()
            result = analyze(extracted, today=today)
            t_done = time.perf_counter()
            inline.append(t_done - t)
            extract_only.append(t_extract - t)
            by_kind.setdefault(f"{doc.kind}/{doc.layout}", []).append(t_done - t)
            scores.append(result.ats_score)

            t = time.perf_counter()
            analyze(extract_text_bounded(doc.data), today=today)
            isolated.append(time.perf_counter() - t)

    pages = [page_count(d.data) for d in docs if d.kind == "pdf"]
    figures = {
        "resumes": len(docs),
        "rounds": args.rounds,
        "pdf": sum(d.kind == "pdf" for d in docs),
        "docx": sum(d.kind == "docx" for d in docs),
        "pdfPages": {"min": min(pages), "max": max(pages)},
        "bytes": {"min": min(len(d.data) for d in docs), "max": max(len(d.data) for d in docs)},
        "cores": 1,
        "coldFirstMs": cold_ms,
        "inProcessMs": summary(inline),
        "extractionOnlyMs": summary(extract_only),
        "isolatedChildProcessMs": summary(isolated),
        "byTypeMedianMs": {k: pct(v, 0.5) for k, v in sorted(by_kind.items())},
        "atsScore": {"min": min(scores), "median": statistics.median(scores), "max": max(scores)},
        "target": {"medianMs": 150, "p95Ms": 400},
        "metTarget": pct(isolated, 0.5) < 150 and pct(isolated, 0.95) < 400,
    }
    write_section("extraction", figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
