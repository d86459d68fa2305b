"""Per-user request budget counted in Redis (fixed one-minute windows)."""

from __future__ import annotations

import time
from typing import Any

from core.errors import TooManyRequests
from core.logs import get_logger

log = get_logger(__name__)


def check_rate(redis: Any, user_id: str, *, limit: int, now: float | None = None) -> None:
    """Count one request for `user_id`; raise `TooManyRequests` past `limit` a minute.

    When Redis is unreachable the request is let through: losing the limiter for a moment is
    better than refusing every user.
    """
    if redis is None or limit <= 0:
        return
    now = time.time() if now is None else now
    window = int(now // 60)
    key = f"ratelimit:{user_id}:{window}"
    try:
        pipe = redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, 120)
        count = int(pipe.execute()[0])
    except Exception as exc:
        log.warning("rate_limit_unavailable", error=str(exc))
        return
    if count > limit:
        retry_after = max(1, int((window + 1) * 60 - now))
        raise TooManyRequests(
            f"rate limit of {limit} requests a minute reached; retry in {retry_after} s",
            retry_after=retry_after,
        )
