from __future__ import annotations

import numpy as np
import pytest

from core.jobs.importer import raw_from_record
from core.jobs.index import index_jobs
from core.jobs.model import SENIORITY_LEVELS
from core.jobs.normalise import normalise
from core.jobs.profile import CandidateProfile, build_profile
from core.jobs.score import COMPONENTS, explain_rows, score, score_all
from core.jobs.service import rules_explanation
from core.jobs.views import JobDetail


def job(**fields: object) -> dict:
    record = {
        "id": fields.pop("id", "j1"),
        "title": "Backend Engineer",
        "company": "Kontor",
        "location": "Berlin, Germany",
        "description": "Build Python services.",
        "requirements": [
            "3+ years of backend development",
            "Python",
            "Django",
            "PostgreSQL",
            "Docker",
        ],
        **fields,
    }
    raw, errors = raw_from_record(record)
    assert raw is not None, errors
    return normalise(raw)


PY = CandidateProfile(
    skills=["Python", "Django", "PostgreSQL", "Docker"],
    years=5,
    titles=["Backend Engineer"],
    target_role="Backend Engineer",
    location="Berlin, Germany",
    text="Backend engineer building Python and Django services on PostgreSQL and Docker.",
)


def test_shape_and_range() -> None:
    result = score(PY, job()).to_dict()
    assert set(result) >= {"score", "scoreBreakdown", "matchedSkills", "missingSkills", "reasons"}
    assert 0 <= result["score"] <= 100
    assert set(result["scoreBreakdown"]) == set(COMPONENTS)
    assert set(PY.skills) <= set(result["matchedSkills"])
    assert not set(PY.skills) & set(result["missingSkills"])
    assert result["score"] >= 80


def test_the_ranker_and_the_single_score_agree() -> None:
    jobs = [
        job(id=str(i), title=t)
        for i, t in enumerate(
            ["Backend Engineer", "Data Analyst", "Registered Nurse", "Go Developer"]
        )
    ]
    index = index_jobs(jobs)
    ranked = score_all(index, PY)
    for j in jobs:
        single = score(PY, j).score
        assert single == round(float(ranked[index.row_of[j.job_id]]))


def test_more_matching_skills_score_higher() -> None:
    fewer = CandidateProfile(**{**PY.__dict__, "skills": ["Python"]})
    assert score(PY, job()).score > score(fewer, job()).score
    missing = score(fewer, job()).missing_skills
    assert {"Django", "PostgreSQL", "Docker"} <= set(missing)


def test_an_unrelated_job_scores_low_however_good_the_details() -> None:
    nurse = job(
        title="Registered Nurse - ICU",
        requirements=["BLS and ACLS", "ICU nursing"],
        description="Care for critically ill patients.",
    )
    assert score(PY, nurse).score < 25


def test_location_and_remote_preference() -> None:
    here = score(PY, job()).score
    abroad = score(PY, job(location="Austin, TX")).score
    remote = score(PY, job(location="Remote - Germany")).score
    assert here > abroad and remote > abroad
    wants_remote = CandidateProfile(**{**PY.__dict__, "remote": "remote"})
    assert (
        score(wants_remote, job(location="Remote - Germany")).score
        > score(wants_remote, job()).score
    )


def test_salary_expectation() -> None:
    wants = CandidateProfile(**{**PY.__dict__, "min_salary": 90000, "currency": "EUR"})
    rich = score(wants, job(salary={"min": 90000, "max": 110000, "currency": "EUR"})).to_dict()
    poor = score(wants, job(salary={"min": 40000, "max": 50000, "currency": "EUR"})).to_dict()
    unknown = score(wants, job()).to_dict()
    assert rich["scoreBreakdown"]["salary"] == 100
    assert poor["scoreBreakdown"]["salary"] == 0
    assert unknown["scoreBreakdown"]["salary"] is None
    assert rich["score"] > poor["score"]
    assert any("minimum" in r for r in rich["reasons"])


def test_seniority_and_years() -> None:
    junior = CandidateProfile(**{**PY.__dict__, "years": 1, "titles": ["Junior Developer"]})
    staff = job(
        title="Staff Backend Engineer",
        requirements=["10+ years of backend development", "Python", "Django"],
    )
    result = score(junior, staff).to_dict()
    assert result["scoreBreakdown"]["experience"] <= 10
    assert result["scoreBreakdown"]["seniority"] <= 30
    assert score(PY, staff).score > result["score"]


