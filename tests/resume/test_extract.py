"""Text extraction: file types by content, reading order, and the clean-up of PDF text."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from core.resume.detect import FileKind, detect_kind
from core.resume.errors import EmptyFile, UnsupportedFileType
from core.resume.extract import clean_text, extract_text, split_columns
from tests.resume import hostile, samples
from tests.resume.builders import build_docx, build_pdf, build_txt


def test_kinds_are_judged_by_content() -> None:
    assert detect_kind(build_pdf(samples.NURSE)) is FileKind.PDF
    assert detect_kind(build_docx(samples.NURSE)) is FileKind.DOCX
    assert detect_kind(build_txt(samples.NURSE)) is FileKind.TXT
    assert detect_kind("Jürgen Müller\nKöln".encode("latin-1")) is FileKind.TXT


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (hostile.PNG_1x1, "PNG image"),
        (hostile.ELF_HEADER, "Linux program"),
        (b"MZ\x90\x00" + b"\x00" * 60, "Windows program"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word"),
        (hostile.plain_zip(), "ZIP archive"),
        (hostile.xlsx_like(), "Excel"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_other_files_are_refused_with_what_they_are(data: bytes, what: str) -> None:
    with pytest.raises(UnsupportedFileType, match=what) as info:
        detect_kind(data)
    assert info.value.status_code == 415


def test_empty_and_blank_files() -> None:
    for data in (b"", b"   \n\t  "):
        with pytest.raises(EmptyFile):
            detect_kind(data)


def test_ligatures_soft_hyphens_bullets_and_odd_spaces() -> None:
    raw = (
        "Eﬃcient ﬁnancial workﬂows\u00a0and oﬀice tasks\n"
        "\uf0b7 Led the docu\u00admentation eﬀort\n"
        "● Reduced costs\n"
        "- Built dashboards\n"
        "\x7f Trained staff\n"
        "Managed a multi-\nsite team and improved perfor-\nmance across depart-\nments"
    )
    assert clean_text(raw) == (
        "Efficient financial workflows and office tasks\n"
        "• Led the documentation effort\n"
        "• Reduced costs\n"
        "• Built dashboards\n"
        "• Trained staff\n"
        "Managed a multi-site team and improved performance across departments"
    )


def test_hyphenated_compounds_keep_their_hyphen() -> None:
    assert clean_text("a self-\nmotivated and cross-\nfunctional lead") == (
        "a self-motivated and cross-functional lead"
    )


def test_split_columns_reads_left_then_right() -> None:
    left = ["CONTACT", "jo@example.com", "555 0100 200", "SKILLS", "Python, SQL", "Excel",
            "EDUCATION", "BSc Maths"]  # fmt: skip
    right = ["SUMMARY", "Analyst with 5 years", "EXPERIENCE", "Analyst — Acme", "2019 – 2024",
             "• Built reports", "• Cut costs 10%", "• Trained 4 people"]  # fmt: skip
    lines = ["Jo Bloggs"] + [f"{a:<30}{b}" for a, b in zip(left, right, strict=True)]
    text, split = split_columns("\n".join(lines))
    assert split
    out = text.split("\n")
    assert out == ["Jo Bloggs", *left, *right]


def test_single_column_text_is_left_alone() -> None:
    text = "\n".join(f"Line {i} of a normal resume with words" for i in range(20))
    out, split = split_columns(text)
    assert not split
    assert out == text


def test_two_column_pdf_is_read_column_by_column() -> None:
    extracted = extract_text(build_pdf(samples.SOFTWARE_ENGINEER, two_column=True))
    text = extracted.text
    assert "columns" in extracted.features
    # The sidebar (contact, skills, education) comes whole, before the main column.
    assert text.index("priya.raman@example.com") < text.index("SKILLS") < text.index("EDUCATION")
    assert text.index("EDUCATION") < text.index("SUMMARY") < text.index("EXPERIENCE")
    assert "Python, Go, PostgreSQL, Kafka, AWS,\nKubernetes, Docker" in text
    assert "• Led the redesign of the ledger service in Go" in text
    assert "University of California, Davis" in text
    # No line mixes the two columns.
    assert not any("Kubernetes" in ln and "Led the" in ln for ln in text.split("\n"))


def test_single_column_pdf_keeps_order_and_bullets() -> None:
    extracted = extract_text(build_pdf(samples.NURSE))
    text = extracted.text
    assert extracted.kind is FileKind.PDF and extracted.pages == 1
    assert extracted.features == []
    assert text.startswith("Maria Gonzalez\nmaria.gonzalez.rn@example.com | 617-555-0199")
    assert "• Reduced central line infections on the unit by 40%" in text
    assert text.index("CLINICAL EXPERIENCE") < text.index("EDUCATION")


def test_docx_layout_table_header_and_bullets() -> None:
    extracted = extract_text(build_docx(samples.SALES, table_layout=True, contact_in_header=True))
    text = extracted.text
    assert extracted.kind is FileKind.DOCX
    assert set(extracted.features) == {"layout_table", "header_footer"}
    assert "d.okafor@example.com" in extracted.header_footer_text
    assert text.startswith("Daniel Okafor\nd.okafor@example.com")
    # The left cell (skills, education) is read whole before the right cell (experience).
    assert text.index("Core Competencies") < text.index("EDUCATION") < text.index("SUMMARY")
    assert "• Closed $2.4M in new ARR in FY2023, 132% of quota; President's Club 2023" in text


def test_docx_data_tables_footers_links_and_text_boxes() -> None:
    doc = Document()
    doc.add_paragraph("Ana Lima")
    doc.add_paragraph("EXPERIENCE")
    table = doc.add_table(rows=2, cols=3)
    for r, row in enumerate([("Barista", "Blue Bottle", "2021 – 2023"), ("Host", "Nopa", "2019")]):
        for c, value in enumerate(row):
            table.rows[r].cells[c].text = value
    doc.sections[0].footer.paragraphs[0].text = "ana.lima@example.com · +351 912 345 678"
    part = doc.part
    rel = part.relate_to(
        "https://linkedin.com/in/analima",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    assert rel
    buf = io.BytesIO()
    doc.save(buf)
    extracted = extract_text(buf.getvalue())
    lines = extracted.text.split("\n")
    assert "Barista   Blue Bottle   2021 – 2023" in lines  # a data row stays one line
    assert lines[-1] == "ana.lima@example.com · +351 912 345 678"
    assert extracted.links == ["https://linkedin.com/in/analima"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])
def test_text_files_in_any_common_encoding(encoding: str) -> None:
    text = "José Müller\nEXPERIENCE\nCafé manager, Zürich, 2019 - 2024\nLed a team of 12 in Köln"
    extracted = extract_text(text.encode(encoding))
    assert extracted.kind is FileKind.TXT
    assert extracted.text == text


def test_docx_is_checked_as_a_zip_before_parsing() -> None:
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<w:document")
    with pytest.raises(Exception, match="damaged"):
        extract_text(broken.getvalue())
