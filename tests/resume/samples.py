"""Six realistic resumes from different professions, used by the analyser tests."""

from __future__ import annotations

from tests.resume.builders import ResumeSpec, Role, School

SOFTWARE_ENGINEER = ResumeSpec(
    name="Priya Raman",
    email="priya.raman@example.com",
    phone="(415) 555-0142",
    location="San Francisco, CA",
    links=["linkedin.com/in/priyaraman", "github.com/priyaraman"],
    summary=(
        "Backend engineer with 7 years building payment and data platforms in Python and Go. "
        "I care about reliability, clear APIs and mentoring."
    ),
    roles=[
        Role(
            "Senior Software Engineer",
            "Stripe",
            "San Francisco, CA",
            "Mar 2021 – Present",
            [
                "Led the redesign of the ledger service in Go, cutting p99 latency from 480 ms "
                "to 95 ms for 40M daily requests",
                "Built a Kafka-based event pipeline on AWS (EKS, S3) processing 2 TB per day",
                "Responsible for on-call rotations and incident reviews",
                "Mentored 4 engineers; two were promoted within a year",
            ],
        ),
        Role(
            "Software Engineer",
            "Acme Corp",
            "Oakland, CA",
            "Jun 2017 – Feb 2021",
            [
                "Developed REST APIs in Python (Django) and PostgreSQL for the billing product",
                "Worked on the migration from Jenkins to GitHub Actions",
                "Reduced cloud spend by 28% ($310K a year) by right-sizing Kubernetes clusters",
            ],
        ),
    ],
    schools=[School("B.S. in Computer Science", "University of California, Davis", "2013 – 2017")],
    skills=[
        "Python", "Go", "PostgreSQL", "Kafka", "AWS", "Kubernetes", "Docker", "Terraform",
        "Django", "GitHub Actions", "Redis",
    ],
)  # fmt: skip

NURSE = ResumeSpec(
    name="Maria Gonzalez",
    email="maria.gonzalez.rn@example.com",
    phone="617-555-0199",
    location="Boston, MA",
    summary=(
        "Registered Nurse with 6 years of acute care experience in Med/Surg and ICU settings. "
        "Calm under pressure, committed to patient safety and family education."
    ),
    roles=[
        Role(
            "Registered Nurse, ICU",
            "Massachusetts General Hospital",
            "Boston, MA",
            "June 2020 – Present",
            [
                "Provide care for 2–3 critically ill patients per shift in a 24-bed medical ICU",
                "Titrate vasoactive drips and manage ventilated patients with the care team",
                "Reduced central line infections on the unit by 40% by leading a CLABSI bundle "
                "audit",
                "Precept new graduate nurses and serve as charge nurse on night shift",
            ],
        ),
        Role(
            "Registered Nurse, Medical-Surgical",
            "Boston Medical Center",
            "Boston, MA",
            "August 2017 – May 2020",
            [
                "Cared for 5–6 patients per shift on a 32-bed med-surg unit",
                "Administered medications, IV therapy and wound care; charted in Epic",
                "Taught discharge education to patients and families",
            ],
        ),
    ],
    schools=[
        School("Bachelor of Science in Nursing (BSN)", "Northeastern University", "2013 – 2017")
    ],
    skills=["Patient assessment", "Medication administration", "IV therapy", "Wound care", "Epic"],
    certifications=["RN License, Massachusetts", "BLS", "ACLS", "CCRN"],
    headings={"Summary": "PROFESSIONAL SUMMARY", "Experience": "CLINICAL EXPERIENCE"},
    role_style="stacked",
)

