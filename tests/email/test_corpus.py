"""The labelled corpus: every email's decision, time and main facts.

The figures over the whole set (precision, recall, time accuracy, speed) come from
bench/email/evaluate.py; these tests keep each labelled answer from regressing.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from core.email.company import company_key
from core.email.detect import detect_bytes

CORPUS = Path(__file__).parent / "corpus"
LABELS: dict[str, dict[str, Any]] = json.loads((CORPUS / "labels.json").read_text("utf-8"))


def test_corpus_is_large_and_varied() -> None:
    assert len(LABELS) >= 40
    assert all((CORPUS / name).is_file() for name in LABELS)
    positives = [v for v in LABELS.values() if v["isInterview"]]
    negatives = [v for v in LABELS.values() if not v["isInterview"]]
    assert len(positives) >= 15 and len(negatives) >= 15
    assert {v["language"] for v in LABELS.values()} >= {"en", "de", "fr", "es"}
    formats = " ".join(v["format"] for v in LABELS.values())
    for kind in ("text/html", "text/calendar", "base64", "quoted-printable", "forward"):
        assert kind in formats


@pytest.mark.parametrize("name", sorted(LABELS))
def test_labelled_email(name: str) -> None:
    label = LABELS[name]
    found = detect_bytes((CORPUS / name).read_bytes())
    assert found.is_interview == label["isInterview"], found.reasons
    if not label["isInterview"]:
        assert found.to_json()["interview"] is None
        return
    want = label["startsAt"]
    if want is None:
        assert found.starts_at is None
    else:
        assert found.starts_at == datetime.fromisoformat(want)
    assert found.event == label["event"]
    assert found.company and company_key(found.company) == company_key(label["company"])
    assert found.kind == label["kind"]
    assert found.meeting_url == label["meetingUrl"]
    assert found.duration_minutes == label["durationMinutes"]
    # A role is the title as posted, without the gender marker German postings add ("(m/w/d)").
    assert found.role == label["role"]
