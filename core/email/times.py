"""Finding when an interview starts in free text (English, German, French, Spanish).

Times of day, dates and time zones are found separately by small patterns, then paired by
proximity. Explicit dates with month names and relative words ("tomorrow", "next Tuesday") are
resolved here against the message's Date header; other written dates go to dateparser. A time
with no written zone takes the zone stated elsewhere in the message, else the sender's offset.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

import dateparser

from core.email.timezones import ZoneMatch, find_zones
from core.months import MONTHS, WEEKDAYS

_MONTHS = MONTHS

_WEEKDAYS = WEEKDAYS
_WEEKDAY_ABBR = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "di": 1,
    "mi": 2,
    "do": 3,
    "fr": 4,
    "mo": 0,
    "lun": 0,
    "mar": 1,
    "mer": 2,
    "jeu": 3,
    "ven": 4,
    "mié": 2,
    "jue": 3,
    "vie": 4,
}


def _alt(words: list[str] | set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH_ALT = _alt(set(_MONTHS))
_WD_ALT = _alt(set(_WEEKDAYS))
_WD_ANY_ALT = _alt(set(_WEEKDAYS) | set(_WEEKDAY_ABBR))

# --- times of day -----------------------------------------------------------------------------

_AMPM = r"(?P<ampm>[ap]\.?\s?m\.?(?![a-zà-ÿ]))"
_TIME_RE = re.compile(
    r"(?<![\d/:.,€$£+])(?P<h>[01]?\d|2[0-3])(?:(?P<sep>[:h.])(?P<m>[0-5]\d))?(?![\d/])"
    rf"(?:\s?{_AMPM})?"
    r"(?P<suffix>\s?(?:uhr|h(?![a-zà-ÿ])|heures?|hrs?(?![a-z])|horas?|hs(?![a-z])|o'?clock))?"
    r"(?P<daypart>\s+(?:de\s+la\s+(?:mañana|manana|tarde|noche)|du\s+(?:matin|soir)"
    r"|de\s+l'après-midi|in\s+the\s+(?:morning|afternoon|evening)|abends|morgens|nachmittags"
    r"|vormittags))?",
    re.IGNORECASE,
)
_NOON_RE = re.compile(
    r"\b(?:12\s*)?(?:noon|midday|mittags?|(?<!après-)midi|mediodía|mediodia)\b", re.IGNORECASE
)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|until|till|bis|à|a|hasta|y)\s*", re.IGNORECASE)

# --- dates --------------------------------------------------------------------------------------

_ORD = r"(?:st|nd|rd|th|er|e|ème|º|°|\.)?"
_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\d.])(?P<y>20\d{2})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
    (
        "month_first",
        re.compile(
            rf"(?:(?P<wd>{_WD_ANY_ALT})\.?,?\s+)?(?:the\s+)?(?P<mname>{_MONTH_ALT})\.?\s+"
            rf"(?P<d>\d{{1,2}}){_ORD}(?!\d|:)(?:,?\s+(?P<y>20\d{{2}}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "day_first",
        re.compile(
            rf"(?:(?P<wd>{_WD_ANY_ALT})\.?,?\s+(?:the\s+|le\s+|el\s+|den\s+)?)?(?P<d>\d{{1,2}})"
            rf"{_ORD}\s*(?:of\s+|de\s+)?(?P<mname>{_MONTH_ALT})\.?(?![a-zà-ÿ])"
            rf"(?:,?\s+(?:de\s+)?(?P<y>20\d{{2}}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "numeric",
        re.compile(
            rf"(?:(?P<wd>{_WD_ANY_ALT})\.?,?\s+(?:the\s+|le\s+|el\s+|den\s+)?)?"
            r"(?<![\d.:/])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})"
            r"(?:(?P=sep)(?P<y>20\d{2}|\d{2})(?![\d.:])|(?P<dot>\.)(?!\d))?(?![\d/:])",
            re.IGNORECASE,
        ),
    ),
    (
        "other_language",
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.?\s+(?P<word>[^\W\d_]{3,12})\.?\s+(?P<y>20\d{2})"),
    ),
    (
        "relative",
        re.compile(
            r"(?<![\w-])(?P<rel>today|tomorrow|day\s+after\s+tomorrow|heute|übermorgen"
            r"|(?<!guten\s)(?<!am\s)(?<!den\s)morgen(?!s)|aujourd'hui|aujourd’hui|après-demain|demain|hoy"
            r"|pasado\s+mañana|(?<!la\s)(?<!esta\s)mañana)(?![\w])",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"(?<![\w-])(?:(?P<rel>next|this|coming|nächsten|nächste|kommenden|diesen|ce|este)\s+)?"
            rf"(?P<wd>{_WD_ALT})(?![\w])(?:\s+(?:prochain|próximo|proximo|que\s+viene))?",
            re.IGNORECASE,
        ),
    ),
]

_RELATIVE_DAYS = {
    "today": 0,
    "heute": 0,
    "aujourd'hui": 0,
    "aujourd’hui": 0,
    "hoy": 0,
    "tomorrow": 1,
    "morgen": 1,
    "demain": 1,
    "mañana": 1,
    "day after tomorrow": 2,
    "übermorgen": 2,
    "après-demain": 2,
    "pasado mañana": 2,
}

# --- context words ----------------------------------------------------------------------------

_CONFIRM_WORDS = re.compile(
    r"interview|scheduled|confirmed|confirm|invit|booked|time\s*:|when\s*:|date\s*:|start\s*:"
    r"|zeit\s*:|datum\s*:|termin|gespräch|heure\s*:|date\s*:|entretien|rendez-vous|fecha\s*:"
    r"|hora\s*:|entrevista|call|screen|meeting|meet|chat|reunión|réunion",
    re.IGNORECASE,
)
_OLD_TIME_WORDS = re.compile(
    r"originally|previously|instead\s+of|was\s+scheduled|were\s+scheduled|no\s+longer|old\s+time"
    r"|ursprünglich|statt|anstatt|bisheriger|initialement|prévu\s+(?:le|pour)|au\s+lieu\s+de"
    r"|originalmente|en\s+lugar\s+de|en\s+vez\s+de|anterior"
    r"|(?:rescheduled|moved|changed|shifted|verschoben|déplacé|reporté|cambiad[oa])\s+(?:from|von|du|de)\b",
    re.IGNORECASE,
)
_NEW_TIME_WORDS = re.compile(
    r"mov(?:e|ed|ing)\s+(?:it\s+|this\s+|the\s+interview\s+|our\s+\w+\s+)?to|rescheduled\s+(?:to|for)|new\s+(?:time|date|slot)|now\s+(?:at|on|be|take)"
    r"|updated\s+time|verschoben\s+auf|neuer\s+termin|neue\s+zeit|auf\s+den|nouvelle\s+(?:date|heure)"
    r"|reporté\s+au|déplacé|nueva\s+(?:fecha|hora)|cambiado\s+a|trasladado|\bnun\b|\bneu\b"
    r"|désormais|\bahora\b|instead\b",
    re.IGNORECASE,
)
_SLOT_WORDS = re.compile(
    r"following\s+(?:times|slots|options|dates)|one\s+of\s+(?:these|the\s+following)"
    r"|which\s+(?:of\s+these|time|slot)|what\s+times?\s+work|works\s+best\s+for\s+you"
    r"|let\s+(?:me|us)\s+know\s+(?:which|your\s+availability|what)|your\s+availability"
    r"|available\s+(?:slots|times)|propose|folgende[nr]?\s+termin|welcher\s+termin"
    r"|créneaux|disponibilités|horarios\s+disponibles|tu\s+disponibilidad|su\s+disponibilidad"
    r"|cuál\s+de\s+(?:estos|estas)|would\s+any\s+of|options?\s*:",
    re.IGNORECASE,
)
_FOOTER_WORDS = re.compile(
    r"sent\s+(?:from|at)|unsubscribe|©|copyright|privacy|office\s+hours|business\s+hours"
    r"|mon(?:day)?\s*[-–]\s*fri|open\s+from",
    re.IGNORECASE,
)

_DURATION_RE = re.compile(
    r"(?P<n>\d{1,3}(?:[.,]5)?|an?|one|half\s+an|une|une\s+demi-|eine|einer|una|media|one\s+and\s+a\s+half"
    r"|1\.5|anderthalb|eineinhalb)[\s-]*(?P<unit>minutes?|mins?\b|minuten|minutos|hours?|hrs?\b"
    r"|stunden?|heures?|heure|horas?|h\b)",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "une": 1,
    "eine": 1,
    "einer": 1,
    "una": 1,
    "half an": 0.5,
    "une demi-": 0.5,
    "media": 0.5,
    "one and a half": 1.5,
    "anderthalb": 1.5,
    "eineinhalb": 1.5,
}


@dataclass(frozen=True)
class _Date:
    day: date
    start: int
    end: int
    kind: str  # iso, month_first, day_first, numeric, other_language, relative, weekday
    explicit: bool


@dataclass(frozen=True)
class _Time:
    hour: int
    minute: int
    start: int
    end: int
    end_hour: int | None = None
    end_minute: int | None = None


@dataclass(frozen=True)
class TimeCandidate:
    starts_at: datetime
    duration_minutes: int | None
    start: int
    end: int
    has_zone: bool
    explicit_date: bool
    score: float


@dataclass(frozen=True)
class TimeResult:
    starts_at: datetime | None
    duration_minutes: int | None
    candidates: tuple[TimeCandidate, ...]
    offered_slots: bool  # several times offered, none chosen yet


def guess_language(text: str) -> str:
    """en, de, fr or es, by counting very common words."""
    words = re.findall(r"[a-zäöüßàâçéèêëîïôûùüÿñáíóú']+", text[:4000].lower())
    counts = dict.fromkeys(("en", "de", "fr", "es"), 0)
    for w in words:
        lang = _STOPWORDS.get(w)
        if lang:
            counts[lang] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 0 else "en"


_STOPWORDS: dict[str, str] = {}
for _lang, _words in (
    ("en", "the and you your with for that this will are have please we our to of is"),
    (
        "de",
        "und der die das sie ihr ihre ihnen wir mit für ist nicht bitte uns zu den dem ein eine",
    ),
    ("fr", "le la les et vous votre nous avec pour est une des du au pas sur à bien"),
    ("es", "el la los las y usted su nosotros con para es una por del al que tu te nos"),
):
    for _w in _words.split():
        _STOPWORDS.setdefault(_w, _lang)


def extract_time(
    text: str,
    reference: datetime,
    *,
    default_tz: tzinfo | None = None,
    language: str | None = None,
) -> TimeResult:
    """The start of the event the text is about, if it states one.

    `reference` (aware) resolves relative words and missing years; times without a written zone
    use the one zone stated elsewhere in the text, else `default_tz`, else the reference's zone.
    """
    lang = language or guess_language(text)
    zones = find_zones(text)
    distinct = {_zone_key(z.tz) for z in zones}
    global_tz = zones[0].tz if len(distinct) == 1 else None
    fallback_tz = global_tz or default_tz or reference.tzinfo
    assert fallback_tz is not None

    times = _find_times(text)
    if not times:
        return TimeResult(None, _duration(text), (), False)
    dates = _find_dates(text, reference, lang)
    candidates: list[TimeCandidate] = []
    for t in times:
        d = _nearest_date(text, t, dates)
        if d is None:
            continue
        z = _zone_after(text, t, zones)
        tz = z.tz if z else fallback_tz
        try:
            local = datetime.combine(d.day, time(t.hour, t.minute))
        except ValueError:
            continue
        if d.kind == "relative":
            # "tomorrow" is relative to the day it is where the interview happens.
            ref_day = reference.astimezone(tz).date()
            local = datetime.combine(ref_day + (d.day - reference.date()), time(t.hour, t.minute))
        starts = local.replace(tzinfo=tz)
        starts = datetime.fromtimestamp(starts.timestamp(), tz)  # normalise folds and gaps
        duration = None
        if t.end_hour is not None and t.end_minute is not None:
            minutes = (t.end_hour * 60 + t.end_minute) - (t.hour * 60 + t.minute)
            if 0 < minutes <= 8 * 60:
                duration = minutes
        score = _score(text, t, d, z is not None or global_tz is not None, starts, reference)
        candidates.append(
            TimeCandidate(
                starts,
                duration,
                min(d.start, t.start),
                max(d.end, t.end),
                z is not None or global_tz is not None,
                d.explicit,
                score,
            )
        )
    if not candidates:
        return TimeResult(None, _duration(text), (), False)
    best = max(candidates, key=lambda c: (c.score, -c.start))
    distinct_instants = {c.starts_at for c in candidates if c.score > 0}
    offered = len(distinct_instants) >= 2 and bool(_SLOT_WORDS.search(text))
    if offered and not _NEW_TIME_WORDS.search(text):
        return TimeResult(None, _duration(text), tuple(candidates), True)
    if best.score <= 0:
        return TimeResult(None, _duration(text), tuple(candidates), False)
    duration = _agenda_minutes(best, candidates) or best.duration_minutes or _duration(text)
    return TimeResult(best.starts_at, duration, tuple(candidates), False)


def _agenda_minutes(first: TimeCandidate, candidates: list[TimeCandidate]) -> int | None:
    """The length of back-to-back sessions ("10:00-10:45 Coding", "11:00-11:45 Design") that
    start with `first`: one interview, from the first start to the last end."""
    if first.duration_minutes is None:
        return None
    end = first.starts_at + timedelta(minutes=first.duration_minutes)
    last_pos = first.end
    chained = False
    for c in sorted(candidates, key=lambda c: c.end):
        if c.end <= first.end or c.duration_minutes is None:
            continue
        gap = c.starts_at - end
        if c.end - last_pos > 300 or not timedelta(0) <= gap <= timedelta(minutes=30):
            continue
        end = c.starts_at + timedelta(minutes=c.duration_minutes)
        last_pos = c.end
        chained = True
    if not chained:
        return None
    minutes = int((end - first.starts_at).total_seconds() // 60)
    return minutes if minutes <= 10 * 60 else None


def _zone_key(tz: tzinfo) -> str:
    return str(getattr(tz, "key", None) or tz)


def _find_times(text: str) -> list[_Time]:
    out: list[_Time] = []
    for m in _TIME_RE.finditer(text):
        strict = _time_of(m)
        loose = strict or _time_of(m, lenient=True)
        if loose is None:
            continue
        h, mi, has_ampm = loose
        # A range: "2:00 - 2:45 PM", "14:00–15:00", "de 10h à 11h", "2-3pm".
        join = _RANGE_JOIN.match(text, m.end())
        second = _TIME_RE.match(text, join.end()) if join else None
        parsed2 = _time_of(second) if second else None
        if second is not None and parsed2 is not None:
            h2, mi2, has_ampm2 = parsed2
            if not has_ampm and has_ampm2 and int(m.group("h")) <= 12:
                # The first time takes the second's half of the day.
                h = int(m.group("h")) % 12 + (12 if h2 >= 12 else 0)
                if h * 60 + mi > h2 * 60 + mi2:
                    h = (h - 12) % 24
                has_ampm = True
            if strict is not None or has_ampm:
                out.append(_Time(h, mi, m.start(), second.end(), h2, mi2))
                continue
        if strict is None:
            continue
        out.append(_Time(h, mi, m.start(), m.end()))
    for m in _NOON_RE.finditer(text):
        if not any(t.start <= m.start() < t.end for t in out):
            out.append(_Time(12, 0, m.start(), m.end()))
    out.sort(key=lambda t: t.start)
    merged: list[_Time] = []
    for t in out:
        if merged and t.start < merged[-1].end:
            continue  # the second half of a range already taken
        merged.append(t)
    return merged


def _time_of(m: re.Match[str] | None, *, lenient: bool = False) -> tuple[int, int, bool] | None:
    """(hour, minute, has_am_pm) if the match is a time of day; `lenient` accepts a bare hour
    (the first half of a range such as "2-3pm")."""
    if m is None:
        return None
    h = int(m.group("h"))
    mi = int(m.group("m") or 0)
    sep = (m.group("sep") or "").lower()
    suffix = (m.group("suffix") or "").strip().lower()
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    daypart = (m.group("daypart") or "").lower()
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.startswith("p") else 0)
        return h, mi, True
    if daypart:
        pm = any(
            w in daypart
            for w in (
                "tarde",
                "noche",
                "soir",
                "après-midi",
                "afternoon",
                "evening",
                "abends",
                "nachmittags",
            )
        )
        if h <= 12:
            h = h % 12 + (12 if pm else 0)
        return h, mi, True
    if (
        sep == ":"
        or sep == "h"
        or suffix
        in ("uhr", "h", "heure", "heures", "hrs", "hr", "horas", "hora", "hs", "o'clock", "oclock")
    ):
        if sep == "." and not suffix:
            return None
        return h, mi, False
    if sep == "." and suffix:
        return h, mi, False
    if lenient and not sep:
        return h, mi, False
    return None


def _find_dates(text: str, reference: datetime, lang: str) -> list[_Date]:
    # Month-first numeric dates ("5/14") are an American habit.
    offset = reference.utcoffset() or timedelta(0)
    month_first = lang == "en" and offset <= timedelta(hours=-3)
    found: list[_Date] = []
    taken: list[tuple[int, int]] = []
    ref = reference.date()
    dateparser_calls = 0
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            day: date | None = None
            explicit = kind not in ("relative", "weekday")
            if kind == "iso":
                day = _safe_date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
            elif kind in ("month_first", "day_first"):
                month = _MONTHS.get(_fold_month(m.group("mname")))
                if month is None:
                    continue
                year = int(m.group("y")) if m.group("y") else None
                day = _with_year(year, month, int(m.group("d")), ref)
            elif kind == "numeric":
                day = _numeric(m, ref, month_first, text)
            elif kind == "other_language":
                if _fold_month(m.group("word")) in _MONTHS or dateparser_calls >= 4:
                    continue
                dateparser_calls += 1
                day = _dateparser_day(m.group(0), reference)
            elif kind == "relative":
                rel = re.sub(r"\s+", " ", m.group("rel").lower())
                days_ahead = _RELATIVE_DAYS.get(rel)
                if days_ahead is None:
                    continue
                day = ref + timedelta(days=days_ahead)
            elif kind == "weekday":
                wd = _WEEKDAYS[m.group("wd").lower()]
                ahead = (wd - ref.weekday()) % 7 or 7
                day = ref + timedelta(days=ahead)
            if day is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(_Date(day, m.start(), m.end(), kind, explicit))
    found.sort(key=lambda d: d.start)
    return found


def _fold_month(word: str) -> str:
    return word.lower().rstrip(".")


def _safe_date(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _with_year(year: int | None, month: int, day: int, ref: date) -> date | None:
    if year is not None:
        return _safe_date(year, month, day)
    candidate = _safe_date(ref.year, month, day)
    if candidate is None:
        return None
    if candidate < ref - timedelta(days=60):
        candidate = _safe_date(ref.year + 1, month, day) or candidate
    return candidate


def _numeric(m: re.Match[str], ref: date, month_first: bool, text: str) -> date | None:
    a, b = int(m.group("a")), int(m.group("b"))
    sep = m.group("sep")
    y_text = m.group("y")
    if sep == "." and not y_text and not m.group("dot"):
        return None  # "14.30" is a time, "3.5" a number
    fraction = _FRACTION_AFTER.match(text, m.end()) or (a, b) == (24, 7)
    if sep == "/" and not y_text and fraction:
        return None  # "1/2 hour", "24/7"
    year = None
    if y_text:
        year = int(y_text) + (2000 if len(y_text) == 2 else 0)
    first_is_month = sep == "/" and month_first
    if a > 12:
        first_is_month = False
    elif b > 12:
        first_is_month = True
    month, day = (a, b) if first_is_month else (b, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _with_year(year, month, day, ref)


_FRACTION_AFTER = re.compile(r"\s*(?:hours?|h\b|of\b|stunde|heure|hora)", re.IGNORECASE)


@lru_cache(maxsize=512)
def _dateparser_cached(phrase: str, base: datetime) -> date | None:
    parsed = dateparser.parse(
        phrase,
        languages=["it", "pt", "nl", "de", "fr", "es", "en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    return parsed.date() if parsed else None


def _dateparser_day(phrase: str, reference: datetime) -> date | None:
    base = reference.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    return _dateparser_cached(unicodedata.normalize("NFC", phrase.strip()), base)


def _nearest_date(text: str, t: _Time, dates: list[_Date]) -> _Date | None:
    """The date that the time belongs to: on the same line (before it, or just after it), or on
    one of the two lines above ("Date: ..." then "Time: ...")."""
    line_start = text.rfind("\n", 0, t.start) + 1
    line_end = text.find("\n", t.end)
    line_end = len(text) if line_end < 0 else line_end
    above = line_start
    lines_up = 0
    while above > 0 and lines_up < 2:
        prev = text.rfind("\n", 0, above - 1) + 1
        if text[prev : above - 1].strip():
            lines_up += 1  # blank lines between "Date:" and "Time:" rows do not count
        above = prev
    best: tuple[float, _Date] | None = None
    for d in dates:
        if d.end <= t.start:
            gap = t.start - d.end
            same_line = d.start >= line_start
            if not same_line and d.start < above:
                continue
            if same_line and gap > 90:
                continue
            cost = gap + (0 if same_line else 60)
        elif d.start >= t.end:
            gap = d.start - t.end
            if d.start > line_end or gap > 45:
                continue
            cost = gap + 10
        else:
            continue
        if not d.explicit:
            cost += 5
        if best is None or cost < best[0]:
            best = (cost, d)
    return best[1] if best else None


def _zone_after(text: str, t: _Time, zones: list[ZoneMatch]) -> ZoneMatch | None:
    for z in zones:
        if t.end <= z.start <= t.end + 25 and "\n" not in text[t.end : z.start]:
            return z
        if z.end <= t.start and t.start - z.end <= 3:  # "(GMT+1) 14:00"
            return z
    return None


def _score(
    text: str, t: _Time, d: _Date, zoned: bool, starts: datetime, reference: datetime
) -> float:
    line_start = text.rfind("\n", 0, min(t.start, d.start)) + 1
    prev_line = text.rfind("\n", 0, max(line_start - 1, 0)) + 1 if line_start > 0 else 0
    line_end = text.find("\n", max(t.end, d.end))
    line_end = len(text) if line_end < 0 else line_end
    sentence = text[line_start:line_end]
    first = min(t.start, d.start)
    before = text[max(prev_line, first - 120) : first]
    score = 1.0
    if zoned:
        score += 0.5
    if d.explicit:
        score += 0.5
    if t.end_hour is not None:
        score += 0.3
    if _CONFIRM_WORDS.search(sentence) or _CONFIRM_WORDS.search(text[prev_line:line_start]):
        score += 1.0
    if _OLD_TIME_WORDS.search(before):
        score -= 2.5
    if _NEW_TIME_WORDS.search(before) or _RIGHT_AFTER_TO.search(before):
        score += 2.0
    if _FOOTER_WORDS.search(sentence):
        score -= 2.0
    if starts < reference - timedelta(hours=1):
        score -= 3.0
    elif starts > reference + timedelta(days=400):
        score -= 1.5
    return score


_RIGHT_AFTER_TO = re.compile(r"\b(?:to|auf|au|para|al)\s+(?:the\s+|den\s+|el\s+)?$", re.I)


def _duration(text: str) -> int | None:
    for m in _DURATION_RE.finditer(text):
        raw = m.group("n").lower()
        unit = m.group("unit").lower()
        value: float
        if raw in _WORD_NUMBERS:
            value = _WORD_NUMBERS[raw]
        else:
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                continue
        minutes = value if unit.startswith("m") else value * 60
        # Notice periods ("24 hours"), lead times and reading times are not interview lengths.
        following = text[m.end() : m.end() + 40].lower()
        preceding = text[max(0, m.start() - 30) : m.start()].lower()
        if any(
            w in following
            for w in (
                "notice",
                "before",
                "prior",
                "in advance",
                "vorher",
                "avant",
                "antes",
                "early",
                "ago",
                "read",
            )
        ):
            continue
        if any(
            w in preceding
            for w in (
                "within",
                "in the next",
                "innerhalb",
                "dans les",
                "en las próximas",
                "at least",
            )
        ):
            continue
        if 10 <= minutes <= 8 * 60:
            return int(minutes)
    return None
