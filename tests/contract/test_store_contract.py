"""One behaviour for every Store: the SQLite file and DynamoDB (through moto's server)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from core.storage.port import MAX_ITEM_BYTES, ConditionFailed, ItemTooLarge, Store, item_size
from core.storage.schema import EXPIRY_ATTRIBUTE, TABLES, Index, Table
from integrations.storage.dynamodb import DynamoStore, key_attribute_type
from integrations.storage.sqlite import SqliteStore


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        s: Store = SqliteStore(tmp_path / "store.db")
    else:
        endpoint = request.getfixturevalue("moto_server")
        s = DynamoStore(endpoint, "us-east-1", f"t{uuid.uuid4().hex[:10]}-")
    s.init()
    yield s
    s.drop_all()


def _user(user_id: str, **extra: Any) -> dict[str, Any]:
    return {"userId": user_id, "email": f"{user_id}@example.com", **extra}


# --- items ------------------------------------------------------------------------------------


def test_round_trip_keeps_json_values(store: Store) -> None:
    item = _user(
        "u-1",
        name="Zoë 山田 😀",
        empty="",
        nothing=None,
        yes=True,
        no=False,
        count=42,
        big=2**53 + 1,
        negative=-7,
        ratio=0.1,
        tiny=1.5e-7,
        salary=123456.75,
        skills=["python", {"name": "sql", "years": 3.5}, [], {}],
        preferences={"remote": True, "cities": ["Zürich", ""], "nested": {"deep": {"x": None}}},
    )
    written = store.put("Users", item)
    assert written == item
    got = store.get("Users", {"userId": "u-1"})
    assert got == item
    assert isinstance(got["count"], int) and not isinstance(got["count"], bool)
    assert isinstance(got["ratio"], float) and got["ratio"] == 0.1
    assert isinstance(got["yes"], bool)
    assert got["skills"][1]["years"] == 3.5


def test_get_missing_and_delete(store: Store) -> None:
    assert store.get("Users", {"userId": "nobody"}) is None
    store.put("Users", _user("u-2"))
    assert store.delete("Users", {"userId": "u-2"}) is True
    assert store.get("Users", {"userId": "u-2"}) is None
    assert store.delete("Users", {"userId": "u-2"}) is False


def test_put_replaces_the_whole_item(store: Store) -> None:
    store.put("Users", _user("u-3", a=1, b=2))
    store.put("Users", _user("u-3", a=5))
    assert store.get("Users", {"userId": "u-3"}) == _user("u-3", a=5)


def test_composite_key_items_are_distinct(store: Store) -> None:
    store.put("ProcessedMessages", {"userId": "u", "messageId": "m1", "n": 1})
    store.put("ProcessedMessages", {"userId": "u", "messageId": "m2", "n": 2})
    assert store.get("ProcessedMessages", {"userId": "u", "messageId": "m2"})["n"] == 2
    assert store.get("ProcessedMessages", {"userId": "u", "messageId": "m3"}) is None


def test_bad_items_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.put("Users", {"email": "no-key@example.com"})
    with pytest.raises(ValueError):
        store.put("Users", {"userId": ""})
    with pytest.raises(ValueError):
        store.put("Users", {"userId": "u-nan", "score": float("nan")})
    with pytest.raises(ValueError):
        store.get("ProcessedMessages", {"userId": "u"})
    assert list(store.scan("Users")) == []


# --- conditions -------------------------------------------------------------------------------


def test_if_not_exists(store: Store) -> None:
    store.put("Users", _user("u-4", name="first"), if_not_exists=True)
    with pytest.raises(ConditionFailed):
        store.put("Users", _user("u-4", name="second"), if_not_exists=True)
    assert store.get("Users", {"userId": "u-4"})["name"] == "first"


def test_a_write_cannot_be_new_and_expect_a_stored_version(store: Store) -> None:
    store.put("Users", _user("u-4b"), expected_version=0)
    with pytest.raises(ConditionFailed):
        store.put("Users", _user("u-4b", name="x"), if_not_exists=True, expected_version=1)
    assert store.get("Users", {"userId": "u-4b"}) == {**_user("u-4b"), "version": 1}


def test_optimistic_versions_let_one_of_two_writers_win(store: Store) -> None:
    created = store.put("Users", _user("u-5", name="v1"), expected_version=0)
    assert created["version"] == 1
    with pytest.raises(ConditionFailed):
        store.put("Users", _user("u-5", name="again"), expected_version=0)

    loaded_a = store.get("Users", {"userId": "u-5"})
    loaded_b = store.get("Users", {"userId": "u-5"})
    won = store.put("Users", {**loaded_a, "name": "a"}, expected_version=loaded_a["version"])
    assert won["version"] == 2
    with pytest.raises(ConditionFailed):
        store.put("Users", {**loaded_b, "name": "b"}, expected_version=loaded_b["version"])
    assert store.get("Users", {"userId": "u-5"}) == {**_user("u-5"), "name": "a", "version": 2}

    with pytest.raises(ConditionFailed):
        store.put("Users", _user("u-missing"), expected_version=3)
    assert store.get("Users", {"userId": "u-missing"}) is None


def test_versioned_delete(store: Store) -> None:
    store.put("Users", _user("u-6"), expected_version=0)
    with pytest.raises(ConditionFailed):
        store.delete("Users", {"userId": "u-6"}, expected_version=7)
    with pytest.raises(ConditionFailed):
        store.delete("Users", {"userId": "u-6"}, expected_version=0)
    assert store.delete("Users", {"userId": "u-6"}, expected_version=1) is True
    assert store.delete("Users", {"userId": "u-6"}, expected_version=0) is False
    with pytest.raises(ConditionFailed):
        store.delete("Users", {"userId": "u-6"}, expected_version=1)


def test_concurrent_optimistic_increments_lose_nothing(store: Store) -> None:
    store.put("Users", _user("counter", n=0), expected_version=0)
    threads, per_thread = 6, 15
    lost: list[int] = []

    def bump() -> None:
        done = clashes = 0
        while done < per_thread:
            item = store.get("Users", {"userId": "counter"})
            assert item is not None
            try:
                store.put("Users", {**item, "n": item["n"] + 1}, expected_version=item["version"])
                done += 1
            except ConditionFailed:
                clashes += 1
        lost.append(clashes)

    workers = [threading.Thread(target=bump) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(300)
    # A busy machine may take long; a thread still running would be counted as lost writes.
    assert not any(w.is_alive() for w in workers)
    final = store.get("Users", {"userId": "counter"})
    assert final is not None
    assert final["n"] == threads * per_thread
    assert final["version"] == threads * per_thread + 1
    assert len(lost) == threads


def test_update_creates_changes_declines_and_keeps_the_key(store: Store) -> None:
    created = store.update("Users", {"userId": "u-up"}, lambda old: {"n": 1, "seen": old})
    assert created == {"userId": "u-up", "n": 1, "seen": None, "version": 1}
    changed = store.update(
        "Users", {"userId": "u-up"}, lambda old: {**old, "userId": "someone-else", "n": 2}
    )
    assert changed is not None and changed["userId"] == "u-up" and changed["version"] == 2
    assert store.update("Users", {"userId": "u-up"}, lambda old: None) is None
    assert store.get("Users", {"userId": "u-up"}) == changed
    assert store.get("Users", {"userId": "someone-else"}) is None


def test_concurrent_updates_lose_nothing(store: Store) -> None:
    threads, per_thread = 6, 10

    def bump() -> None:
        for _ in range(per_thread):
            store.update(
                "Users",
                {"userId": "shared"},
                lambda old: {"n": (old or {}).get("n", 0) + 1},
                attempts=200,
            )

    workers = [threading.Thread(target=bump) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    final = store.get("Users", {"userId": "shared"})
    assert final is not None and final["n"] == threads * per_thread


def test_update_gives_up_on_an_item_that_keeps_changing(store: Store) -> None:
    store.put("Users", _user("busy", n=0), expected_version=0)

    def meddle(old: dict[str, Any] | None) -> dict[str, Any]:
        assert old is not None
        # Another writer gets in between every read and write.
        fresh = store.get("Users", {"userId": "busy"})
        assert fresh is not None
        store.put("Users", {**fresh, "n": fresh["n"] + 1}, expected_version=fresh["version"])
        return {**old, "mine": True}

    with pytest.raises(ConditionFailed):
        store.update("Users", {"userId": "busy"}, meddle, attempts=3)
    final = store.get("Users", {"userId": "busy"})
    assert final is not None and final["n"] == 3 and "mine" not in final


def test_concurrent_creates_have_exactly_one_winner(store: Store) -> None:
    barrier = threading.Barrier(8)
    wins: list[str] = []
    refusals: list[str] = []

    def create(name: str) -> None:
        barrier.wait(10)
        try:
            store.put("Users", _user("race", name=name), if_not_exists=True)
            wins.append(name)
        except ConditionFailed:
            refusals.append(name)

    workers = [threading.Thread(target=create, args=(f"w{i}",)) for i in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert len(wins) == 1 and len(refusals) == 7
    assert store.get("Users", {"userId": "race"})["name"] == wins[0]


# --- queries ----------------------------------------------------------------------------------

# Byte order of UTF-8, which is code point order: "😀" (U+1F600) after "ﬁ" (U+FB01), unlike
# UTF-16 order; upper case before lower case.
UNICODE_SORT_VALUES = ["B", "a", "z", "é", "ﬁ", "日本", "😀", "a b", "ab"]


def test_query_by_table_sort_key_strings_in_byte_order(store: Store) -> None:
    for i, message_id in enumerate(UNICODE_SORT_VALUES):
        store.put("ProcessedMessages", {"userId": "u", "messageId": message_id, "i": i})
    store.put("ProcessedMessages", {"userId": "other", "messageId": "a"})
    got = [i["messageId"] for i in store.query("ProcessedMessages", "u")]
    assert got == sorted(UNICODE_SORT_VALUES, key=lambda s: s.encode())
    desc = [i["messageId"] for i in store.query("ProcessedMessages", "u", descending=True)]
    assert desc == got[::-1]
    bounded = store.query("ProcessedMessages", "u", sort_min="a", sort_max="z")
    assert [i["messageId"] for i in bounded] == ["a", "a b", "ab", "z"]
    assert store.query("ProcessedMessages", "nobody") == []


def test_query_by_table_numeric_sort_key(store: Store) -> None:
    for version in (10, 2, 1, 33, 4):
        store.put("ResumeVersions", {"resumeId": "r", "versionNumber": version, "userId": "u"})
    got = [i["versionNumber"] for i in store.query("ResumeVersions", "r")]
    assert got == [1, 2, 4, 10, 33]
    newest = store.query("ResumeVersions", "r", descending=True, limit=2)
    assert [i["versionNumber"] for i in newest] == [33, 10]
    above = store.query("ResumeVersions", "r", sort_min=3)
    assert [i["versionNumber"] for i in above] == [4, 10, 33]
    below = store.query("ResumeVersions", "r", sort_max=4)
    assert [i["versionNumber"] for i in below] == [1, 2, 4]


def test_query_on_table_without_sort_key_returns_the_item(store: Store) -> None:
    store.put("Users", _user("u-7"))
    assert store.query("Users", "u-7") == [_user("u-7")]
    with pytest.raises(ValueError):
        store.query("Users", "u-7", sort_min="a")


def _all_indexes() -> list[tuple[Table, Index]]:
    return [(t, idx) for t in TABLES.values() for idx in t.indexes]


def _sort_values(attribute: str) -> list[Any]:
    if key_attribute_type(attribute) == "N":
        return [5, 40, 300, 2.5, 1000]
    return [
        "2024-01-05T10:00:00.000Z",
        "2024-03-01T00:00:00.000Z",
        "2023-12-31T23:59:59.999Z",
        "2024-01-05T09:00:00.000Z",
        "2025-06-30T12:00:00.000Z",
    ]


def _item_for(t: Table, n: int, **attrs: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"userId": f"owner-{n}", "payload": {"n": n}, **attrs}
    for key in (t.partition_key, t.sort_key):
        if key and key not in attrs:
            item[key] = n if key_attribute_type(key) == "N" else f"id-{n:04d}"
    return item


@pytest.mark.parametrize(
    ("table", "index"), _all_indexes(), ids=[f"{t.name}.{i.name}" for t, i in _all_indexes()]
)
def test_query_every_index(store: Store, table: Table, index: Index) -> None:
    part = "part-A"
    values = _sort_values(index.sort_key) if index.sort_key else [None] * 5
    items = []
    for n, value in enumerate(values):
        attrs = {index.partition_key: part}
        if index.sort_key:
            attrs[index.sort_key] = value
        items.append(_item_for(table, n + 1, **attrs))
    for item in items:
        store.put(table.name, item)
    # In another partition, and without the index's attributes at all.
    store.put(table.name, _item_for(table, 90, **{index.partition_key: "part-B"}))
    other = _item_for(table, 91)
    other.pop(index.partition_key, None)
    if index.partition_key in (table.partition_key, table.sort_key):
        other[index.partition_key] = "part-C"
    store.put(table.name, other)

    got = store.query(table.name, part, index=index.name)
    if not index.sort_key:

        def by_key(i: dict[str, Any]) -> str:
            return str(i[table.partition_key])

        assert sorted(got, key=by_key) == sorted(items, key=by_key)
        assert store.query(table.name, "part-B", index=index.name)[0]["payload"] == {"n": 90}
        return
    expected = sorted(items, key=lambda i: i[index.sort_key])
    assert got == expected
    assert store.query(table.name, part, index=index.name, descending=True) == expected[::-1]
    assert (
        store.query(table.name, part, index=index.name, descending=True, limit=2)
        == (expected[::-1][:2])
    )
    assert store.query(table.name, part, index=index.name, limit=1) == expected[:1]
    lo, hi = expected[1][index.sort_key], expected[3][index.sort_key]
    assert (
        store.query(table.name, part, index=index.name, sort_min=lo, sort_max=hi) == (expected[1:4])
    )
    assert store.query(table.name, part, index=index.name, sort_min=lo) == expected[1:]
    assert store.query(table.name, part, index=index.name, sort_max=lo) == expected[:2]
    assert store.query(table.name, part, index=index.name, sort_min=hi, sort_max=lo) == []
    assert store.query(table.name, "no-such-partition", index=index.name) == []


def test_index_leaves_out_items_without_a_usable_sort_key(store: Store) -> None:
    """Jobs without a posted date are stored, read back as they were, and left out of the
    date index (a sparse index in DynamoDB)."""
    dated = {"jobId": "j1", "source": "greenhouse", "postedDate": "2024-05-01", "dedupKey": "d1"}
    undated = {"jobId": "j2", "source": "greenhouse", "postedDate": None, "dedupKey": ""}
    blank = {"jobId": "j3", "source": "greenhouse", "postedDate": ""}
    store.put_many("Jobs", [dated, undated, blank])
    assert store.get("Jobs", {"jobId": "j2"}) == undated
    assert store.get("Jobs", {"jobId": "j3"}) == blank
    assert store.query("Jobs", "greenhouse", index="SourceDateIndex") == [dated]
    assert store.query("Jobs", "d1", index="DedupIndex") == [dated]
    assert sorted(i["jobId"] for i in store.scan("Jobs")) == ["j1", "j2", "j3"]


def test_query_limit_spanning_pages(store: Store) -> None:
    blob = "x" * 20_000  # ~60 items per 1 MB DynamoDB page
    items = [
        {
            "applicationId": f"a{n:03d}",
            "userId": "u",
            "appliedAt": f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}.000Z",
            "blob": blob,
        }
        for n in range(130)
    ]
    store.put_many("Applications", items)
    got = store.query("Applications", "u", index="UserIdIndex", limit=120)
    assert [i["applicationId"] for i in got] == [f"a{n:03d}" for n in range(120)]
    assert len(store.query("Applications", "u", index="UserIdIndex")) == 130


# --- scan and bulk ----------------------------------------------------------------------------


def test_scan_and_put_many(store: Store) -> None:
    items = [
        {"jobId": f"job-{n:05d}", "source": "lever", "postedDate": f"2024-02-{n % 28 + 1:02d}"}
        for n in range(2600)
    ]
    assert store.put_many("Jobs", items) == 2600
    scanned = list(store.scan("Jobs"))
    assert len(scanned) == 2600
    assert sorted(scanned, key=lambda i: i["jobId"]) == items
    assert list(store.scan("Users")) == []


def test_put_many_later_duplicate_wins(store: Store) -> None:
    n = store.put_many("Users", [_user("dup", name="old"), _user("x"), _user("dup", name="new")])
    assert n == 3
    assert store.get("Users", {"userId": "dup"})["name"] == "new"
    assert store.put_many("Users", []) == 0


def test_scan_tolerates_writes_while_iterating(store: Store) -> None:
    store.put_many("Users", [_user(f"s{n}") for n in range(50)])
    seen = 0
    for item in store.scan("Users"):
        store.put("Users", {**item, "seen": True})
        seen += 1
    assert seen == 50
    assert all(i.get("seen") for i in store.scan("Users"))


def test_init_is_idempotent_and_keeps_data(store: Store) -> None:
    store.put("Users", _user("keep"))
    store.init()
    store.init()
    assert store.get("Users", {"userId": "keep"}) == _user("keep")
    assert store.query("Users", "keep@example.com", index="EmailIndex") == [_user("keep")]
    store.ping()


def test_init_adds_tables_and_indexes_appended_to_the_schema(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.put("Interviews", {"interviewId": "i1", "userId": "u", "startsAt": "2024-01-02"})
    grown = TABLES["Interviews"]
    monkeypatch.setitem(
        TABLES,
        "Interviews",
        Table(
            grown.name,
            grown.partition_key,
            indexes=(*grown.indexes, Index("CompanyIndex", "company", "startsAt")),
        ),
    )
    monkeypatch.setitem(TABLES, "Later", Table("Later", "laterId", indexes=_by_user()))
    try:
        store.init()
        store.put(
            "Interviews",
            {"interviewId": "i2", "userId": "u", "company": "Acme", "startsAt": "2024-03-01"},
        )
        got = store.query("Interviews", "Acme", index="CompanyIndex")
        assert [i["interviewId"] for i in got] == ["i2"]
        store.put("Later", {"laterId": "l1", "userId": "u", "createdAt": "2024-01-01"})
        assert store.query("Later", "u", index="UserIdIndex")[0]["laterId"] == "l1"
        assert store.get("Interviews", {"interviewId": "i1"})["startsAt"] == "2024-01-02"
    finally:
        store.drop_all()  # while the grown schema still names the extra table


def _by_user() -> tuple[Index, ...]:
    return (Index("UserIdIndex", "userId", "createdAt"),)


# --- limits -----------------------------------------------------------------------------------


def test_an_item_over_400_kb_is_refused_before_anything_is_written(store: Store) -> None:
    # 140,000 three-byte characters: under any character cap, over DynamoDB's 400 KB in bytes.
    text = "履" * 140_000
    assert len(text) < MAX_ITEM_BYTES < item_size({"text": text})
    with pytest.raises(ItemTooLarge) as caught:
        store.put("Users", _user("big", text=text))
    assert caught.value.status_code == 413 and "over the 409,600-byte limit" in str(caught.value)
    assert store.get("Users", {"userId": "big"}) is None
    with pytest.raises(ItemTooLarge):
        store.put_many("Users", [_user("big2", text=text)])
    assert store.get("Users", {"userId": "big2"}) is None
    # A large item within the limit is stored.
    fits = "a" * 300_000
    store.put("Users", _user("fits", text=fits))
    assert store.get("Users", {"userId": "fits"}) == _user("fits", text=fits)


@pytest.mark.parametrize(
    ("item", "dynamodb_bytes"),
    [
        ({"a": "xyz"}, 4),
        ({"name": "Zoë"}, 4 + 4),
        ({"n": 12345}, 1 + 4),  # (5 digits + 1) // 2 + 1
        ({"n": -0.5}, 1 + 2),
        ({"b": True, "z": None}, 2 + 2),
        ({"l": ["ab", 7]}, 1 + 3 + (1 + 2) + (1 + 2)),
        ({"m": {"k": "v"}}, 1 + 3 + (1 + 1 + 1)),
    ],
)
def test_item_size_counts_as_dynamodb_does(item: dict[str, Any], dynamodb_bytes: int) -> None:
    assert item_size(item) == dynamodb_bytes


def test_short_lived_tables_expire_in_dynamodb_only(store: Store, moto_server: str) -> None:
    expiring = {name for name, t in TABLES.items() if t.expire_after_seconds}
    assert expiring == {"OAuthStates", "TaskRuns", "TaskEffects", "ProcessedMessages"}
    run = {"taskId": "t-1", "userId": "u-1", "createdAt": "2026-01-01T00:00:00.000Z"}
    before = int(time.time())
    assert store.put("TaskRuns", run) == run
    assert store.get("TaskRuns", {"taskId": "t-1"}) == run  # the expiry is not the caller's data
    if not isinstance(store, DynamoStore):
        return  # the SQLite store keeps everything
    with pytest.raises(ValueError, match="reserved"):
        store.put("TaskRuns", {**run, EXPIRY_ATTRIBUTE: 1})
    client = boto3.client("dynamodb", endpoint_url=moto_server, region_name="us-east-1")
    raw = client.get_item(TableName=f"{store.prefix}TaskRuns", Key={"taskId": {"S": "t-1"}})
    purge_at = int(raw["Item"][EXPIRY_ATTRIBUTE]["N"])
    assert before + 30 * 86400 <= purge_at <= int(time.time()) + 30 * 86400
    for name in TABLES:
        ttl = client.describe_time_to_live(TableName=f"{store.prefix}{name}")
        status = ttl["TimeToLiveDescription"]
        if name in expiring:
            assert status["TimeToLiveStatus"] == "ENABLED", name
            assert status["AttributeName"] == EXPIRY_ATTRIBUTE
        else:
            assert status["TimeToLiveStatus"] == "DISABLED", name
