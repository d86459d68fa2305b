"""Recovery on AWS: the steps of the runbook in deploy/README.md, as commands.

    python -m deploy.aws.recovery tables --stack NAME --to 2025-03-01T09:55:00Z [--kms-key ARN]
    python -m deploy.aws.recovery files --bucket BUCKET --to 2025-03-01T09:55:00Z [--prefix P]
    python -m deploy.aws.recovery requeue [--older-than-minutes 15]

`tables` restores every table of the schema to one instant, in parallel, under a new prefix
(`NAME-rYYYYMMDDHHMM-`), and switches point-in-time recovery and deletion protection on for the
copies; redeploying with DataTablePrefix set to that prefix puts the functions on them.
`files` makes, for every key, the version that was current at that instant current again.
`requeue` sends again the runs that are still waiting (their messages were lost or are stuck).
Each prints what it did as JSON; bad input exits 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from core.clock import iso, parse_iso, utcnow
from core.storage.schema import TABLES
from core.tasks import recovery as task_recovery


class RecoveryError(Exception):
    """Bad input or a refused request, explained in one line."""


def parse_instant(text: str) -> datetime | None:
    """An ISO 8601 instant with a zone (`...Z` or `+01:00`), or None for `latest`."""
    if text == "latest":
        return None
    try:
        instant = parse_iso(text)
    except ValueError:
        raise RecoveryError(f"--to must be an ISO 8601 instant or 'latest', not {text!r}") from None
    if instant.tzinfo is None:
        raise RecoveryError("--to needs a time zone, e.g. 2025-03-01T09:55:00Z")
    if instant > utcnow():
        raise RecoveryError("--to is in the future")
    return instant.astimezone(UTC)


# --- tables -----------------------------------------------------------------------------------


def default_target_prefix(stack: str, instant: datetime | None) -> str:
    return f"{stack}-r{(instant or utcnow()).strftime('%Y%m%d%H%M')}-"


def restore_tables(
    client: Any,
    *,
    stack: str,
    instant: datetime | None,
    source_prefix: str | None = None,
    target_prefix: str | None = None,
    kms_key: str | None = None,
    tables: Iterable[str] | None = None,
    wait_seconds: float = 3600.0,
) -> dict[str, Any]:
    """Restore the tables to `instant` (None: the latest restorable time) under a new prefix."""
    source = source_prefix or f"{stack}-"
    target = target_prefix or default_target_prefix(stack, instant)
    if not target.startswith(f"{stack}-") or target == f"{stack}-":
        raise RecoveryError(f"the target prefix must start with {stack}- and differ from it")
    if target == source:
        raise RecoveryError("the target prefix must differ from the source prefix")
    names = list(tables or TABLES)
    unknown = sorted(set(names) - set(TABLES))
    if unknown:
        raise RecoveryError(f"unknown tables: {', '.join(unknown)}")
    for name in names:  # refuse before the first restore starts
        try:
            client.describe_table(TableName=source + name)
        except ClientError as exc:
            raise RecoveryError(f"cannot read table {source + name}: {_reason(exc)}") from None
    started = time.monotonic()
    for name in names:
        request: dict[str, Any] = {
            "SourceTableName": source + name,
            "TargetTableName": target + name,
            "BillingModeOverride": "PAY_PER_REQUEST",
        }
        if instant is None:
            request["UseLatestRestorableTime"] = True
        else:
            request["RestoreDateTime"] = instant
        if kms_key:
            request["SSESpecificationOverride"] = {
                "Enabled": True,
                "SSEType": "KMS",
                "KMSMasterKeyId": kms_key,
            }
        try:
            client.restore_table_to_point_in_time(**request)
        except ClientError as exc:
            raise RecoveryError(f"restore of {source + name} refused: {_reason(exc)}") from None
    # Restores run in parallel on AWS's side; wait for all, then protect the copies.
    for name in names:
        _wait_active(client, target + name, deadline=started + wait_seconds)
        client.update_continuous_backups(
            TableName=target + name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
        client.update_table(TableName=target + name, DeletionProtectionEnabled=True)
    return {
        "sourcePrefix": source,
        "targetPrefix": target,
        "restoredTo": iso(instant) if instant else "latest",
        "tables": [target + n for n in names],
        "seconds": round(time.monotonic() - started, 1),
    }


def _wait_active(client: Any, name: str, *, deadline: float) -> None:
    delay = 0.2
    while True:
        status = client.describe_table(TableName=name)["Table"]["TableStatus"]
        if status == "ACTIVE":
            return
        if time.monotonic() > deadline:
            raise RecoveryError(f"table {name} is still {status}; check the console")
        time.sleep(delay)
        delay = min(delay * 2, 15.0)


# --- files ------------------------------------------------------------------------------------


def restore_files(
    client: Any, *, bucket: str, instant: datetime, prefix: str = "", dry_run: bool = False
) -> dict[str, Any]:
    """Make the version of every key under `prefix` that was current at `instant` current
    again: an older version is copied over the newer ones (which stay as noncurrent versions);
    a key created after `instant` gets a delete marker. Nothing is ever destroyed."""
    entries: dict[str, list[dict[str, Any]]] = {}
    try:
        paginator = client.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
            for version in page.get("Versions", []):
                entries.setdefault(version["Key"], []).append({**version, "marker": False})
            for marker in page.get("DeleteMarkers", []):
                entries.setdefault(marker["Key"], []).append({**marker, "marker": True})
    except ClientError as exc:
        raise RecoveryError(f"cannot list versions in {bucket}: {_reason(exc)}") from None
    actions: list[dict[str, str]] = []
    for key, versions in sorted(entries.items()):
        current = next((v for v in versions if v.get("IsLatest")), None)
        at_instant = max(
            (v for v in versions if v["LastModified"] <= instant),
            key=lambda v: v["LastModified"],
            default=None,
        )
        wanted = None if at_instant is None or at_instant["marker"] else at_instant
        if wanted is None:
            if current is not None and not current["marker"]:
                actions.append({"key": key, "action": "delete"})
                if not dry_run:
                    client.delete_object(Bucket=bucket, Key=key)
            continue
        if current is not None and not current["marker"] and _same_content(current, wanted):
            continue
        actions.append({"key": key, "action": "restore", "versionId": wanted["VersionId"]})
        if not dry_run:
            client.copy_object(
                Bucket=bucket,
                Key=key,
                CopySource={"Bucket": bucket, "Key": key, "VersionId": wanted["VersionId"]},
                MetadataDirective="COPY",
            )
    return {
        "bucket": bucket,
        "prefix": prefix,
        "restoredTo": iso(instant),
        "dryRun": dry_run,
        "keys": len(entries),
        "restored": sum(a["action"] == "restore" for a in actions),
        "deleted": sum(a["action"] == "delete" for a in actions),
        "actions": actions,
    }


def _same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same version, or an earlier restore's copy of it (same ETag and size). Under SSE-KMS
    ETags may differ for equal content; then the copy is merely made again."""
    if a["VersionId"] == b["VersionId"]:
        return True
    return bool(a.get("ETag") == b.get("ETag") and a.get("Size") == b.get("Size"))