def test_seniority_fit_agrees_with_its_reason() -> None:
    mid = CandidateProfile(**{**PY.__dict__, "seniority": "mid"})
    fit = {}
    for title in ("Junior Backend Engineer", "Backend Engineer", "Senior Backend Engineer"):
        result = score(mid, job(title=title)).to_dict()
        fit[title.split()[0]] = (result["scoreBreakdown"]["seniority"], result["reasons"])
    same, step_up, step_down = fit["Backend"], fit["Senior"], fit["Junior"]
    assert same[0] == 100 and any("the level you work at" in r for r in same[1])
    # One rank up is the usual next move; one down is said to be below and scores less.
    assert step_up[0] == 100 and any("a step up from mid" in r for r in step_up[1])
    assert step_down[0] < 100 and any("below your mid level" in r for r in step_down[1])


def test_unknown_parts_are_left_out_not_guessed() -> None:
    bare = CandidateProfile(skills=["Python"])
    result = score(bare, job()).to_dict()
    b = result["scoreBreakdown"]
    assert b["title"] is None and b["experience"] is None and b["salary"] is None
    assert b["text"] is None and b["location"] is None


def test_profile_from_user_and_resume() -> None:
    user = {
        "skills": ["postgres", "k8s"],
        "targetRole": "Platform Engineer",
        "location": "Amsterdam, Netherlands",
        "preferences": {"remote": True, "minSalary": 80000, "currency": "eur"},
    }
    analysis = {
        "skills": ["Python", {"name": "Docker"}],
        "yearsExperience": 6,
        "experience": [{"title": "DevOps Engineer", "bullets": ["Ran Kubernetes"]}],
        "contact": {"location": "Utrecht"},
    }
    p = build_profile(user, analysis)
    assert p.skills[:4] == ["PostgreSQL", "Kubernetes", "Python", "Docker"]
    assert p.target_role == "Platform Engineer" and p.titles == ["DevOps Engineer"]
    assert p.location == "Amsterdam, Netherlands"  # the stated location wins
    assert p.remote == "remote" and p.currency == "EUR" and p.years == 6
    assert p.fingerprint() != build_profile({**user, "targetRole": "SRE"}, analysis).fingerprint()


def test_explain_rows_matches_score_all() -> None:
    jobs = [
        job(id=str(i), location=loc)
        for i, loc in enumerate(["Berlin, Germany", "Paris, France", "Remote"])
    ]
    index = index_jobs(jobs)
    scores = score_all(index, PY)
    rows = list(range(index.size))
    explained = explain_rows(index, PY, rows)
    assert [e.score for e in explained] == [round(float(s)) for s in scores]
    assert np.all((scores >= 0) & (scores <= 100))


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_profile_is_empty(text: str) -> None:
    assert CandidateProfile(text=text).is_empty


def test_the_career_stage_picked_at_onboarding_sets_the_level() -> None:
    analysis = {"yearsExperience": 8, "experience": [{"title": "Data Analyst"}]}
    from_resume = build_profile({}, analysis)
    stated = build_profile({"careerStage": "mid"}, analysis)
    assert from_resume.level() == SENIORITY_LEVELS.index("senior")  # eight years
    assert stated.level() == SENIORITY_LEVELS.index("mid")  # what the person said wins
    # A stated seniority preference is more precise than the stage; a career changer's stage
    # says nothing about level, so the resume decides.
    both = build_profile({"careerStage": "mid", "preferences": {"seniority": "lead"}}, analysis)
    assert both.level() == SENIORITY_LEVELS.index("lead")
    assert build_profile({"careerStage": "changer"}, analysis).level() == from_resume.level()


def test_the_required_skills_sentence_names_only_required_skills() -> None:
    posting = job(
        requirements=["Python", "SQL", "Kubernetes", "Terraform"],
        niceToHave=["Docker"],
    )
    result = score(PY, posting).to_dict()
    assert "Docker" in result["matchedSkills"]  # a nice-to-have the person has
    [line] = [r for r in result["reasons"] if r.startswith("You have")]
    have = len(result["matchedSkills"]) - 1
    assert line.startswith(f"You have {have} of the ")
    assert "Docker" not in line and "Python" in line


AUSTIN_ANALYST = CandidateProfile(
    skills=["SQL", "Python", "Tableau"],
    years=4,
    titles=["Data Analyst II"],
    target_role="Data Analyst",
    location="Austin, TX",
    text="Data analyst reporting in SQL, Python and Tableau.",
)


def _where_line(result: dict) -> str:
    [line] = [r for r in result["reasons"] if r.startswith(("In ", "Remote"))]
    return line


def test_hybrid_is_said_once() -> None:
    said = score(
        AUSTIN_ANALYST, job(title="Data Analyst", location="San Francisco, CA (Hybrid)")
    ).to_dict()
    assert said["scoreBreakdown"]["location"] not in (None, 100)
    line = _where_line(said)
    assert line.lower().count("hybrid") == 1, line
    unsaid = score(
        AUSTIN_ANALYST, job(title="Data Analyst", location="San Francisco, CA", remote="hybrid")
    ).to_dict()
    assert _where_line(unsaid) == "In San Francisco, CA (hybrid), in your country but another city"


