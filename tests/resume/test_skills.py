"""Skills a resume shows the person has: context decides, and every skill names its line."""

from __future__ import annotations

from bench.resume.bench_skills import evaluate, load
from core.resume.skills import resume_skills


def names(text: str) -> dict[str, str]:
    return {s.name: s.evidence for s in resume_skills(text)}


RESUME = """Jordan Reyes
Backend Engineer
jordan@example.com | (555) 010-2000 | Oakland, CA

Summary
Backend engineer with 6 years building payment services. Dependable and organized.

Experience
Software Engineer — Swift Transportation, Phoenix, AZ — 2021 – Present
Swift Transportation is a trucking and logistics company with 20,000 drivers.
• Built REST APIs in Go and PostgreSQL; trained 3 new engineers on our deploy process.
• Work with the data team, who own the Snowflake warehouse and the Tableau dashboards.
• Sold nothing; learning Rust on weekends.

Education
B.S. Mathematics, Arizona State University, 2018
Coursework: Compilers, Operating Systems, Cryptography

Skills
Python, Go, Docker, Kubernetes, Spanish (conversational)

Interests
Birdwatching on the island of Java; Photography; my ball python, Monty.
"""


def test_context_decides_what_counts() -> None:
    found = names(RESUME)
    for skill in ("Python", "Go", "PostgreSQL", "REST APIs", "Docker", "Kubernetes", "Spanish"):
        assert skill in found, (skill, found)
    # Evidence is the line; the skills section is the preferred witness.
    assert found["Python"] == "Python, Go, Docker, Kubernetes, Spanish (conversational)"
    assert found["PostgreSQL"].startswith("• Built REST APIs in Go and PostgreSQL")
    # Training people is shown by what the person did.
    assert "Training Facilitation" in found
    # Self-descriptions in the summary count as soft skills.
    assert {"Work Ethic", "Organizational Skills"} <= set(found)
    for not_theirs in (
        "Logistics",  # the employer's industry, in its "about" line
        "Snowflake",  # the data team's tools
        "Tableau",
        "Data Visualization",
        "Rust",  # being learned
        "Mathematics",  # a degree subject
        "Compilers",  # a course list
        "Cryptography",
        "Photography",  # a hobby
        "Swift",  # the employer's name
    ):
        assert not_theirs not in found, (not_theirs, found.get(not_theirs))


def test_ambiguous_words_need_their_field() -> None:
    tech = "Skills\nJava, Spring Boot, Docker, Kubernetes\n"
    assert {"Java", "Docker"} <= set(names(tech))
    chef = "Experience\n• Docker at the Port of Felixstowe; loaded Java coffee for Express Lunch.\n"
    assert not {"Java", "Docker", "Express.js"} & set(names(chef))


def test_languages_count_when_spoken() -> None:
    teacher = (
        "Experience\n• Teach 28 students, many of them multilingual learners (Spanish, Nepali).\n"
        "Languages\nEnglish (native), French (B2)\n"
    )
    found = names(teacher)
    assert {"English", "French"} <= set(found)
    assert not {"Spanish", "Nepali"} & set(found)


def test_skills_in_other_languages_use_english_names() -> None:
    found = names(
        "BERUFSPRAXIS\n• Fehlersuche an Hydraulik- und Pneumatiksystemen nach Schaltplan\n"
        "• Schweißen (MAG) und Blechbearbeitung\n"
    )
    assert {"Troubleshooting", "Hydraulics", "Welding", "Sheet Metal Fabrication"} <= set(found)


def test_dev_corpus_figures_hold() -> None:
    """The labelled dev split of corpora/resumes (the blind split is not read here)."""
    figures = evaluate(load("dev"))["contextual"]
    assert figures["precision"] >= 0.9 and figures["recall"] >= 0.9, figures


def test_a_spreadsheet_forecast_is_not_machine_learning() -> None:
    finance = (
        "Financial Analyst — Acme Corp — 2019 – Present\n• Built forecasting models in Excel\n"
    )
    found = names(finance)
    assert "Forecasting" in found and "Microsoft Excel" in found
    assert "Machine Learning" not in found
    # A model that is trained, or that classifies, still is.
    assert "Machine Learning" in names(finance + "• Trained a churn model in Python\n")
    assert "Machine Learning" in names(finance + "• Shipped classification models\n")
