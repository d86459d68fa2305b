"""Backup and restore round trips on SQLite + local files and on DynamoDB + S3 (moto)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.backup import BackupError, backup, restore
from core.blobs.port import BlobStore
from core.storage.port import Store
from core.storage.schema import TABLES
from integrations.blobs.local import LocalBlobStore
from integrations.blobs.s3 import S3BlobStore
from integrations.storage.dynamodb import DynamoStore
from integrations.storage.sqlite import SqliteStore


@dataclass
class Stores:
    store: Store
    blobs: BlobStore


Factory = Callable[[], Stores]


@pytest.fixture(params=["sqlite+local", "dynamodb+s3"])
def make_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """Makes empty, independent stores of one kind (a source, a target, ...)."""
    made: list[Stores] = []

    def make() -> Stores:
        n = len(made)
        if request.param == "sqlite+local":
            stores = Stores(
                SqliteStore(tmp_path / f"db{n}" / "store.db"),
                LocalBlobStore(tmp_path / f"blobs{n}", "secret", "http://localhost:8000"),
            )
        else:
            endpoint = request.getfixturevalue("moto_server")
            s3 = S3BlobStore(f"backup-{uuid.uuid4().hex[:12]}", endpoint, "us-east-1")
            s3.ensure_bucket()
            stores = Stores(DynamoStore(endpoint, "us-east-1", f"b{uuid.uuid4().hex[:8]}-"), s3)
        made.append(stores)
        return stores

    yield make
    for stores in made:
        stores.store.drop_all()


def _populate(s: Stores) -> None:
    s.store.init()
    s.store.put(
        "Users",
        {
            "userId": "u1",
            "email": "zoe@example.com",
            "name": "Zoë 山田",
            "skills": ["python", {"name": "sql", "years": 2.5}],
            "version": 3,
        },
    )
    s.store.put("Users", {"userId": "u2", "email": "bob@example.com", "name": "", "age": None})
    s.store.put_many(
        "Jobs",
        [
            {
                "jobId": f"j{n:04d}",
                "source": "lever",
                "postedDate": f"2024-01-{n % 28 + 1:02d}",
                "salary": {"min": 100000 + n, "max": 150000.5},
                "dedupKey": f"d{n}",
            }
            for n in range(300)
        ],
    )
    s.store.put("Jobs", {"jobId": "j-undated", "source": "lever", "postedDate": None})
    for version in (1, 2, 10):
        s.store.put(
            "ResumeVersions",
            {
                "resumeId": "r1",
                "versionNumber": version,
                "userId": "u1",
                "createdAt": f"2024-02-0{version % 9}",
            },
        )
    s.store.put("ProcessedMessages", {"userId": "u1", "messageId": "m😀", "seen": True})
    for n in range(3):
        s.blobs.put("u1/r1/Zoë cv.pdf", f"%PDF version {n}".encode(), "application/pdf")
    s.blobs.put("u1/r2/letter.docx", b"\x00\x01 binary", "application/octet-stream")
    s.blobs.put("u2/r3/empty.txt", b"", "text/plain")


def _tables(store: Store) -> dict[str, list[dict[str, Any]]]:
    def key(item: dict[str, Any]) -> str:
        return json.dumps(item, sort_keys=True)

    return {name: sorted(store.scan(name), key=key) for name in TABLES}


def _files(blobs: BlobStore) -> dict[str, list[bytes]]:
    """Every key's contents, oldest version first."""
    return {
        key: [blobs.get(key, v.version_id) for v in reversed(blobs.list_versions(key))]
        for key in blobs.list_keys("")
    }


