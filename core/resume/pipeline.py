"""From resume bytes to the analysis result: extract, analyse locally, let the LLM enrich."""

from __future__ import annotations

from datetime import date

from core.clock import utcnow
from core.jobs.repository import Job
from core.llm.port import LLM
from core.resume.analysis import ResumeAnalysis
from core.resume.analyze_llm import enrich_with_llm
from core.resume.analyze_local import Target, analyze
from core.resume.detect import FileKind
from core.resume.extract import Extracted, ExtractLimits, extract_text
from core.resume.sandbox import extract_text_bounded
from core.settings import Settings
from core.skills.roles import role_keywords
from core.skills.taxonomy import canonical, extract_skills


def limits_from_settings(settings: Settings) -> ExtractLimits:
    # The memory budgets and the archive member cap are not settings.
    return settings.section(
        ExtractLimits,
        "resume_",
        renamed={"timeout_seconds": "resume_extract_timeout_seconds"},
        fixed=("max_archive_members", "memory_bytes", "ocr_memory_bytes"),
    )


def extract(data: bytes, limits: ExtractLimits, *, isolated: bool = True) -> Extracted:
    """Extract text; `isolated` runs it in a child process with hard time/memory limits."""
    return extract_text_bounded(data, limits) if isolated else extract_text(data, limits)


def target_for_role(role: str | None) -> Target | None:
    role = (role or "").strip()
    if not role:
        return None
    return Target(label=role[:120], skills=role_keywords(role))


def target_for_job(job: Job) -> Target:
    """The skills a stored job asks for (its precomputed skills, else read from its text)."""
    skills: list[str] = []
    for name in job.skills:
        canon = canonical(name) or name
        if canon not in skills:
            skills.append(canon)
    if not skills:
        skills = extract_skills(" ".join([job.title, job.description, *job.requirements]))
    label = job.title or "the target job"
    if job.company:
        label = f"{label} at {job.company}"
    return Target(label=label[:160], skills=skills[:20], job_id=job.job_id)


def analyze_extracted(
    extracted: Extracted,
    *,
    llm: LLM | None = None,
    target: Target | None = None,
    today: date | None = None,
) -> ResumeAnalysis:
    result = analyze(extracted, today=today or utcnow().date(), target=target)
    if llm is not None and llm.available:
        result = enrich_with_llm(result, extracted.text, llm)
    return result


_WARM_UP_TEXT = """Jordan Lee
jordan.lee@example.com | (555) 010-0199 | Austin, TX

Summary
Registered nurse and data analyst.

Experience
Analyst, Example Health  Jan 2020 - Present
• Built 3 dashboards in SQL and Python, cutting reporting time by 40%
• Trained 5 new nurses on Epic charting

Education
BSc Nursing, Example University, 2019

Skills
SQL, Python, Excel, Patient care
"""


def preload() -> None:
    """Load what the first analysis in a process would otherwise load on the way (the skills
    vocabulary, the usage rules, compiled patterns: about a second). A worker calls it before
    it forks its pool, so every pool process starts with them, shared."""
    analyze(Extracted(_WARM_UP_TEXT, FileKind.TXT), today=date(2026, 1, 1))
