"""What every resume format's reader shares: the limits a file is read under, the result, and
a cooperative deadline."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pydantic import Field

from core.resume.detect import FileKind
from core.resume.errors import ExtractionTimeout
from core.values import StoredValue

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

    def to_record(self, *, with_text: bool = True) -> ExtractionRecord:
        return ExtractionRecord(
            text=self.text if with_text else None,
            kind=self.kind,
            pages=self.pages,
            links=list(self.links),
            features=list(self.features),
            header_footer_text=self.header_footer_text,
            ocr=self.ocr,
        )


class ExtractionRecord(StoredValue):
    """An extraction as JSON: the answer of a sandboxed reader, and what a resume version keeps
    of it (without the text, which the version stores on its own)."""

    text: str | None = None
    kind: FileKind
    pages: int = 1
    links: list[str] = Field(default_factory=list)
    features: list[str] = Field(default_factory=list)
    header_footer_text: str = ""
    ocr: OcrInfo | None = None

    def to_extracted(self, text: str | None = None) -> Extracted:
        """The extraction, with `text` when the record was kept without it."""
        body = text if text is not None else self.text
        if body is None:
            raise ValueError("the extraction holds no text")
        return Extracted(
            body,
            self.kind,
            self.pages,
            list(self.links),
            list(self.features),
            self.header_footer_text,
            self.ocr,
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
