"""Skill extraction against the hand-labelled resume corpus (corpora/resumes): precision and
recall of the skills the local analyser reports, beside the plain vocabulary matcher it
replaced, plus contact details and the time an analysis takes.

The dev split is the default. The blind split is a frozen exam: it is read only with
`--blind`, and is meant to be run once, after all tuning is committed.

Run: `uv run python -m bench.resume.bench_skills [--blind]`; writes `skills.dev` or
`skills.blind` in bench/results/resume.json.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.resume.bench_extract import write_section
from bench.support import split_from_args
from core.clock import iso
from core.resume import analyze_text
from core.skills.taxonomy import canonical, extract_skills, normalise

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "resumes"
RESULTS = Path(__file__).resolve().parents[1] / "results" / "resume.json"
TODAY = date(2026, 6, 1)


@dataclass(frozen=True)
class LabelledResume:
    file: str
    occupation: str
    language: str
    text: str
    skills: dict[str, str]  # key -> labelled evidence line
    names: dict[str, str]  # key -> labelled name
    contact: dict[str, str]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    by_language: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, language: str, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        counts = self.by_language.setdefault(language, Counter())
        counts.update({"tp": tp, "fp": fp, "fn": fn})

    def figures(self) -> dict[str, Any]:
        return {
            **_prf(self.tp, self.fp, self.fn),
            "counts": {"tp": self.tp, "fp": self.fp, "fn": self.fn},
        }


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def key(name: str) -> str:
    """Labels and predictions compare by canonical name when the vocabulary has one."""
    return normalise(canonical(name) or name)


def load(split: str) -> list[LabelledResume]:
    """The labelled resumes of one split. Lines of the other split are skipped unparsed."""
    marker = f'"split": "{split}"'
    out: list[LabelledResume] = []
    for line in (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if marker not in line:
            continue
        record = json.loads(line)
        if record["split"] != split:
            continue
        skills = {key(s["name"]): s["evidence"] for s in record["skills"]}
        names = {key(s["name"]): s["name"] for s in record["skills"]}
        out.append(
            LabelledResume(
                file=record["file"],
                occupation=record["occupation"],
                language=record["language"],
                text=(CORPUS / record["file"]).read_text(encoding="utf-8"),
                skills=skills,
                names=names,
                contact=record.get("contact") or {},
            )
        )
    return out


def _contact_matches(found: dict[str, Any], wanted: dict[str, str]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for field_name in ("name", "email", "phone", "location"):
        if field_name in wanted:
            got = str(found.get(field_name) or "").strip().lower()
            out[field_name] = got == wanted[field_name].strip().lower()
    return out


def evaluate(resumes: list[LabelledResume]) -> dict[str, Any]:
    ours, baseline = Tally(), Tally()
    evidence_same = evidence_total = 0
    contact: Counter[str] = Counter()
    contact_total: Counter[str] = Counter()
    times: list[float] = []
    per_resume: list[dict[str, Any]] = []
    for resume in resumes:
        started = time.perf_counter()
        result = analyze_text(resume.text, today=TODAY)
        times.append(time.perf_counter() - started)
        found = {key(s["name"]): s["evidence"] for s in result["skillEvidence"]}
        gold = set(resume.skills)
        tp = len(gold & set(found))
        ours.add(resume.language, tp, len(set(found) - gold), len(gold - set(found)))
        plain = {key(s) for s in extract_skills(resume.text)}
        baseline.add(resume.language, len(gold & plain), len(plain - gold), len(gold - plain))
        for k in gold & set(found):
            evidence_total += 1
            evidence_same += found[k].strip() == resume.skills[k].strip()
        for field_name, ok in _contact_matches(result["contact"], resume.contact).items():
            contact_total[field_name] += 1
            contact[field_name] += ok
        per_resume.append(
            {
                "file": resume.file,
                **_prf(tp, len(set(found) - gold), len(gold - set(found))),
            }
        )
    languages = {
        lang: _prf(c["tp"], c["fp"], c["fn"]) for lang, c in sorted(ours.by_language.items())
    }
    return {
        "resumes": len(resumes),
        "occupations": len({r.occupation for r in resumes}),
        "labels": sum(len(r.skills) for r in resumes),
        "contextual": ours.figures(),
        "plainVocabularyBaseline": baseline.figures(),
        "byLanguage": languages,
        "evidenceSameLineAsLabel": round(evidence_same / evidence_total, 4)
        if evidence_total
        else None,
        "contactAccuracy": {
            f: round(contact[f] / contact_total[f], 4) for f in sorted(contact_total)
        },
        "worstResumes": sorted(per_resume, key=lambda r: r["f1"])[:5],
        "analysisMs": {
            "median": round(statistics.median(times) * 1000, 1),
            "p95": round(sorted(times)[int(0.95 * (len(times) - 1))] * 1000, 1),
            "max": round(max(times) * 1000, 1),
        },
    }


def main() -> None:
    split = split_from_args(__doc__.split("\n\n")[0])
    resumes = load(split)
    analyze_text(resumes[0].text, today=TODAY)  # warm the vocabulary and the rules
    figures = {"split": split, **evaluate(resumes), "measuredAt": iso()}
    current = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    section = current.get("skills") or {}
    section[split] = figures
    write_section("skills", section)
    print(json.dumps({k: v for k, v in figures.items() if k != "worstResumes"}, indent=2))


if __name__ == "__main__":
    main()
