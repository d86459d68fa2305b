"""`career-agent roadmap`: a learning roadmap from one role to another, computed locally."""

from __future__ import annotations

import argparse
from typing import Any

from cli.errors import CliError
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("roadmap", help="a learning roadmap from your role to a target role")
    p.add_argument("--current", help="your current role")
    p.add_argument("--target", required=True, help="the role you want")
    p.add_argument("--skills", default="", help="skills you have, comma-separated")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def _store() -> Any:
    """The local job store when it holds jobs; None makes the roadmap use the demo market."""
    from core.settings import get_settings

    settings = get_settings()
    if settings.storage_backend == "sqlite" and (
        settings.sqlite_path is None or not settings.sqlite_path.exists()
    ):
        return None
    from integrations.container import build_services

    return build_services(settings).store


def run(args: argparse.Namespace) -> int:
    from core.errors import DomainError
    from core.roadmap.service import generate_roadmap

    skills = [s.strip() for s in args.skills.split(",") if s.strip()]
    try:
        roadmap = generate_roadmap(
            _store(), None, current_role=args.current, target_role=args.target, skills=skills
        )
    except DomainError as exc:
        raise CliError(exc.message) from None
    if args.json:
        print_json(roadmap.to_item())
        return 0
    t = roadmap.timeline
    print(f"{args.current or 'You'} -> {roadmap.target_role}: {t.summary}")
    basis = roadmap.basis
    print(f"(from {basis.postings_analysed} {basis.source} postings)")
    for note in roadmap.notes:
        print(f"note: {note}")
    print("\nSkills target-role postings ask for:")
    for s in roadmap.required_skills:
        print(f"  {'✓' if s.have else '·'} {s.name} ({s.importance}%)")
    print("\nMilestones:")
    for i, m in enumerate(roadmap.milestones, start=1):
        print(f"  {i}. {m.title} — {m.weeks} weeks")
        print(f"     {m.outcome}")
    return 0
