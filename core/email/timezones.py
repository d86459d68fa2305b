"""Time zones as people write them in emails: abbreviations, names, cities and UTC offsets.

Abbreviations that name a season ("PST", "CEST") map to the region's zone rather than to a fixed
offset: recruiters write "PST" all year round and mean the local time in that region. Ambiguous
abbreviations take their most common meaning in hiring mail (IST is India, CST is US Central).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ABBREVIATIONS: dict[str, str] = {
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "MT": "America/Denver",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "CT": "America/Chicago",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "HST": "Pacific/Honolulu",
    "AST": "America/Halifax",
    "ADT": "America/Halifax",
    "NST": "America/St_Johns",
    "GMT": "UTC",
    "UTC": "UTC",
    "UT": "UTC",
    "Z": "UTC",
    "BST": "Europe/London",
    "IST": "Asia/Kolkata",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "MEZ": "Europe/Berlin",
    "MESZ": "Europe/Berlin",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "MSK": "Europe/Moscow",
    "GST": "Asia/Dubai",
    "PKT": "Asia/Karachi",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "ACST": "Australia/Adelaide",
    "ACDT": "Australia/Adelaide",
    "AWST": "Australia/Perth",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "BRT": "America/Sao_Paulo",
    "ART": "America/Argentina/Buenos_Aires",
}

# Long names, lower case. Windows zone names (Outlook invitations) are included.
_NAMES: dict[str, str] = {
    "pacific time": "America/Los_Angeles",
    "pacific standard time": "America/Los_Angeles",
    "pacific daylight time": "America/Los_Angeles",
    "mountain time": "America/Denver",
    "mountain standard time": "America/Denver",
    "mountain daylight time": "America/Denver",
    "central time": "America/Chicago",
    "central standard time": "America/Chicago",
    "central daylight time": "America/Chicago",
    "eastern time": "America/New_York",
    "eastern standard time": "America/New_York",
    "eastern daylight time": "America/New_York",
    "greenwich mean time": "UTC",
    "coordinated universal time": "UTC",
    "british summer time": "Europe/London",
    "british time": "Europe/London",
    "uk time": "Europe/London",
    "gmt standard time": "Europe/London",
    "central european time": "Europe/Berlin",
    "central european summer time": "Europe/Berlin",
    "central europe standard time": "Europe/Budapest",
    "central european standard time": "Europe/Warsaw",
    "w. europe standard time": "Europe/Berlin",
    "romance standard time": "Europe/Paris",
    "eastern european time": "Europe/Athens",
    "gtb standard time": "Europe/Bucharest",
    "india standard time": "Asia/Kolkata",
    "singapore standard time": "Asia/Singapore",
    "tokyo standard time": "Asia/Tokyo",
    "japan standard time": "Asia/Tokyo",
    "aus eastern standard time": "Australia/Sydney",
    "australian eastern time": "Australia/Sydney",
    "mitteleuropäische zeit": "Europe/Berlin",
    "mitteleuropäische sommerzeit": "Europe/Berlin",
    "deutscher zeit": "Europe/Berlin",
    "deutsche zeit": "Europe/Berlin",
    "heure de paris": "Europe/Paris",
    "heure française": "Europe/Paris",
    "heure de france": "Europe/Paris",
    "heure d'europe centrale": "Europe/Paris",
    "heure normale d'europe centrale": "Europe/Paris",
    "hora peninsular": "Europe/Madrid",
    "hora de españa": "Europe/Madrid",
    "hora central europea": "Europe/Madrid",
    "hora de madrid": "Europe/Madrid",
    "hora de méxico": "America/Mexico_City",
    "hora de ciudad de méxico": "America/Mexico_City",
    "hora de buenos aires": "America/Argentina/Buenos_Aires",
}

# "London time", "Paris time", "Berlin time", "heure de Paris" via _NAMES, "hora de Madrid" ...
_CITIES: dict[str, str] = {
    "london": "Europe/London",
    "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "munich": "Europe/Berlin",
    "amsterdam": "Europe/Amsterdam",
    "brussels": "Europe/Brussels",
    "madrid": "Europe/Madrid",
    "barcelona": "Europe/Madrid",
    "zurich": "Europe/Zurich",
    "vienna": "Europe/Vienna",
    "stockholm": "Europe/Stockholm",
    "warsaw": "Europe/Warsaw",
    "new york": "America/New_York",
    "boston": "America/New_York",
    "toronto": "America/Toronto",
    "chicago": "America/Chicago",
    "austin": "America/Chicago",
    "denver": "America/Denver",
    "san francisco": "America/Los_Angeles",
    "los angeles": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "vancouver": "America/Vancouver",
    "mexico city": "America/Mexico_City",
    "são paulo": "America/Sao_Paulo",
    "sao paulo": "America/Sao_Paulo",
    "tel aviv": "Asia/Jerusalem",
    "dubai": "Asia/Dubai",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "singapore": "Asia/Singapore",
    "tokyo": "Asia/Tokyo",
    "sydney": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
}


@dataclass(frozen=True)
class ZoneMatch:
    tz: tzinfo
    label: str  # the text as written
    start: int
    end: int


@lru_cache(maxsize=256)
def zone(name: str) -> tzinfo | None:
    """A tzinfo for an IANA name, a known abbreviation or long name, else None."""
    key = name.strip()
    if key.upper() in _ABBREVIATIONS:
        key = _ABBREVIATIONS[key.upper()]
    elif key.lower() in _NAMES:
        key = _NAMES[key.lower()]
    if key == "UTC":
        return UTC
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _offset(sign: str, hours: str, minutes: str | None) -> tzinfo | None:
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m >= 60:
        return None
    delta = timedelta(hours=h, minutes=m)
    return timezone(-delta if sign in "-−" else delta)


_ABBR_ALTERNATION = "|".join(sorted((a for a in _ABBREVIATIONS if a != "Z"), key=len, reverse=True))
_NAME_ALTERNATION = "|".join(re.escape(n) for n in sorted(_NAMES, key=len, reverse=True))
_CITY_ALTERNATION = "|".join(re.escape(c) for c in sorted(_CITIES, key=len, reverse=True))

_OFFSET_RE = re.compile(r"\b(?:UTC|GMT)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?\b", re.IGNORECASE)
_BARE_OFFSET_RE = re.compile(r"(?<![\w:])([+\-])(\d{2}):?(\d{2})\b")
_IANA_RE = re.compile(
    r"\b((?:America|Europe|Asia|Africa|Australia|Pacific|Atlantic|Indian)/[A-Z][A-Za-z_]+"
    r"(?:/[A-Z][A-Za-z_]+)?)\b"
)
_NAME_RE = re.compile(rf"(?<!\w)({_NAME_ALTERNATION})(?!\w)", re.IGNORECASE)
_CITY_RE = re.compile(
    rf"(?<!\w)(?:({_CITY_ALTERNATION})\s+(?:time|local\s+time|zeit)"
    rf"|(?:heure\s+de|hora\s+de)\s+({_CITY_ALTERNATION}))(?!\w)",
    re.IGNORECASE,
)
# Abbreviations must be written in capitals, as a word: "ET" in "BET" or "at" must not match.
_ABBR_RE = re.compile(rf"(?<![\w/])\(?({_ABBR_ALTERNATION})\)?(?![\w/])")


def find_zones(text: str) -> list[ZoneMatch]:
    """Every time-zone mention in `text`, in reading order (overlaps resolved, longest first)."""
    found: list[ZoneMatch] = []
    taken: list[tuple[int, int]] = []

    def add(tz: tzinfo | None, label: str, start: int, end: int) -> None:
        if tz is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(ZoneMatch(tz, label, start, end))

    for m in _OFFSET_RE.finditer(text):
        add(_offset(m.group(1), m.group(2), m.group(3)), m.group(0), m.start(), m.end())
    for m in _IANA_RE.finditer(text):
        add(zone(m.group(1)), m.group(1), m.start(), m.end())
    for m in _NAME_RE.finditer(text):
        add(zone(_NAMES[m.group(1).lower()]), m.group(1), m.start(), m.end())
    for m in _CITY_RE.finditer(text):
        city = (m.group(1) or m.group(2)).lower()
        add(zone(_CITIES[city]), m.group(0), m.start(), m.end())
    for m in _ABBR_RE.finditer(text):
        add(zone(m.group(1)), m.group(1), m.start(1), m.end(1))
    for m in _BARE_OFFSET_RE.finditer(text):
        add(_offset(m.group(1), m.group(2), m.group(3)), m.group(0), m.start(), m.end())
    found.sort(key=lambda z: z.start)
    return found


_REGIONS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": (
        "America/Los_Angeles",
        "America/Denver",
        "America/Phoenix",
        "America/Chicago",
        "America/New_York",
        "Europe/London",
        "Europe/Berlin",
        "Asia/Kolkata",
        "Asia/Singapore",
        "Australia/Sydney",
    ),
    "de": ("Europe/Berlin",),
    "fr": ("Europe/Paris", "America/Toronto"),
    "es": ("Europe/Madrid", "America/Mexico_City", "America/Bogota", "America/Buenos_Aires"),
}


def region_for(instant: datetime, language: str) -> tzinfo | None:
    """The likely region zone of a sender whose clock showed `instant` (aware): a zone with the
    same UTC offset at that moment, so that dates weeks later get their own daylight-saving
    offset. None when no usual region fits."""
    offset = instant.utcoffset()
    if offset is None:
        return None
    for name in _REGIONS_BY_LANGUAGE.get(language, ()) + _REGIONS_BY_LANGUAGE["en"]:
        tz = zone(name)
        if tz is not None and instant.astimezone(tz).utcoffset() == offset:
            return tz
    return None
