"""A resume file as scoring input: its text and an analysis (skills, years, titles, place).

The resume feature owns extraction and analysis; this module calls it when it is installed and
otherwise reads the file and analyses it with a small local reader, so that `jobs score` runs
on any machine without the API, a worker or a model.
"""

from __future__ import annotations

import importlib
import re
from datetime import date
from pathlib import Path
from typing import Any

from core.errors import InvalidInput, UnsupportedMedia
from core.jobs.places import CITIES, COUNTRIES, parse_location
from core.jobs.text import fold
from core.logs import get_logger
from core.skills.taxonomy import extract_skills

log = get_logger(__name__)

MAX_RESUME_BYTES = 10 * 1024 * 1024
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DATE = r"(?:(?P<m{n}>[A-Za-z]{{3,9}})\.?\s+)?(?P<y{n}>(?:19|20)\d\d)"
_RANGE = re.compile(
    _DATE.format(n=1)
    + r"\s*(?:-|–|—|to)\s*(?:"
    + _DATE.format(n=2)
    + r"|(?P<now>present|current|now|today))",
    re.IGNORECASE,
)


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
    try:
        from core.resume.extract import extract_text
    except ImportError:
        return _fallback_text(path, data)
    return str(extract_text(data).text)


def _fallback_text(path: Path, data: bytes) -> str:
    if data.startswith(b"%PDF"):
        import io

        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, ValueError, KeyError) as exc:
            raise InvalidInput(f"{path.name} is not a readable PDF: {exc}") from None
    if data.startswith(b"PK"):
        import io

        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several unrelated types
            raise InvalidInput(f"{path.name} is not a readable .docx: {exc}") from None
        return "\n".join(p.text for p in document.paragraphs)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise UnsupportedMedia(f"{path.name}: resumes must be .pdf, .docx or text") from None
        return str(best)


def analyze_resume(text: str) -> dict[str, Any]:
    """The resume analysis (camelCase dict: skills, yearsExperience, experience, contact):
    the resume feature's local analyzer when installed, else `local_analysis`."""
    analyzer = _resume_analyzer()
    if analyzer is not None:
        try:
            result = analyzer(text)
        except Exception as exc:  # a failing analyzer must not stop scoring
            log.warning("resume_analyzer_failed", error=str(exc)[:200])
            result = None
        if hasattr(result, "to_dict"):
            result = result.to_dict()
        if isinstance(result, dict) and "skills" in result:
            result.setdefault("text", text)
            return result
    return local_analysis(text)


def _resume_analyzer() -> Any:
    for module in ("core.resume.analyze", "core.resume.analysis", "core.resume"):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        for name in ("analyze_text", "analyze_local"):
            fn = getattr(mod, name, None)
            if callable(fn):
                return fn
    return None


def local_analysis(text: str, *, today: date | None = None) -> dict[str, Any]:
    """A small, deterministic reading of a resume: enough to score jobs with."""
    today = today or date.today()
    experience: list[dict[str, Any]] = []
    spans: list[tuple[float, float]] = []
    for line in text.splitlines():
        m = _RANGE.search(line)
        if not m:
            continue
        start = _when(m.group("m1"), m.group("y1"))
        end = (
            _when(today.strftime("%b"), str(today.year))
            if m.group("now")
            else _when(m.group("m2"), m.group("y2"), end=True)
        )
        if start is None or end is None or end < start:
            continue
        spans.append((start, end))
        head = line[: m.start()].strip(" ,(|–—-")
        title = re.split(r"\s+(?:—|–|-|\||at|@)\s+|,", head, maxsplit=1)[0].strip()
        if title:
            experience.append({"title": title, "company": None, "bullets": []})
    years = round(_merged_years(spans), 1) if spans else None
    return {
        "skills": extract_skills(text),
        "yearsExperience": years,
        "experience": experience,
        "contact": {"location": _location(text)},
        "text": text,
    }


def _when(month: str | None, year: str | None, *, end: bool = False) -> float | None:
    if not year:
        return None
    m = _MONTHS.get((month or "")[:3].lower())
    if m is None:
        m = 12 if end else 1
    return int(year) + (m - 1) / 12


def _merged_years(spans: list[tuple[float, float]]) -> float:
    total = 0.0
    cur_s, cur_e = None, None
    for s, e in sorted(spans):
        if cur_e is None or s > cur_e:
            if cur_e is not None and cur_s is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None and cur_s is not None:
        total += cur_e - cur_s
    return total


def _location(text: str) -> str | None:
    for line in text.splitlines()[:6]:
        for part in re.split(r"[·•|]", line):
            part = part.strip()
            if not part or "@" in part or re.search(r"\d{3}", part):
                continue
            place = parse_location(part)
            head = fold(part.split(",")[0].strip())
            if place.country or head in CITIES or head in COUNTRIES:
                return part
    return None
