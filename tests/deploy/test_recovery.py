"""The runbook's commands against moto's DynamoDB, S3 and SQS servers."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from core.clock import iso
from core.tasks import runs
from deploy.aws import recovery
from integrations.container import Services
from integrations.storage.dynamodb import DynamoStore
from tests.deploy.conftest import drain


@pytest.fixture
def dynamodb(moto_server: str) -> Any:
    return boto3.client("dynamodb", endpoint_url=moto_server, region_name="us-east-1")


@pytest.fixture
def s3(moto_server: str) -> Any:
    return boto3.client("s3", endpoint_url=moto_server, region_name="us-east-1")


def test_tables_are_restored_under_a_new_prefix_the_app_can_use(
    moto_server: str, dynamodb: Any
) -> None:
    stack = f"ca{uuid.uuid4().hex[:6]}"
    live = DynamoStore(moto_server, "us-east-1", f"{stack}-")
    live.init()
    for name in ("Users", "TaskRuns"):
        dynamodb.update_continuous_backups(
            TableName=f"{stack}-{name}",
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
    live.put("Users", {"userId": "u-1", "email": "a@example.com", "name": "Ada"})
    live.put("TaskRuns", {"taskId": "t-1", "userId": "u-1", "createdAt": iso(), "status": "ok"})

    result = recovery.restore_tables(
        dynamodb,
        stack=stack,
        instant=None,
        target_prefix=f"{stack}-r1-",
        tables=["Users", "TaskRuns"],
    )

    assert result["tables"] == [f"{stack}-r1-Users", f"{stack}-r1-TaskRuns"]
    restored = DynamoStore(moto_server, "us-east-1", f"{stack}-r1-")
    assert restored.get("Users", {"userId": "u-1"})["name"] == "Ada"
    assert [r["taskId"] for r in restored.query("TaskRuns", "u-1", index="UserIdIndex")] == ["t-1"]
    backups = dynamodb.describe_continuous_backups(TableName=f"{stack}-r1-Users")
    pitr = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    for table in result["tables"]:
        assert dynamodb.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"]
        dynamodb.update_table(TableName=table, DeletionProtectionEnabled=False)
    live.drop_all()
    restored.drop_all()


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["tables", "--stack", "s", "--to", "yesterday"], "ISO 8601"),
        (["tables", "--stack", "s", "--to", "2025-03-01T10:00:00"], "time zone"),
        (["tables", "--stack", "s", "--to", "2999-01-01T00:00:00Z"], "future"),
        (
            ["tables", "--stack", "s", "--to", "latest", "--target-prefix", "other-"],
            "start with s-",
        ),
        (["tables", "--stack", "s", "--to", "latest", "--table", "Nope"], "unknown tables: Nope"),
        (["tables", "--stack", "nosuchstack", "--to", "latest"], "cannot read table"),
        (["files", "--bucket", "b", "--to", "latest"], "needs an instant"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    argv: list[str], reason: str, moto_server: str, capsys: Any
) -> None:
    code = recovery.main(["--region", "us-east-1", "--endpoint-url", moto_server, *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and reason in err


def _put(s3: Any, bucket: str, key: str, body: bytes) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=body)


def _current(s3: Any, bucket: str, key: str) -> bytes | None:
    try:
        return bytes(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    except s3.exceptions.NoSuchKey:
        return None


def test_files_return_to_the_versions_current_at_the_instant(s3: Any, moto_server: str) -> None:
    bucket = f"resumes-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    _put(s3, bucket, "u-1/r-1/cv.pdf", b"v1")
    _put(s3, bucket, "u-1/r-2/cv.docx", b"kept")
    _put(s3, bucket, "u-2/r-3/cv.pdf", b"deleted later")
    stamps = [v["LastModified"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]]
    instant = max(stamps)
    # S3 reports times to the second: later changes must fall in a later second.
    time.sleep(max(0.0, (instant + timedelta(seconds=1.05) - datetime.now(UTC)).total_seconds()))
    _put(s3, bucket, "u-1/r-1/cv.pdf", b"v2 (bad)")
    _put(s3, bucket, "u-1/r-9/new.pdf", b"created after")
    s3.delete_object(Bucket=bucket, Key="u-2/r-3/cv.pdf")

    argv = ["--region", "us-east-1", "--endpoint-url", moto_server, "files", "--bucket", bucket]
    argv += ["--to", instant.isoformat()]
    printed: list[str] = []
    assert recovery.main([*argv, "--dry-run"], out=printed.append) == 0
    plan = json.loads(printed[-1])
    assert (plan["restored"], plan["deleted"], plan["dryRun"]) == (2, 1, True)
    assert _current(s3, bucket, "u-1/r-1/cv.pdf") == b"v2 (bad)"  # a dry run changes nothing

    assert recovery.main(argv, out=printed.append) == 0
    assert _current(s3, bucket, "u-1/r-1/cv.pdf") == b"v1"
    assert _current(s3, bucket, "u-1/r-2/cv.docx") == b"kept"
    assert _current(s3, bucket, "u-2/r-3/cv.pdf") == b"deleted later"
    assert _current(s3, bucket, "u-1/r-9/new.pdf") is None
    # Nothing was destroyed: the bad version is still there, as a noncurrent one.
    versions = s3.list_object_versions(Bucket=bucket, Prefix="u-1/r-1/")["Versions"]
    assert len(versions) == 3
    # Running it again finds nothing left to do.
    assert recovery.main(argv, out=printed.append) == 0
    again = json.loads(printed[-1])
    assert (again["restored"], again["deleted"]) == (0, 0)


def test_requeue_sends_again_only_runs_still_waiting(
    lambda_services: Services, sqs: Any, queues: dict[str, str]
) -> None:
    store = lambda_services.store
    old = iso(datetime.now(UTC) - timedelta(hours=2))
    for task_id, status, updated in (
        ("old-queued", "queued", old),
        ("old-retrying", "retrying", old),
        ("recent-queued", "queued", iso()),
        ("old-done", "succeeded", old),
    ):
        run = runs.create_run(
            store, user_id="u-1", kind="system.diagnostics", params={}, task_id=task_id
        )
        store.put(
            "TaskRuns",
            {**run.to_item(), "status": status, "updatedAt": updated, "checkpointAt": updated},
        )

    result = recovery.requeue_waiting_runs(
        store, lambda_services.queue, older_than=timedelta(minutes=15)
    )

    assert result == {"requeued": 2, "taskIds": ["old-queued", "old-retrying"], "failed": []}
    sent = sorted(json.loads(m["Body"])["taskId"] for m in drain(sqs, queues["default"]))
    assert sent == ["old-queued", "old-retrying"]
