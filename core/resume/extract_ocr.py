"""Text out of a PDF that is only page images (a scan or a photo), by OCR.

An OCR engine is a port with two adapters, tried in this order under `ocr="auto"`:

- RapidOCR (`rapidocr-onnxruntime`), embedded: its wheel ships the detection and recognition
  models and runs them with ONNX Runtime, on CPU, with no network and nothing to install
  beyond the Python package;
- Tesseract, where the `tesseract` program is installed (Debian's `tesseract-ocr`).

Where neither is present the PDF is refused as before ("no text layer"). Pages are read up to
`ocr_max_pages`, under `ocr_timeout_seconds`; images are scaled to at most `_MAX_SIDE`
pixels on their long side first, so a 600 dpi scan costs what a 200 dpi one does. The
result says which engine read it and how confident it was.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from core.resume.detect import FileKind
from core.resume.errors import CorruptFile, NoTextLayer, TooManyPages
from core.resume.extract_base import (
    MIN_TEXT_CHARS,
    Deadline,
    Extracted,
    ExtractLimits,
    OcrInfo,
    short,
)

_MAX_SIDE = 2200
_MAX_PIXELS = 60_000_000  # a page image larger than this is no resume scan
_MIN_CONFIDENCE = 0.5  # fragments read with less are noise (specks, stamps, lines)


@dataclass(frozen=True)
class OcrLine:
    """A fragment of text on a page image, with its box (pixels) and the engine's confidence."""

    text: str
    left: float
    top: float
    bottom: float
    confidence: float


class OcrEngine(Protocol):
    name: str

    def read(self, image: Any) -> list[OcrLine]:
        """The text fragments of one page image (a PIL image in grey or RGB)."""
        ...


class RapidOcrEngine:
    """PaddleOCR's models through ONNX Runtime, as packaged by rapidocr-onnxruntime."""

    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        threads = {"intra_op_num_threads": 2, "inter_op_num_threads": 1}
        self._engine = RapidOCR(
            use_cls=False,  # pages are upright or nearly so; the angle model only costs time
            print_verbose=False,
            **{f"det_{k}": v for k, v in threads.items()},
            **{f"rec_{k}": v for k, v in threads.items()},
        )

    def read(self, image: Any) -> list[OcrLine]:
        import numpy as np

        result, _ = self._engine(
            np.asarray(image.convert("RGB")), use_cls=False, return_word_box=True
        )
        out = []
        for box, text, confidence, *chars in result or []:
            ys = [p[1] for p in box]
            spaced = _respace(str(text), chars[0], chars[1]) if len(chars) >= 2 else str(text)
            out.append(
                OcrLine(spaced, float(min(p[0] for p in box)), min(ys), max(ys), float(confidence))
            )
        return out


_SPACE_GAP = 0.42  # of the line's height: a gap this wide between two glyphs is a space


