from __future__ import annotations

import copy

import pytest

from core.jobs.ingest import BoardBusy, sync_board
from core.jobs.meta import board_lease, read_generation
from core.jobs.model import job_id
from core.jobs.repository import Job
from core.jobs.seed import seed_demo
from core.jobs.sources import BoardUnavailable
from core.settings import Settings
from core.storage.port import Store
from integrations.jobboards import HttpJobBoards
from tests.fakes.jobboards_server import FakeBoards


def _sync(store: Store, fake: FakeBoards, spec: str) -> dict:
    settings = Settings(_env_file=None, **fake.base_urls())  # type: ignore[call-arg]
    board, token = HttpJobBoards(settings).for_spec(spec)
    return sync_board(store, spec, lambda: board.fetch(token)).to_dict()


def test_sync_is_idempotent_and_closes_vanished_postings(
    store: Store, fake_boards: FakeBoards
) -> None:
    jobs = fake_boards.load_fixture("lever", "foo")
    first = _sync(store, fake_boards, "lever:foo")
    assert (first["created"], first["closed"]) == (3, 0)
    generation = read_generation(store)

    again = _sync(store, fake_boards, "lever:foo")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert read_generation(store) == generation  # nothing changed, caches stay valid

    changed = copy.deepcopy(jobs[:2])
    changed[0]["text"] = "Staff Frontend Engineer"
    fake_boards.set_board("lever", "foo", changed)
    third = _sync(store, fake_boards, "lever:foo")
    assert (third["updated"], third["unchanged"], third["closed"]) == (1, 1, 1)
    assert read_generation(store) > generation

    gone = store.get(Job.table, {"jobId": job_id("lever", jobs[2]["id"])})
    assert gone is not None and gone["status"] == "closed" and gone["closedAt"]
    kept = store.get(Job.table, {"jobId": job_id("lever", jobs[0]["id"])})
    assert kept is not None and kept["title"] == "Staff Frontend Engineer"
    assert kept["firstSeenAt"] < kept["updatedAt"] or kept["firstSeenAt"] == kept["updatedAt"]

    fake_boards.set_board("lever", "foo", jobs)  # the closed posting comes back
    fourth = _sync(store, fake_boards, "lever:foo")
    assert fourth["reopened"] == 1
    assert store.get(Job.table, {"jobId": job_id("lever", jobs[2]["id"])})["status"] == "open"


def test_a_board_that_cannot_be_read_closes_nothing(store: Store, fake_boards: FakeBoards) -> None:
    fake_boards.load_fixture("greenhouse", "acme")
    _sync(store, fake_boards, "greenhouse:acme")
    fake_boards.fail("greenhouse", "acme", 503)
    with pytest.raises(BoardUnavailable):
        _sync(store, fake_boards, "greenhouse:acme")
    items = [i for i in store.scan(Job.table) if i["source"] == "greenhouse"]
    assert len(items) == 3 and all(i["status"] == "open" for i in items)
    # The failed run released its lease: the next one goes ahead.
    fake_boards.load_fixture("greenhouse", "acme")
    assert _sync(store, fake_boards, "greenhouse:acme")["unchanged"] == 3


def test_boards_are_independent(store: Store, fake_boards: FakeBoards) -> None:
    fake_boards.load_fixture("lever", "foo")
    fake_boards.load_fixture("ashby", "bar")
    _sync(store, fake_boards, "lever:foo")
    _sync(store, fake_boards, "ashby:bar")
    fake_boards.set_board("ashby", "bar", [])
    _sync(store, fake_boards, "ashby:bar")
    by_source = {}
    for item in store.scan(Job.table):
        by_source.setdefault(item["source"], set()).add(item["status"])
    assert by_source == {"lever": {"open"}, "ashby": {"closed"}}


def test_one_run_per_board_at_a_time(store: Store, fake_boards: FakeBoards) -> None:
    fake_boards.load_fixture("lever", "foo")
    assert board_lease(store, "lever:foo", owner="someone-else", lease_seconds=60).acquire()
    with pytest.raises(BoardBusy):
        _sync(store, fake_boards, "lever:foo")


def test_demo_seed(store: Store) -> None:
    first = seed_demo(store)
    assert first.created >= 300
    items = list(store.scan(Job.table))
    assert all(i["demo"] is True and i["source"] == "demo" for i in items)
    departments = {i["department"] for i in items}
    assert len(departments) >= 15  # occupations
    assert len({i["country"] for i in items}) >= 8
    assert len({i["salary"]["currency"] for i in items if i["salary"]}) >= 8
    assert sum(1 for i in items if i["salary"]) > len(items) / 2
    second = seed_demo(store)
    assert second.created == 0 and second.generation is None  # idempotent


def test_a_posting_too_large_to_store_is_reported_and_the_rest_stored(
    store: Store, fake_boards: FakeBoards
) -> None:
    jobs = fake_boards.load_fixture("lever", "foo")
    huge = copy.deepcopy(jobs[0])
    # A broken feed: descriptions are clipped, but nothing bounds a title.
    huge["text"] = "Engineer " + "ü" * 250_000
    fake_boards.set_board("lever", "foo", [huge, *jobs[1:]])
    result = _sync(store, fake_boards, "lever:foo")
    assert (result["created"], result["failed"]) == (2, 1)
    assert "byte item limit" in result["errors"][0]["reason"]
    assert store.get(Job.table, {"jobId": job_id("lever", huge["id"])}) is None
