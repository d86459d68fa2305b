"""Text out of PDF, DOCX and TXT resumes, in reading order, then normalised: ligatures, soft
hyphens, words hyphenated across lines and bullet glyphs. Each format has its reader
(`extract_pdf`, `extract_docx`, `extract_txt`); a PDF that is only images is read by OCR
(`extract_ocr`) when an engine is installed.

Hostile files are refused early (see the readers); `extract_text_bounded` in `sandbox`
additionally runs the extraction in a child process with a time and memory limit.
"""

from __future__ import annotations

import re
import unicodedata

from core.resume.detect import FileKind, detect_kind
from core.resume.errors import NoTextLayer, TooLittleText
from core.resume.extract_base import (
    MIN_TEXT_CHARS,
    Deadline,
    Extracted,
    ExtractionRecord,
    ExtractLimits,
    OcrInfo,
)
from core.resume.extract_docx import check_docx_archive, extract_docx
from core.resume.extract_pdf import extract_pdf, split_columns
from core.resume.extract_txt import decode_text

__all__ = [
    "ExtractLimits",
    "Extracted",
    "ExtractionRecord",
    "OcrInfo",
    "check_docx_archive",
    "clean_text",
    "extract_text",
    "split_columns",
]


def extract_text(data: bytes, limits: ExtractLimits | None = None) -> Extracted:
    """The text of a resume file, whatever its type (judged by content). Raises a
    `ResumeFileError` (or `UnsupportedFileType`) with a user-facing message."""
    limits = limits or ExtractLimits()
    kind = detect_kind(data)
    deadline = Deadline(limits.timeout_seconds)
    if kind is FileKind.PDF:
        result = extract_pdf(data, limits, deadline)
    elif kind is FileKind.DOCX:
        result = extract_docx(data, limits, deadline)
    else:
        result = Extracted(decode_text(data), FileKind.TXT)
    result.text = clean_text(result.text)
    result.header_footer_text = clean_text(result.header_footer_text)
    if len(re.sub(r"\s", "", result.text)) < MIN_TEXT_CHARS:
        if kind is not FileKind.PDF:
            raise TooLittleText()
        if limits.ocr == "off":
            raise NoTextLayer()
        from core.resume.extract_ocr import ocr_pdf

        result = ocr_pdf(data, limits)
        result.text = clean_text(result.text)
    return result


# ---- cleaning --------------------------------------------------------------------------------

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\r\n": "\n",
    "\r": "\n",
    "\x0c": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
}
_LIGATURE_RE = re.compile("|".join(re.escape(k) for k in _LIGATURES))
# Bullet glyphs, including the private-use code points symbol fonts map them to.
_BULLET_CHARS = (
    "•●▪■□◦○◆◇►▶▸➢➤➣✓✔✗❖⁃∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0\uf0f0\u25aa\u25cf"
)
_BULLET_LINE = re.compile(rf"^\s*(?:[{re.escape(_BULLET_CHARS)}]|[-*–—](?=\s))\s*")
_HYPHEN_END = re.compile(r"([A-Za-zÀ-ÿ]{2,})-\n[ \t]*([a-zà-ÿ]{2,})")
_KEEP_HYPHEN = frozenset(
    {
        "self", "well", "cross", "full", "part", "long", "short", "high", "low", "non", "co",
        "ex", "multi", "state", "data", "team", "client", "customer", "time", "cost", "award",
        "results", "detail", "goal", "fast", "hands", "end", "front", "back", "real", "year",
        "on", "off", "in", "web", "user", "cloud", "mid", "top", "open", "third", "fine",
        "post", "pre", "re", "sub", "de", "e", "x",
    }
)  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Standard-14 PDF fonts give the bullet glyph back as DEL.
_DEL_BULLET = re.compile(r"(?m)^([ \t]*)\x7f")


def clean_text(text: str) -> str:
    """Normalise extracted text: ligatures, odd spaces, soft and line-end hyphens, bullets."""
    text = _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group()], text)
    text = text.replace("\u00ad\n", "").replace("\u00ad", "")
    text = unicodedata.normalize("NFC", text)
    text = _DEL_BULLET.sub(r"\1•", text)
    text = _CONTROL.sub("", text)
    text = _HYPHEN_END.sub(_join_hyphenated, text)
    lines = []
    for line in text.split("\n"):
        line = line.replace("\t", "   ").rstrip()
        if _BULLET_LINE.match(line):
            rest = _BULLET_LINE.sub("", line, count=1)
            line = f"• {rest}" if rest else ""
        lines.append(line)
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


def _join_hyphenated(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if left.lower() in _KEEP_HYPHEN:
        return f"{left}-{right}"
    return f"{left}{right}"
