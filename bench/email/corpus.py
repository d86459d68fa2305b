"""The labelled email corpus (corpora/email), one split at a time.

The blind split is a frozen exam: it is read only when asked for by name, and only by the
blind benchmark run, once, after all tuning is committed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora" / "email"
INTERVIEW = ("interview_invitation", "interview_scheduled", "interview_rescheduled")


@dataclass(frozen=True)
class Case:
    file: str
    raw: bytes
    label: dict[str, Any]

    @property
    def category(self) -> str:
        return str(self.label["category"])

    @property
    def thread(self) -> str:
        """Replies stay in their first message's fold, so no thread leaks across folds."""
        return str(self.label.get("threadOf") or self.file)


def load(split: str, corpus: Path = CORPUS) -> list[Case]:
    """Every case of one split, in file order."""
    if split not in ("dev", "blind"):
        raise ValueError(f"unknown split {split!r}")
    cases: list[Case] = []
    for line in (corpus / "labels.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        if label["split"] != split:
            continue
        cases.append(Case(label["file"], (corpus / label["file"]).read_bytes(), label))
    return cases
