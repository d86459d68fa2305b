"""The storage port: a small keyed-item store that SQLite and DynamoDB both honour.

Items are JSON-like dicts (str, int, float, bool, None, list, dict). Each table has a partition
key, an optional sort key and optional secondary indexes (see `core.storage.schema`).
"""

from __future__ import annotations

import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from core.errors import PayloadTooLarge
from core.storage.schema import Index, Table
from core.storage.schema import table as schema_table

VERSION_ATTRIBUTE = "version"
# DynamoDB's limit on one item, names and values together; both stores refuse more, so that a
# local run meets the limit where production would.
MAX_ITEM_BYTES = 400 * 1024


class QueryOptions(TypedDict, total=False):
    """`Store.query`'s options: the index, the sort-key bounds, the order and a limit."""

    index: str | None
    sort_min: Any
    sort_max: Any
    descending: bool
    limit: int | None


@dataclass(frozen=True)
class KeyQuery:
    """A query checked against the table's schema: the attributes it reads and its bounds."""

    table: Table
    index: Index | None
    partition_attribute: str
    partition_value: Any
    sort_attribute: str | None
    sort_min: Any
    sort_max: Any
    descending: bool
    limit: int | None


def check_key_value(table: str, attribute: str, value: Any) -> Any:
    """Key values must be non-empty strings or numbers, as in DynamoDB."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{table}.{attribute} must be a string or a number, not {value!r}")
    if value == "":
        raise ValueError(f"{table}.{attribute} must not be empty")
    return value


def key_query(table: str, partition_value: Any, options: QueryOptions) -> KeyQuery:
    t = schema_table(table)
    index_name = options.get("index")
    idx = t.index(index_name) if index_name is not None else None
    part_attr, sort_attr = (
        (idx.partition_key, idx.sort_key) if idx else (t.partition_key, t.sort_key)
    )
    check_key_value(table, part_attr, partition_value)
    sort_min, sort_max = options.get("sort_min"), options.get("sort_max")
    if sort_attr is None and (sort_min is not None or sort_max is not None):
        raise ValueError(f"{table} {index_name or 'table'} has no sort key to bound")
    for bound in (sort_min, sort_max):
        if bound is not None:
            check_key_value(table, str(sort_attr), bound)
    limit = options.get("limit")
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    return KeyQuery(
        t,
        idx,
        part_attr,
        partition_value,
        sort_attr,
        sort_min,
        sort_max,
        bool(options.get("descending", False)),
        limit,
    )


class ConditionFailed(Exception):
    """A conditional write lost: the item exists already, or its version moved on."""


# What `Store.update` asks the caller: the stored item (None when there is none) in, the item to
# store out, or None to leave it as it is.
Mutation = Callable[[dict[str, Any] | None], Mapping[str, Any] | None]
UPDATE_ATTEMPTS = 20


class ItemTooLarge(PayloadTooLarge):
    """An item over `MAX_ITEM_BYTES`; refused before anything is written."""


def item_size(item: Mapping[str, Any]) -> int:
    """The size DynamoDB counts for an item: UTF-8 names and strings, about one byte per two
    digits of a number plus one, one byte for null and booleans, and 3 bytes plus one per
    element for lists and maps (developer guide, "Item sizes and formats")."""
    return sum(len(str(k).encode()) + _value_size(v) for k, v in item.items())


def _value_size(value: Any) -> int:
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, bytes | bytearray):
        return len(value)
    if isinstance(value, int | float | Decimal):
        digits = str(Decimal(str(value)).normalize()).lstrip("-").replace(".", "")
        digits = digits.split("E")[0].strip("0") or "0"
        return (len(digits) + 1) // 2 + 1
    if isinstance(value, Mapping):
        return 3 + sum(1 + len(str(k).encode()) + _value_size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return 3 + sum(1 + _value_size(v) for v in value)
    return len(str(value).encode())


def check_item_size(table: str, item: Mapping[str, Any]) -> None:
    size = item_size(item)
    if size > MAX_ITEM_BYTES:
        raise ItemTooLarge(
            f"a {table} item of {size:,} bytes is over the {MAX_ITEM_BYTES:,}-byte limit of "
            "one stored item",
            details={"table": table, "bytes": size, "limit": MAX_ITEM_BYTES},
        )


class Store(ABC):
    """Keyed item storage. Every method is safe to call from several threads."""

    @abstractmethod
    def init(self) -> None:
        """Create every table and index that does not exist yet (idempotent)."""

    @abstractmethod
    def ping(self) -> None:
        """Raise if the store cannot be reached."""

    @abstractmethod
    def get(self, table: str, key: Mapping[str, Any]) -> dict[str, Any] | None: ...

    def put(
        self,
        table: str,
        item: Mapping[str, Any],
        *,
        if_not_exists: bool = False,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Write an item whole.

        `if_not_exists` refuses to overwrite an item with the same key. `expected_version`
        makes the write optimistic: it succeeds only if the stored item's `version` equals
        it (0 meaning "no item yet"), and stores `version = expected_version + 1`.
        Raises `ConditionFailed` when a condition does not hold. Returns the item written.
        """
        if if_not_exists and expected_version:
            raise ConditionFailed(f"{table}: an existing item cannot be new")
        stored = bump_version(item, expected_version)
        self._put(schema_table(table), stored, if_not_exists, expected_version)
        return stored

    @abstractmethod
    def _put(
        self, t: Table, stored: dict[str, Any], if_not_exists: bool, expected_version: int | None
    ) -> None:
        """Write an item already versioned, under the conditions `put` describes."""

    @abstractmethod
    def delete(
        self, table: str, key: Mapping[str, Any], *, expected_version: int | None = None
    ) -> bool:
        """Delete one item; True if it existed. Raises `ConditionFailed` on a version clash."""

    def query(
        self, table: str, partition_value: Any, **options: Unpack[QueryOptions]
    ) -> list[dict[str, Any]]:
        """Items whose partition key (of the table or of `index`) equals `partition_value`,
        ordered by the sort key, optionally bounded (inclusive) by `sort_min`/`sort_max`.
        Both adapters refuse the same bad queries, here, before they build their own."""
        return self._query(key_query(table, partition_value, options))

    @abstractmethod
    def _query(self, q: KeyQuery) -> list[dict[str, Any]]:
        """Run a checked query."""

    @abstractmethod
    def scan(self, table: str) -> Iterator[dict[str, Any]]:
        """Every item of a table, in no particular order."""

    @abstractmethod
    def put_many(self, table: str, items: Iterable[Mapping[str, Any]]) -> int:
        """Unconditional bulk write (ingestion, restore). Returns the number written."""

    @abstractmethod
    def drop_all(self) -> None:
        """Delete every table (tests and restore only)."""

    def update(
        self,
        table: str,
        key: Mapping[str, Any],
        mutate: Mutation,
        *,
        attempts: int = UPDATE_ATTEMPTS,
    ) -> dict[str, Any] | None:
        """Optimistic read-modify-write of one item: `mutate` gets a copy of the stored item
        (None if there is none) and returns the item to store, or None to leave it unchanged.
        When another writer got in between, it runs again on the fresh item, after a short
        jittered pause. Returns the item written, or None when `mutate` declined. Raises
        `ConditionFailed` when the item kept changing for `attempts` rounds."""
        for attempt in range(attempts):
            current = self.get(table, key)
            wanted = mutate(dict(current) if current is not None else None)
            if wanted is None:
                return None
            version = int(current.get(VERSION_ATTRIBUTE, 0)) if current is not None else 0
            try:
                return self.put(table, {**wanted, **key}, expected_version=version)
            except ConditionFailed:
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))
        raise ConditionFailed(f"a {table} item kept changing under {attempts} updates")


def bump_version(item: Mapping[str, Any], expected_version: int | None) -> dict[str, Any]:
    """The item as it will be stored by an optimistic write."""
    out = dict(item)
    if expected_version is not None:
        out[VERSION_ATTRIBUTE] = expected_version + 1
    return out
