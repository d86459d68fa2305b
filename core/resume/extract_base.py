"""What every resume format's reader shares: the limits a file is read under, the result, and
a cooperative deadline."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from core.resume.detect import FileKind
from core.resume.errors import ExtractionTimeout

MIN_TEXT_CHARS = 40


@dataclass(frozen=True)
class ExtractLimits:
    max_pages: int = 20
    timeout_seconds: float = 8.0
    max_uncompressed_bytes: int = 40 * 1024 * 1024
    max_compression_ratio: int = 100
    max_archive_members: int = 2000
    memory_bytes: int = 500 * 1024 * 1024
    # Reading a scanned PDF: "auto" (the first engine installed), an engine's name, or "off";
    # it runs under its own, longer deadline, a page cap and a larger memory budget.
    ocr: str = "auto"
    ocr_timeout_seconds: float = 60.0
    ocr_max_pages: int = 4
    ocr_memory_bytes: int = 1536 * 1024 * 1024


@dataclass(frozen=True)
class OcrInfo:
    """How the text of a scanned PDF was read."""

    engine: str
    confidence: float  # 0..1, the engine's own confidence, weighted by the text it read
    pages: int  # pages read by OCR

    def to_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "confidence": self.confidence, "pages": self.pages}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> OcrInfo | None:
        if not data:
            return None
        return cls(str(data["engine"]), float(data["confidence"]), int(data["pages"]))


@dataclass
class Extracted:
    text: str
    kind: FileKind
    pages: int = 1
    links: list[str] = field(default_factory=list)
    # Layout traits an ATS may stumble on: "columns", "layout_table", "header_footer", "textbox"
    features: list[str] = field(default_factory=list)
    # Text found only in page headers/footers (DOCX), which some ATS skip
    header_footer_text: str = ""
    ocr: OcrInfo | None = None  # set when the text was read from page images

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind.value,
            "pages": self.pages,
            "links": self.links,
            "features": self.features,
            "headerFooterText": self.header_footer_text,
            "ocr": self.ocr.to_dict() if self.ocr else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extracted:
        return cls(
            data["text"],
            FileKind(data["kind"]),
            data.get("pages", 1),
            list(data.get("links", [])),
            list(data.get("features", [])),
            data.get("headerFooterText", ""),
            OcrInfo.from_dict(data.get("ocr")),
        )


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise ExtractionTimeout(self.seconds)


def short(exc: BaseException) -> str:
    """The first line of an exception's message, for a user-facing reason."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:120]


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i and i.strip()))
