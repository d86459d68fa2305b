"""The resume skills corpus: the blind split stays frozen and every label is well formed."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.corpora.frozen import split_digest

ROOT = Path(__file__).resolve().parents[2] / "corpora" / "resumes"
LABELS = ROOT / "labels.jsonl"
SPLITS = ("blind", "dev")
REASONS = {
    "employer-industry",
    "company-description",
    "coursework",
    "education-only",
    "other-sense",
    "team-not-person",
    "product-domain",
    "hobby",
    "aspiration",
    "not-a-skill",
    "negated",
}
SENIORITY = {"student", "entry", "mid", "senior", "lead", "director"}
REQUIRED = {"file", "split", "occupation", "language", "skills", "traps"}
OPTIONAL = {"seniority", "career_changer", "contact"}
CONTACT_KEYS = {"name", "email", "phone", "location"}
# Occupations counted as technology for the "at least half non-tech" rule.
TECH = {
    "software engineer",
    "devops engineer",
    "data analyst",
    "data engineer",
    "data scientist",
    "machine learning engineer",
    "product manager",
    "qa engineer",
    "it support",
    "security analyst",
    "ux designer",
}


def _records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line]


def _lines(record: dict[str, Any]) -> set[str]:
    text = (ROOT / record["file"]).read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip()}


RECORDS = _records()


def test_blind_split_is_frozen() -> None:
    expected = (ROOT / "blind.sha256").read_text(encoding="utf-8").split()[0]
    assert split_digest(ROOT, "blind", ".txt") == expected, (
        "the blind split or its labels changed; the blind split is frozen"
    )


def test_the_digest_sees_a_one_byte_change(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    (corpus / "blind").mkdir(parents=True)
    resume = corpus / "blind" / "a.txt"
    resume.write_text("Skills: Welding\n", encoding="utf-8")
    labels = corpus / "labels.jsonl"
    line = {"file": "blind/a.txt", "split": "blind"}
    other = {"file": "dev/b.txt", "split": "dev"}
    labels.write_text(json.dumps(line) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    before = split_digest(corpus, "blind", ".txt")
    labels.write_text(json.dumps(other) + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    assert split_digest(corpus, "blind", ".txt") == before, "order of label lines must not matter"
    labels.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert split_digest(corpus, "blind", ".txt") == before, "other splits must not matter"
    resume.write_text("Skills: Welding.\n", encoding="utf-8")
    assert split_digest(corpus, "blind", ".txt") != before
    resume.write_text("Skills: Welding\n", encoding="utf-8")
    (corpus / "blind" / "b.txt").write_text("", encoding="utf-8")
    assert split_digest(corpus, "blind", ".txt") != before


def test_every_resume_has_exactly_one_label_line() -> None:
    on_disk = {f"{split}/{p.name}" for split in SPLITS for p in (ROOT / split).glob("*.txt")}
    labelled = Counter(r["file"] for r in RECORDS)
    assert [f for f, n in labelled.items() if n > 1] == []
    assert set(labelled) == on_disk
    assert [r["file"] for r in RECORDS] == sorted(r["file"] for r in RECORDS)


@pytest.mark.parametrize("record", RECORDS, ids=[r["file"] for r in RECORDS])
def test_label_line_is_valid(record: dict[str, Any]) -> None:
    keys = set(record)
    assert keys >= REQUIRED, f"missing {REQUIRED - keys}"
    assert keys <= REQUIRED | OPTIONAL, f"unknown {keys - REQUIRED - OPTIONAL}"
    assert record["split"] in SPLITS
    assert record["file"].startswith(record["split"] + "/")
    assert record["file"].endswith(".txt")
    assert re.fullmatch(r"[a-z][a-z ]+[a-z]", record["occupation"])
    assert re.fullmatch(r"[a-z]{2}", record["language"])
    if "seniority" in record:
        assert record["seniority"] in SENIORITY
    if "career_changer" in record:
        assert isinstance(record["career_changer"], bool)
    text = (ROOT / record["file"]).read_text(encoding="utf-8")
    if "contact" in record:
        contact = record["contact"]
        assert set(contact) <= CONTACT_KEYS
        assert all(isinstance(v, str) and v for v in contact.values())
        if "email" in contact:
            assert contact["email"] in text
    lines = _lines(record)

    names: list[str] = []
    for skill in record["skills"]:
        assert set(skill) == {"name", "evidence"}
        assert isinstance(skill["name"], str) and skill["name"].strip() == skill["name"] != ""
        assert skill["evidence"] in lines, f"evidence is not a line of the resume: {skill}"
        names.append(skill["name"].casefold())
    assert record["skills"], "every resume shows some skill"
    assert [n for n, c in Counter(names).items() if c > 1] == [], "a skill is listed twice"

    by_line: dict[str, set[str]] = {}
    for skill in record["skills"]:
        by_line.setdefault(skill["evidence"], set()).add(skill["name"].casefold())
    for trap in record["traps"]:
        assert {"term", "line", "reason"} <= set(trap) <= {"term", "line", "reason", "naive"}
        assert trap["reason"] in REASONS, trap
        assert trap["line"] in lines, f"trap line is not a line of the resume: {trap}"
        assert trap["term"] and trap["term"] in trap["line"], trap
        claimed = {trap["term"].casefold(), trap.get("naive", "").casefold()}
        assert not claimed & by_line.get(trap["line"], set()), (
            f"{trap['term']!r} is both a skill and a trap on the same line"
        )


def test_corpus_size_and_spread() -> None:
    blind = [r for r in RECORDS if r["split"] == "blind"]
    dev = [r for r in RECORDS if r["split"] == "dev"]
    occupations = Counter(r["occupation"] for r in RECORDS)
    assert len(RECORDS) >= 75
    assert len(occupations) >= 18
    non_tech = sum(n for occupation, n in occupations.items() if occupation not in TECH)
    assert non_tech * 2 >= len(RECORDS)
    assert sum(1 for r in RECORDS if r["language"] != "en") >= 3
    assert len(blind) >= 28
    blind_occupations = {r["occupation"] for r in blind}
    assert len(blind_occupations) >= 12
    assert blind_occupations - {r["occupation"] for r in dev}, "blind has occupations dev lacks"
    assert all(r["traps"] for r in RECORDS if r["language"] == "en"), "every resume plants traps"
