"""The shipped skills taxonomy: lookups, extraction, and the shape of the data itself."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from core.skills import taxonomy as tx
from core.skills.taxonomy import DATA_DIR, Taxonomy, normalise, skills_of_title


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("JS", "JavaScript"),
        ("k8s", "Kubernetes"),
        ("golang", "Go"),
        ("C#", "C#"),
        ("c++", "C++"),
        (".NET", ".NET"),
        ("node.js", "Node.js"),
        ("ReactJS", "React"),
        ("sklearn", "scikit-learn"),
        ("MS Excel", "Microsoft Excel"),
        ("ACLS", "Advanced Cardiovascular Life Support"),
        ("med-surg", "Medical-Surgical Nursing"),
        ("lesson plans", "Lesson Planning"),
        ("FP&A", "Financial Planning and Analysis"),
        ("CDL-A", "Commercial Driving"),
        ("Español", "Spanish"),
        ("problem-solving", "Problem Solving"),
        ("  Amazon Web Services ", "Amazon Web Services"),
    ],
)
def test_canonical_names(alias: str, expected: str) -> None:
    assert tx.canonical(alias) == expected


def test_unknown_names_have_no_canonical() -> None:
    assert tx.canonical("") is None
    assert tx.canonical("flibbertigibbet") is None
    assert tx.category("flibbertigibbet") is None


@pytest.mark.parametrize(
    ("skill", "category"),
    [
        ("Python", "Programming Languages"),
        ("Kubernetes", "Cloud & DevOps"),
        ("Wound Care", "Nursing"),
        ("Lesson Planning", "Education & Teaching"),
        ("Account Reconciliation", "Finance & Accounting"),
        ("Litigation", "Legal"),
        ("Payroll", "Human Resources"),
        ("Forklift Operation", "Operations & Supply Chain"),
        ("Carpentry", "Construction & Trades"),
        ("Bartending", "Hospitality & Food Service"),
        ("Figma", "Design"),
        ("Search Engine Optimization", "Marketing"),
        ("Inside Sales", "Sales"),
        ("Japanese", "Languages"),
        ("Teamwork", "Soft Skills"),
        ("Project Management Professional", "Certifications"),
    ],
)
def test_categories_span_professions(skill: str, category: str) -> None:
    assert tx.category(skill) == category


def test_the_taxonomy_is_large_and_broad() -> None:
    skills = tx.all_skills()
    assert len(skills) >= 2500
    categories = {s.category for s in skills}
    assert len(categories) >= 30
    assert all(s.name and s.category for s in skills)


def test_no_alias_means_two_different_skills() -> None:
    """Data lint: one spelling (at one case rule) must name one skill only."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in sorted(DATA_DIR.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line[0] in "#[":
                continue
            names = [n.strip() for n in line.split(" > ")[0].split("|") if n.strip()]
            canon = names[0].lstrip("=?").split(" !")[0]
            for name in names:
                plain = " ".join(w for w in name.lstrip("=?").split() if not w.startswith("!"))
                exact = name[0] in "=?" or (plain.isupper() and len(plain.replace(" ", "")) <= 4)
                owners[(normalise(plain), plain if exact else "")].add(canon)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert clashes == {}


def test_extract_in_order_of_first_mention_without_duplicates() -> None:
    text = "Built APIs in Python with PostgreSQL. Later: python, Postgres and Docker."
    assert tx.extract_skills(text) == ["Python", "PostgreSQL", "Docker"]


def test_every_mention_is_found_whatever_its_case() -> None:
    found = tx.get_taxonomy().find("Python, python and Python 3; Docker.\nPYTHON")
    assert Counter(m.canonical for m in found) == {"Python": 4, "Docker": 1}


def test_word_boundaries() -> None:
    assert tx.extract_skills("Rust, Ruby and Rustic furniture") == ["Rust", "Ruby"]
    assert tx.extract_skills("Rustic furniture") == []
    assert "R" not in tx.extract_skills("Worked with Rust and React")
    assert tx.extract_skills("JavaScript") == ["JavaScript"]
    assert tx.extract_skills("javas cript") == []
    assert tx.extract_skills("C/C++ and C# on .NET") == ["C", "C++", "C#", ".NET"]
    assert tx.extract_skills("Grade C student") == []


