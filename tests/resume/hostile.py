"""Hostile and broken files, built in code so that nothing dangerous is stored in the repo."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests.resume import samples
from tests.resume.builders import build_docx, build_pdf

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2216bc40000000049454e44ae426082"
)
ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def truncated_pdf() -> bytes:
    data = build_pdf(samples.SOFTWARE_ENGINEER)
    return data[: len(data) // 3]


def garbage_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 40


def encrypted_pdf(password: str = "s3cret") -> bytes:  # noqa: S107
    reader = PdfReader(io.BytesIO(build_pdf(samples.SOFTWARE_ENGINEER)))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def owner_only_encrypted_pdf() -> bytes:
    """Encrypted with an empty user password: opens without asking, so it must be read."""
    reader = PdfReader(io.BytesIO(build_pdf(samples.SOFTWARE_ENGINEER)))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner-only", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def image_only_pdf() -> bytes:
    """A "scanned" resume: one page that is a picture, with no text layer."""
    from PIL import Image  # reportlab depends on Pillow

    img = Image.new("L", (600, 800), 255)
    for y in range(100, 700, 30):  # lines that look like text from afar
        for x in range(60, 540):
            img.putpixel((x, y), 0)
    png = io.BytesIO()
    img.save(png, format="PNG")
    png.seek(0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=LETTER)
    c.drawImage(ImageReader(png), 36, 36, width=540, height=720)
    c.showPage()
    c.save()
    return buf.getvalue()


def many_pages_pdf(pages: int = 3000) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def page_tree_loop_pdf() -> bytes:
    """A page tree whose /Kids point back at their parent: a naive walk never ends."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>",
    ]
    return _raw_pdf(objects)


def content_loop_pdf() -> bytes:
    """A page whose resources refer to themselves, and a content stream that repeats a form
    XObject that draws itself."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R >> >> >>",
        _stream(b"/X1 Do " * 50),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject "
        b"<< /X1 5 0 R >> >> /Length 6 >>\nstream\n/X1 Do\nendstream",
    ]
    return _raw_pdf(objects)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def _raw_pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def zip_bomb_docx(expanded_bytes: int = 200 * 1024 * 1024) -> bytes:
    """A DOCX whose document.xml expands to `expanded_bytes` of zeros-like XML."""
    base = build_docx(samples.SOFTWARE_ENGINEER)
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                continue
            dst.writestr(info, src.read(info))
        with dst.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                b'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            )
            chunk = b"A" * (1024 * 1024)
            for _ in range(expanded_bytes // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def xxe_docx(secret_file: Path) -> bytes:
    """A DOCX whose document.xml declares an external entity pointing at a local file and
    uses it in the text."""
    base = build_docx(samples.SOFTWARE_ENGINEER)
    src = zipfile.ZipFile(io.BytesIO(base))
    document = src.read("word/document.xml").decode()
    head, rest = document.split("?>", 1)
    evil = (
        f'{head}?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
        + rest.replace("Priya Raman", "Priya Raman &xxe;", 1)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                dst.writestr(info, evil.encode())
            else:
                dst.writestr(info, src.read(info))
    return out.getvalue()


def billion_laughs_docx() -> bytes:
    base = build_docx(samples.SOFTWARE_ENGINEER)
    src = zipfile.ZipFile(io.BytesIO(base))
    document = src.read("word/document.xml").decode()
    head, rest = document.split("?>", 1)
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    evil = f"{head}?><!DOCTYPE w:document [{entities}]>" + rest.replace("Priya Raman", "&a9;", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                info, evil.encode() if info.filename == "word/document.xml" else src.read(info)
            )
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "hello")
    return out.getvalue()


def xlsx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()
