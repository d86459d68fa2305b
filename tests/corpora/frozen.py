"""The digest that freezes a corpus's blind split.

A corpus folder holds one sub-folder per split and a `labels.jsonl` whose lines carry a `split`
field. The digest of a split covers its files (sorted by name: name, byte length, bytes) and its
label lines (the raw lines, sorted), so changing, adding, removing or relabelling any blind case
changes it. The recipe is written out in each corpus's README.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path


def frozen_digest(files: Mapping[str, bytes], label_lines: Iterable[str]) -> str:
    """SHA-256 hex over the files (name → bytes) and the label lines of one split."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(f"{name}\n{len(data)}\n".encode())
        digest.update(data)
    for line in sorted(label_lines):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def split_label_lines(labels_text: str, split: str) -> list[str]:
    """The raw lines of a labels.jsonl text whose `split` field equals `split`."""
    return [
        line
        for line in labels_text.splitlines()
        if line.strip() and json.loads(line).get("split") == split
    ]


def split_digest(corpus: Path, split: str, suffix: str = "") -> str:
    """The digest of a split on disk: `corpus/<split>/*<suffix>` and `corpus/labels.jsonl`."""
    files = {p.name: p.read_bytes() for p in (corpus / split).iterdir() if p.name.endswith(suffix)}
    lines = split_label_lines((corpus / "labels.jsonl").read_text(encoding="utf-8"), split)
    return frozen_digest(files, lines)


if __name__ == "__main__":
    # python -m tests.corpora.frozen corpora/resumes blind .txt
    print(split_digest(Path(sys.argv[1]), sys.argv[2], *sys.argv[3:4]))
