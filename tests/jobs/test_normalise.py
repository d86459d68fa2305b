from __future__ import annotations

from core.jobs.dedup import dedup_key
from core.jobs.model import RawPosting, job_id
from core.jobs.money import Salary
from core.jobs.normalise import normalise
from core.jobs.places import parse_location
from core.jobs.posting_text import (
    employment_type,
    seniority_from_title,
    split_sections,
    years_asked,
)
from core.jobs.text import title_tokens
from core.text.html import html_to_text


def test_html_becomes_readable_lines() -> None:
    html = "<p>Hello <b>world</b></p><ul><li>One</li><li><p>Two</p></li></ul><p>Bye<br>now</p>"
    assert html_to_text(html, bullets=True).text == "Hello world\n\n- One\n- Two\n\nBye\nnow"


def test_greenhouse_entity_escaped_html_is_unescaped() -> None:
    escaped = (
        "&lt;p&gt;Build APIs &amp;amp; tools&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Go&lt;/li&gt;&lt;/ul&gt;"
    )
    assert html_to_text(escaped, bullets=True).text == "Build APIs & tools\n\n- Go"


def test_plain_text_passes_through() -> None:
    assert html_to_text("Line one\n\nLine two", bullets=True).text == "Line one\n\nLine two"


def test_locations() -> None:
    assert parse_location("San Francisco, CA").country == "US"
    assert parse_location("Remote - United Kingdom").remote == "yes"
    assert parse_location("Remote - United Kingdom").country == "GB"
    hybrid = parse_location("Munich, Germany (Hybrid)")
    assert (hybrid.city, hybrid.country, hybrid.remote) == ("Munich", "DE", "hybrid")
    assert parse_location("Toronto, ON, Canada").country == "CA"
    assert parse_location("Remote (EMEA)").country is None


def test_seniority_and_years() -> None:
    assert seniority_from_title("Sr. Data Analyst") == "senior"
    assert seniority_from_title("Staff Engineer") == "lead"
    assert seniority_from_title("Product Manager") is None  # the role, not a rank
    assert seniority_from_title("Engineering Manager") == "lead"
    assert seniority_from_title("Software Engineer II") == "mid"
    assert seniority_from_title("Marketing Intern") == "intern"
    assert years_asked("- 5+ years of experience with Python") == 5
    assert years_asked("3-5 years experience in a similar role") == 3
    assert years_asked("At least three years working with customers") == 3
    assert years_asked("Founded 20 years ago") is None


def test_employment_type_from_fields_or_text() -> None:
    assert employment_type("FullTime") == "full-time"
    assert employment_type("Contractor") == "contract"
    assert employment_type(None, "Summer Intern") == "internship"
    assert employment_type(None, "Nurse", "This is a part-time role") == "part-time"


def test_requirements_and_nice_to_haves_are_separated() -> None:
    text = (
        "About the role\nWe build things.\n\nWhat you'll do:\n- Build APIs\n\nRequirements\n"
        "- 5+ years of Python\n- PostgreSQL\n- Kubernetes is a plus\n\nThe salary is great.\n"
        "Nice to have\n- Terraform\n\nBenefits\n- Lunch"
    )
    sections = split_sections(text)
    assert sections.requirements == ["5+ years of Python", "PostgreSQL"]
    assert sections.nice_to_have == ["Kubernetes is a plus", "Terraform"]


def test_titles_normalise_across_spellings() -> None:
    assert title_tokens("Sr. Front-End Dev (Remote)") == title_tokens("Senior Frontend Developer")


def test_normalised_job_item() -> None:
    raw = RawPosting(
        source="import",
        source_id="42",
        title="Senior Backend Engineer",
        company="Acme, Inc.",
        location="Berlin, Germany",
        description_html=(
            "<p>Join us.</p><h3>Requirements</h3><ul><li>6+ years of Python</li>"
            "<li>Django and PostgreSQL</li></ul><h3>Nice to have</h3><ul><li>Kubernetes</li></ul>"
            "<p>Salary: €80.000 – €95.000 a year</p>"
        ),
        url="https://example.org/jobs/42",
        posted_date="2026-01-05T10:00:00Z",
    )
    item = normalise(raw).to_item()
    assert item["jobId"] == job_id("import", "42")
    assert item["status"] == "open"
    assert item["country"] == "DE" and item["city"] == "Berlin"
    assert item["remote"] == "no"
    assert item["seniority"] == "senior"
    assert item["salary"] == {"min": 80000, "max": 95000, "currency": "EUR", "period": "year"}
    assert {"Python", "Django", "PostgreSQL"} <= set(item["features"]["required"])
    assert "Kubernetes" in item["features"]["nice"]
    assert item["features"]["yearsMin"] == 6
    assert item["postedDate"] == "2026-01-05T10:00:00.000Z"
    # Structured pay wins over pay written in the text.
    raw.salary = Salary(70000, 90000, "EUR", "year")
    assert normalise(raw).to_item()["salary"]["min"] == 70000


def test_job_ids_are_deterministic_and_per_source() -> None:
    assert job_id("lever", "abc") == job_id("lever", "abc")
    assert job_id("lever", "abc") != job_id("ashby", "abc")


def test_cross_source_duplicates_share_a_key() -> None:
    a = dedup_key("Acme, Inc.", "Sr. Backend Engineer (Remote)", "New York", None, "yes")
    b = dedup_key("ACME", "Senior Back-End Developer", "NYC", "US", "no")
    assert a == b
    assert a != dedup_key("Acme", "Backend Engineer", "New York", None, "no")  # other rank