SALES = ResumeSpec(
    name="Daniel Okafor",
    email="d.okafor@example.com",
    phone="+1 312 555 0177",
    location="Chicago, IL",
    links=["linkedin.com/in/danielokafor"],
    summary="Enterprise account executive who turns cold pipelines into closed revenue.",
    roles=[
        Role(
            "Account Executive",
            "Salesforce",
            "Chicago, IL",
            "Feb 2020 – Present",
            [
                "Closed $2.4M in new ARR in FY2023, 132% of quota; President's Club 2023",
                "Built pipeline through cold calling and LinkedIn Sales Navigator prospecting",
                "Ran MEDDIC qualification and negotiated multi-year contracts with CFOs",
            ],
        ),
        Role(
            "Sales Development Representative",
            "Gong",
            "Chicago, IL",
            "Jan 2018 – Jan 2020",
            [
                "Booked 25+ qualified meetings a month for three account executives",
                "Helped with CRM hygiene in Salesforce",
            ],
        ),
    ],
    schools=[School("BA in Communications", "University of Illinois Chicago", "2013 – 2017")],
    skills=[
        "B2B Sales",
        "Salesforce",
        "Prospecting",
        "Negotiation",
        "MEDDIC",
        "Pipeline Management",
    ],
    headings={"Experience": "Professional Experience", "Skills": "Core Competencies"},
)

TEACHER = ResumeSpec(
    name="Emily Chen",
    email="emily.chen.teach@example.com",
    phone="(206) 555-0123",
    location="Seattle, WA",
    summary="Elementary teacher who builds calm, curious classrooms for diverse learners.",
    roles=[
        Role(
            "5th Grade Teacher",
            "Lakeview Elementary School",
            "Seattle, WA",
            "Aug 2019 – Present",
            [
                "Plan and teach math, literacy and science to 28 students with differentiated "
                "instruction",
                "Raised the share of students meeting reading benchmarks from 61% to 84% in one "
                "year",
                "Write and run IEP goals with the special education team",
                "Run monthly parent-teacher conferences and a weekly family newsletter",
            ],
        ),
        Role(
            "Student Teacher",
            "Green Lake Elementary",
            "Seattle, WA",
            "Jan 2019 – Jun 2019",
            ["Co-taught a 3rd grade class of 24 students", "Designed a 6-week unit on ecosystems"],
        ),
    ],
    schools=[
        School("Master in Teaching (MIT)", "University of Washington", "2018 – 2019"),
        School("B.A. in Psychology", "Western Washington University", "2014 – 2018"),
    ],
    skills=["Lesson planning", "Classroom management", "Google Classroom", "Seesaw", "IEPs"],
    certifications=["Washington State Teaching Certificate (K-8)"],
)

DATA_ANALYST = ResumeSpec(
    name="Lukas Weber",
    email="lukas.weber@example.com",
    phone="+49 30 5550 1234",
    location="Berlin, Germany",
    links=["https://lukasweber.dev"],
    summary="Data analyst turning messy operational data into decisions.",
    roles=[
        Role(
            "Data Analyst",
            "Zalando SE",
            "Berlin, Germany",
            "Apr 2021 – Present",
            [
                "Built Tableau dashboards used by 120 category managers every week",
                "Automated weekly reporting in Python and SQL, saving 10 hours a week",
                "Designed A/B tests for checkout changes worth EUR 1.2M a year",
            ],
        ),
        Role(
            "Junior Analyst",
            "Delivery Hero",
            "Berlin, Germany",
            "Sep 2019 – Mar 2021",
            ["Cleaned and modelled order data in BigQuery", "Presented findings to leadership"],
        ),
    ],
    schools=[School("M.Sc. Economics", "Humboldt University of Berlin", "2017 – 2019")],
    skills=["SQL", "Python", "pandas", "Tableau", "BigQuery", "A/B testing", "Excel", "Statistics"],
    certifications=["Google Data Analytics Certificate"],
)

WAREHOUSE = ResumeSpec(
    name="James O'Neil",
    email="jamesoneil@example.com",
    phone="(555) 201-8890",
    location="Columbus, OH",
    summary="",
    roles=[
        Role(
            "Warehouse Associate",
            "Amazon Fulfillment Center",
            "Columbus, OH",
            "2020 – 2023",
            [
                "Picked and packed 300+ orders per shift with RF scanners",
                "Operated forklift and pallet jack; zero safety incidents in 3 years",
            ],
        ),
        Role(
            "Delivery Driver",
            "FedEx Ground",
            "Columbus, OH",
            "2017 – 2019",
            ["Delivered packages on a 120-stop daily route", "Kept a clean driving record"],
        ),
    ],
    schools=[School("High School Diploma", "Westland High School", "2016")],
    skills=["Forklift", "Shipping and receiving", "Inventory", "RF scanning"],
    certifications=["OSHA 10", "Forklift Certification"],
)
