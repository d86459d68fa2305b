"""The type of an uploaded file, judged by its bytes and never by its name."""

from __future__ import annotations

import io
import zipfile
from enum import StrEnum

from core.resume.errors import EmptyFile, UnsupportedFileType


class FileKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    TXT = "txt"


CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.TXT: "text/plain; charset=utf-8",
}

# Magic numbers of things people upload by mistake, named so the refusal says what it was.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\x7fELF", "a Linux program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"\xca\xfe\xba\xbe", "a macOS program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Office file (.doc); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"%!PS", "a PostScript file; export it as PDF"),
    (b"\x00\x00\x01\x00", "an icon image"),
)


def detect_kind(data: bytes) -> FileKind:
    """PDF, DOCX or TXT from the content; anything else raises `UnsupportedFileType`."""
    if not data or not data.strip():
        raise EmptyFile()
    head = data[:1024]
    if b"%PDF-" in head:
        return FileKind.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head[4:12] in (b"ftypheic", b"ftypmif1", b"ftypavif") or head[8:12] == b"WEBP":
        raise UnsupportedFileType("an image")
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise UnsupportedFileType(what)
    if _looks_like_text(data):
        return FileKind.TXT
    raise UnsupportedFileType("a binary file")


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnsupportedFileType("a damaged ZIP archive") from None
    if "word/document.xml" in names:
        return FileKind.DOCX
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFileType("an Excel workbook")
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFileType("a PowerPoint presentation")
    if "content.xml" in names and "mimetype" in names:
        raise UnsupportedFileType("an OpenDocument file; save it as .docx or PDF")
    raise UnsupportedFileType("a ZIP archive")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        # UTF-16 text carries NULs; a BOM says so.
        return sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control <= len(sample) * 0.01
