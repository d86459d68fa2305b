from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.clock import iso
from core.jobs.index import build_index
from core.jobs.model import RawPosting
from core.jobs.money import Salary
from core.jobs.normalise import normalise
from core.market.intelligence import market_intelligence
from core.roadmap.plan import build_roadmap
from core.roadmap.service import demo_index

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def posting(
    n: int,
    title: str,
    days_ago: int,
    *,
    skills: str = "SQL, Tableau",
    salary: Salary | None = None,
    location: str = "London, United Kingdom",
    company: str | None = None,
    status: str = "open",
) -> dict:
    item = normalise(
        RawPosting(
            source="import",
            source_id=str(n),
            title=title,
            company=company or f"Firm {n}",
            location=location,
            description_text=f"Requirements:\n- {skills}",
            salary=salary,
            posted_date=iso(NOW - timedelta(days=days_ago)),
        )
    ).to_item()
    item["status"] = status
    return item


def test_figures_come_from_the_postings() -> None:
    items = [
        posting(
            1,
            "Data Analyst",
            2,
            salary=Salary(40000, 50000, "GBP"),
            skills="SQL, Python",
            company="Acme",
        ),
        posting(
            2,
            "Senior Data Analyst",
            10,
            salary=Salary(60000, 70000, "GBP"),
            skills="SQL, Python",
            company="Acme",
        ),
        posting(3, "Data Analyst", 20, salary=Salary(45000, 55000, "GBP"), skills="SQL, Python"),
        posting(4, "Data Analyst", 50, salary=Salary(50000, 60000, "GBP"), location="Remote"),
        posting(5, "Data Analyst", 60, salary=Salary(30, 40, "USD", "hour")),
        posting(6, "Data Analyst", 70),
        posting(7, "Data Analyst", 75, status="closed"),
        posting(8, "Registered Nurse", 3, skills="BLS", salary=Salary(30000, 35000, "GBP")),
    ]
    since = (NOW - timedelta(weeks=13)).timestamp()
    index = build_index(items, closed_since=since)
    m = market_intelligence(index, role="Data Analyst", location=None, now=NOW)
    assert m.open_postings == 6  # the closed posting and the nurse are not counted
    s = m.salary
    assert s is not None
    assert s.currency == "GBP" and s.sample_size == 4  # the USD posting is kept apart
    assert s.other_currencies == {"USD": 1}
    assert (s.p25, s.median, s.p75) == (48800, 52500, 57500)
    assert s.sufficient is False and any("4 postings" in n for n in m.notes)
    weekly = m.trends.weekly
    assert len(weekly) == 12 and sum(w.postings for w in weekly) == 7  # closed counts here
    assert weekly[-1].postings == 1 and weekly[-2].postings == 1
    rising = {r.name for r in m.trends.rising_skills}
    assert "Python" in rising
    assert m.top_skills[0].name == "SQL" and m.top_skills[0].postings == 6
    assert m.top_companies[0].to_item() == {"name": "Acme", "postings": 2}
    assert m.remote_share == round(1 / 6, 3)


def test_location_and_demand() -> None:
    items = [posting(i, "Data Analyst", i) for i in range(8)]
    items += [
        posting(100 + i, t, 5)
        for i, t in enumerate(
            ["Chef", "Plumber", "Teacher", "Nurse", "Electrician", "Baker", "Pilot", "Cook"]
        )
    ]
    index = build_index(items)
    m = market_intelligence(index, role="Data Analyst", location="London", now=NOW)
    assert m.open_postings == 8 and m.demand_level in ("high", "very high")
    assert m.demand.baseline > 0
    rare = market_intelligence(index, role="Chef", location="London", now=NOW)
    assert rare.demand_level == "medium" or rare.demand_level == "low"
    nowhere = market_intelligence(index, role="Data Analyst", location="Tokyo", now=NOW)
    assert nowhere.open_postings == 0 and nowhere.sufficient is False
    assert nowhere.salary is None and nowhere.average_salary is None


def test_market_and_roadmap_count_the_same_postings_for_a_role() -> None:
    items = [
        posting(1, "Data Analyst", 3, company="Acme"),
        # The same job at the same company and place, listed again: one posting.
        posting(2, "Data Analyst", 2, company="Acme"),
        posting(3, "Senior Data Analyst", 5),
        posting(4, "Data Analyst", 9),
        # Closed last month: in the weekly trend, not among the open postings.
        posting(5, "Data Analyst", 30, status="closed"),
        posting(6, "Accountant", 4),
    ]
    index = build_index(items, closed_since=(NOW - timedelta(weeks=12)).timestamp())
    market = market_intelligence(index, role="Data Analyst", location=None, now=NOW)
    roadmap = build_roadmap(index, current_role=None, target_role="Data Analyst", skills=[])
    assert market.open_postings == 3
    assert roadmap.basis.postings_analysed == market.open_postings

    # And on the bundled demo market, which lists some jobs twice.
    demo = demo_index()
    for role in ("Data Analyst", "Frontend Engineer", "Registered Nurse"):
        counted = market_intelligence(demo, role=role, location=None).open_postings
        plan = build_roadmap(demo, current_role=None, target_role=role, skills=[])
        assert plan.basis.postings_analysed == counted, role


def test_small_samples_are_worded_by_count() -> None:
    one = market_intelligence(
        build_index([posting(1, "Data Analyst", 2, salary=Salary(40000, 50000, "GBP"))]),
        role="Data Analyst",
        location=None,
        now=NOW,
    )
    assert one.notes == [
        "Only 1 open posting matches; the figures are indicative, not a market view",
        "Salary figures come from only 1 posting",
    ]
    two = market_intelligence(
        build_index([posting(n, "Data Analyst", 2) for n in (1, 2)]),
        role="Data Analyst",
        location=None,
        now=NOW,
    )
    assert two.notes[0].startswith("Only 2 open postings match;")
