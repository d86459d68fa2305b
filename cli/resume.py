"""`career-agent resume analyze PATH [--target-role TEXT] [--json]`: analyse a local resume file
with the configured analyser, without the API or a worker.

With --json, stdout is exactly the analysis object (camelCase). Bad input: exit 2 and one line
on stderr saying what is wrong and what to do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.actions import action_group
from cli.errors import CliError
from cli.llm import configured_llm
from cli.output import print_json

if TYPE_CHECKING:
    from core.resume.analysis import ResumeAnalysis


def register(sub: argparse._SubParsersAction) -> None:
    commands = action_group(sub, "resume", "resume analysis")
    analyze = commands.add_parser(
        "analyze", help="analyse a resume file (PDF, DOCX or TXT) and print the result"
    )
    analyze.add_argument("path", metavar="PATH", help="the resume file")
    analyze.add_argument("--target-role", metavar="TEXT", help="a job title to compare against")
    analyze.add_argument("--json", action="store_true", help="print the result object as JSON")
    analyze.set_defaults(func=run_analyze)


def run_analyze(args: argparse.Namespace) -> int:
    from core.errors import DomainError
    from core.resume.errors import FileTooLarge
    from core.resume.pipeline import (
        analyze_extracted,
        extract,
        limits_from_settings,
        target_for_role,
    )
    from core.settings import get_settings

    path = Path(args.path)
    if not path.exists():
        raise CliError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise CliError(f"{path} is a folder; give the resume file itself")
    settings = get_settings()
    try:
        size = path.stat().st_size
        if size > settings.max_upload_bytes:
            raise FileTooLarge(settings.max_upload_bytes)
        with path.open("rb") as fh:
            data = fh.read(settings.max_upload_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CliError(f"{path}: cannot read it ({reason}); check its permissions") from None
    except DomainError as exc:
        raise CliError(f"{path.name}: {exc.message}") from None
    role = (args.target_role or "").strip() or None
    if role and len(role) > 120:
        raise CliError("--target-role is too long; use a job title of at most 120 characters")
    try:
        extracted = extract(data, limits_from_settings(settings))
    except DomainError as exc:
        raise CliError(f"{path.name}: {exc.message}") from None
    result = analyze_extracted(
        extracted, llm=configured_llm(settings), target=target_for_role(role)
    )
    if args.json:
        print_json(result.to_item())
    else:
        sys.stdout.write(render_report(result, path.name))
    return 0


def render_report(result: ResumeAnalysis, name: str) -> str:
    """The analysis as a report a person reads in a terminal."""
    lines = [f"Resume analysis: {name}", ""]
    analyser = result.analyzer
    if result.analyzer_model:
        analyser = f"{analyser}, {result.analyzer_model}"
    lines.append(f"ATS score: {result.ats_score}/100  (analyser: {analyser})")
    if result.fallback_reason:
        lines.append(f"  note: {result.fallback_reason}")
    if result.ocr:
        lines.append(
            f"  note: a scanned PDF, read by OCR ({result.ocr.engine}, "
            f"{round(result.ocr.confidence * 100)}% confident)"
        )
    lines.append("")
    for comp in result.score_breakdown:
        lines.append(f"  {comp.label:<26} {comp.points:>3}/{comp.max_points:<3} {comp.reason}")
    contact = result.contact
    lines += ["", "Contact"]
    for key, value in (
        ("name", contact.name),
        ("email", contact.email),
        ("phone", contact.phone),
        ("location", contact.location),
    ):
        lines.append(f"  {key:<9} {value or '—'}")
    if contact.links:
        lines.append(f"  links     {', '.join(contact.links)}")
    lines += ["", f"Sections: {', '.join(result.sections) or '—'}"]
    lines.append(f"Experience: {result.years_experience} years")
    for job in result.experience:
        when = f"{job.start or '?'} – {job.end or '?'}"
        lines.append(f"  {when:<20} {job.title or '?'} — {job.company or '?'}")
    if result.skills:
        lines += ["", f"Skills ({len(result.skills)}): {', '.join(result.skills)}"]
    if result.keyword_gap:
        lines.append(f"Missing for the target: {', '.join(result.keyword_gap)}")
    if result.strengths:
        lines += ["", "Strengths", *[f"  + {s}" for s in result.strengths]]
    if result.weaknesses:
        lines += ["", "Weaknesses", *[f"  - {s}" for s in result.weaknesses]]
    if result.suggestions:
        lines += ["", "Suggestions"]
        lines += [f"  {i}. {s}" for i, s in enumerate(result.suggestions, 1)]
    return "\n".join(lines) + "\n"
