"""The jobs feature as the API, the CLI and the workers use it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from core.errors import InvalidInput, NotFound
from core.jobs.cache import INDEX_CACHE, SCORE_CACHE
from core.jobs.importer import FileFormatError, parse_file
from core.jobs.index import JobIndex
from core.jobs.ingest import IngestResult, ingest_postings, sync_board
from core.jobs.model import RawPosting
from core.jobs.profile import CandidateProfile, build_profile
from core.jobs.rank import JobQuery, rank
from core.jobs.repository import Job, JobRepository
from core.jobs.score import explain_rows, score
from core.jobs.views import (
    NO_PROFILE_REASON,
    Explanation,
    ImportReport,
    JobDetail,
    JobMatch,
    JobsPage,
    JobSummary,
    Listing,
    Match,
    PublishedIndex,
)
from core.llm.port import LLM, LLMError, StructuredRequest
from core.logs import get_logger
from core.progress import Progress, no_progress
from core.resume.service import latest_analysis
from core.storage.port import Store
from core.users.repository import find_user

log = get_logger(__name__)

# --- the person -------------------------------------------------------------------------------


def load_profile(store: Store, user_id: str) -> CandidateProfile:
    user = find_user(store, user_id)
    return build_profile(user.to_item() if user else None, latest_analysis(store, user_id))


# --- reading jobs -----------------------------------------------------------------------------


def current_index(store: Store) -> JobIndex:
    return INDEX_CACHE.get(store)


def list_jobs(store: Store, redis: Any, user_id: str, query: JobQuery) -> JobsPage:
    """A page of open jobs with the person's scores, best first (or newest first)."""
    query = query.validated()
    index = current_index(store)
    profile = load_profile(store, user_id)
    scores = None
    if not profile.is_empty and index.size:
        scores = SCORE_CACHE.scores(index, profile, user_id=user_id, redis=redis)
    page = rank(index, scores, query)
    matches = explain_rows(index, profile, page.rows) if scores is not None else []
    items = []
    for k, row in enumerate(page.rows):
        item = JobSummary.model_validate(index.summaries[row])
        if matches:
            m = matches[k]
            item.score = m.score
            item.score_breakdown = m.score_breakdown
            item.matched_skills = m.matched_skills
            item.missing_skills = m.missing_skills
        items.append(item)
    return JobsPage(
        items=tuple(items),
        total=page.total,
        page=query.page,
        page_size=query.page_size,
        sort="score" if scores is not None and query.sort == "score" else "date",
        profile_complete=not profile.is_empty,
    )


def get_stored_job(store: Store, job_id: str) -> Job:
    job = JobRepository(store).find(job_id)
    if job is None:
        raise NotFound("no such job")
    return job


def _match(store: Store, job: Job, profile: CandidateProfile) -> Match:
    if profile.is_empty:
        return Match.unscored()
    index = current_index(store)
    row = index.row_of.get(job.job_id)
    if row is not None:
        return explain_rows(index, profile, [row])[0]
    return score(profile, job)


def get_job(store: Store, user_id: str, job_id: str) -> JobDetail:
    """One job with the person's full score breakdown, and the other boards listing it."""
    job = get_stored_job(store, job_id)
    profile = load_profile(store, user_id)
    return JobDetail.of(job, _match(store, job, profile), _also_listed(store, job))


def _also_listed(store: Store, job: Job) -> tuple[Listing, ...]:
    if not job.dedup_key:
        return ()
    return tuple(
        Listing(job_id=other.job_id, source=other.source, url=other.url)
        for other in JobRepository(store).listed_with(job.dedup_key)
        if other.job_id != job.job_id and other.is_open
    )


_EXPLAIN_SCHEMA = {
    "type": "object",
    "properties": {
        "summary": {"type": "string", "description": "Two or three sentences, plain English"},
        "strengths": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        "gaps": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        "advice": {"type": "array", "items": {"type": "string"}, "maxItems": 4},
    },
    "required": ["summary", "strengths", "gaps", "advice"],
}


def match_job(store: Store, llm: LLM | None, user_id: str, job_id: str) -> JobMatch:
    """The job, its breakdown, and a written explanation: from the LLM when one is
    configured, else written from the breakdown."""
    job = get_job(store, user_id, job_id)
    profile = load_profile(store, user_id)
    explanation = rules_explanation(job, profile)
    if llm is not None and llm.available and job.score is not None:
        try:
            explanation = _llm_explanation(llm, job, profile)
        except LLMError as exc:
            log.warning("match_explanation_fallback", error=str(exc))
    return JobMatch(**dict(job), explanation=explanation)


