"""Text out of PDF, DOCX and TXT resumes, in reading order.

PDF: pypdf's layout mode keeps each fragment where it sits on the page; two-column pages are
then split at the gutter so the left column is read before the right one. DOCX: paragraphs and
tables in document order (a layout table is read cell by cell), headers and footers, text boxes.
TXT: the detected encoding. Then ligatures, soft hyphens, words hyphenated across lines and
bullet glyphs are normalised.

Hostile files are refused early: a DOCX is checked for zip bombs (size and ratio) and for XML
entity declarations before python-docx opens it; a PDF is bounded by a page limit and a
deadline. `extract_text_bounded` additionally runs the extraction in a child process with
a time and memory limit.
"""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from core.resume.detect import FileKind, detect_kind
from core.resume.errors import (
    CorruptFile,
    ExtractionTimeout,
    NoTextLayer,
    PasswordProtected,
    ResumeFileError,
    SuspiciousArchive,
    TooLittleText,
    TooManyPages,
)

MIN_TEXT_CHARS = 40

# pypdf reports every oddity of a damaged file as a warning; the refusal message says enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class ExtractLimits:
    max_pages: int = 20
    timeout_seconds: float = 8.0
    max_uncompressed_bytes: int = 40 * 1024 * 1024
    max_compression_ratio: int = 100
    max_archive_members: int = 2000
    memory_bytes: int = 500 * 1024 * 1024


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind.value,
            "pages": self.pages,
            "links": self.links,
            "features": self.features,
            "headerFooterText": self.header_footer_text,
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
        )


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise ExtractionTimeout(self.seconds)


def extract_text(data: bytes, limits: ExtractLimits | None = None) -> Extracted:
    """The text of a resume file, whatever its type (judged by content). Raises a
    `ResumeFileError` (or `UnsupportedFileType`) with a user-facing message."""
    limits = limits or ExtractLimits()
    kind = detect_kind(data)
    deadline = _Deadline(limits.timeout_seconds)
    if kind is FileKind.PDF:
        result = _extract_pdf(data, limits, deadline)
    elif kind is FileKind.DOCX:
        result = _extract_docx(data, limits, deadline)
    else:
        result = Extracted(_decode_text(data), FileKind.TXT)
    result.text = clean_text(result.text)
    result.header_footer_text = clean_text(result.header_footer_text)
    if len(re.sub(r"\s", "", result.text)) < MIN_TEXT_CHARS:
        if kind is FileKind.PDF:
            raise NoTextLayer()
        raise TooLittleText()
    return result


# ---- PDF -------------------------------------------------------------------------------------


def _extract_pdf(data: bytes, limits: ExtractLimits, deadline: _Deadline) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted with an empty user password (owner restrictions only).
            try:
                if not reader.decrypt(""):
                    raise PasswordProtected()
            except (FileNotDecryptedError, NotImplementedError):
                raise PasswordProtected() from None
        pages = reader.pages
        count = len(pages)
    except ResumeFileError:
        raise
    except RecursionError:
        raise CorruptFile("PDF", "its page tree loops") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise CorruptFile("PDF", _short(exc)) from None
    except Exception as exc:  # pypdf raises many things on hostile input
        raise CorruptFile("PDF", _short(exc)) from None
    if count == 0:
        raise CorruptFile("PDF", "it has no pages")
    if count > limits.max_pages:
        raise TooManyPages(count, limits.max_pages)
    texts: list[str] = []
    links: list[str] = []
    features: list[str] = []
    for index in range(count):
        deadline.check()
        try:
            page = pages[index]
            text, split = _page_text(page, deadline)
            texts.append(text)
            if split and "columns" not in features:
                features.append("columns")
            links.extend(_page_links(page))
        except ResumeFileError:
            raise
        except RecursionError:
            raise CorruptFile("PDF", "a page refers to itself") from None
        except Exception as exc:
            if index == 0 and count == 1:
                raise CorruptFile("PDF", _short(exc)) from None
            texts.append("")  # one unreadable page does not sink the resume
    return Extracted(
        "\n\n".join(texts), FileKind.PDF, pages=count, links=_unique(links), features=features
    )


def _page_text(page: Any, deadline: _Deadline) -> tuple[str, bool]:
    try:
        layout = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False)
    except Exception:
        layout = None
    deadline.check()
    if layout is None or not layout.strip():
        plain = page.extract_text() or ""
        deadline.check()
        return str(plain), False
    return split_columns(str(layout))


def _page_links(page: Any) -> list[str]:
    out: list[str] = []
    try:
        annots = page.get("/Annots") or []
        for ref in list(annots)[:200]:
            annot = ref.get_object()
            action = annot.get("/A")
            if action is not None:
                uri = action.get_object().get("/URI")
                if uri:
                    out.append(str(uri))
    except Exception:
        return out
    return out


