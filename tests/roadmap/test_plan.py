from __future__ import annotations

from core.jobs.index import build_index
from core.jobs.model import RawPosting
from core.jobs.normalise import normalise
from core.roadmap.plan import build_roadmap
from core.roadmap.service import demo_index, generate_roadmap


def posting(n: int, title: str, requirements: str) -> dict:
    return normalise(
        RawPosting(
            source="import",
            source_id=str(n),
            title=title,
            # One company each: the same title at one company and place is one posting listed
            # twice, which counts once.
            company=f"Company {n}",
            location="London",
            description_text=f"Requirements:\n{requirements}",
        )
    ).to_item()


INDEX = build_index(
    [
        posting(1, "Frontend Engineer", "- React\n- TypeScript\n- CSS"),
        posting(2, "Frontend Engineer", "- React\n- CSS\n- Jest"),
        posting(3, "Senior Frontend Engineer", "- React\n- Next.js"),
        posting(4, "Frontend Developer", "- React\n- CSS"),
        posting(5, "Accountant", "- Excel\n- IFRS"),
    ]
)


def test_importance_comes_from_target_postings() -> None:
    r = build_roadmap(
        INDEX, current_role="Designer", target_role="Frontend Engineer", skills=["CSS", "Figma"]
    )
    imp = {s.name: s for s in r.required_skills}
    assert imp["React"].importance == 100 and imp["React"].have is False
    assert imp["CSS"].importance == 75 and imp["CSS"].have is True
    assert "Microsoft Excel" not in imp  # from the accountant posting
    assert r.basis.to_item() == {"postingsAnalysed": 4, "source": "ingested"}


def test_prerequisites_come_first() -> None:
    r = build_roadmap(INDEX, current_role=None, target_role="Frontend Engineer", skills=[])
    gaps = r.gaps
    assert gaps.index("JavaScript") < gaps.index("React")  # pulled in as a prerequisite
    assert gaps.index("React") < gaps.index("Next.js")
    first = r.milestones[0]
    assert "JavaScript" in first.skills and first.why[0] == "needed for React"
    assert all(m.weeks > 0 for m in r.milestones)
    assert r.timeline.total_weeks == sum(m.weeks for m in r.milestones)


def test_known_skills_shorten_the_road() -> None:
    novice = build_roadmap(INDEX, current_role=None, target_role="Frontend Engineer", skills=[])
    partly = build_roadmap(
        INDEX, current_role=None, target_role="Frontend Engineer", skills=["JavaScript", "React"]
    )
    assert partly.timeline.total_weeks < novice.timeline.total_weeks


def test_demo_market_when_nothing_matches() -> None:
    r = generate_roadmap(
        None, None, current_role="Teacher", target_role="Data Analyst", skills=["Excel"]
    )
    assert r.basis.source == "demo" and r.basis.postings_analysed >= 3
    assert r.generated_by == "rules" and r.milestones
    assert demo_index().size >= 300


def test_a_milestone_gives_each_reason_once() -> None:
    # TypeScript and Jest are each asked for by one posting in four: the same reason.
    r = build_roadmap(INDEX, current_role=None, target_role="Frontend Engineer", skills=[])
    for m in r.milestones:
        assert len(m.why) == len(set(m.why)), m.why
    together = [m for m in r.milestones if {"TypeScript", "Jest"} <= set(m.skills)]
    if together:
        assert together[0].why.count("asked for in 25% of Frontend Engineer postings") == 1


def test_a_thin_sample_is_worded_by_count() -> None:
    r = build_roadmap(INDEX, current_role=None, target_role="Accountant", skills=[])
    assert r.basis.postings_analysed == 1
    assert "Only 1 posting for Accountant was found; skill importance is a rough guide" in r.notes


def test_the_current_title_counts_the_work_it_names_as_known() -> None:
    index = build_index(
        [
            posting(n, "Senior Data Analyst", "- Data Analysis\n- SQL\n- Statistics")
            for n in range(1, 4)
        ]
    )
    analyst = build_roadmap(
        index, current_role="Data Analyst II", target_role="Senior Data Analyst", skills=["SQL"]
    )
    have = {s.name: s.have for s in analyst.required_skills}
    assert have["Data Analysis"] is True and "Data Analysis" not in analyst.gaps
    assert analyst.gaps == ["Statistics"]
    # Without the title, the same person is told to learn it.
    unnamed = build_roadmap(
        index, current_role=None, target_role="Senior Data Analyst", skills=["SQL"]
    )
    assert "Data Analysis" in unnamed.gaps
