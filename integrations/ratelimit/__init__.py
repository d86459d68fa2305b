"""Storage for the `limits` rate limiters: Redis where there is one, else the store (AWS
Lambda, where the API runs without Redis)."""

from __future__ import annotations

import time
from typing import Any

from limits.storage import Storage

from core.storage.port import ConditionFailed, Store

TABLE = "RateLimits"
_ATTEMPTS = 8


class StoreLimitStorage(Storage):
    """Fixed-window counters in the store: one item per counter, updated with optimistic
    writes, reset in place when its window has passed (so a counter never needs deleting)."""

    STORAGE_SCHEME = None

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return (ConditionFailed, OSError)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        def count(item: dict[str, Any] | None) -> dict[str, Any]:
            now = time.time()
            if item and float(item["expiresAt"]) > now:
                return {**item, "count": int(item["count"]) + amount}
            # Another request counted at the same moment: the update counts again on top.
            return {"count": amount, "expiresAt": now + expiry}

        counted = self.store.update(TABLE, {"limitKey": key}, count, attempts=_ATTEMPTS)
        assert counted is not None
        return int(counted["count"])

    def get(self, key: str) -> int:
        item = self.store.get(TABLE, {"limitKey": key})
        if not item or float(item["expiresAt"]) <= time.time():
            return 0
        return int(item["count"])

    def get_expiry(self, key: str) -> float:
        item = self.store.get(TABLE, {"limitKey": key})
        if not item or float(item["expiresAt"]) <= time.time():
            return time.time()
        return float(item["expiresAt"])

    def check(self) -> bool:
        try:
            self.store.ping()
        except Exception:
            return False
        return True

    def reset(self) -> int | None:
        removed = 0
        for item in list(self.store.scan(TABLE)):
            removed += int(self.store.delete(TABLE, {"limitKey": item["limitKey"]}))
        return removed

    def clear(self, key: str) -> None:
        self.store.delete(TABLE, {"limitKey": key})


def build_limit_storage(store: Store, redis_client: Any, redis_url: str) -> Storage:
    if redis_client is not None:
        from limits.storage import RedisStorage

        return RedisStorage(
            redis_url, connection_pool=redis_client.connection_pool, key_prefix="signin"
        )
    return StoreLimitStorage(store)