_GAP = re.compile(r" {3,}")


def split_columns(layout: str) -> tuple[str, bool]:
    """Read a page laid out in two columns (as fixed-width layout text) column by column.

    A gutter is a band of character positions that is blank on nearly every line wide enough
    to reach it, with text on both sides on many lines. Runs of lines that respect the gutter
    are emitted left column first; lines that cross it (a full-width header) stay in place.
    """
    lines = [ln.rstrip() for ln in layout.splitlines()]
    gutter = _find_gutter(lines)
    if gutter is None:
        return "\n".join(_squeeze(ln) for ln in lines), False
    _, cut = gutter  # the right column starts here
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for ln in lines:
        if not ln.strip():
            left.append("")
        elif len(ln) <= cut or ln[cut - 2 : cut].strip() == "":
            if ln[:cut].strip():
                left.append(_squeeze(ln[:cut]))
            if ln[cut:].strip():
                right.append(_squeeze(ln[cut:]))
        else:
            flush()
            out.append(_squeeze(ln))
    flush()
    return "\n".join(out), True


def _find_gutter(lines: list[str]) -> tuple[int, int] | None:
    text_lines = [ln for ln in lines if ln.strip()]
    if len(text_lines) < 8:
        return None
    width = max(len(ln) for ln in text_lines)
    if width < 40:
        return None
    best: tuple[int, int] | None = None
    best_score = 0.0
    lo, hi = int(width * 0.2), int(width * 0.8)
    for col in range(lo, hi):
        reaching = [ln for ln in text_lines if len(ln) > col + 1]
        if len(reaching) < len(text_lines) * 0.3:
            continue
        blank = sum(1 for ln in reaching if ln[col - 1 : col + 2].strip() == "")
        share = blank / len(reaching)
        if share < 0.88:
            continue
        both = sum(1 for ln in reaching if ln[:col].strip() and ln[col:].strip())
        if both < max(4, len(text_lines) * 0.25):
            continue
        score = share + both / len(text_lines)
        if score > best_score:
            best_score, best = score, (col, col + 1)
    if best is None:
        return None
    # Widen the gutter to the whole blank band around the chosen position.
    start, end = best
    reaching = [ln for ln in text_lines if len(ln) > start]

    def blank_at(c: int) -> bool:
        return sum(1 for ln in reaching if c < len(ln) and ln[c] != " ") <= len(reaching) * 0.12

    while start > lo and blank_at(start - 1):
        start -= 1
    while end < hi and blank_at(end):
        end += 1
    return start, end


def _squeeze(line: str) -> str:
    return _GAP.sub("   ", line.strip())


# ---- DOCX ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _EntityDeclared(Exception):
    pass


def _refuse_declarations(*_: object) -> int:
    raise _EntityDeclared()


def _check_xml_part(raw: bytes) -> None:
    """Parse one part with expat (no tree: fast on 800 KB style sheets), refusing any DTD,
    entity declaration or external reference, which Word never writes. Raises
    `_EntityDeclared` or `ExpatError`."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.UnparsedEntityDeclHandler = _refuse_declarations
    parser.ExternalEntityRefHandler = _refuse_declarations
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.Parse(raw, True)


def check_docx_archive(data: bytes, limits: ExtractLimits) -> None:
    """Refuse zip bombs and XML entity tricks before any XML parser sees the parts."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptFile("Word", _short(exc)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_archive_members:
            raise SuspiciousArchive(f"it holds {len(infos)} parts")
        total = 0
        for info in infos:
            total += info.file_size
            if total > limits.max_uncompressed_bytes:
                raise SuspiciousArchive("it would expand to far more than a resume needs")
            if info.file_size > 1024 * 1024 and info.compress_size > 0:
                ratio = info.file_size / info.compress_size
                if ratio > limits.max_compression_ratio:
                    raise SuspiciousArchive(
                        f"a part is compressed {ratio:.0f} times, the mark of a zip bomb"
                    )
        for info in infos:
            name = info.filename.lower()
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            try:
                raw = archive.read(info)
            except Exception as exc:
                raise CorruptFile("Word", _short(exc)) from None
            try:
                _check_xml_part(raw)
            except _EntityDeclared:
                raise SuspiciousArchive(
                    "it declares XML entities, which Word never writes"
                ) from None
            except expat.ExpatError as exc:
                if info.filename == "word/document.xml":
                    raise CorruptFile("Word", _short(exc)) from None


