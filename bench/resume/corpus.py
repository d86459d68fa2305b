"""A corpus of generated resumes (PDF and DOCX, 1–3 pages, several professions and layouts),
deterministic for a given seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.resume import samples
from tests.resume.builders import ResumeSpec, Role, School, build_docx, build_pdf

PROFESSIONS: dict[str, dict[str, list[str]]] = {
    "software": {
        "titles": ["Software Engineer", "Senior Software Engineer", "Backend Developer",
                   "Staff Engineer", "Full Stack Developer"],
        "companies": ["Acme Corp", "Globex Inc", "Initech LLC", "Umbrella Technologies",
                      "Hooli", "Stark Industries"],
        "bullets": [
            "Built {n} REST APIs in Python and FastAPI serving {m}M requests a day",
            "Cut p95 latency by {p}% by adding Redis caching and query indexes in PostgreSQL",
            "Migrated {n} services to Kubernetes on AWS with Terraform and GitHub Actions",
            "Led a team of {n} engineers delivering the billing platform on time",
            "Responsible for code reviews and on-call rotations",
            "Wrote integration tests with pytest, raising coverage from {p}% to 90%",
            "Designed an event pipeline on Kafka processing {m}M events per hour",
            "Mentored {n} junior developers through design reviews",
        ],
        "skills": ["Python", "Go", "Java", "PostgreSQL", "Redis", "Kafka", "AWS", "Docker",
                   "Kubernetes", "Terraform", "React", "TypeScript", "CI/CD", "Linux"],
    },
    "nursing": {
        "titles": ["Registered Nurse", "Charge Nurse", "ICU Nurse", "Clinical Nurse"],
        "companies": ["Mercy Hospital", "St. Mary Medical Center", "City General Hospital",
                      "Riverside Health Clinic"],
        "bullets": [
            "Cared for {n} patients per shift on a {m}-bed medical-surgical unit",
            "Administered medications and IV therapy; documented care in Epic",
            "Reduced patient falls by {p}% by leading hourly rounding",
            "Precepted {n} new graduate nurses",
            "Performed wound care and patient assessments for post-operative patients",
            "Educated patients and families on discharge plans",
            "Helped with triage in the emergency department",
        ],
        "skills": ["Patient assessment", "Medication administration", "IV therapy", "BLS",
                   "ACLS", "Wound care", "Epic", "Telemetry", "Infection control"],
    },
    "sales": {
        "titles": ["Account Executive", "Sales Representative", "Account Manager",
                   "Sales Development Representative"],
        "companies": ["Salesforce", "Oracle", "HubSpot", "Zendesk", "Gong"],
        "bullets": [
            "Closed ${m}M in new business, {p}% of quota",
            "Prospected {n} accounts a week through cold calling and LinkedIn",
            "Managed a territory of {n} enterprise accounts",
            "Negotiated multi-year contracts with procurement teams",
            "Worked on CRM hygiene in Salesforce",
            "Booked {n} qualified meetings a month",
        ],
        "skills": ["B2B Sales", "Salesforce", "Prospecting", "Negotiation", "Cold calling",
                   "Pipeline management", "HubSpot", "Account management"],
    },
    "teaching": {
        "titles": ["Teacher", "5th Grade Teacher", "High School Math Teacher",
                   "Special Education Teacher"],
        "companies": ["Lakeview Elementary School", "Westside High School",
                      "Springfield Middle School"],
        "bullets": [
            "Taught math and science to {n} students with differentiated instruction",
            "Raised reading benchmark scores from {p}% to 85%",
            "Wrote IEP goals with the special education team",
            "Ran parent-teacher conferences for {n} families",
            "Designed a {n}-week project-based unit on ecosystems",
            "Duties included lunch supervision",
        ],
        "skills": ["Lesson planning", "Classroom management", "Google Classroom",
                   "Differentiated instruction", "IEPs", "Curriculum development"],
    },
    "warehouse": {
        "titles": ["Warehouse Associate", "Forklift Operator", "Shipping Clerk",
                   "Delivery Driver"],
        "companies": ["Amazon Fulfillment Center", "FedEx Ground", "UPS", "Target DC"],
        "bullets": [
            "Picked and packed {n} orders per shift with RF scanners",
            "Operated forklift and pallet jack with zero incidents in {n} years",
            "Loaded and unloaded {n} trailers a day",
            "Kept inventory counts accurate to {p}%",
        ],
        "skills": ["Forklift", "RF scanning", "Inventory", "Shipping and receiving", "OSHA 10"],
    },
}  # fmt: skip
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
NAMES = ["Alex Morgan", "Sam Rivera", "Jordan Lee", "Taylor Kim", "Casey Patel", "Riley Chen",
         "Jamie Novak", "Morgan Silva", "Avery Okafor", "Quinn Müller"]  # fmt: skip
CITIES = ["Austin, TX", "Denver, CO", "Portland, OR", "Berlin, Germany", "Toronto, ON"]


@dataclass
class Document:
    name: str
    kind: str  # pdf | docx
    layout: str
    profession: str
    data: bytes


def make_spec(rng: random.Random, profession: str, roles: int, bullets: int) -> ResumeSpec:
    p = PROFESSIONS[profession]
    name = rng.choice(NAMES)
    year = 2026
    month = rng.randrange(12)
    role_list = []
    for i in range(roles):
        length = rng.randint(10, 40)
        end = "Present" if i == 0 else f"{MONTHS[month]} {year}"
        start_index = year * 12 + month - length
        start_y, start_m = divmod(start_index, 12)
        role_list.append(
            Role(
                rng.choice(p["titles"]),
                rng.choice(p["companies"]),
                rng.choice(CITIES),
                f"{MONTHS[start_m]} {start_y} – {end}",
                [
                    b.format(n=rng.randint(2, 40), m=rng.randint(2, 90), p=rng.randint(10, 60))
                    for b in rng.sample(p["bullets"], min(bullets, len(p["bullets"])))
                ],
            )
        )
        gap = rng.randint(0, 4)
        year, month = divmod(start_index - gap, 12)
    return ResumeSpec(
        name=name,
        email=name.lower().replace(" ", ".").replace("ü", "ue") + "@example.com",
        phone=f"({rng.randint(200, 989)}) 555-{rng.randint(1000, 9999)}",
        location=rng.choice(CITIES),
        links=[f"linkedin.com/in/{name.lower().replace(' ', '')}"] if rng.random() < 0.7 else [],
        summary=f"{p['titles'][0]} with a record of measurable results."
        if rng.random() < 0.8
        else "",
        roles=role_list,
        schools=[School("B.S. in Business", "State University", "2008 – 2012")],
        skills=rng.sample(p["skills"], min(len(p["skills"]), rng.randint(4, 10))),
        certifications=["First Aid"] if rng.random() < 0.3 else [],
    )


def corpus(count: int = 60, seed: int = 7) -> list[Document]:
    """`count` resumes: half PDF (one or two columns), half DOCX (plain or a layout table),
    1–3 pages (2–12 roles of 3–8 bullets)."""
    rng = random.Random(seed)
    docs: list[Document] = []
    professions = list(PROFESSIONS)
    for i in range(count):
        profession = professions[i % len(professions)]
        long = i % 5 == 0  # a fifth are long careers: 2–3 pages
        roles = rng.randint(9, 12) if long else rng.randint(2, 8)
        spec = make_spec(rng, profession, roles=roles, bullets=rng.randint(3, 8))
        if i % 2 == 0:
            two = i % 4 == 0 and not long
            data = build_pdf(spec, two_column=two)
            docs.append(
                Document(
                    f"r{i:03d}.pdf", "pdf", "two-column" if two else "single", profession, data
                )
            )
        else:
            table = i % 4 == 1
            data = build_docx(spec, table_layout=table, contact_in_header=i % 3 == 0)
            docs.append(
                Document(f"r{i:03d}.docx", "docx", "table" if table else "plain", profession, data)
            )
    # The hand-written samples join the corpus too.
    hand_written = [samples.SOFTWARE_ENGINEER, samples.NURSE, samples.SALES, samples.TEACHER,
                    samples.DATA_ANALYST, samples.WAREHOUSE]  # fmt: skip
    for j, spec in enumerate(hand_written):
        docs.append(Document(f"sample{j}.pdf", "pdf", "single", "sample", build_pdf(spec)))
    return docs


def page_count(data: bytes) -> int:
    import io

    if not data.startswith(b"%PDF"):
        return 0
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
