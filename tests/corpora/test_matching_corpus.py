"""The graded matching corpus: the blind split is unchanged since it was frozen, every pair in
each split is graded 0-3, and every posting loads with the importer `career-agent jobs import`
uses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.jobs.importer import parse_file
from tests.corpora.frozen_matching import CORPUS, blind_sha256, recorded_sha256

# Repeated here on purpose: changing the blind split needs this line and blind.sha256 changed
# together, in plain sight in a review.
FROZEN_BLIND_SHA256 = "5a9c8a5b4cead4194e17c8bd11790fde1c25ff65e2063b56584a84eea7c7f7b2"

SPLITS = ("blind", "dev")
MINIMUM = {"blind": (14, 28), "dev": (28, 56)}  # (resumes, postings)


def resume_names(split: str) -> list[str]:
    return sorted(p.name for p in (CORPUS / "resumes" / split).iterdir() if p.is_file())


def posting_records(split: str) -> list[dict]:
    text = (CORPUS / "postings" / f"{split}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def grades(split: str) -> dict[str, dict[str, int]]:
    return json.loads((CORPUS / "grades" / f"{split}.json").read_text(encoding="utf-8"))


def test_blind_split_is_unchanged_since_frozen() -> None:
    assert recorded_sha256() == FROZEN_BLIND_SHA256
    assert blind_sha256() == FROZEN_BLIND_SHA256, (
        "the blind split changed after it was frozen; it must not be edited"
    )
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert f"Blind hash: `{FROZEN_BLIND_SHA256}`" in readme


@pytest.mark.parametrize(
    "change",
    ["resume bytes", "resume name", "extra resume", "posting", "grade"],
)
def test_the_hash_sees_every_kind_of_change(tmp_path: Path, change: str) -> None:
    root = tmp_path / "matching"
    for part in ("resumes/blind", "postings", "grades"):
        shutil.copytree(CORPUS / part, root / part)
    before = blind_sha256(root)
    resumes = root / "resumes" / "blind"
    first = resumes / resume_names("blind")[0]
    if change == "resume bytes":
        first.write_bytes(first.read_bytes().replace(b"\n", b"\n ", 1))
    elif change == "resume name":
        first.rename(resumes / ("z" + first.name))
    elif change == "extra resume":
        (resumes / "zz.txt").write_text("Another person\n", encoding="utf-8")
    elif change == "posting":
        postings = root / "postings" / "blind.jsonl"
        postings.write_bytes(postings.read_bytes().replace(b"Senior", b"Junior", 1))
    else:
        path = root / "grades" / "blind.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        resume = next(iter(data))
        posting = next(iter(data[resume]))
        data[resume][posting] = 3 - data[resume][posting]
        path.write_text(json.dumps(data), encoding="utf-8")
    assert blind_sha256(root) != before


@pytest.mark.parametrize("split", SPLITS)
def test_every_pair_in_the_split_is_graded_0_to_3(split: str) -> None:
    resumes = resume_names(split)
    ids = [r["id"] for r in posting_records(split)]
    table = grades(split)
    assert sorted(table) == resumes
    for resume, row in table.items():
        assert sorted(row) == sorted(ids), resume
        for posting, grade in row.items():
            assert type(grade) is int and 0 <= grade <= 3, (resume, posting, grade)


@pytest.mark.parametrize("split", SPLITS)
def test_grades_spread_for_every_resume_and_posting(split: str) -> None:
    table = grades(split)
    for resume, row in table.items():
        values = set(row.values())
        assert max(values) >= 2 and 0 in values, resume
    for posting in next(iter(table.values())):
        assert any(row[posting] for row in table.values()), posting


@pytest.mark.parametrize("split", SPLITS)
def test_every_posting_loads_with_the_import_parser(split: str) -> None:
    path = CORPUS / "postings" / f"{split}.jsonl"
    records = posting_records(split)
    parsed = parse_file(path.read_bytes(), path.name)
    assert parsed.errors == []
    assert [p.source_id for _, p in parsed.postings] == [r["id"] for r in records]
    for (_, posting), record in zip(parsed.postings, records, strict=True):
        assert posting.title == record["title"] and posting.company == record["company"]
        assert posting.description_text or posting.description_html


@pytest.mark.parametrize("split", SPLITS)
def test_resumes_are_nonempty_utf8_text(split: str) -> None:
    for name in resume_names(split):
        assert name.endswith(".txt")
        text = (CORPUS / "resumes" / split / name).read_text(encoding="utf-8")
        assert len(text.split()) > 100, name


def test_splits_are_disjoint_and_ids_unique() -> None:
    ids = [r["id"] for split in SPLITS for r in posting_records(split)]
    assert len(ids) == len(set(ids))
    blind, dev = (set(resume_names(s)) for s in SPLITS)
    assert not blind & dev
    texts = [
        (CORPUS / "resumes" / s / n).read_bytes().strip() for s in SPLITS for n in resume_names(s)
    ]
    assert len(texts) == len(set(texts))
    descriptions = [r["description"] for s in SPLITS for r in posting_records(s)]
    assert len(descriptions) == len(set(descriptions))


def test_counts() -> None:
    for split, (min_resumes, min_postings) in MINIMUM.items():
        assert len(resume_names(split)) >= min_resumes, split
        assert len(posting_records(split)) >= min_postings, split
    assert sum(len(resume_names(s)) for s in SPLITS) >= 42
    assert sum(len(posting_records(s)) for s in SPLITS) >= 84
