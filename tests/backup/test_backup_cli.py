"""`career-agent db init`, `backup` and `restore` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from integrations.blobs.local import LocalBlobStore
from integrations.blobs.s3 import S3BlobStore
from integrations.storage.dynamodb import DynamoStore
from integrations.storage.sqlite import SqliteStore

CLI = str(Path(sys.executable).with_name("career-agent"))


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATA_", "STORAGE_", "BLOB_", "S3_", "DYNAMODB_", "SQLITE_"))
    }
    env.update({"DATA_DIR": str(data_dir), "ENVIRONMENT": "test", **extra})
    return env


def _run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_sqlite_db_init_backup_and_restore(tmp_path: Path) -> None:
    env = _env(tmp_path / "data")
    first = _run(env, tmp_path, "db", "init")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["storage"] == "sqlite"
    assert "Users" in report["created"] and "Jobs/SourceDateIndex" in report["created"]
    second = json.loads(_run(env, tmp_path, "db", "init").stdout)
    assert second["created"] == []

    store = SqliteStore(tmp_path / "data" / "career-agent.db")
    store.put("Users", {"userId": "u1", "email": "a@example.com"})
    blobs = LocalBlobStore(tmp_path / "data" / "blobs", "k", "http://localhost")
    blobs.put("u1/r1/cv.pdf", b"one", "application/pdf")
    blobs.put("u1/r1/cv.pdf", b"two", "application/pdf")

    made = _run(env, tmp_path, "backup", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["blobVersions"] == 2

    fresh = _env(tmp_path / "fresh")
    done = _run(fresh, tmp_path, "restore", str(tmp_path / "bk"))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["tables"]["Users"] == 1 and out["blobVersionsRestored"] == 2
    restored = SqliteStore(tmp_path / "fresh" / "career-agent.db")
    assert restored.get("Users", {"userId": "u1"}) == {"userId": "u1", "email": "a@example.com"}
    restored_blobs = LocalBlobStore(tmp_path / "fresh" / "blobs", "k", "http://localhost")
    assert [
        restored_blobs.get("u1/r1/cv.pdf", v.version_id)
        for v in restored_blobs.list_versions("u1/r1/cv.pdf")
    ] == [b"two", b"one"]


@pytest.mark.parametrize("command", ["restore", "backup"])
def test_bad_paths_end_with_one_line_and_exit_2(tmp_path: Path, command: str) -> None:
    env = _env(tmp_path / "data")
    target = tmp_path / "not-a-backup"
    target.mkdir()
    (target / "stray.txt").write_text("x")
    result = _run(env, tmp_path, command, str(target))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("career-agent: ")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "career-agent.db").exists()


def test_dynamodb_and_s3_db_init_backup_and_restore(tmp_path: Path, moto_server: str) -> None:
    prefix, bucket = f"cli{uuid.uuid4().hex[:8]}-", f"cli-{uuid.uuid4().hex[:12]}"
    aws = {
        "STORAGE_BACKEND": "dynamodb",
        "DYNAMODB_ENDPOINT_URL": moto_server,
        "BLOB_BACKEND": "s3",
        "S3_ENDPOINT_URL": moto_server,
        "AWS_REGION": "us-east-1",
    }
    env = _env(tmp_path / "data", **aws, DYNAMODB_TABLE_PREFIX=prefix, S3_BUCKET=bucket)
    init = _run(env, tmp_path, "db", "init")
    assert init.returncode == 0, init.stderr
    report = json.loads(init.stdout)
    assert f"{prefix}Users" in report["created"]
    assert report["blobChanges"] and bucket in report["blobChanges"][0]

    store = DynamoStore(moto_server, "us-east-1", prefix)
    store.put("Applications", {"applicationId": "a1", "userId": "u1", "appliedAt": "2024-05-01"})
    blobs = S3BlobStore(bucket, moto_server, "us-east-1")
    blobs.put("u1/r1/cv.pdf", b"resume", "application/pdf")
    made = _run(env, tmp_path, "backup", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr

    prefix2, bucket2 = f"cli{uuid.uuid4().hex[:8]}-", f"cli-{uuid.uuid4().hex[:12]}"
    env2 = _env(tmp_path / "data", **aws, DYNAMODB_TABLE_PREFIX=prefix2, S3_BUCKET=bucket2)
    done = _run(env2, tmp_path, "restore", str(tmp_path / "bk"))
    assert done.returncode == 0, done.stderr
    target = DynamoStore(moto_server, "us-east-1", prefix2)
    assert target.query("Applications", "u1", index="UserIdIndex")[0]["applicationId"] == "a1"
    assert S3BlobStore(bucket2, moto_server, "us-east-1").get("u1/r1/cv.pdf") == b"resume"
    store.drop_all()
    target.drop_all()