@pytest.mark.parametrize(
    ("location", "remote", "country"),
    [
        ("Remote - France", None, "France"),
        ("Remote (Spain)", None, "Spain"),
        ("India", "remote", "India"),
    ],
)
def test_remote_in_another_country_says_so_and_scores_so(
    location: str, remote: str | None, country: str
) -> None:
    posting = job(title="Data Analyst", location=location, **({"remote": remote} if remote else {}))
    result = score(AUSTIN_ANALYST, posting).to_dict()
    assert _where_line(result) == f"Remote within {country}, not where you are"
    # As far out of reach as an on-site job there, not a near miss.
    on_site = score(AUSTIN_ANALYST, job(title="Data Analyst", location="Paris, France")).to_dict()
    assert result["scoreBreakdown"]["location"] == on_site["scoreBreakdown"]["location"] <= 10
    home = score(AUSTIN_ANALYST, job(title="Data Analyst", location="Remote - US")).to_dict()
    assert _where_line(home) == "Remote within the United States"
    assert home["scoreBreakdown"]["location"] == 100 and home["score"] > result["score"]


def test_remote_is_said_once() -> None:
    for location, line in (("Remote - EMEA", "Remote (EMEA)"), ("Remote", "Remote")):
        result = score(AUSTIN_ANALYST, job(title="Data Analyst", location=location)).to_dict()
        assert _where_line(result) == line


def test_a_title_matches_only_when_it_is_the_same_job() -> None:
    def title_line(title: str) -> tuple[int, str]:
        result = score(AUSTIN_ANALYST, job(title=title, location="Austin, TX")).to_dict()
        [line] = [r for r in result["reasons"] if r.startswith("The title")]
        return result["scoreBreakdown"]["title"], line

    fit, line = title_line("Data Engineer")
    assert fit >= 70  # the same field of work scores high...
    assert "matches" not in line  # ...but it is another job
    assert line == "The title is close to your target role (Data Analyst) but names a different job"
    assert (
        title_line("Senior Data Analyst")[1] == "The title matches your target role (Data Analyst)"
    )
    no_target = CandidateProfile(**{**AUSTIN_ANALYST.__dict__, "target_role": None})
    result = score(no_target, job(title="Data Analyst", location="Austin, TX")).to_dict()
    assert "The title matches your experience (Data Analyst II)" in result["reasons"]


def test_one_required_skill_is_worded_as_one() -> None:
    result = score(AUSTIN_ANALYST, job(title="Data Analyst", requirements=["SQL"])).to_dict()
    assert "You have the one required skill (SQL)" in result["reasons"]


def test_the_written_explanation_agrees_in_number() -> None:
    posting = job(title="Data Analyst", location="Paris, France", requirements=["SQL", "Python"])
    detail = JobDetail.of(posting, score(AUSTIN_ANALYST, posting), ())
    text = rules_explanation(detail, AUSTIN_ANALYST)
    assert detail.score_breakdown is not None and detail.score_breakdown.skills == 100
    assert "Your skills fit (100/100)" in text.strengths
    assert "Your job title fits (100/100)" in text.strengths
    assert "Your location is a weaker fit (10/100)" in text.gaps


def test_every_middling_title_and_place_number_has_its_sentence() -> None:
    analyst = CandidateProfile(
        **{
            **PY.__dict__,
            "location": "Munich, Germany",
            "target_role": "Data Analyst",
            "titles": ["Data Analyst"],
        }
    )
    result = score(
        analyst, job(title="Business Intelligence Analyst", location="Berlin, Germany (Hybrid)")
    ).to_dict()
    b, reasons = result["scoreBreakdown"], result["reasons"]
    assert 30 <= b["title"] < 70 and 30 < b["location"] < 90
    assert "The title is partly like your target role (Data Analyst)" in reasons
    assert "In Berlin, Germany (Hybrid), in your country but another city" in reasons


def test_the_work_a_held_title_names_is_not_reported_missing() -> None:
    analysis = {
        "skills": ["SQL", "Tableau"],
        "experience": [{"title": "Data Analyst II", "company": "Acme", "bullets": []}],
    }
    profile = build_profile({}, analysis)
    assert "Data Analysis" in profile.skills
    posting = job(title="Data Analyst", requirements=["Data Analysis", "SQL", "Tableau"])
    result = score(profile, posting).to_dict()
    assert "Data Analysis" in result["matchedSkills"]
    assert not any("Data Analysis" in r for r in result["reasons"] if r.startswith("Missing"))
