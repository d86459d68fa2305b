"""Commands that group actions of their own: `career-agent NAME ACTION ...`."""

from __future__ import annotations

import argparse


def action_group(
    sub: argparse._SubParsersAction, name: str, help: str, *, metavar: str = "ACTION"
) -> argparse._SubParsersAction:
    """Add the command `name`, whose actions are added to what this returns; one is required."""
    command = sub.add_parser(name, help=help)
    actions = command.add_subparsers(dest=f"{name}_command", metavar=metavar)
    actions.required = True
    return actions
