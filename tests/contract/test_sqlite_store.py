"""What only the SQLite store has to get right: several processes on one file, WAL, and
indexes that follow the schema."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from core.storage.port import ConditionFailed
from core.storage.schema import TABLES, Index, Table
from integrations.storage.sqlite import SqliteStore


def _increment(path: str, times: int) -> None:
    store = SqliteStore(Path(path))
    done = 0
    while done < times:
        item = store.get("Users", {"userId": "shared"})
        assert item is not None
        try:
            store.put("Users", {**item, "n": item["n"] + 1}, expected_version=item["version"])
            done += 1
        except ConditionFailed:
            continue


def test_processes_sharing_the_file_lose_no_update(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "shared.db")
    store.init()
    store.put("Users", {"userId": "shared", "n": 0}, expected_version=0)
    # fork: the children inherit the parent's open connection and must not use it.
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_increment, args=(str(store.path), 40)) for _ in range(3)]
    for p in procs:
        p.start()
    _increment(str(store.path), 40)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    final = store.get("Users", {"userId": "shared"})
    assert final is not None and final["n"] == 160 and final["version"] == 161


def test_the_file_is_in_wal_mode(tmp_path: Path) -> None:
    SqliteStore(tmp_path / "wal.db").init()
    with sqlite3.connect(tmp_path / "wal.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_init_rebuilds_an_index_whose_definition_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(tmp_path / "s.db")
    store.init()
    store.put("Interviews", {"interviewId": "i1", "userId": "u", "startsAt": "2", "rank": "b"})
    store.put("Interviews", {"interviewId": "i2", "userId": "u", "startsAt": "1", "rank": "a"})
    old = TABLES["Interviews"]
    monkeypatch.setitem(
        TABLES,
        "Interviews",
        Table(old.name, old.partition_key, indexes=(Index("UserIdIndex", "userId", "rank"),)),
    )
    assert store.ensure_tables() == ["Interviews/UserIdIndex"]
    got = store.query("Interviews", "u", index="UserIdIndex", sort_min="a", sort_max="a")
    assert [i["interviewId"] for i in got] == ["i2"]
    plan = (
        store._conn()
        .execute(
            "EXPLAIN QUERY PLAN SELECT data FROM Interviews "
            "WHERE json_extract(data, '$.\"userId\"') = 'u' "
            "ORDER BY json_extract(data, '$.\"rank\"'), pk"
        )
        .fetchall()
    )
    assert "USING INDEX Interviews__UserIdIndex" in str(plan)
    assert "TEMP B-TREE" not in str(plan)
