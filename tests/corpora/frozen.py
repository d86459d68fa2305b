"""One SHA-256 over a corpus split, so that any edit to a frozen split shows.

The digest covers, in this order:

1. every file directly inside ``<folder>/<split>/``, sorted by file name (code-point order);
   for each: ``b"file " + name + b" " + str(len(data)) + b"\\n"`` and then the file's bytes;
2. every line of the labels file whose JSON has ``"split": <split>``, as raw bytes without its
   line ending, sorted bytewise; for each: ``b"label " + line + b"\\n"``.

Lengths and prefixes keep the boundaries unambiguous; sorting makes the digest independent of the
order in which label lines of other splits are appended.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def split_digest(folder: Path | str, labels_path: Path | str, split: str) -> str:
    digest = hashlib.sha256()
    for path in sorted((Path(folder) / split).iterdir(), key=lambda p: p.name):
        if path.is_file():
            data = path.read_bytes()
            digest.update(f"file {path.name} {len(data)}\n".encode())
            digest.update(data)
    lines = [
        raw
        for raw in Path(labels_path).read_bytes().splitlines()
        if raw.strip() and json.loads(raw).get("split") == split
    ]
    for raw in sorted(lines):
        digest.update(b"label " + raw + b"\n")
    return digest.hexdigest()


if __name__ == "__main__":
    # python -m tests.corpora.frozen corpora/resumes corpora/resumes/labels.jsonl blind
    print(split_digest(sys.argv[1], sys.argv[2], sys.argv[3]))