def _respace(text: str, boxes: list[Any], glyphs: list[str]) -> str:
    """Put back the spaces the recogniser drops between words of Latin text, from the gaps
    between its glyph boxes ("MariaGonzalez" -> "Maria Gonzalez")."""
    if (
        not boxes
        or len(boxes) != len(glyphs)
        or "".join(glyphs).replace(" ", "") != text.replace(" ", "")
    ):
        return text
    heights = sorted(b[2][1] - b[0][1] for b in boxes)
    height = heights[len(heights) // 2] or 1
    out: list[str] = []
    for i, (box, glyph) in enumerate(zip(boxes, glyphs, strict=True)):
        if i and glyph != " " and out[-1] != " ":
            gap = box[0][0] - boxes[i - 1][1][0]
            if gap > _SPACE_GAP * height:
                out.append(" ")
        out.append(glyph)
    return "".join(out)


class TesseractEngine:
    """The `tesseract` program (Debian's tesseract-ocr), one call per page, TSV output."""

    name = "tesseract"

    def __init__(self, program: str) -> None:
        self._program = program

    def read(self, image: Any) -> list[OcrLine]:
        buffer = io.BytesIO()
        image.convert("L").save(buffer, format="PNG")
        done = subprocess.run(
            [self._program, "stdin", "stdout", "--psm", "4", "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise CorruptFile("PDF", "the scan could not be read")
        return _tesseract_lines(done.stdout.decode("utf-8", "replace"))


def _tesseract_lines(tsv: str) -> list[OcrLine]:
    """Words of Tesseract's TSV grouped back into its lines."""
    lines: dict[tuple[str, str, str], list[tuple[float, float, float, float, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[11].strip() or cols[10] in ("-1", ""):
            continue
        left, top, height, conf = float(cols[6]), float(cols[7]), float(cols[9]), float(cols[10])
        lines.setdefault((cols[2], cols[3], cols[4]), []).append(
            (left, top, top + height, conf / 100.0, cols[11])
        )
    out = []
    for words in lines.values():
        words.sort()
        text = " ".join(w[4] for w in words)
        conf = sum(w[3] * len(w[4]) for w in words) / max(sum(len(w[4]) for w in words), 1)
        out.append(
            OcrLine(text, words[0][0], min(w[1] for w in words), max(w[2] for w in words), conf)
        )
    return out


# ---- choosing an engine ---------------------------------------------------------------------

_engines_lock = threading.Lock()


def _rapidocr() -> OcrEngine | None:
    try:
        return RapidOcrEngine()
    except ImportError:
        return None


def _tesseract() -> OcrEngine | None:
    program = os.environ.get("TESSERACT_PROGRAM") or shutil.which("tesseract")
    if not program or not os.access(program, os.X_OK):
        return None
    return TesseractEngine(program)


_FACTORIES: dict[str, Callable[[], OcrEngine | None]] = {
    "rapidocr": _rapidocr,
    "tesseract": _tesseract,
}
ENGINES = tuple(_FACTORIES)  # "auto" tries them in this order: the embedded one first


_loaded: dict[tuple[int, str], OcrEngine | None] = {}


def ocr_engine(choice: str = "auto") -> OcrEngine | None:
    """The engine to use: the named one, or under "auto" the first installed; None when there
    is none (or OCR is "off"). Loaded once per process: models take a second to load, and a
    forked child loads its own (ONNX Runtime's threads do not survive a fork)."""
    if choice == "off":
        return None
    names = ENGINES if choice == "auto" else (choice,)
    with _engines_lock:
        for name in names:
            key = (os.getpid(), name)
            if key not in _loaded:
                factory = _FACTORIES.get(name)
                _loaded[key] = factory() if factory else None
            engine = _loaded[key]
            if engine is not None:
                return engine
    return None


# ---- reading a scanned PDF ------------------------------------------------------------------


def ocr_pdf(data: bytes, limits: ExtractLimits, engine: OcrEngine | None = None) -> Extracted:
    """The text of an image-only PDF. Raises `NoTextLayer` when no engine is installed or
    nothing legible is on the pages, `TooManyPages` past `ocr_max_pages`."""
    engine = engine or ocr_engine(limits.ocr)
    if engine is None:
        raise NoTextLayer()
    deadline = Deadline(limits.ocr_timeout_seconds)
    pages = page_images(data, limits)
    texts: list[str] = []
    weighted = 0.0
    chars = 0
    for images in pages:
        page_lines: list[OcrLine] = []
        for image in images:
            deadline.check()
            page_lines.extend(
                line for line in engine.read(image) if line.confidence >= _MIN_CONFIDENCE
            )
        deadline.check()
        texts.append(assemble(page_lines))
        for line in page_lines:
            weighted += line.confidence * len(line.text)
            chars += len(line.text)
    text = "\n\n".join(texts)
    if sum(not ch.isspace() for ch in text) < MIN_TEXT_CHARS:
        raise NoTextLayer()
    confidence = round(weighted / chars, 3) if chars else 0.0
    return Extracted(
        text, FileKind.PDF, pages=len(pages), ocr=OcrInfo(engine.name, confidence, len(pages))
    )


def page_images(data: bytes, limits: ExtractLimits) -> list[list[Any]]:
    """The images of each page (usually one scan per page), scaled down to `_MAX_SIDE`."""
    from PIL import Image
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        count = len(reader.pages)
    except Exception as exc:  # pypdf raises many things on hostile input
        raise CorruptFile("PDF", short(exc)) from None
    if count > limits.ocr_max_pages:
        raise TooManyPages(count, limits.ocr_max_pages)
    out: list[list[Any]] = []
    for page in reader.pages:
        images = []
        try:
            found = list(page.images)
        except Exception:
            found = []
        for item in found:
            image = _decoded(item)
            if image is None:
                continue
            width, height = image.size
            if width * height > _MAX_PIXELS or min(width, height) < 32:
                continue
            scale = _MAX_SIDE / max(width, height)
            if scale < 1:
                image = image.resize(
                    (round(width * scale), round(height * scale)), Image.Resampling.LANCZOS
                )
            images.append(image)
        out.append(images)
    if not any(out):
        raise NoTextLayer()
    return out


def _decoded(item: Any) -> Any:
    """A page image as a PIL image, or None where the PDF declares one it cannot decode."""
    try:
        image = item.image
        _ = image.size
    except Exception:
        return None
    return image


def assemble(lines: list[OcrLine]) -> str:
    """Fragments back into lines of text, top to bottom: a fragment whose middle falls within
    the current line's height joins it; a line reads left to right, its fragments three spaces
    apart (as a layout gap, which the resume reader treats as a separator)."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda x: (x.top + x.bottom) / 2):
        middle = (line.top + line.bottom) / 2
        if rows:
            last = rows[-1]
            top = min(x.top for x in last)
            bottom = max(x.bottom for x in last)
            if top <= middle <= bottom:
                last.append(line)
                continue
        rows.append([line])
    out = []
    for row in rows:
        row.sort(key=lambda x: x.left)
        out.append("   ".join(_punctuation_spaces(x.text.strip()) for x in row if x.text.strip()))
    return "\n".join(out)


_GLUED = re.compile(r"(?<=[A-Za-z)])([,;|])(?=[A-Za-z(])")
_AT = re.compile(r"(?<=\w)\s+@|@\s+(?=\w)")


def _punctuation_spaces(text: str) -> str:
    """ "Boston,MA" -> "Boston, MA": recognisers drop the space after a comma; and no space
    belongs around the @ of an address."""
    return _GLUED.sub(r"\1 ", _AT.sub("@", text))
