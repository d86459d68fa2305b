"""Text out of a Word document: paragraphs and tables in document order (a layout table is
read cell by cell), headers and footers, text boxes.

A DOCX is checked for zip bombs (size and ratio) and for XML entity declarations before
python-docx opens it.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.parsers import expat

from core.resume.detect import FileKind
from core.resume.errors import CorruptFile, SuspiciousArchive
from core.resume.extract_base import Deadline, Extracted, ExtractLimits, short, unique

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
        raise CorruptFile("Word", short(exc)) from None
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
                raise CorruptFile("Word", short(exc)) from None
            try:
                _check_xml_part(raw)
            except _EntityDeclared:
                raise SuspiciousArchive(
                    "it declares XML entities, which Word never writes"
                ) from None
            except expat.ExpatError as exc:
                if info.filename == "word/document.xml":
                    raise CorruptFile("Word", short(exc)) from None


def extract_docx(data: bytes, limits: ExtractLimits, deadline: Deadline) -> Extracted:
    check_docx_archive(data, limits)
    deadline.check()
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise CorruptFile("Word", short(exc)) from None
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
        links=unique(links),
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


def _block_lines(container: Any, out: list[str], deadline: Deadline | None) -> int:
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


def _table_lines(tbl: Any, out: list[str], deadline: Deadline | None) -> int:
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
