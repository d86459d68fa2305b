"""Typed records over the store: camelCase items, snake_case records, nothing dropped."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pydantic import Field

from core.errors import NotFound
from core.storage.records import Record, Repository
from integrations.storage.sqlite import SqliteStore


class Note(Record):
    table = "Applications"

    application_id: str
    user_id: str
    job_title: str | None = None
    tags: list[str] = Field(default_factory=list)
    count: int = 0
    applied_at: str = "2026-01-01"
    version: int = 0


@pytest.fixture
def notes(tmp_path: Path) -> Repository[Note]:
    store = SqliteStore(tmp_path / "store.db")
    store.init()
    return Repository(store, Note)


def test_a_record_is_stored_with_camel_case_names(notes: Repository[Note]) -> None:
    notes.put(Note(application_id="a1", user_id="u1", job_title="Engineer"))
    item = notes.store.get("Applications", {"applicationId": "a1"})
    assert item is not None
    assert item["userId"] == "u1" and item["jobTitle"] == "Engineer"
    assert "user_id" not in item


def test_attributes_a_record_does_not_declare_survive_an_update(notes: Repository[Note]) -> None:
    notes.store.put(
        "Applications",
        {"applicationId": "a1", "userId": "u1", "purgeAt": 123, "newField": [1], "version": 1},
    )
    notes.update(
        {"applicationId": "a1"},
        lambda n: n.model_copy(update={"count": n.count + 1}) if n else None,
    )
    item = notes.store.get("Applications", {"applicationId": "a1"})
    assert item is not None
    assert item["purgeAt"] == 123 and item["newField"] == [1] and item["count"] == 1


def test_concurrent_updates_are_all_counted(notes: Repository[Note]) -> None:
    notes.put(Note(application_id="a1", user_id="u1"))

    def bump() -> None:
        for _ in range(10):
            notes.update(
                {"applicationId": "a1"},
                lambda n: n.model_copy(update={"count": n.count + 1}) if n else None,
            )

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    found = notes.get({"applicationId": "a1"})
    assert found is not None and found.count == 40


def test_someone_elses_record_is_not_found(notes: Repository[Note]) -> None:
    notes.put(Note(application_id="a1", user_id="u1"))
    assert notes.get_owned({"applicationId": "a1"}, "u1", what="application").user_id == "u1"
    with pytest.raises(NotFound):
        notes.get_owned({"applicationId": "a1"}, "u2", what="application")
    with pytest.raises(NotFound):
        notes.get_owned({"applicationId": ""}, "u1", what="application")


def test_query_returns_records(notes: Repository[Note]) -> None:
    for i in range(3):
        notes.put(Note(application_id=f"a{i}", user_id="u1", job_title=f"t{i}"))
    notes.put(Note(application_id="b", user_id="u2"))
    found = notes.query("u1", index="UserIdIndex")
    assert sorted(n.application_id for n in found) == ["a0", "a1", "a2"]


def test_put_new_keeps_the_stored_record(notes: Repository[Note]) -> None:
    first = notes.put_new(Note(application_id="a1", user_id="u1", job_title="first"))
    again = notes.put_new(Note(application_id="a1", user_id="u1", job_title="second"))
    assert first.job_title == again.job_title == "first"
    notes.delete({"applicationId": "a1"})
    assert notes.put_new(Note(application_id="a1", user_id="u1", job_title="third")).job_title == (
        "third"
    )
