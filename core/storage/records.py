"""Typed records over the item store: one pydantic model per aggregate, one repository each.

Services hold and return records (snake_case attributes, validated types); the store keeps
camelCase items, the names the HTTP API and the command line also use. The conversion is the
model's aliases, so a record class is its field list and nothing more.

Attributes a record does not declare are kept (`extra="allow"`) and written back unchanged:
an item written by a newer version, or bookkeeping such as the expiry attribute, survives a
read-modify-write by code that does not know it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar, Unpack

from core.errors import NotFound
from core.storage.port import (
    UPDATE_ATTEMPTS,
    VERSION_ATTRIBUTE,
    ConditionFailed,
    QueryOptions,
    Store,
)
from core.storage.schema import table as table_schema
from core.values import StoredValue


class Record(StoredValue):
    """A stored item. Subclasses set `table` and declare their fields in snake_case."""

    table: ClassVar[str]

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Any:
        return cls.model_validate(item)

    def item_key(self) -> dict[str, Any]:
        """The record's key in its table."""
        return table_schema(self.table).key_of(self.to_item())


R = TypeVar("R", bound=Record)


class Repository(Generic[R]):
    """Reads and writes one record type in its table. Every method returns records."""

    def __init__(self, store: Store, record: type[R]) -> None:
        self.store = store
        self.record = record
        self.table = record.table

    def _load(self, item: Mapping[str, Any] | None) -> R | None:
        return self.record.model_validate(item) if item is not None else None

    def get(self, key: Mapping[str, Any]) -> R | None:
        return self._load(self.store.get(self.table, key))

    def get_owned(self, key: Mapping[str, Any], user_id: str, *, what: str) -> R:
        """The caller's record, or NotFound: someone else's is "not found" too, so that ids
        reveal nothing about other people's data."""
        found = self.get(key) if all(key.values()) else None
        if found is None or getattr(found, "user_id", None) != user_id:
            raise NotFound(f"{what} not found")
        return found

    def put(
        self, record: R, *, if_not_exists: bool = False, expected_version: int | None = None
    ) -> R:
        item = record.to_item()
        if expected_version is None and not item.get(VERSION_ATTRIBUTE):
            # An optimistic write treats version 0 as "no item yet", so an item stored whole
            # at version 0 could never be updated: it starts at 1, as a created item does.
            item[VERSION_ATTRIBUTE] = 1
        written = self.store.put(
            self.table,
            item,
            if_not_exists=if_not_exists,
            expected_version=expected_version,
        )
        return self.record.model_validate(written)

    def put_new(self, record: R) -> R:
        """Write `record` unless an item with its key is stored already (an idempotent
        create); returns the stored one either way."""
        for _ in range(UPDATE_ATTEMPTS):
            try:
                return self.put(record, if_not_exists=True)
            except ConditionFailed:
                existing = self.get(record.item_key())
                if existing is not None:
                    return existing
                # It was deleted in between: the write may succeed now.
        raise ConditionFailed(f"a {self.table} item kept coming and going")

    def update(
        self,
        key: Mapping[str, Any],
        mutate: Callable[[R | None], R | None],
        *,
        attempts: int = UPDATE_ATTEMPTS,
    ) -> R | None:
        """`Store.update` in records: `mutate` gets the stored record (None when there is none)
        and returns the record to store, or None to leave it; it may run more than once."""

        def on_item(item: dict[str, Any] | None) -> dict[str, Any] | None:
            wanted = mutate(self._load(item))
            return wanted.to_item() if wanted is not None else None

        return self._load(self.store.update(self.table, key, on_item, attempts=attempts))

    def delete(self, key: Mapping[str, Any], *, expected_version: int | None = None) -> bool:
        return self.store.delete(self.table, key, expected_version=expected_version)

    def query(self, partition_value: Any, **options: Unpack[QueryOptions]) -> list[R]:
        """`Store.query` in records."""
        items = self.store.query(self.table, partition_value, **options)
        return [self.record.model_validate(item) for item in items]

    def scan(self) -> Iterator[R]:
        for item in self.store.scan(self.table):
            yield self.record.model_validate(item)
