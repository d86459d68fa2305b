"""Figures for the email classifier and extractor against labelled cases: precision, recall and
F1 per class, interview detection, start-time exactness, company, role and kind accuracy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bench.email.corpus import INTERVIEW, Case
from core.email.company import company_key
from core.email.detect import Detection
from core.email.model import CATEGORIES


@dataclass
class Outcome:
    case: Case
    found: Detection


def same_instant(want: str | None, got: datetime | None) -> bool:
    if want is None or got is None:
        return want is None and got is None
    return datetime.fromisoformat(want) == got


def role_key(role: str) -> str:
    return " ".join(role.casefold().replace("–", "-").split())


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": tp + fn}


def score(outcomes: Iterable[Outcome]) -> tuple[dict[str, Any], list[str]]:
    """The figures, and one line per mistake (for the developer's eyes, on dev only)."""
    rows = list(outcomes)
    mistakes: list[str] = []
    per_class: dict[str, dict[str, Any]] = {}
    for cat in CATEGORIES:
        tp = sum(1 for o in rows if o.case.category == cat and o.found.category == cat)
        fp = sum(1 for o in rows if o.case.category != cat and o.found.category == cat)
        fn = sum(1 for o in rows if o.case.category == cat and o.found.category != cat)
        per_class[cat] = _prf(tp, fp, fn)
    for o in rows:
        if o.case.category != o.found.category:
            mistakes.append(
                f"category {o.case.file}: want {o.case.category} got {o.found.category}"
            )

    def interview(cat: str) -> bool:
        return cat in INTERVIEW

    tp = sum(1 for o in rows if interview(o.case.category) and interview(o.found.category))
    fp = sum(1 for o in rows if not interview(o.case.category) and interview(o.found.category))
    fn = sum(1 for o in rows if interview(o.case.category) and not interview(o.found.category))
    detection = _prf(tp, fp, fn)
    detection["confusion"] = {"tp": tp, "fp": fp, "fn": fn, "tn": len(rows) - tp - fp - fn}

    # Facts are scored where both agree the mail is about an interview session (timed classes).
    timed = {*INTERVIEW, "interview_cancelled"}
    both = [o for o in rows if o.case.category in timed and o.found.category in timed]
    fields = {"startsAt": [0, 0], "company": [0, 0], "role": [0, 0], "kind": [0, 0]}
    for o in both:
        label, found = o.case.label, o.found
        checks = {
            "startsAt": same_instant(label["startsAt"], found.starts_at),
            "company": (company_key(label["company"]) if label["company"] else None)
            == (company_key(found.company) if found.company else None),
            "role": (role_key(label["role"]) if label["role"] else None)
            == (role_key(found.role) if found.role else None),
            "kind": label["kind"] == found.kind,
        }
        got = {
            "startsAt": found.starts_at.isoformat() if found.starts_at else None,
            "company": found.company,
            "role": found.role,
            "kind": found.kind,
        }
        for key, ok in checks.items():
            fields[key][1] += 1
            fields[key][0] += ok
            if not ok:
                mistakes.append(f"{key:<8} {o.case.file}: want {label[key]!r} got {got[key]!r}")
    accuracy = {k: round(v[0] / v[1], 3) if v[1] else None for k, v in fields.items()}
    correct = sum(1 for o in rows if o.case.category == o.found.category)
    return {
        "emails": len(rows),
        "accuracy": round(correct / len(rows), 3) if rows else None,
        "interviews": detection,
        "perClass": per_class,
        "facts": {"scoredOn": len(both), **accuracy},
    }, mistakes
