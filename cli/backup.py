"""`career-agent backup PATH` and `career-agent restore PATH`, for whichever stores are
configured (SQLite or DynamoDB, local folder or S3)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.errors import CliError
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("backup", help="copy every table and file into a new folder")
    b.add_argument("path", type=Path, help="folder to create (must not exist, or be empty)")
    b.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="load a backup folder into the configured stores")
    r.add_argument("path", type=Path, help="a folder written by `career-agent backup`")
    r.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from core.backup import BackupError, backup
    from core.settings import get_settings
    from integrations.container import build_services

    services = build_services(get_settings())
    try:
        print_json(backup(services.store, services.blobs, args.path).to_item())
    except BackupError as exc:
        raise CliError(str(exc)) from None
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from core.backup import BackupError, restore
    from core.settings import get_settings
    from integrations.container import build_services

    services = build_services(get_settings())
    ensure_bucket = getattr(services.blobs, "ensure_bucket", None)
    try:
        print_json(
            restore(
                services.store,
                services.blobs,
                args.path,
                prepare=ensure_bucket if callable(ensure_bucket) else None,
            ).to_item()
        )
    except BackupError as exc:
        raise CliError(str(exc)) from None
    return 0