def _extract_docx(data: bytes, limits: ExtractLimits, deadline: _Deadline) -> Extracted:
    check_docx_archive(data, limits)
    deadline.check()
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise CorruptFile("Word", _short(exc)) from None
    lines: list[str] = []
    seen_hf: set[str] = set()
    features: list[str] = []
    hf_lines: list[str] = []
    for section in document.sections:
        for part in (section.header, section.first_page_header):
            _add_header_footer(part, hf_lines, seen_hf)
    lines.extend(hf_lines)
    body_lines: list[str] = []
    layout_rows = _block_lines(document.element.body, body_lines, deadline)
    if layout_rows:
        features.append("layout_table")
    lines.extend(body_lines)
    boxes = _textbox_lines(document.element.body, set(body_lines))
    if boxes:
        features.append("textbox")
    lines.extend(boxes)
    footer_lines: list[str] = []
    for section in document.sections:
        for footer in (section.footer, section.first_page_footer):
            _add_header_footer(footer, footer_lines, seen_hf)
    lines.extend(footer_lines)
    hf_lines.extend(footer_lines)
    if any(ln.strip() for ln in hf_lines):
        features.append("header_footer")
    links: list[str] = []
    try:
        for rel in document.part.rels.values():
            if rel.reltype == RT.HYPERLINK and rel.is_external:
                links.append(str(rel.target_ref))
    except Exception:  # links are a bonus; a broken relationship part must not fail the file
        links = []
    return Extracted(
        "\n".join(lines),
        FileKind.DOCX,
        pages=1,
        links=_unique(links),
        features=features,
        header_footer_text="\n".join(hf_lines).strip(),
    )


def _add_header_footer(part: Any, lines: list[str], seen: set[str]) -> None:
    try:
        if part is None or part.is_linked_to_previous:
            return
        chunk: list[str] = []
        _block_lines(part._element, chunk, None)
    except Exception:
        return
    text = "\n".join(chunk).strip()
    if text and text not in seen:
        seen.add(text)
        lines.extend(chunk)


def _block_lines(container: Any, out: list[str], deadline: _Deadline | None) -> int:
    """Paragraphs and tables of a body/cell/header element, in document order. Returns how
    many table rows were laid out as columns."""
    layout_rows = 0
    for child in container.iterchildren():
        if deadline is not None:
            deadline.check()
        tag = child.tag
        if tag == f"{_W}p":
            out.append(_paragraph_text(child))
        elif tag == f"{_W}tbl":
            layout_rows += _table_lines(child, out, deadline)
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                layout_rows += _block_lines(content, out, deadline)
    return layout_rows


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == f"{_W}txbxContent":
            continue
        if tag == f"{_W}t" and node.text:
            if _inside_textbox(node, p):
                continue
            parts.append(node.text)
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    text = "".join(parts)
    ppr = p.find(f"{_W}pPr")
    is_list = False
    if ppr is not None:
        if ppr.find(f"{_W}numPr") is not None:
            is_list = True
        style = ppr.find(f"{_W}pStyle")
        if style is not None and "list" in (style.get(f"{_W}val") or "").lower():
            is_list = True
    if is_list and text.strip():
        return "• " + text.strip()
    return text


def _inside_textbox(node: Any, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == f"{_W}txbxContent":
            return True
        parent = parent.getparent()
    return False


def _table_lines(tbl: Any, out: list[str], deadline: _Deadline | None) -> int:
    layout_rows = 0
    for tr in tbl.findall(f"{_W}tr"):
        cells: list[list[str]] = []
        for tc in tr.findall(f"{_W}tc"):
            cell_lines: list[str] = []
            layout_rows += _block_lines(tc, cell_lines, deadline)
            cell_lines = [c for c in cell_lines if c.strip()]
            if cell_lines and (not cells or cells[-1] != cell_lines):  # merged cells repeat
                cells.append(cell_lines)
        if not cells:
            continue
        if all(len(c) == 1 and len(c[0]) < 60 for c in cells) and len(cells) > 1:
            out.append("   ".join(c[0].strip() for c in cells))  # a data row
        else:
            if len(cells) > 1:
                layout_rows += 1
            for cell in cells:  # a layout row: each cell is a column, read in turn
                out.extend(cell)
                out.append("")
    return layout_rows


def _textbox_lines(body: Any, known: set[str]) -> list[str]:
    out: list[str] = []
    seen = set(known)
    for box in body.iter(f"{_W}txbxContent"):
        for p in box.iter(f"{_W}p"):
            text = "".join(t.text or "" for t in p.iter(f"{_W}t")).strip()
            if text and text not in seen:
                seen.add(text)
                out.append(text)
    return out


# ---- TXT -------------------------------------------------------------------------------------


def _decode_text(data: bytes) -> str:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 512 * 1024]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


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


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i and i.strip()))


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:120]
