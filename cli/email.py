"""`career-agent email detect PATH.eml [--json]`: is this email an interview invitation?
(`email import` is in cli/email_import.py.)

Runs locally: no API, Redis or worker needed. With a language model configured
(LLM_BACKEND), an email the rules find ambiguous is checked by it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.actions import action_group
from cli.email_import import add_import_command
from cli.errors import CliError
from cli.llm import configured_llm
from cli.output import print_json
from core.email.detect import Detection, detect_bytes
from core.email.message import MAX_EMAIL_BYTES, InvalidEmail
from core.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    sub = action_group(subparsers, "email", "interview detection in emails", metavar="COMMAND")
    detect = sub.add_parser(
        "detect",
        help="tell whether an .eml file is an interview invitation, and when it is",
        description="Detect an interview invitation (or a reschedule or cancellation) in one "
        "email saved as .eml, and extract its time, company, role, meeting link, kind and place.",
    )
    detect.add_argument("path", type=Path, metavar="PATH.eml", help="the email, as an .eml file")
    detect.add_argument("--json", action="store_true", help="print the result as JSON")
    detect.set_defaults(func=run_detect)
    add_import_command(sub)


def _read(path: Path) -> bytes:
    if not path.exists():
        raise CliError(f"{path}: no such file")
    if not path.is_file():
        raise CliError(f"{path}: not a file")
    if path.stat().st_size > MAX_EMAIL_BYTES:
        raise CliError(f"{path}: larger than 25 MB, not an email message")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: cannot read ({exc.strerror or exc})") from None


def run_detect(args: argparse.Namespace) -> int:
    raw = _read(args.path)
    try:
        found = detect_bytes(raw, llm=configured_llm(get_settings()))
    except InvalidEmail as exc:
        raise CliError(f"{args.path}: {exc}") from None
    if args.json:
        print_json(found.to_json())
    else:
        print(_describe(found))
    return 0


def _describe(found: Detection) -> str:
    if not found.is_interview:
        return f"Not an interview invitation (confidence {found.confidence:.2f})."
    what = {
        "reschedule": "Interview rescheduled",
        "cancellation": "Interview cancelled",
    }.get(found.event or "", "Interview invitation")
    lines = [f"{what} (confidence {found.confidence:.2f})"]
    fields = [
        ("When", found.starts_at.isoformat() if found.starts_at else "no time yet"),
        ("Duration", f"{found.duration_minutes} minutes" if found.duration_minutes else None),
        ("Company", found.company),
        ("Role", found.role),
        ("Kind", found.kind),
        ("Link", found.meeting_url),
        ("Where", found.location),
        ("With", ", ".join(found.interviewers) if found.interviewers else None),
    ]
    lines += [f"  {label + ':':<10}{value}" for label, value in fields if value]
    return "\n".join(lines)
