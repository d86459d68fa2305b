"""The local analyser on realistic resumes of different professions and layouts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.resume.analyze_local import COMPONENTS, Target, analyze
from core.resume.extract import extract_text
from core.resume.parse import find_date_range, parse_experience, years_of_experience
from core.resume.pipeline import target_for_role
from core.resume.sections import heading_section, split_sections
from tests.resume import samples
from tests.resume.builders import build_docx, build_pdf, build_txt

TODAY = date(2026, 6, 1)


def run(data: bytes, target: Target | None = None) -> dict:
    return analyze(extract_text(data), today=TODAY, target=target).to_item()


def test_software_engineer_single_column_pdf() -> None:
    r = run(build_pdf(samples.SOFTWARE_ENGINEER))
    assert r["contact"] == {
        "name": "Priya Raman",
        "email": "priya.raman@example.com",
        "phone": "(415) 555-0142",
        "location": "San Francisco, CA",
        "links": ["linkedin.com/in/priyaraman", "github.com/priyaraman"],
    }
    assert r["sections"] == ["Summary", "Skills", "Experience", "Education"]
    jobs = [
        (e["title"], e["company"], e["location"], e["start"], e["end"]) for e in r["experience"]
    ]
    assert jobs == [
        ("Senior Software Engineer", "Stripe", "San Francisco, CA", "2021-03", "present"),
        ("Software Engineer", "Acme Corp", "Oakland, CA", "2017-06", "2021-02"),
    ]
    assert r["experience"][0]["bullets"][0].startswith("Led the redesign of the ledger service")
    assert len(r["experience"][0]["bullets"]) == 4
    assert r["yearsExperience"] == 9.1  # Jun 2017 – Jun 2026 (this month counts)
    for skill in ("Python", "Go", "PostgreSQL", "Apache Kafka", "Amazon Web Services",
                  "Kubernetes", "Docker", "Terraform", "Django", "GitHub Actions", "Redis",
                  "REST APIs", "Jenkins"):  # fmt: skip
        assert skill in r["skills"]
    assert "Payment Integration" not in r["skills"]  # "Stripe" is the employer here
    assert r["education"] == [
        {
            "degree": "B.S.",
            "field": "Computer Science",
            "institution": "University of California, Davis",
            "start": "2013",
            "end": "2017",
        }
    ]
    assert r["analyzer"] == "local" and r["fallbackReason"] is None
    assert r["keywordGap"] is None


def test_score_breakdown_adds_up_and_explains_itself() -> None:
    r = run(build_pdf(samples.SOFTWARE_ENGINEER))
    keys = [c["component"] for c in r["scoreBreakdown"]]
    assert keys == [k for k in COMPONENTS if k != "targetKeywords"]
    assert sum(c["maxPoints"] for c in r["scoreBreakdown"]) == 100
    assert r["atsScore"] == sum(c["points"] for c in r["scoreBreakdown"])
    for comp in r["scoreBreakdown"]:
        assert 0 <= comp["points"] <= comp["maxPoints"]
        assert comp["reason"] and "\n" not in comp["reason"]
    by_key = {c["component"]: c for c in r["scoreBreakdown"]}
    assert by_key["quantifiedAchievements"]["reason"] == "4 of 7 bullets include a number"
    assert by_key["actionVerbs"]["reason"] == (
        "5 of 7 bullets start with an action verb; 2 start with a weak phrase"
    )
    assert by_key["datesChronology"]["reason"] == "2 of 2 roles dated, newest first"


def test_suggestions_point_at_the_text() -> None:
    r = run(build_pdf(samples.SOFTWARE_ENGINEER))
    assert (
        "Experience, Stripe, bullet 3: start with what you did instead of "
        "'Responsible for on-call rotations and in…' — e.g. 'Led', 'Built', 'Reduced', 'Trained'"
    ) in r["suggestions"]
    assert any(
        s.startswith("Experience, Acme Corp, bullet 1: add a number — how much, how many, how fast")
        for s in r["suggestions"]
    )
    assert any("passive phrasing" in w for w in r["weaknesses"])
    assert any(s.startswith("Quantified impact in 4 bullets") for s in r["strengths"])


def test_the_same_input_gives_the_same_output() -> None:
    data = build_docx(samples.NURSE)
    assert run(data) == run(data)


def test_nurse_two_column_pdf() -> None:
    r = run(build_pdf(samples.NURSE, two_column=True))
    assert r["contact"]["name"] == "Maria Gonzalez"
    assert r["contact"]["phone"] == "617-555-0199"
    assert r["contact"]["location"] == "Boston, MA"
    assert set(r["sections"]) == {"Summary", "Experience", "Skills", "Education", "Certifications"}
    jobs = [(e["title"], e["company"], e["start"], e["end"]) for e in r["experience"]]
    assert jobs == [
        ("Registered Nurse, ICU", "Massachusetts General Hospital", "2020-06", "present"),
        ("Registered Nurse, Medical-Surgical", "Boston Medical Center", "2017-08", "2020-05"),
    ]
    # Bullets the PDF wrapped onto two lines come back whole.
    assert r["experience"][0]["bullets"][0] == (
        "Provide care for 2–3 critically ill patients per shift in a 24-bed medical ICU"
    )
    assert r["yearsExperience"] == 8.9
    for skill in ("Registered Nurse", "Critical Care", "Medical-Surgical Nursing", "Wound Care",
                  "Intravenous Therapy", "Epic Systems", "Basic Life Support",
                  "Advanced Cardiovascular Life Support", "Patient Assessment",
                  "Medication Administration", "Charge Nurse"):  # fmt: skip
        assert skill in r["skills"]
    assert "Nursing" in r["skillsByCategory"]
    assert "layout" in " ".join(r["suggestions"]).lower()
    parse = next(c for c in r["scoreBreakdown"] if c["component"] == "parseableText")
    assert parse["reason"] == "Text extracted, with two-column layout"


def test_sales_table_layout_docx_with_contact_in_the_header() -> None:
    r = run(build_docx(samples.SALES, table_layout=True, contact_in_header=True))
    assert r["contact"]["email"] == "d.okafor@example.com"
    assert r["contact"]["phone"] == "+1 312 555 0177"
    assert r["contact"]["links"] == ["linkedin.com/in/danielokafor"]
    jobs = [(e["title"], e["company"]) for e in r["experience"]]
    assert jobs == [
        ("Account Executive", "Salesforce"),
        ("Sales Development Representative", "Gong"),
    ]
    assert r["yearsExperience"] == 8.5
    for skill in ("B2B Sales", "Prospecting", "Negotiation", "Solution Selling",
                  "Pipeline Management", "LinkedIn Sales Navigator",
                  "Quota Attainment"):  # fmt: skip
        assert skill in r["skills"]
    assert "Contact details sit in the page header, which many ATS do not read" in r["weaknesses"]
    assert (
        "Contact: move your email and phone from the page header into the body" in r["suggestions"]
    )
    assert r["sections"][0] == "Skills"  # "Core Competencies" is a skills heading


def test_teacher_plain_text_with_overlapping_and_adjacent_roles() -> None:
    r = run(build_txt(samples.TEACHER))
    jobs = [(e["title"], e["company"], e["start"], e["end"]) for e in r["experience"]]
    assert jobs == [
        ("5th Grade Teacher", "Lakeview Elementary School", "2019-08", "present"),
        ("Student Teacher", "Green Lake Elementary", "2019-01", "2019-06"),
    ]
    assert r["yearsExperience"] == 7.4  # 6 months + Aug 2019 – Jun 2026
    assert [e["institution"] for e in r["education"]] == [
        "University of Washington",
        "Western Washington University",
    ]
    for skill in ("Lesson Planning", "Classroom Management", "Differentiated Instruction",
                  "Individualized Education Programs", "Parent Communication",
                  "Google Classroom", "Seesaw"):  # fmt: skip
        assert skill in r["skills"]
    assert "Email Marketing" not in r["skills"]


def test_warehouse_worker_with_year_only_dates() -> None:
    r = run(build_docx(samples.WAREHOUSE))
    jobs = [(e["title"], e["company"], e["start"], e["end"]) for e in r["experience"]]
    assert jobs == [
        ("Warehouse Associate", "Amazon Fulfillment Center", "2020", "2023"),
        ("Delivery Driver", "FedEx Ground", "2017", "2019"),
    ]
    assert r["yearsExperience"] == 7.0
    assert r["education"][0]["degree"] == "High School Diploma"
    assert r["education"][0]["institution"] == "Westland High School"
    assert (
        "Sections: add a 2–3 line 'Summary' at the top saying who you are and what you do"
        in (r["suggestions"])
    )
    assert any("write months too" in s for s in r["suggestions"])
    assert {"Forklift Operation", "Order Picking", "Shipping and Receiving", "OSHA"} <= set(
        r["skills"]
    )


def test_target_role_adds_coverage_and_a_keyword_gap() -> None:
    target = target_for_role("Data Engineer")
    assert target is not None
    r = run(build_pdf(samples.DATA_ANALYST), target)
    assert sum(c["maxPoints"] for c in r["scoreBreakdown"]) == 100
    comp = r["scoreBreakdown"][-1]
    assert comp["component"] == "targetKeywords"
    assert comp["reason"].startswith("Covers ") and "key skills for Data Engineer" in comp["reason"]
    assert r["keywordGap"][:3] == ["Apache Spark", "Apache Airflow", "ETL"]
    assert "Python" not in r["keywordGap"] and "SQL" not in r["keywordGap"]
    assert r["target"]["label"] == "Data Engineer"
    assert any(
        s.startswith("Target Data Engineer: if you have used Apache Spark")
        for s in r["suggestions"]
    )


def test_a_bare_resume_gets_specific_basic_advice() -> None:
    text = "JANE ROE\nI worked at a shop for a while and helped customers every day.\n" * 3
    r = run(text.encode())
    assert r["contact"]["name"] == "Jane Roe"
    assert "Contact: add a phone number" in r["suggestions"]
    assert "Contact: add a professional email address" in r["suggestions"]
    assert r["atsScore"] < 40
    assert r["experience"] == [] and r["yearsExperience"] == 0.0


@pytest.mark.parametrize(
    ("line", "start", "end", "current"),
    [
        ("Jan 2020 – Present", "2020-01", None, True),
        ("January 2018 - March 2021", "2018-01", "2021-03", False),
        ("03/2019 – 11/2022", "2019-03", "2022-11", False),
        ("2016 to 2019", "2016", "2019", False),
        ("Sept. 2015 — Current", "2015-09", None, True),
        ("Summer 2019", "2019-06", "2019-06", False),
        ("2021-04 – 2023-01", "2021-04", "2023-01", False),
        ("Acme Corp (Jun '18 – Aug '20)", "2018-06", "2020-08", False),
    ],
)
def test_date_ranges(line: str, start: str, end: str | None, current: bool) -> None:
    rng = find_date_range(line)
    assert rng is not None and rng.start is not None
    assert rng.start.iso() == start
    assert (rng.end.iso() if rng.end and not rng.current else None) == end
    assert rng.current is current


def test_money_and_counts_are_not_dates() -> None:
    assert find_date_range("Saved $2019 in fees and served 2000 customers") is None


def test_header_styles() -> None:
    lines = [
        "Acme Corp | Berlin, Germany",
        "Product Manager | Jan 2020 – Present",
        "• Shipped 4 releases",
        "Globex Inc. — Senior Analyst — 2016 – 2019",
        "• Cut reporting time by 50%",
        "Chef de Partie at The Ritz, London, UK (2012 – 2015)",
        "• Ran the fish station for 120 covers",
    ]
    entries = parse_experience(lines)
    got = [
        (e.title, e.company, e.location, e.dates.start.iso() if e.dates and e.dates.start else None)
        for e in entries
    ]
    assert got == [
        ("Product Manager", "Acme Corp", "Berlin, Germany", "2020-01"),
        ("Senior Analyst", "Globex Inc.", None, "2016"),
        ("Chef de Partie", "The Ritz", "London, UK", "2012"),
    ]
    assert years_of_experience(entries, TODAY) == 14.5  # bare years span Jan to Dec


def test_section_headings_under_many_names() -> None:
    assert heading_section("WORK HISTORY") == ("Experience", "")
    assert heading_section("Professional Experience:") == ("Experience", "")
    assert heading_section("Core Competencies") == ("Skills", "")
    assert heading_section("Licenses & Certifications") == ("Certifications", "")
    assert heading_section("E D U C A T I O N") == ("Education", "")
    assert heading_section("Skills: Python, SQL") == ("Skills", "Python, SQL")
    assert heading_section("experience working with children") is None
    split = split_sections("Jo\nSUMMARY\nHello\nSkills: A, B\nEXPERIENCE\nX")
    assert split.header == ["Jo"]
    assert split.names() == ["Summary", "Skills", "Experience"]


def test_every_layout_trait_costs_parseable_points_and_says_what_to_change() -> None:
    plain = extract_text(build_txt(samples.SOFTWARE_ENGINEER))
    traits = ["columns", "layout_table", "textbox"]
    r = analyze(replace(plain, features=traits), today=TODAY).to_item()
    parse = next(c for c in r["scoreBreakdown"] if c["component"] == "parseableText")
    assert parse["reason"] == (
        "Text extracted, with two-column layout, tables used for layout, text boxes"
    )
    assert parse["points"] == round(0.55 * parse["maxPoints"])
    assert [w for w in r["weaknesses"] if w.startswith(("Two-column", "Tables"))] == [
        "Two-column layout: many ATS read across both columns and scramble the order",
        "Tables used for layout: some ATS skip or flatten table cells",
    ]
    assert [s for s in r["suggestions"] if s.startswith("Layout:")] == [
        "Layout: move to a single column so an ATS reads sections in the right order",
        "Layout: replace the layout table with plain headings and text",
        "Layout: move text out of text boxes; many ATS ignore them",
    ]


def test_counts_are_worded_by_number() -> None:
    plain = replace(
        samples.SOFTWARE_ENGINEER,
        roles=[
            replace(
                samples.SOFTWARE_ENGINEER.roles[0],
                bullets=[
                    "Led the redesign of the ledger service in Go",
                    "Responsible for on-call rotations and incident reviews",
                    "Built an event pipeline on AWS",
                ],
            )
        ],
    )
    r = run(build_pdf(plain))
    assert "None of the 3 bullets shows a measurable result" in r["weaknesses"]
    assert any(w.startswith("1 bullet opens with passive phrasing") for w in r["weaknesses"])
    by_key = {c["component"]: c for c in r["scoreBreakdown"]}
    assert by_key["actionVerbs"]["reason"].endswith("; 1 starts with a weak phrase")
    assert not any("(s)" in line for line in r["weaknesses"] + r["strengths"])
