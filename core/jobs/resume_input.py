"""A resume file as scoring input: its text and its local analysis (skills, years, titles,
place), so that `jobs score` runs on any machine without the API, a worker or a model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import InvalidInput
from core.resume import analyze_text
from core.resume.extract import extract_text

MAX_RESUME_BYTES = 10 * 1024 * 1024


def read_resume_text(path: Path) -> str:
    """Plain text of a .pdf/.docx/.txt resume (judged by content, not by name). Raises a
    DomainError (InvalidInput, UnsupportedMedia, PayloadTooLarge) with a one-line reason."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    if path.stat().st_size > MAX_RESUME_BYTES:
        raise InvalidInput(f"{path.name} is larger than {MAX_RESUME_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    if not data.strip():
        raise InvalidInput(f"{path.name} is empty")
    return str(extract_text(data).text)


def analyze_resume(text: str) -> dict[str, Any]:
    """The resume analysis (camelCase dict: skills, yearsExperience, experience, contact, text)."""
    result = analyze_text(text)
    result.setdefault("text", text)
    return result
