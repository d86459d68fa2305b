"""The labelled email corpus: its frozen blind split, its label schema, its MIME and its size."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.corpora.frozen import split_digest

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "email"

FIELDS = {
    "file",
    "split",
    "category",
    "isInterview",
    "company",
    "role",
    "startsAt",
    "timezone",
    "kind",
    "language",
    "template",
    "hardNegative",
    "threadOf",
    "recipientRole",
    "notes",
}
INTERVIEW = {"interview_invitation", "interview_scheduled", "interview_rescheduled"}
TIMED = INTERVIEW | {"interview_cancelled"}
STATUSES = {"rejection", "assessment", "offer", "application_received"}
CATEGORIES = TIMED | STATUSES | {"other"}
KINDS = {"phone", "video", "onsite", "unknown"}
RECIPIENTS = {"candidate", "interviewer", "other"}
IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
MESSAGE_ID = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")


@pytest.fixture(scope="module")
def labels() -> list[dict[str, Any]]:
    lines = (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def messages(labels: list[dict[str, Any]]) -> dict[str, EmailMessage]:
    parser = BytesParser(policy=policy.default)
    parsed: dict[str, EmailMessage] = {}
    for row in labels:
        msg = parser.parsebytes((CORPUS / row["file"]).read_bytes())
        assert isinstance(msg, EmailMessage)
        parsed[row["file"]] = msg
    return parsed


def test_blind_split_matches_its_frozen_digest() -> None:
    expected = (CORPUS / "blind.sha256").read_text(encoding="utf-8").split()[0]
    assert split_digest(CORPUS, "blind", ".eml") == expected


def test_every_email_file_has_exactly_one_label(labels: list[dict[str, Any]]) -> None:
    on_disk = sorted(
        f"{split}/{p.name}" for split in ("blind", "dev") for p in (CORPUS / split).glob("*.eml")
    )
    labelled = [row["file"] for row in labels]
    assert len(labelled) == len(set(labelled))
    assert sorted(labelled) == on_disk


def _optional_text(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == value and value != "")


def test_label_lines_follow_the_schema(labels: list[dict[str, Any]]) -> None:
    files = {row["file"]: row for row in labels}
    for row in labels:
        where = row.get("file")
        assert set(row) == FIELDS, where
        assert row["split"] in ("blind", "dev"), where
        assert row["file"] == f"{row['split']}/{Path(row['file']).name}", where
        assert row["category"] in CATEGORIES, where
        assert row["isInterview"] is (row["category"] in INTERVIEW), where
        assert row["kind"] in KINDS, where
        assert row["recipientRole"] in RECIPIENTS, where
        assert isinstance(row["language"], str) and re.fullmatch(r"[a-z]{2}", row["language"])
        assert isinstance(row["template"], str) and IDENT.match(row["template"]), where
        for key in ("company", "role", "notes"):
            assert _optional_text(row[key]), (where, key)
        if row["hardNegative"] is not None:
            assert row["category"] == "other", where
            assert IDENT.match(row["hardNegative"]), where
        if row["category"] not in TIMED:
            assert row["kind"] == "unknown", where
            assert row["startsAt"] is None, where
        if row["category"] == "interview_scheduled":
            assert row["startsAt"] is not None, where
        if row["startsAt"] is not None:
            starts = datetime.fromisoformat(row["startsAt"])
            assert starts.utcoffset() is not None, where
            assert row["timezone"] is not None, where
        if row["timezone"] is not None:
            zone = ZoneInfo(row["timezone"])
            if row["startsAt"] is not None:
                # The offset written in startsAt is the zone's offset at that instant.
                assert starts.astimezone(zone).utcoffset() == starts.utcoffset(), where
        if row["threadOf"] is not None:
            parent = files.get(row["threadOf"])
            assert parent is not None, where
            assert parent["split"] == row["split"] and row["threadOf"] != row["file"], where


def test_every_email_parses_with_date_and_message_id(
    labels: list[dict[str, Any]], messages: dict[str, EmailMessage]
) -> None:
    for row in labels:
        msg = messages[row["file"]]
        where = row["file"]
        assert msg["Date"] is not None and msg["Date"].datetime.tzinfo is not None, where
        assert MESSAGE_ID.match(str(msg["Message-ID"])), where
        assert msg["From"] and msg["Subject"] and msg["To"], where
        for part in msg.walk():
            assert not part.defects, (where, part.get_content_type(), part.defects)
            if part.get_content_maintype() == "text":
                assert part.get_content().strip(), where
        if row["category"] in {"interview_scheduled", "interview_rescheduled"} and row["startsAt"]:
            assert datetime.fromisoformat(row["startsAt"]) > msg["Date"].datetime, where


def test_replies_point_at_their_parent(
    labels: list[dict[str, Any]], messages: dict[str, EmailMessage]
) -> None:
    for row in labels:
        if row["threadOf"] is None:
            continue
        msg, parent = messages[row["file"]], messages[row["threadOf"]]
        assert msg["In-Reply-To"], row["file"]
        assert str(parent["Message-ID"]) in str(msg["References"]).split(), row["file"]
        assert msg["Date"].datetime > parent["Date"].datetime, row["file"]
        assert re.match(r"(?i)(re|aw)\s?:", str(msg["Subject"])), row["file"]


def test_calendar_parts_carry_a_method_and_a_start(messages: dict[str, EmailMessage]) -> None:
    seen = Counter()
    for where, msg in messages.items():
        for part in msg.walk():
            if part.get_content_type() not in ("text/calendar", "application/ics"):
                continue
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes), where
            text = payload.decode("utf-8").replace("\r\n ", "")
            method = re.search(r"^METHOD:(\w+)\r?$", text, re.M)
            assert method and method.group(1) in {"REQUEST", "CANCEL", "PUBLISH"}, where
            assert re.search(r"^DTSTART[;:]", text, re.M), where
            assert re.search(r"^ORGANIZER", text, re.M), where
            seen[method.group(1)] += 1
    assert seen["REQUEST"] >= 40 and seen["CANCEL"] >= 5


def _threads(rows: list[dict[str, Any]]) -> list[list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["threadOf"]:
            children[row["threadOf"]].append(row["file"])
    roots = [row["file"] for row in rows if not row["threadOf"] and row["file"] in children]
    chains = []
    for root in roots:
        chain, todo = [], [root]
        while todo:
            node = todo.pop()
            chain.append(node)
            todo.extend(children[node])
        chains.append(chain)
    return chains


def test_corpus_size_and_variety(labels: list[dict[str, Any]]) -> None:
    blind = [row for row in labels if row["split"] == "blind"]
    dev = [row for row in labels if row["split"] == "dev"]
    assert len(labels) >= 420
    assert len(blind) >= 130

    templates = Counter(row["template"] for row in labels)
    assert len(templates) >= 25
    blind_only = {r["template"] for r in blind} - {r["template"] for r in dev}
    assert len(blind_only) >= 5

    languages = Counter(row["language"] for row in labels)
    assert len(languages) >= 5 and languages.most_common(1)[0][0] == "en"
    for language in set(languages) - {"en"}:
        rows = [row for row in labels if row["language"] == language]
        assert len(rows) >= 10, language
        categories = {row["category"] for row in rows}
        assert {"other", "rejection", "offer"} <= categories, language

    def group(category: str) -> str:
        return "interview" if category in TIMED else "status" if category in STATUSES else "other"

    share = Counter(group(row["category"]) for row in labels)
    assert 0.30 <= share["interview"] / len(labels) <= 0.45
    assert 0.20 <= share["status"] / len(labels) <= 0.30
    assert 0.33 <= share["other"] / len(labels) <= 0.45
    for split_rows in (blind, dev):
        assert {row["category"] for row in split_rows} == CATEGORIES

    chains = _threads(labels)
    assert len(chains) >= 15
    assert all(2 <= len(chain) <= 3 for chain in chains)
    assert len({row["hardNegative"] for row in labels if row["hardNegative"]}) >= 12