def test_round_trip_restores_every_item_and_every_version(
    make_stores: Factory, tmp_path: Path
) -> None:
    source = make_stores()
    _populate(source)
    dest = tmp_path / "backup"

    made = backup(source.store, source.blobs, dest)
    assert made.tables["Jobs"] == 301
    assert made.items == 301 + 2 + 3 + 1
    assert (made.blob_keys, made.blob_versions) == (3, 5)

    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["tables"]["Users"]["items"] == 2
    assert set(manifest["schema"]) == set(TABLES)
    users = (dest / "tables" / "Users.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(users) == 2 and all(json.loads(line)["userId"] for line in users)
    blob_lines = [
        json.loads(x) for x in (dest / "blobs/manifest.jsonl").read_text("utf-8").splitlines()
    ]
    cv = [b for b in blob_lines if b["key"] == "u1/r1/Zoë cv.pdf"]
    assert [(dest / b["file"]).read_bytes() for b in cv] == [
        f"%PDF version {n}".encode() for n in range(3)
    ]

    target = make_stores()
    restored = restore(target.store, target.blobs, dest)
    assert restored.tables == made.tables
    assert restored.blob_versions_restored == 5
    assert _tables(target.store) == _tables(source.store)
    assert _files(target.blobs) == _files(source.blobs)
    assert target.store.query("Jobs", "lever", index="SourceDateIndex", limit=1)[0]["jobId"]
    assert target.store.query("Users", "zoe@example.com", index="EmailIndex")[0]["version"] == 3

    again = restore(target.store, target.blobs, dest)
    assert again.blob_versions_restored == 0
    assert again.blob_versions_already_present == 5
    assert _tables(target.store) == _tables(source.store)
    assert _files(target.blobs) == _files(source.blobs)


def test_restore_finishes_an_interrupted_restore(make_stores: Factory, tmp_path: Path) -> None:
    source = make_stores()
    _populate(source)
    backup(source.store, source.blobs, tmp_path / "backup")
    target = make_stores()
    target.store.init()
    # As if the previous run stopped after the first version of the first file.
    target.blobs.put("u1/r1/Zoë cv.pdf", b"%PDF version 0", "application/pdf")

    result = restore(target.store, target.blobs, tmp_path / "backup")
    assert (result.blob_versions_restored, result.blob_versions_already_present) == (4, 1)
    assert _files(target.blobs) == _files(source.blobs)


def test_restore_onto_newer_data_keeps_it_and_adds_the_backup(
    make_stores: Factory, tmp_path: Path
) -> None:
    source = make_stores()
    _populate(source)
    backup(source.store, source.blobs, tmp_path / "backup")
    source.store.put("Users", {"userId": "u3", "email": "new@example.com"})
    source.blobs.put("u1/r2/letter.docx", b"edited later", "application/octet-stream")

    restore(source.store, source.blobs, tmp_path / "backup")
    assert source.store.get("Users", {"userId": "u3"}) is not None
    letters = _files(source.blobs)["u1/r2/letter.docx"]
    assert letters == [b"\x00\x01 binary", b"edited later", b"\x00\x01 binary"]
    restore(source.store, source.blobs, tmp_path / "backup")
    assert _files(source.blobs)["u1/r2/letter.docx"] == letters


def test_backup_of_empty_stores(make_stores: Factory, tmp_path: Path) -> None:
    source = make_stores()
    source.store.init()
    (tmp_path / "empty-dir").mkdir()
    made = backup(source.store, source.blobs, tmp_path / "empty-dir")
    assert made.items == 0 and made.blob_versions == 0
    target = make_stores()
    assert restore(target.store, target.blobs, tmp_path / "empty-dir").items == 0


# --- refusals (SQLite + local only: the checks happen before any store is touched) -----------


@pytest.fixture
def good_backup(tmp_path: Path) -> Path:
    source = Stores(
        SqliteStore(tmp_path / "src.db"), LocalBlobStore(tmp_path / "src-blobs", "s", "http://x")
    )
    _populate(source)
    backup(source.store, source.blobs, tmp_path / "backup")
    return tmp_path / "backup"


def _damage_manifest_missing(root: Path) -> None:
    (root / "manifest.json").unlink()


def _damage_manifest_corrupt(root: Path) -> None:
    (root / "manifest.json").write_text('{"format": "career-agent-backup", "tables": ')


def _damage_manifest_foreign(root: Path) -> None:
    (root / "manifest.json").write_text('{"hello": "world"}')


def _damage_table_altered(root: Path) -> None:
    with (root / "tables" / "Users.jsonl").open("a") as f:
        f.write('{"userId": "intruder"}\n')


def _damage_table_missing(root: Path) -> None:
    (root / "tables" / "Jobs.jsonl").unlink()


def _damage_blob_altered(root: Path) -> None:
    first = json.loads((root / "blobs/manifest.jsonl").read_text().splitlines()[0])
    (root / first["file"]).write_bytes(b"tampered")


def _damage_blob_escape(root: Path) -> None:
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["tables"]["Users"]["file"] = "../../etc/passwd"
    (root / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_damage_manifest_missing, "no manifest.json"),
        (_damage_manifest_corrupt, "corrupt"),
        (_damage_manifest_foreign, "not a Career Agent backup"),
        (_damage_table_altered, "checksum"),
        (_damage_table_missing, "missing"),
        (_damage_blob_altered, "checksum"),
        (_damage_blob_escape, "outside the folder"),
    ],
)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    good_backup: Path, tmp_path: Path, damage: Callable[[Path], None], message: str
) -> None:
    damage(good_backup)
    target_db = tmp_path / "target" / "store.db"
    target = Stores(SqliteStore(target_db), LocalBlobStore(tmp_path / "tb", "s", "http://x"))
    with pytest.raises(BackupError, match=message):
        restore(target.store, target.blobs, good_backup)
    assert not target_db.exists()
    assert not (tmp_path / "tb").exists()


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path: Path) -> None:
    target = Stores(SqliteStore(tmp_path / "t.db"), LocalBlobStore(tmp_path / "b", "s", "x"))
    with pytest.raises(BackupError, match="not a folder"):
        restore(target.store, target.blobs, tmp_path / "nowhere")


def test_backup_refuses_a_non_empty_destination_and_leaves_no_debris(
    good_backup: Path, tmp_path: Path
) -> None:
    source = Stores(
        SqliteStore(tmp_path / "src.db"), LocalBlobStore(tmp_path / "src-blobs", "s", "http://x")
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BackupError, match="not an empty folder"):
        backup(source.store, source.blobs, good_backup)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(BackupError):
        backup(source.store, source.blobs, tmp_path / "a-file")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "a-file"])
