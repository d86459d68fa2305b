"""The matching corpus's blind split is frozen by one SHA-256 over its files, so any edit to a
blind resume, posting or grade after the freeze shows up as a changed hash.

Recipe (also in corpora/matching/README.md): `frozen_digest` of tests/corpora/frozen.py over
the blind resumes, postings/blind.jsonl and grades/blind.json, each named by its path relative to
corpora/matching ("/" separators), with no label lines.

    python -m tests.corpora.frozen_matching    # prints the hash of the working tree
"""

from __future__ import annotations

from pathlib import Path

from tests.corpora.frozen import frozen_digest

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
    return frozen_digest({rel: (root / rel).read_bytes() for rel in blind_files(root)}, [])


def recorded_sha256(root: Path = CORPUS) -> str:
    """The hash written when the blind split was frozen."""
    return (root / HASH_FILE).read_text(encoding="ascii").split()[0]


if __name__ == "__main__":
    print(blind_sha256())
