"""The fault-injection ledger at scale: 1,000 tasks of two kinds (diagnostics and resume
analyses) accepted through the API of a real `career-agent serve`, then both workers SIGKILLed
twice, Redis killed and started again empty, and the whole serve tree SIGKILLed and started
again (tests/support/ledger.py). Records what was lost, duplicated or left stuck, and how long
healing took: from the last fault until every run had finished, and for each fault until every
run open at that moment had finished.

Rounds with the short recovery bounds the test uses (lease 3 s, queued 4 s, a pass every
second) give the median; one more round with the shipped defaults (lease 30 s, queued 60 s, a
pass every 10 s) shows what a person would see.

Run: `uv run python -m bench.durability.bench_ledger [--tasks 1000] [--rounds 3]
[--no-default-round]`; writes bench/results/durability.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.support.ledger import Ledger

RESULTS = Path(__file__).resolve().parents[1] / "results" / "durability.json"
DEFAULT_BOUNDS = {
    "TASK_QUEUED_TIMEOUT_SECONDS": "60",
    "TASK_LEASE_SECONDS": "30",
    "TASK_RECOVERY_INTERVAL_SECONDS": "10",
    "TASK_MAX_RESENDS": "10",
}


def one_round(tasks: int, bounds: dict[str, str] | None) -> dict[str, Any]:
    diagnostics = tasks * 55 // 100
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(
            Path(tmp),
            diagnostics=diagnostics,
            resumes=tasks - diagnostics,
            users=10,
            delay_seconds=0.1,
            deadline_after_last_fault=600,
        )
        if bounds is not None:
            ledger.bounds = dict(bounds)
        started = time.monotonic()
        result = ledger.run().to_json()
        result["wallSeconds"] = round(time.monotonic() - started, 1)
    return result


def summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    def median(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return round(statistics.median(known), 1) if known else None

    per_fault = {}
    for index, fault in enumerate(rounds[0]["faults"]):
        per_fault[fault["fault"]] = {
            "openRunsMedian": median([r["faults"][index]["openRuns"] for r in rounds]),
            "allOfThemFinishedAfterSecondsMedian": median(
                [r["faults"][index]["allOfThemFinishedAfterSeconds"] for r in rounds]
            ),
        }
    return {
        "rounds": len(rounds),
        "accepted": [r["accepted"] for r in rounds],
        "lost": sum(r["lost"] for r in rounds),
        "duplicatedEffects": sum(r["duplicatedEffects"] for r in rounds),
        "missingEffects": sum(r["missingEffects"] for r in rounds),
        "stuck": sum(r["leftOpen"] for r in rounds),
        "undocumentedFailures": sum(len(r["undocumentedFailures"]) for r in rounds),
        "failed": sum(r["statuses"].get("failed", 0) for r in rounds),
        "recoverySecondsAfterLastFault": {
            "median": median([r["recoverySeconds"] for r in rounds]),
            "max": max((r["recoverySeconds"] or 0) for r in rounds),
        },
        "perFault": per_fault,
        "resentRunsMedian": median([r["resent"] for r in rounds]),
        "redeliveredRunsMedian": median([r["redelivered"] for r in rounds]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-default-round", action="store_true")
    args = parser.parse_args()

    short = []
    for n in range(args.rounds):
        print(f"round {n + 1}/{args.rounds} (short bounds)", flush=True)
        short.append(one_round(args.tasks, None))
        print(json.dumps({k: short[-1][k] for k in ("statuses", "recoverySeconds")}), flush=True)
    figures: dict[str, Any] = {
        "what": "tasks accepted through the API of `career-agent serve`, then: both Celery "
        "workers SIGKILLed (whole process groups) twice, Redis killed and restarted empty, the "
        "whole serve tree SIGKILLed and started again; 5 s between faults",
        "tasksPerRound": args.tasks,
        "kinds": {
            "system.diagnostics (0.1 s each)": args.tasks * 55 // 100,
            "resume.analyze (text resume, local analyser)": args.tasks - args.tasks * 55 // 100,
        },
        "workers": "interactive lane 2 processes, background lane 1 (the `make run` defaults)",
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "loadAverageAtEnd": round(os.getloadavg()[0], 2),
        },
        "shortBounds": {
            "bounds": "lease 3 s, queued 4 s, a recovery pass every 1 s",
            **summary(short),
            "perRound": short,
        },
    }
    if not args.no_default_round:
        print("one round with the default bounds", flush=True)
        shipped = one_round(args.tasks, DEFAULT_BOUNDS)
        figures["defaultBounds"] = {
            "bounds": "lease 30 s, queued 60 s, a recovery pass every 10 s (the defaults)",
            **summary([shipped]),
            "perRound": [shipped],
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps({k: v for k, v in figures.items() if k != "perRound"}, indent=2))


if __name__ == "__main__":
    main()
