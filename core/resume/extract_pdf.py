"""Text out of a PDF, in reading order.

pypdf's layout mode keeps each fragment where it sits on the page; two-column pages are then
split at the gutter so the left column is read before the right one. A PDF is bounded by a page
limit and a deadline; a page that cannot be read does not sink the others.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from core.resume.detect import FileKind
from core.resume.errors import CorruptFile, PasswordProtected, ResumeFileError, TooManyPages
from core.resume.extract_base import Deadline, Extracted, ExtractLimits, short, unique

# pypdf reports every oddity of a damaged file as a warning; the refusal message says enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_pdf(data: bytes, limits: ExtractLimits, deadline: Deadline) -> Extracted:
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
        raise CorruptFile("PDF", short(exc)) from None
    except Exception as exc:  # pypdf raises many things on hostile input
        raise CorruptFile("PDF", short(exc)) from None
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
                raise CorruptFile("PDF", short(exc)) from None
            texts.append("")  # one unreadable page does not sink the resume
    return Extracted(
        "\n\n".join(texts), FileKind.PDF, pages=count, links=unique(links), features=features
    )


def _page_text(page: Any, deadline: Deadline) -> tuple[str, bool]:
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