def _llm_explanation(llm: LLM, job: JobDetail, profile: CandidateProfile) -> Explanation:
    breakdown = job.score_breakdown.to_dict() if job.score_breakdown else None
    context = {
        "score": job.score,
        "scoreBreakdown": breakdown,
        "matchedSkills": job.matched_skills,
        "missingSkills": job.missing_skills,
        "reasons": job.reasons,
        "candidate": {
            "skills": profile.skills[:40],
            "yearsExperience": profile.years,
            "recentTitles": profile.titles[:3],
            "targetRole": profile.target_role,
            "location": profile.location,
        },
    }
    posting = "\n".join([job.title, job.company, job.location or "", job.description])[:12000]
    result = llm.structured(
        StructuredRequest(
            instructions=(
                "Explain to a job seeker how well this job posting fits them. Use the score "
                "breakdown and skill lists in the data as facts; do not invent skills or "
                "experience they do not have. Be specific, warm and brief."
            ),
            untrusted_document=posting,
            tool_name="explain_match",
            tool_description="Record the explanation of the match",
            json_schema=_EXPLAIN_SCHEMA,
            context=json.dumps(context),
            interactive=True,
        )
    )
    return Explanation(
        summary=str(result.get("summary", ""))[:2000],
        strengths=[str(s)[:300] for s in result.get("strengths", [])][:5],
        gaps=[str(s)[:300] for s in result.get("gaps", [])][:5],
        advice=[str(s)[:300] for s in result.get("advice", [])][:4],
        generated_by="llm",
    )


def rules_explanation(job: JobDetail, profile: CandidateProfile) -> Explanation:
    """A written explanation built only from the score breakdown."""
    s = job.score
    if s is None or job.score_breakdown is None:
        summary = job.reasons[0] if job.reasons else NO_PROFILE_REASON
        return Explanation(summary=summary, strengths=[], gaps=[], advice=[], generated_by="rules")
    b = job.score_breakdown.model_dump()
    verdict = (
        "a strong match"
        if s >= 75
        else "a good match"
        if s >= 55
        else "a partial match"
        if s >= 35
        else "a weak match"
    )
    title = job.title or "This job"
    summary = f"{title} at {job.company or 'this company'} is {verdict} for you ({s}/100)."
    strengths: list[str] = []
    gaps: list[str] = []
    # (label, whether it takes a plural verb)
    labels = {
        "skills": ("skills", True),
        "title": ("job title", False),
        "text": ("resume wording", False),
        "seniority": ("seniority", False),
        "experience": ("years of experience", True),
        "location": ("location", False),
        "salary": ("salary", False),
    }
    for name, value in b.items():
        if value is None:
            continue
        label, many = labels[name]
        if value >= 75:
            strengths.append(f"Your {label} {'fit' if many else 'fits'} ({value}/100)")
        elif value < 45:
            gaps.append(f"Your {label} {'are' if many else 'is'} a weaker fit ({value}/100)")
    if job.matched_skills:
        strengths.insert(0, "You already have " + ", ".join(job.matched_skills[:6]))
    advice: list[str] = []
    missing = job.missing_skills
    if missing:
        gaps.insert(0, "Missing required skills: " + ", ".join(missing[:6]))
        advice.append(
            f"Show any experience you have with {', '.join(missing[:3])} in your "
            "resume, or plan to learn them"
        )
    if b.get("experience") is not None and b["experience"] < 60:
        advice.append("Lead with your most relevant achievements to offset fewer years")
    if b.get("title") is not None and b["title"] < 40 and profile.target_role:
        advice.append(
            f"This role differs from your target ({profile.target_role}); "
            "apply if the work itself appeals to you"
        )
    return Explanation(
        summary=summary,
        strengths=strengths[:5],
        gaps=gaps[:5],
        advice=advice[:4],
        generated_by="rules",
    )


# --- writing jobs -----------------------------------------------------------------------------


def import_file(store: Store, data: bytes, filename: str) -> ImportReport:
    """Import postings from a file: good rows are stored, bad ones reported."""
    try:
        parsed = parse_file(data, filename)
    except FileFormatError as exc:
        raise InvalidInput(str(exc)) from None
    result = (
        ingest_postings(store, [p for _, p in parsed.postings])
        if parsed.postings
        else IngestResult()
    )
    rejected = len({e.line for e in parsed.errors})
    return ImportReport(
        rows=len(parsed.postings) + rejected,
        imported=len(parsed.postings),
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=rejected,
        errors=parsed.errors,
    )


def publish_index(store: Store) -> PublishedIndex | None:
    """Where the job index is published (AWS): publish it if the jobs changed since the last
    snapshot. Called after every ingestion, so a run that failed before publishing is made good
    by the next one. None when there was nothing to do."""
    pointer = INDEX_CACHE.publish_if_stale(store)
    if pointer is None:
        return None
    return PublishedIndex(
        generation=pointer.generation, jobs=pointer.jobs, bytes=pointer.size_bytes
    )


def sync_one_board(
    store: Store,
    board: str,
    fetch: Callable[[], list[RawPosting]],
    progress: Progress = no_progress,
) -> IngestResult:
    return sync_board(store, board, fetch, progress=progress)
