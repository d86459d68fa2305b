"""Build realistic resume files (PDF with reportlab, DOCX with python-docx) from a plain spec,
in the layouts people use: one column, two columns, a layout table, contact in the header."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.shared import Pt
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas


@dataclass
class Role:
    title: str
    company: str
    location: str
    dates: str  # as written, e.g. "Jan 2020 – Present"
    bullets: list[str]


@dataclass
class School:
    degree: str
    institution: str
    dates: str


@dataclass
class ResumeSpec:
    name: str
    email: str
    phone: str
    location: str
    links: list[str] = field(default_factory=list)
    summary: str = ""
    roles: list[Role] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)  # override heading text
    role_style: str = "one_line"  # one_line | stacked

    def heading(self, key: str) -> str:
        return self.headings.get(key, key.upper())

    def contact_line(self) -> str:
        return " | ".join([self.email, self.phone, self.location, *self.links])

    def role_header_lines(self, role: Role) -> list[str]:
        if self.role_style == "stacked":
            return [role.title, f"{role.company}, {role.location}", role.dates]
        return [f"{role.title} — {role.company}, {role.location}", role.dates]

    def main_blocks(self) -> list[tuple[str, list[str]]]:
        """(heading, lines) for the main column; lines starting with "• " are bullets."""
        blocks: list[tuple[str, list[str]]] = []
        if self.summary:
            blocks.append((self.heading("Summary"), [self.summary]))
        exp: list[str] = []
        for role in self.roles:
            exp.extend(self.role_header_lines(role))
            exp.extend(f"• {b}" for b in role.bullets)
            exp.append("")
        if exp:
            blocks.append((self.heading("Experience"), exp))
        return blocks

    def side_blocks(self) -> list[tuple[str, list[str]]]:
        blocks: list[tuple[str, list[str]]] = []
        if self.skills:
            blocks.append((self.heading("Skills"), [", ".join(self.skills)]))
        if self.schools:
            lines: list[str] = []
            for s in self.schools:
                lines.extend([s.degree, s.institution, s.dates, ""])
            blocks.append((self.heading("Education"), lines))
        if self.certifications:
            blocks.append((self.heading("Certifications"), [f"• {c}" for c in self.certifications]))
        return blocks


# ---- PDF -------------------------------------------------------------------------------------


class _Column:
    def __init__(self, c: canvas.Canvas, x: float, width: float, top: float) -> None:
        self.c, self.x, self.width, self.y, self.top = c, x, width, top, top

    def need(self, height: float) -> None:
        if self.y - height < 50:
            self.c.showPage()
            self.y = self.top

    def text(self, line: str, font: str = "Helvetica", size: float = 10, gap: float = 2) -> None:
        if not line:
            self.y -= size * 0.6
            return
        indent = 0.0
        if line.startswith("• "):
            indent = 10.0
        for i, piece in enumerate(simpleSplit(line, font, size, self.width - indent)):
            self.need(size + gap)
            self.c.setFont(font, size)
            self.c.drawString(self.x + (indent if i else 0), self.y, piece)
            self.y -= size + gap

    def heading(self, title: str) -> None:
        self.y -= 6
        self.text(title, "Helvetica-Bold", 11.5, 4)


def build_pdf(spec: ResumeSpec, *, two_column: bool = False) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=LETTER, pageCompression=1)
    width, height = LETTER
    top = height - 50
    c.setTitle(f"{spec.name} resume")
    if not two_column:
        col = _Column(c, 54, width - 108, top)
        col.text(spec.name, "Helvetica-Bold", 18, 6)
        col.text(spec.contact_line(), size=9.5)
        for heading, lines in [*spec.main_blocks()[:1], *spec.side_blocks()[:1]]:
            col.heading(heading)
            for ln in lines:
                col.text(ln)
        for heading, lines in [*spec.main_blocks()[1:], *spec.side_blocks()[1:]]:
            col.heading(heading)
            for ln in lines:
                col.text(ln)
    else:
        # Full-width name, then a sidebar (contact, skills, education) and a main column.
        head = _Column(c, 40, width - 80, top)
        head.text(spec.name, "Helvetica-Bold", 20, 8)
        side = _Column(c, 40, 170, head.y - 10)
        main = _Column(c, 250, width - 290, head.y - 10)
        side.heading("CONTACT")
        for item in [spec.email, spec.phone, spec.location, *spec.links]:
            side.text(item, size=9)
        for heading, lines in spec.side_blocks():
            side.heading(heading)
            for ln in lines:
                side.text(ln, size=9)
        for heading, lines in spec.main_blocks():
            main.heading(heading)
            for ln in lines:
                main.text(ln)
    c.save()
    return buf.getvalue()


# ---- DOCX ------------------------------------------------------------------------------------


def _docx_block(container: object, heading: str, lines: list[str]) -> None:
    add = container.add_paragraph  # type: ignore[attr-defined]
    p = add()
    run = p.add_run(heading)
    run.bold = True
    run.font.size = Pt(12)
    for ln in lines:
        if ln.startswith("• "):
            add(ln[2:], style="List Bullet")
        elif ln:
            add(ln)


def build_docx(
    spec: ResumeSpec, *, table_layout: bool = False, contact_in_header: bool = False
) -> bytes:
    doc = Document()
    if contact_in_header:
        header = doc.sections[0].header
        header.paragraphs[0].text = spec.name
        header.add_paragraph(spec.contact_line())
    else:
        title = doc.add_paragraph()
        r = title.add_run(spec.name)
        r.bold = True
        r.font.size = Pt(18)
        doc.add_paragraph(spec.contact_line())
    if table_layout:
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].text = ""
        right.paragraphs[0].text = ""
        for heading, lines in spec.side_blocks():
            _docx_block(left, heading, lines)
        for heading, lines in spec.main_blocks():
            _docx_block(right, heading, lines)
    else:
        for heading, lines in [*spec.main_blocks(), *spec.side_blocks()]:
            _docx_block(doc, heading, lines)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def build_txt(spec: ResumeSpec) -> bytes:
    out = [spec.name, spec.contact_line(), ""]
    for heading, lines in [*spec.main_blocks(), *spec.side_blocks()]:
        out.append(heading)
        out.extend(lines)
        out.append("")
    return "\n".join(out).encode("utf-8")


# ---- scans -------------------------------------------------------------------------------------


def build_scan(
    spec: ResumeSpec,
    *,
    dpi: int = 200,
    rotate: float = 1.0,
    noise: float = 0.003,
    blur: float = 0.6,
    seed: int = 1,
    page_inches: tuple[float, float] = (8.5, 7.0),
) -> bytes:
    """The resume as a scanned PDF: its text drawn onto a grey page image, rotated a little,
    speckled and slightly blurred like a flatbed scan, and wrapped in a PDF with no text layer.
    The page is cut below the text (a short resume scanned to its length)."""
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    width, height = int(page_inches[0] * dpi), int(page_inches[1] * dpi)
    font = _font("DejaVuSans.ttf", int(10.5 / 72 * dpi))
    bold = _font("DejaVuSans-Bold.ttf", int(11.5 / 72 * dpi))
    page = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(page)
    x, y, step = int(0.7 * dpi), int(0.5 * dpi), int(0.2 * dpi)
    lines = [(spec.name, bold), (spec.contact_line(), font), ("", font)]
    for heading, body in [*spec.main_blocks(), *spec.side_blocks()]:
        lines.append((heading, bold))
        lines.extend((line, font) for line in body)
    for text, face in lines:
        if y > height - step:
            break
        if text:
            draw.text((x, y), text, fill=rnd.randint(10, 40), font=face)
        y += step if text else step // 2
    page = page.rotate(rotate, fillcolor=250, resample=Image.Resampling.BICUBIC)
    pixels = page.load()
    assert pixels is not None
    for _ in range(int(width * height * noise)):
        pixels[rnd.randrange(width), rnd.randrange(height)] = rnd.choice((0, 60, 120, 180))
    page = page.filter(ImageFilter.GaussianBlur(blur))
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=dpi)
    return buf.getvalue()


def _font(name: str, size: int) -> object:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(name, size)
    except OSError:  # no DejaVu on this machine: Pillow's own scalable font
        return ImageFont.load_default(size)