def test_ambiguous_short_names_need_a_list_context() -> None:
    assert tx.extract_skills("Skills: Python, Go, R, C") == ["Python", "Go", "R", "C"]
    assert tx.extract_skills("Languages: Go | Rust | Swift") == ["Go", "Rust", "Swift"]
    # Prose uses of the same words are not skills.
    assert tx.extract_skills("Let it go. I go to meetings") == []
    assert tx.extract_skills("Ready to go live with a swift rollout") == []
    assert tx.extract_skills("Go to market with Python") == ["Go-to-Market Strategy", "Python"]
    assert tx.extract_skills("Ready? Go with Python") == ["Python"]
    assert tx.extract_skills("Plan C was less risky") == []
    # Alone on a line with no other skill, an ambiguous word is not trusted.
    assert tx.extract_skills("Go") == []
    # Qualified by "programming"/"language" it is.
    assert tx.extract_skills("Wrote tools in the Go language") == ["Go"]
    assert tx.extract_skills("R programming") == ["R"]
    assert tx.extract_skills("Go (programming)") == ["Go", "Software Engineering"]


def test_short_all_caps_aliases_are_case_sensitive() -> None:
    assert tx.extract_skills("IT and HR") == ["Information Technology", "Human Resources"]
    assert tx.extract_skills("it was hard; or not") == []
    assert "Accounts Receivable" not in tx.extract_skills("the ar of it")


def test_common_words_are_not_skills() -> None:
    prose = (
        "Responsible for leading the organization. Reporting to the CEO, I was driving "
        "growth and positive results; we react to change, excel in sales meetings, and "
        "made a swift decision in the Spring. Concrete results. High School Diploma."
    )
    found = tx.extract_skills(prose)
    for word in ("React", "Swift", "Spring Framework", "Microsoft Excel", "Concrete Work"):
        assert word not in found


def test_exact_case_aliases() -> None:
    assert tx.extract_skills("Built a React app") == ["React"]
    assert tx.extract_skills("Good at Excel. Advanced Excel") == ["Microsoft Excel"]
    assert tx.extract_skills("Excel at negotiation") == ["Negotiation"]


def test_multi_word_skills_across_joiners_and_line_breaks() -> None:
    assert tx.extract_skills("machine-learning") == ["Machine Learning"]
    assert tx.extract_skills("Machine\nLearning") == ["Machine Learning"]
    assert tx.extract_skills("CI / CD pipelines") == ["CI/CD"]
    assert tx.extract_skills("Food and Beverage") == ["Food and Beverage Service"]
    assert tx.extract_skills("machine, learning") == []


def test_longest_match_wins() -> None:
    assert tx.extract_skills("Spring Boot") == ["Spring Boot"]
    assert tx.extract_skills("Google Cloud Platform") == ["Google Cloud Platform"]
    assert tx.extract_skills("SOAP notes") == ["SOAP Notes"]


def test_non_tech_professions() -> None:
    nurse = "RN with ICU experience: IV therapy, wound care, BLS and ACLS certified; Epic charting"
    assert tx.extract_skills(nurse) == [
        "Registered Nurse",
        "Critical Care",
        "Intravenous Therapy",
        "Wound Care",
        "Basic Life Support",
        "Advanced Cardiovascular Life Support",
        "Epic Systems",
        "Electronic Health Records",
    ]
    teacher = (
        "Lesson planning, classroom management and differentiated instruction for ELL students"
    )
    assert tx.extract_skills(teacher) == [
        "Lesson Planning",
        "Classroom Management",
        "Differentiated Instruction",
        "English as a Second Language",
    ]


def test_related_skills() -> None:
    assert "Docker" in tx.related("Kubernetes")
    assert "Kubernetes" in tx.related("Docker")  # listed in one direction only
    assert tx.related("nonexistent") == []


def test_a_custom_taxonomy_from_lines() -> None:
    tax = Taxonomy.from_lines(["[Things]", "Widget | gizmo | =WDG > Sprocket", "Sprocket"])
    assert tax.canonical("GIZMO") == "Widget"
    assert tax.category("sprocket") == "Things"
    assert tax.extract("a gizmo, a wdg and a WDG") == ["Widget"]
    assert [m.canonical for m in tax.find("a gizmo, a wdg and a WDG")] == ["Widget", "Widget"]
    assert tax.related("Widget") == ["Sprocket"]
    with pytest.raises(ValueError, match="twice"):
        Taxonomy.from_lines(["A", "A"])


def test_a_title_names_its_skills_and_the_work_it_does() -> None:
    assert skills_of_title("Data Analyst II") == ["Data Analysis"]
    assert skills_of_title("Senior Project Manager") == ["Project Management"]
    assert skills_of_title("Python Developer") == ["Python"]
    assert skills_of_title("Staff Software Engineer") == ["Software Engineering"]
    assert skills_of_title("Analyst") == []
