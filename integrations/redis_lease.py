"""A lease (core.leases) as a Redis key with an expiry, the holder's token as its value."""

from __future__ import annotations

from typing import Any

from core.leases import Lease

_REFRESH = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class RedisLease(Lease):
    def __init__(self, client: Any, key: str, token: str, ttl_seconds: float) -> None:
        self._client = client
        self._key = key
        self._token = token
        self._ttl_ms = max(1000, int(ttl_seconds * 1000))

    def acquire(self) -> bool:
        if self._client.set(self._key, self._token, nx=True, px=self._ttl_ms):
            return True
        return self.refresh()

    def refresh(self) -> bool:
        return bool(self._client.eval(_REFRESH, 1, self._key, self._token, self._ttl_ms))

    def release(self) -> None:
        self._client.eval(_RELEASE, 1, self._key, self._token)
