"""Scanned resumes: PDFs whose pages are only images are read by OCR (the embedded RapidOCR
engine), inside the same kind of bounded child process as any upload, and the analysis says
so. The scans are made here: a resume drawn onto a page image, turned a degree or so, speckled
and blurred, wrapped in a PDF without a text layer."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image

from core.resume.analyze_local import analyze
from core.resume.errors import NoTextLayer, TooManyPages
from core.resume.extract import ExtractLimits, extract_text
from core.resume.extract_ocr import OcrLine, _tesseract_lines, assemble, ocr_engine
from core.resume.sandbox import extract_text_bounded
from tests.resume import samples
from tests.resume.builders import ResumeSpec, build_scan

pytest.importorskip("rapidocr_onnxruntime")

TODAY = date(2026, 6, 1)

# (resume, rotation in degrees, the contact fields and skills the scan must give back)
SCANS: list[tuple[ResumeSpec, float, tuple[str, ...], tuple[str, ...]]] = [
    (samples.SOFTWARE_ENGINEER, -1.4, ("name", "email", "phone", "location"),
     ("Python", "PostgreSQL", "Kubernetes", "Docker", "Terraform", "Django")),
    (samples.NURSE, 1.1, ("name", "email", "phone", "location"),
     ("Registered Nurse", "Wound Care", "Epic Systems", "Basic Life Support",
      "Advanced Cardiovascular Life Support")),
    (samples.SALES, 0.8, ("name", "email", "location"),
     ("B2B Sales", "Prospecting", "Negotiation", "Pipeline Management")),
    (samples.TEACHER, -0.7, ("name", "email", "location"),
     ("Lesson Planning", "Classroom Management", "Google Classroom")),
    (samples.WAREHOUSE, 1.5, ("name", "email", "phone", "location"),
     ("Forklift Operation", "Shipping and Receiving", "Inventory Management")),
]  # fmt: skip


def _digits(value: str | None) -> str:
    return "".join(ch for ch in value or "" if ch.isdigit())


def _squeezed(value: str | None) -> str:
    """Letters and digits only: OCR may drop a space ("SanFrancisco, CA") and still be right."""
    return "".join(ch for ch in (value or "").lower() if ch.isalnum() or ch in "@.")


@pytest.mark.parametrize("spec,rotation,fields,skills", SCANS, ids=[s[0].name for s in SCANS])
def test_a_scanned_resume_gives_back_contact_and_skills(
    spec: ResumeSpec, rotation: float, fields: tuple[str, ...], skills: tuple[str, ...]
) -> None:
    data = build_scan(spec, rotate=rotation, seed=len(spec.name))
    with pytest.raises(NoTextLayer):
        extract_text(data, ExtractLimits(ocr="off"))  # really no text layer
    result = analyze(extract_text(data), today=TODAY).to_item()
    assert result["ocr"]["engine"] == "rapidocr"
    assert 0.8 <= result["ocr"]["confidence"] <= 1.0
    assert result["ocr"]["pages"] == 1
    contact = result["contact"]
    expected = {"name": spec.name, "email": spec.email, "location": spec.location}
    for field in fields:
        if field == "phone":
            assert _digits(contact["phone"])[-10:] == _digits(spec.phone)[-10:], contact
        else:
            assert _squeezed(contact[field]) == _squeezed(expected[field]), contact
    assert set(skills) <= set(result["skills"]), result["skills"]
    # The report tells the person that an ATS may not read a scan.
    assert any("scan" in w for w in result["weaknesses"])


def test_ocr_runs_in_the_bounded_child_and_reports_itself() -> None:
    # The top of a page is enough here: what is tested is the child, its limits and its report.
    data = build_scan(samples.NURSE, rotate=-1.0, seed=3, page_inches=(8.5, 2.2))
    extracted = extract_text_bounded(data, ExtractLimits())
    assert extracted.ocr is not None and extracted.ocr.engine == "rapidocr"
    assert "maria.gonzalez.rn@example.com" in extracted.text


def test_without_an_engine_a_scan_is_refused_as_before(monkeypatch) -> None:
    data = build_scan(samples.TEACHER, seed=5)
    with pytest.raises(NoTextLayer):
        extract_text_bounded(data, ExtractLimits(ocr="off"))
    # Tesseract asked for by name but not installed: the same clear refusal.
    monkeypatch.setenv("TESSERACT_PROGRAM", "/nonexistent/tesseract")
    with pytest.raises(NoTextLayer):
        extract_text(data, ExtractLimits(ocr="tesseract"))


def test_ocr_has_its_own_page_cap() -> None:
    pages = [Image.new("L", (400, 300), 255) for _ in range(3)]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:])
    with pytest.raises(TooManyPages):
        extract_text(buf.getvalue(), replace(ExtractLimits(), ocr_max_pages=2))


def test_blank_scans_are_still_refused() -> None:
    buf = io.BytesIO()
    Image.new("L", (1200, 900), 250).save(buf, "PDF")
    with pytest.raises(NoTextLayer):
        extract_text(buf.getvalue())


def test_fragments_are_put_back_into_lines() -> None:
    lines = [
        OcrLine("Boston,MA", 600, 12, 30, 0.9),
        OcrLine("Maria Gonzalez", 10, 10, 30, 0.99),
        OcrLine("maria @example.com", 10, 40, 60, 0.95),
    ]
    assert assemble(lines) == "Maria Gonzalez   Boston, MA\nmaria@example.com"


def test_tesseract_output_is_read_line_by_line() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t" + (
        "left\ttop\twidth\theight\tconf\ttext"
    )
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t50\t80\t20\t96\tMaria",
        "5\t1\t1\t1\t1\t2\t190\t50\t120\t20\t90\tGonzalez",
        "5\t1\t1\t1\t2\t1\t100\t90\t300\t20\t88\tmaria@example.com",
        "4\t1\t1\t1\t2\t0\t100\t90\t300\t20\t-1\t",
    ]
    lines = _tesseract_lines("\n".join([header, *rows]))
    assert [(x.text, round(x.confidence, 2)) for x in lines] == [
        ("Maria Gonzalez", 0.92),
        ("maria@example.com", 0.88),
    ]


def test_auto_picks_the_embedded_engine_first() -> None:
    engine = ocr_engine("auto")
    assert engine is not None and engine.name == "rapidocr"
    assert ocr_engine("off") is None
