"""The roadmap knows the person as job scoring does: the skills and titles of their latest
analysed resume count even when the request names none."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from core.jobs.service import load_profile
from core.roadmap.service import generate_roadmap
from integrations.container import Services
from tests.support.runs import stored_run
from workers.runtime import load_task_modules, run_task

RESUME = """Jordan Lee
jordan.lee@example.com | (512) 555-0199 | Austin, TX

EXPERIENCE
Data Analyst II — Lone Star Health, Austin, TX
Mar 2021 – Present
• Built weekly dashboards in Tableau for 12 clinics, cutting report time by 40%
• Wrote SQL over a 2 TB claims warehouse to find billing errors worth $1.2M
• Scheduled the data pipelines in Airflow and trained churn models with scikit-learn

Junior Analyst — Hill Country Bank, Austin, TX
Jun 2018 – Feb 2021
• Reconciled monthly loan reports in Excel for 3,000 accounts

EDUCATION
B.S. in Statistics, University of Texas at Austin, 2014 – 2018

SKILLS
Statistics, scikit-learn, Airflow, SQL, Tableau, Excel, Python
"""


def _run(services: Services, task_id: str) -> dict:
    """What the worker does for a queued run, in this process."""
    load_task_modules()
    run = stored_run(services.store, task_id)
    assert run is not None
    run_task(services, run["kind"], run["params"], task_id)
    done = stored_run(services.store, task_id)
    assert done is not None and done["status"] == "succeeded", done
    return done


def _analysed_resume(client: TestClient, services: Services, headers: dict) -> None:
    r = client.post(
        "/api/resume", headers=headers, files={"file": ("cv.txt", RESUME.encode(), "text/plain")}
    )
    assert r.status_code == 202, r.text
    _run(services, r.json()["taskId"])


def _learned(roadmap: dict) -> set[str]:
    return {s for m in roadmap["milestones"] for s in m["skills"] if m["title"].startswith("Learn")}


def test_roadmap_task_fills_skills_and_role_from_the_latest_resume(
    client: TestClient, signup_and_login: Callable[..., dict], services: Services
) -> None:
    user = signup_and_login()
    _analysed_resume(client, services, user["headers"])

    # What the page sends before the person types anything: no role, no skills.
    r = client.post("/api/ai/roadmap", json={"targetRole": "Data Analyst"}, headers=user["headers"])
    assert r.status_code == 202, r.text
    roadmap = _run(services, r.json()["taskId"])["result"]

    assert roadmap["currentRole"] == "Data Analyst II"
    have = {s["name"] for s in roadmap["requiredSkills"] if s["have"]}
    assert {"Statistics", "SQL", "Python"} <= have
    assert not _learned(roadmap) & {"Statistics", "SQL", "Tableau", "Python"}
    # The same merged view as job scoring: every skill it knows counts as had.
    known = set(load_profile(services.store, user["userId"]).skills)
    assert not _learned(roadmap) & known


def test_skills_given_add_to_what_the_resume_says(
    client: TestClient, signup_and_login: Callable[..., dict], services: Services
) -> None:
    user = signup_and_login()
    _analysed_resume(client, services, user["headers"])
    roadmap = generate_roadmap(
        services.store,
        None,
        current_role="Analyst",
        target_role="Data Analyst",
        skills=["Data Analysis"],
        user_id=user["userId"],
    ).to_item()
    assert roadmap["currentRole"] == "Analyst"  # a role the person gave stands
    have = {s["name"] for s in roadmap["requiredSkills"] if s["have"]}
    assert {"Data Analysis", "Statistics"} <= have

    # Without a person, only what the request says counts.
    anonymous = generate_roadmap(
        services.store, None, current_role=None, target_role="Data Analyst", skills=[]
    ).to_item()
    assert anonymous["currentRole"] is None
    assert "Statistics" in _learned(anonymous)
