"""Time, passed in as a collaborator so tests and tasks agree on "now"."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime | None = None) -> str:
    """ISO 8601 in UTC with a Z, to the millisecond: sorts as text in both stores."""
    dt = (dt or utcnow()).astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """An HTTP `Retry-After` header as seconds to wait: either delay-seconds ("120") or an
    HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT", RFC 9110 §10.2.3). None when absent or
    unreadable; never negative."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" or a missing zone: HTTP-dates are in GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or utcnow())).total_seconds())
