"""`career-agent jobs`: seed demo postings, import a file, sync the job boards, and score one
job against a resume (locally, with no API, Redis or worker)."""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

from cli.actions import action_group
from cli.errors import CliError
from cli.output import print_json

MAX_JOB_FILE_BYTES = 2 * 1024 * 1024
MAX_IMPORT_BYTES = 200 * 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    commands = action_group(sub, "jobs", "job postings: seed, import, sync boards, score")

    seed = commands.add_parser("seed", help="load the demo job postings (idempotent)")
    seed.add_argument("--json", action="store_true", help="print the counts as JSON")
    seed.set_defaults(func=run_seed)

    imp = commands.add_parser("import", help="import postings from a .json, .jsonl or .csv file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.set_defaults(func=run_import)

    sync = commands.add_parser("sync", help="fetch the configured job boards now")
    sync.add_argument("--board", action="append", help="kind:token; repeatable (default: all)")
    sync.set_defaults(func=run_sync)

    score = commands.add_parser("score", help="score one job against a resume")
    score.add_argument("--resume", type=Path, required=True, help="resume (.pdf, .docx, .txt)")
    score.add_argument("--job", type=Path, required=True, help="job posting as JSON")
    score.add_argument("--json", action="store_true", help="print JSON")
    score.set_defaults(func=run_score)


def _services() -> Any:
    from core.settings import get_settings
    from integrations.container import build_services

    services = build_services(get_settings())
    services.store.init()
    return services


def run_seed(args: argparse.Namespace) -> int:
    from core.jobs.seed import seed_demo
    from core.jobs.service import publish_index

    store = _services().store
    result = seed_demo(store)
    publish_index(store)  # where the index is published (AWS): readers see the new jobs
    report = {"added": result.created, "alreadyPresent": result.unchanged, "total": result.fetched}
    if args.json:
        print_json(report)
    else:
        print(f"added {result.created} demo job postings ({result.unchanged} already present)")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from core.errors import DomainError
    from core.jobs.service import import_file, publish_index

    path: Path = args.file
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise CliError(f"{path.name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
    store = _services().store
    try:
        report = import_file(store, path.read_bytes(), path.name)
    except DomainError as exc:
        raise CliError(exc.message) from None
    publish_index(store)
    if args.json:
        print_json(report.to_dict())
    else:
        print(
            f"imported {report.imported} of {report.rows} rows "
            f"({report.created} new, {report.updated} updated, "
            f"{report.unchanged} unchanged)"
        )
        for e in report.errors:
            print(f"  line {e.line}: {e.field}: {e.reason}")
    if report.imported == 0:
        raise CliError(f"no posting in {path.name} could be imported")
    if report.rejected:
        sys.stderr.write(f"career-agent: {report.rejected} rows rejected (see the report)\n")
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from core.jobs.ingest import BoardBusy
    from core.jobs.service import publish_index, sync_one_board
    from core.jobs.sources import BoardError

    services = _services()
    boards = args.board or services.settings.job_boards
    if not boards:
        raise CliError("no job boards configured: set JOB_BOARDS or pass --board kind:token")
    results: list[dict[str, object]] = []
    failed = 0
    for spec in boards:
        try:
            board, token = services.boards.for_spec(spec)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        try:
            result = sync_one_board(services.store, spec, partial(board.fetch, token))
            results.append({"board": spec, **result.to_dict()})
        except (BoardError, BoardBusy) as exc:
            failed += 1
            results.append({"board": spec, "error": str(exc)})
    publish_index(services.store)
    services.close()
    print_json({"boards": results})
    return 1 if failed else 0


def _read_job(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    if path.stat().st_size > MAX_JOB_FILE_BYTES:
        raise CliError(f"{path.name} is larger than {MAX_JOB_FILE_BYTES // (1024 * 1024)} MB")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise CliError(f"{path.name} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CliError(f"{path.name} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise CliError(f"{path.name} must hold one JSON object (a job posting)")
    return data


def score_files(resume: Path, job_file: Path) -> dict[str, Any]:
    """The `jobs score` contract: {"score", "scoreBreakdown", "matchedSkills",
    "missingSkills", "reasons"}."""
    from core.errors import DomainError
    from core.jobs.importer import raw_from_record
    from core.jobs.normalise import normalise
    from core.jobs.profile import build_profile
    from core.jobs.resume_input import analyze_resume, read_resume_text
    from core.jobs.score import score

    record = _read_job(job_file)
    raw, errors = raw_from_record({"sourceId": job_file.name, **record}, source="import")
    if raw is None:
        first = errors[0]
        raise CliError(f"{job_file.name}: {first.field} {first.reason}")
    try:
        text = read_resume_text(resume)
    except DomainError as exc:
        raise CliError(exc.message) from None
    analysis = analyze_resume(text)
    profile = build_profile(None, analysis, resume_text=text)
    match = score(profile, normalise(raw))
    return match.model_dump(
        by_alias=True,
        mode="json",
        include={"score", "score_breakdown", "matched_skills", "missing_skills", "reasons"},
    )


def run_score(args: argparse.Namespace) -> int:
    result = score_files(args.resume, args.job)
    if args.json:
        print_json(result)
        return 0
    print(f"Match score: {result['score']}/100")
    for name, value in result["scoreBreakdown"].items():
        print(f"  {name:<11} {'n/a' if value is None else value}")
    if result["matchedSkills"]:
        print("Matched skills: " + ", ".join(result["matchedSkills"]))
    if result["missingSkills"]:
        print("Missing skills: " + ", ".join(result["missingSkills"]))
    for reason in result["reasons"]:
        print(f"- {reason}")
    return 0
