"""The roadmap knows the person as job scoring does: the skills and titles of their latest
analysed resume count even when the request names none."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from core.jobs.service import load_profile
from core.resume import service as resumes
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


def _analysed_resume(services: Services, user_id: str) -> None:
    item = resumes.upload_resume(
        store=services.store,
        blobs=services.blobs,
        queue=services.queue,
        settings=services.settings,
        user_id=user_id,
        upload=resumes.Upload(filename="cv.txt", data=RESUME.encode()),
    )
    resumes.run_analysis(
        store=services.store,
        blobs=services.blobs,
        llm=services.llm,
        settings=services.settings,
        resume_id=item.resume_id,
        version_number=item.version_number,
    )


def _learned(roadmap: dict) -> set[str]:
    return {s for m in roadmap["milestones"] for s in m["skills"] if m["title"].startswith("Learn")}


def test_roadmap_task_fills_skills_and_role_from_the_latest_resume(
    client: TestClient, signup_and_login: Callable[..., dict], services: Services
) -> None:
    user = signup_and_login()
    _analysed_resume(services, user["userId"])

    # What the page sends before the person types anything: no role, no skills.
    r = client.post("/api/ai/roadmap", json={"targetRole": "Data Analyst"}, headers=user["headers"])
    assert r.status_code == 202, r.text
    task_id = r.json()["taskId"]
    run = stored_run(services.store, task_id)
    assert run is not None
    load_task_modules()
    run_task(services, "roadmap.generate", run["params"], task_id)
    done = stored_run(services.store, task_id)
    assert done is not None and done["status"] == "succeeded", done
    roadmap = done["result"]

    assert roadmap["currentRole"] == "Data Analyst II"
    have = {s["name"] for s in roadmap["requiredSkills"] if s["have"]}
    assert {"Statistics", "SQL", "Python"} <= have
    assert not _learned(roadmap) & {"Statistics", "SQL", "Tableau", "Python"}
    # The same merged view as job scoring: every skill it knows counts as had.
    known = set(load_profile(services.store, user["userId"]).skills)
    assert not _learned(roadmap) & known


def test_skills_given_add_to_what_the_resume_says(
    signup_and_login: Callable[..., dict], services: Services
) -> None:
    user = signup_and_login()
    _analysed_resume(services, user["userId"])
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
