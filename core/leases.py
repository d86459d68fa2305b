"""Leases: one holder at a time for a piece of work, for a limited time, so that a holder
that died gives the work back when its lease runs out. The holder's token is its task id: a
redelivered task takes its own lease back at once, anyone else waits for the expiry.

Where Redis runs, a lease is a Redis key with an expiry (integrations.redis_lease); the store
keeps the ones that belong with an item, and every lease where there is no Redis (Lambda).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any

from core.storage.port import ConditionFailed, Store


class Lease(ABC):
    @abstractmethod
    def acquire(self) -> bool:
        """True if this holder now owns the lease (or already did)."""

    @abstractmethod
    def refresh(self) -> bool:
        """Extend the expiry; False if the lease was lost."""

    @abstractmethod
    def release(self) -> None: ...


def _seconds(value: Any) -> float:
    # Epoch seconds; anything else (a lease written in an older format) counts as expired.
    return float(value) if isinstance(value, int | float) else 0.0


class StoreLease(Lease):
    """A lease held in two fields of a store item (owner, and expiry in epoch seconds), taken
    and renewed with optimistic writes. Without `create`, there is no lease on a missing item."""

    def __init__(
        self,
        store: Store,
        table: str,
        key: Mapping[str, Any],
        owner: str,
        ttl_seconds: float,
        *,
        owner_field: str = "leaseOwner",
        until_field: str = "leaseUntil",
        create: Mapping[str, Any] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store, self._table, self._key = store, table, dict(key)
        self._owner, self._ttl = owner, ttl_seconds
        self._owner_field, self._until_field = owner_field, until_field
        self._create = create
        self._clock = clock

    def _write(self, *, take: bool) -> bool:
        now = self._clock()

        def hold(item: dict[str, Any] | None) -> dict[str, Any] | None:
            if item is None:
                if self._create is None or not take:
                    return None
                item = dict(self._create)
            holder = item.get(self._owner_field)
            free = holder is None or _seconds(item.get(self._until_field)) <= now
            if holder != self._owner and not (take and free):
                return None
            return {**item, self._owner_field: self._owner, self._until_field: now + self._ttl}

        try:
            return self._store.update(self._table, self._key, hold, attempts=10) is not None
        except ConditionFailed:
            return False

    def acquire(self) -> bool:
        return self._write(take=True)

    def refresh(self) -> bool:
        return self._write(take=False)

    def release(self, record: Mapping[str, Any] | None = None) -> None:
        """Give the lease back, writing `record` into the item in the same write."""

        def free(item: dict[str, Any] | None) -> dict[str, Any] | None:
            if item is None or item.get(self._owner_field) != self._owner:
                return None
            return {**item, **(record or {}), self._owner_field: None, self._until_field: 0}

        self._store.update(self._table, self._key, free, attempts=10)
