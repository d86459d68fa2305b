"""Interview detection on the labelled corpus: precision, recall, time-extraction accuracy, field
accuracy and detection speed. Writes the "detection" section of bench/results/email.json.

    uv run python -m bench.email.bench_detect [--verbose]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.email.scoring import role_key  # noqa: E402
from core.email.company import company_key  # noqa: E402
from core.email.detect import Detection, detect_bytes  # noqa: E402

CORPUS = ROOT / "tests" / "email" / "corpus"
RESULTS = ROOT / "bench" / "results" / "email.json"
TIMING_ROUNDS = 20


def same_instant(a: str | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return datetime.fromisoformat(a) == b


def load_labels() -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = json.loads((CORPUS / "labels.json").read_text("utf-8"))
    return labels


def role_matches(want: str | None, got: str | None) -> bool:
    """The whole title, as bench_quality scores it: a role with the rest of its sentence
    attached ("Junior Consultant dauert ca") or with a word missing is wrong."""
    if want is None or got is None:
        return want is None and got is None
    return role_key(want) == role_key(got)


def evaluate(labels: dict[str, dict[str, Any]], verbose: bool = False) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    time_ok = time_total = 0
    timed_ok = timed_total = 0
    fields = {
        k: [0, 0] for k in ("company", "role", "kind", "meetingUrl", "durationMinutes", "event")
    }
    mistakes: list[str] = []
    durations: list[float] = []
    by_language: dict[str, list[int]] = {}
    for name, label in sorted(labels.items()):
        raw = (CORPUS / name).read_bytes()
        found: Detection = detect_bytes(raw)
        for _ in range(TIMING_ROUNDS):
            t0 = time.perf_counter()
            detect_bytes(raw)
            durations.append((time.perf_counter() - t0) * 1000)
        truth = bool(label["isInterview"])
        lang = by_language.setdefault(label.get("language", "?"), [0, 0])
        lang[1] += 1
        if found.is_interview == truth:
            lang[0] += 1
        if truth and found.is_interview:
            tp += 1
        elif truth:
            fn += 1
            mistakes.append(f"missed      {name}: {found.reasons}")
        elif found.is_interview:
            fp += 1
            mistakes.append(f"false alarm {name}: {found.reasons}")
        else:
            tn += 1
        if not (truth and found.is_interview):
            continue
        time_total += 1
        ok = same_instant(label["startsAt"], found.starts_at)
        time_ok += ok
        if label["startsAt"] is not None:
            timed_total += 1
            timed_ok += ok
        if not ok:
            got = found.starts_at.isoformat() if found.starts_at else None
            mistakes.append(f"time        {name}: want {label['startsAt']} got {got}")
        got_fields = {
            "company": company_key(found.company) if found.company else None,
            "kind": found.kind,
            "meetingUrl": found.meeting_url,
            "durationMinutes": found.duration_minutes,
            "event": found.event,
        }
        got_fields["role"] = found.role
        for key, want_raw in ((k, label.get(k)) for k in fields):
            if key == "role" and "role" not in label:
                continue  # roles are labelled on part of the set only
            want = company_key(want_raw) if key == "company" and want_raw else want_raw
            fields[key][1] += 1
            same = role_matches(want, found.role) if key == "role" else want == got_fields[key]
            if same:
                fields[key][0] += 1
            elif verbose:
                mistakes.append(f"{key:<11} {name}: want {want!r} got {got_fields[key]!r}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    durations.sort()
    result = {
        "emails": len(labels),
        "positives": sum(1 for v in labels.values() if v["isInterview"]),
        "negatives": sum(1 for v in labels.values() if not v["isInterview"]),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if tp else 0.0,
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "timeAccuracy": round(time_ok / time_total, 3) if time_total else None,
        "timeAccuracyWhereTimeStated": round(timed_ok / timed_total, 3) if timed_total else None,
        "fieldAccuracy": {k: round(v[0] / v[1], 3) if v[1] else None for k, v in fields.items()},
        "accuracyByLanguage": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_language.items())},
        "medianDetectionMs": round(statistics.median(durations), 2),
        "p95DetectionMs": round(durations[int(len(durations) * 0.95)], 2),
        "maxDetectionMs": round(durations[-1], 2),
        "targetMedianMs": 20,
    }
    if verbose:
        print("\n".join(mistakes), file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every mistake on stderr")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    labels = load_labels()
    result: dict[str, Any] = {"all": evaluate(labels, args.verbose)}
    for split in sorted({v.get("split", "dev") for v in labels.values()}):
        subset = {k: v for k, v in labels.items() if v.get("split", "dev") == split}
        result[split] = evaluate(subset)
    print(json.dumps(result, indent=2))
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        current = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
        current["detection"] = result
        RESULTS.write_text(json.dumps(current, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
