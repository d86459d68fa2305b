"""Resume upload, text extraction and analysis."""

from __future__ import annotations

from datetime import date
from typing import Any


def analyze_text(
    text: str, *, target_role: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """The local analysis of resume text that is already extracted, as its camelCase item:
    the form the job matcher reads."""
    from core.resume.detect import FileKind
    from core.resume.extract import Extracted, clean_text
    from core.resume.pipeline import analyze_extracted, target_for_role

    extracted = Extracted(clean_text(text), FileKind.TXT)
    analysis = analyze_extracted(extracted, target=target_for_role(target_role), today=today)
    return analysis.to_item()
