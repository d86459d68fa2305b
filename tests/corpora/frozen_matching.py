"""The matching corpus's blind split is frozen by one SHA-256 over its files, so any edit to a
blind resume, posting or grade after the freeze shows up as a changed hash.

Recipe (also in corpora/matching/README.md): for each file, in order (the blind resumes sorted
by file name, then postings/blind.jsonl, then grades/blind.json), feed the hash its path
relative to corpora/matching (UTF-8, "/" separators), a newline, its length in bytes as decimal
digits, a newline, then its bytes.

    python -m tests.corpora.frozen_matching    # prints the hash of the working tree
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "matching"
HASH_FILE = "blind.sha256"


def blind_files(root: Path = CORPUS) -> list[str]:
    """The frozen files, relative to the corpus root, in hashing order."""
    resumes = sorted(p.name for p in (root / "resumes" / "blind").iterdir() if p.is_file())
    return [f"resumes/blind/{name}" for name in resumes] + [
        "postings/blind.jsonl",
        "grades/blind.json",
    ]


def blind_sha256(root: Path = CORPUS) -> str:
    digest = hashlib.sha256()
    for rel in blind_files(root):
        data = (root / rel).read_bytes()
        digest.update(f"{rel}\n{len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def recorded_sha256(root: Path = CORPUS) -> str:
    """The hash written when the blind split was frozen."""
    return (root / HASH_FILE).read_text(encoding="ascii").split()[0]


if __name__ == "__main__":
    print(blind_sha256())
