"""`career-agent email import PATH.mbox|DIR|--demo [--user EMAIL] [--json]`: saved mail through
the same detection a Gmail scan runs, into a person's interviews.

PATH is an mbox (Google Takeout: Mail → "All mail Including Spam and Trash.mbox") or a folder
of .eml files. Runs in this process against the configured store; no worker needed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from cli.errors import CliError
from cli.output import print_json

if TYPE_CHECKING:
    from core.storage.port import Store


def add_import_command(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser(
        "import",
        help="import saved mail (an mbox or a folder of .eml files) and detect interviews in it",
        description="Run an mbox file (e.g. from Google Takeout) or a folder of .eml files "
        "through interview detection, updating the person's interviews as a Gmail scan "
        "would. Messages imported before are not applied twice.",
    )
    command.add_argument(
        "path", type=Path, nargs="?", metavar="PATH", help="an .mbox file or a folder of .eml"
    )
    command.add_argument("--demo", action="store_true", help="import the bundled demo mailbox")
    command.add_argument(
        "--user", metavar="EMAIL", help="whose mail it is (default: the only account there is)"
    )
    command.add_argument("--json", action="store_true", help="print the summary as JSON")
    command.set_defaults(func=run_import)


def _check_path(args: argparse.Namespace) -> Path:
    from core.emailimport.service import DEMO_DIR
    from core.emailimport.sources import eml_files

    if args.demo and args.path is not None:
        raise CliError("give a PATH or --demo, not both")
    if args.demo:
        return DEMO_DIR
    if args.path is None:
        raise CliError("give a PATH (an .mbox file or a folder of .eml files) or --demo")
    path: Path = args.path
    if not path.exists():
        raise CliError(f"{path}: no such file or folder")
    if path.is_dir():
        if not eml_files(path):
            raise CliError(f"{path}: no .eml files in this folder")
        return path
    if not path.is_file():
        raise CliError(f"{path}: not a file or folder")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise CliError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return path


def _user_id(store: Store, email: str | None) -> str:
    from core.users.repository import find_by_email, users

    if email:
        found = find_by_email(store, email)
        if found is None:
            raise CliError(f"no account with the email {email}")
        return found.user_id
    accounts = []
    for user in users(store).scan():
        accounts.append(user)
        if len(accounts) > 1:
            raise CliError("there are several accounts: say whose mail this is with --user EMAIL")
    if not accounts:
        raise CliError("there is no account yet: sign up first, then import")
    return accounts[0].user_id


def run_import(args: argparse.Namespace) -> int:
    from core.emailimport.service import (
        ImportCounts,
        create_import,
        import_items,
        items_from_path,
        save_counts,
    )
    from core.settings import get_settings
    from core.tracker.inbox import Reader
    from integrations.container import build_services

    path = _check_path(args)
    services = build_services(get_settings())
    services.store.init()
    store = services.store
    user_id = _user_id(store, args.user)
    items, total = items_from_path(path)
    row = create_import(store, user_id, source="demo" if args.demo else "cli", file_name=path.name)
    counts = ImportCounts(total=total)
    started = time.monotonic()

    def checkpoint(now: ImportCounts) -> None:
        save_counts(store, user_id, row.import_id, now, status="running")
        if not args.json:
            sys.stderr.write(
                f"\r{now.read}/{total} read, {now.interviews} interviews, "
                f"{sum(now.skipped.values())} skipped"
            )
            sys.stderr.flush()

    import_items(
        store,
        user_id,
        row.import_id,
        items,
        counts,
        reader=Reader.of(services.settings, services.llm),
        checkpoint=checkpoint,
    )
    counts.total = max(total, counts.read)
    from core.clock import iso

    save_counts(store, user_id, row.import_id, counts, status="done", finished_at=iso())
    report = {"importId": row.import_id, **counts.to_json()}
    report["seconds"] = round(time.monotonic() - started, 2)
    if args.json:
        print_json(report)
        return 0
    sys.stderr.write("\r" + " " * 60 + "\r")
    print(
        f"read {counts.read} messages from {path.name} in {report['seconds']} s: "
        f"{counts.processed} processed, {counts.interviews} about interviews, "
        f"{counts.applications} other application updates, {counts.to_review} to review, "
        f"{counts.already_imported} imported before, {report['skipped']} skipped"
    )
    for reason, n in sorted(counts.skipped.items(), key=lambda kv: -kv[1]):
        print(f"  skipped {n}: {reason}")
    return 0
