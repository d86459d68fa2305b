"""Sign-in throttling for the embedded issuer: per account and per client address, counted in
shared storage (Redis, or the store where there is no Redis) through the `limits` library.

Failures are what count for sign-in and verification, so that a person who types their
password right is never slowed down by their own success; sign-up and resend count every
request, since each one sends an email.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from limits import RateLimitItem, parse
from limits.strategies import FixedWindowRateLimiter

from core.errors import TooManyRequests
from core.logs import get_logger

log = get_logger(__name__)


def account_key(email: str) -> str:
    """Counters are keyed by a digest, so that the limiter's storage holds no email address."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


class SignInThrottle:
    def __init__(self, storage: Any, rules: dict[str, str]) -> None:
        self._limiter = FixedWindowRateLimiter(storage)
        self._rules: dict[str, RateLimitItem] = {name: parse(r) for name, r in rules.items()}

    def limits(self) -> dict[str, RateLimitItem]:
        return dict(self._rules)

    def guard(self, rule: str, identity: str) -> None:
        """Refuse (429) when `identity` has used up `rule`, without counting this request."""
        item = self._rules[rule]
        if self._ask(rule, lambda: self._limiter.test(item, rule, identity)) is False:
            self._refuse(rule, identity, item)

    def count(self, rule: str, identity: str) -> None:
        """Count one event (a failure) against `identity`."""
        self._ask(rule, lambda: self._limiter.hit(self._rules[rule], rule, identity))

    def hit(self, rule: str, identity: str) -> None:
        """Count this request, refusing it (429) when it is over `rule`."""
        item = self._rules[rule]
        if self._ask(rule, lambda: self._limiter.hit(item, rule, identity)) is False:
            self._refuse(rule, identity, item)

    def _ask(self, rule: str, question: Callable[[], bool]) -> bool | None:
        """The limiter's answer, or None when its storage cannot be reached: losing the limiter
        for a moment must not lock every user out of sign-in."""
        try:
            return question()
        except Exception as exc:
            log.warning("signin_throttle_unavailable", rule=rule, error=str(exc))
            return None

    def _refuse(self, rule: str, identity: str, item: RateLimitItem) -> None:
        try:
            reset = self._limiter.get_window_stats(item, rule, identity).reset_time
        except Exception:
            reset = time.time() + item.get_expiry()
        retry_after = max(1, int(reset - time.time()) + 1)
        log.warning("signin_throttled", rule=rule)
        what = "attempts" if rule.startswith(("login", "verify")) else "requests"
        raise TooManyRequests(
            f"too many {what}; try again in {_human(retry_after)}", retry_after=retry_after
        )


def _human(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{(seconds + 59) // 60} minutes"
