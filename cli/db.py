"""`career-agent db init`: create the tables, indexes and bucket the configuration names."""

from __future__ import annotations

import argparse
from typing import Any

from cli.actions import action_group
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    commands = action_group(sub, "db", "storage administration")
    init = commands.add_parser(
        "init", help="create missing tables and indexes (and the S3 bucket); idempotent"
    )
    init.set_defaults(func=run_init)


def run_init(args: argparse.Namespace) -> int:
    from core.settings import get_settings
    from integrations.container import build_services

    settings = get_settings()
    services = build_services(settings)
    store, blobs = services.store, services.blobs
    ensure_tables = getattr(store, "ensure_tables", None)
    if callable(ensure_tables):
        created = list(ensure_tables())
    else:
        store.init()
        created = []
    report: dict[str, Any] = {
        "storage": settings.storage_backend,
        "location": (
            str(settings.sqlite_path)
            if settings.storage_backend == "sqlite"
            else f"DynamoDB tables prefixed {settings.dynamodb_table_prefix!r}"
        ),
        "created": created,
        "blobs": settings.blob_backend,
        "blobChanges": [],
    }
    ensure_bucket = getattr(blobs, "ensure_bucket", None)
    if callable(ensure_bucket):
        report["blobChanges"] = list(ensure_bucket())
    else:
        blobs.ping()  # creates the local folder
    if settings.jobs_index_bucket:
        report["blobChanges"] += list(services.job_index_files.ensure_bucket())
    print_json(report)
    return 0
