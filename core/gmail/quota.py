"""Pacing Gmail calls under Google's per-user quota.

Google counts each call in quota units and limits each user to 15,000 units a minute
(250 a second on average, "allows short bursts"); over it, calls answer 429
`rateLimitExceeded`. The per-method costs below are Google's, from the Gmail API usage-limits
page (https://developers.google.com/gmail/api/reference/quota).

A token bucket per user refills at `rate` units a second and holds at most `burst` units (one
batch of 50 messages.get costs 250). A call waits until the bucket holds its cost (or, for a call
dearer than the burst, is full) and then takes it, going into debt if need be, so the long-run
rate never passes `rate`. Over any window of W seconds at most `burst + rate * W` units go out:
with the defaults (250 burst, 240/s) that is 14,650 in a minute, under Google's 15,000.

A 429 pauses the whole account (every process sharing the bucket), not just the call that
met it: the other calls would meet the same answer.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

# Quota units per call (Google's table); a batch costs the sum of its parts.
COSTS: dict[str, int] = {
    "getProfile": 1,
    "history.list": 2,
    "messages.list": 5,
    "messages.get": 5,
    "messages.attachments.get": 5,
}
# The share of Google's per-user limit a sync aims for (headroom for clock skew between
# Google's moving window and ours).
DEFAULT_RATE = 240.0
DEFAULT_BURST = 250.0


def cost_of(method: str) -> int:
    return COSTS.get(method, 5)


@dataclass(frozen=True)
class QuotaSpec:
    rate: float = DEFAULT_RATE  # units a second
    burst: float = DEFAULT_BURST  # units the bucket holds when full


class QuotaPacer(ABC):
    """One user's Gmail quota, shared by every process that calls Gmail for them."""

    @abstractmethod
    def reserve(self, units: float) -> float:
        """Take `units` if they are available now and return 0; otherwise take nothing and
        return how many seconds to wait before asking again."""

    @abstractmethod
    def pause(self, seconds: float) -> None:
        """Hold every call for this account for `seconds` (after a 429)."""

    def take(self, units: float, sleep: Callable[[float], None] = time.sleep) -> float:
        """Block until `units` are taken; returns the seconds spent waiting."""
        waited = 0.0
        while True:
            wait = self.reserve(units)
            if wait <= 0:
                return waited
            sleep(wait)
            waited += wait


class LocalQuota(QuotaPacer):
    """The bucket in this process's memory: for deployments without Redis, where one scan of
    an account runs at a time (the account lease) and so one process calls Gmail for it."""

    _buckets: ClassVar[dict[str, LocalQuota]] = {}
    _registry_lock = threading.Lock()

    def __init__(self, spec: QuotaSpec, clock: Callable[[], float] = time.monotonic) -> None:
        self._spec = spec
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = spec.burst
        self._stamp = clock()
        self._paused_until = 0.0

    @classmethod
    def for_user(cls, user_id: str, spec: QuotaSpec) -> LocalQuota:
        with cls._registry_lock:
            bucket = cls._buckets.get(user_id)
            if bucket is None or bucket._spec != spec:
                bucket = cls._buckets[user_id] = cls(spec)
            return bucket

    def reserve(self, units: float) -> float:
        with self._lock:
            now = self._clock()
            if now < self._paused_until:
                return self._paused_until - now
            self._tokens = min(
                self._spec.burst, self._tokens + (now - self._stamp) * self._spec.rate
            )
            self._stamp = now
            need = min(units, self._spec.burst)
            if self._tokens >= need:
                self._tokens -= units
                return 0.0
            return (need - self._tokens) / self._spec.rate

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)
            self._tokens = min(self._tokens, 0.0)