# --- runs -------------------------------------------------------------------------------------

WAITING = frozenset({"queued", "retrying"})


def requeue_waiting_runs(store: Any, queue: Any, *, older_than: timedelta) -> dict[str, Any]:
    """Send again every open run still waiting (queued or retrying) with no sign of life for
    `older_than`, without waiting for the recovery loop's own bounds (after a restore, or to
    drain a queue by hand). Safe to repeat: a run that already finished ignores its message."""
    now = utcnow()
    sent, failed = [], []
    for run in task_recovery.open_runs(store, quiet_since=now - older_than):
        if run.status not in WAITING:
            continue
        refused = task_recovery.resend(
            store, queue, run, reason="sent again by an operator", now=now
        )
        if refused is None:
            sent.append(run.task_id)
        else:
            failed.append({"taskId": run.task_id, "error": refused})
    return {"requeued": len(sent), "taskIds": sorted(sent), "failed": failed}


# --- command line -----------------------------------------------------------------------------


def _reason(exc: ClientError) -> str:
    error = exc.response.get("Error", {})
    return f"{error.get('Code', 'Error')}: {error.get('Message', '')}".strip()


def _client(service: str, args: argparse.Namespace) -> Any:
    factory: Any = boto3.client  # its overloads want a literal service name
    return factory(service, region_name=args.region, endpoint_url=args.endpoint_url)


def _run_tables(args: argparse.Namespace) -> dict[str, Any]:
    return restore_tables(
        _client("dynamodb", args),
        stack=args.stack,
        instant=parse_instant(args.to),
        source_prefix=args.source_prefix,
        target_prefix=args.target_prefix,
        kms_key=args.kms_key,
        tables=args.table or None,
    )


def _run_files(args: argparse.Namespace) -> dict[str, Any]:
    instant = parse_instant(args.to)
    if instant is None:
        raise RecoveryError("files needs an instant, not 'latest'")
    return restore_files(
        _client("s3", args),
        bucket=args.bucket,
        instant=instant,
        prefix=args.prefix,
        dry_run=args.dry_run,
    )


def _run_requeue(args: argparse.Namespace) -> dict[str, Any]:
    from core.settings import get_settings
    from integrations.container import build_services

    if args.older_than_minutes < 0:
        raise RecoveryError("--older-than-minutes must be 0 or more")
    services = build_services(get_settings())
    return requeue_waiting_runs(
        services.store, services.queue, older_than=timedelta(minutes=args.older_than_minutes)
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.aws.recovery", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--region", default=None, help="AWS region (default: from the profile)")
    parser.add_argument("--endpoint-url", default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    t = sub.add_parser("tables", help="restore every table to an instant under a new prefix")
    t.add_argument("--stack", required=True, help="the CloudFormation stack name")
    t.add_argument("--to", required=True, help="ISO 8601 instant with zone, or 'latest'")
    t.add_argument("--source-prefix", help="prefix of the tables in use (default: STACK-)")
    t.add_argument("--target-prefix", help="prefix for the copies (default: STACK-rYYYYMMDDHHMM-)")
    t.add_argument("--kms-key", help="KMS key ARN for the copies (the stack's DataKey)")
    t.add_argument("--table", action="append", help="only this table (repeatable)")
    t.set_defaults(func=_run_tables)

    f = sub.add_parser("files", help="make the versions current at an instant current again")
    f.add_argument("--bucket", required=True)
    f.add_argument("--to", required=True, help="ISO 8601 instant with zone")
    f.add_argument("--prefix", default="", help="only keys under this prefix (e.g. a user id/)")
    f.add_argument("--dry-run", action="store_true", help="list the changes, make none")
    f.set_defaults(func=_run_files)

    r = sub.add_parser("requeue", help="send again the runs still queued or retrying")
    r.add_argument("--older-than-minutes", type=int, default=15)
    r.set_defaults(func=_run_requeue)
    return parser


def main(argv: list[str] | None = None, *, out: Callable[[str], Any] = print) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.func(args)
    except RecoveryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"error: AWS refused: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    out(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
