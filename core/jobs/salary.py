"""Salary ranges read from free text: "$120k–$150k", "€60.000 – €75.000 a year", "$45/hr",
"£45,000 - £55,000 per annum", "CHF 110'000", "₹12,00,000 – ₹18,00,000", "12-18 LPA".

A figure counts as pay only with a currency next to it, or with a "k"/"lakh" multiplier next to a
word like "salary" or "compensation": "5-7 years", "a team of 150" and "401k" are not salaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.jobs.money import PERIODS_PER_YEAR, Salary, to_usd

# Longest spellings first so that "US$" wins over "$".
_PREFIX_CURRENCIES: tuple[tuple[str, str], ...] = (
    ("US$", "USD"), ("USD$", "USD"), ("AU$", "AUD"), ("A$", "AUD"), ("CA$", "CAD"),
    ("CAD$", "CAD"), ("C$", "CAD"), ("NZ$", "NZD"), ("SG$", "SGD"), ("S$", "SGD"),
    ("HK$", "HKD"), ("R$", "BRL"), ("MX$", "MXN"), ("CN¥", "CNY"), ("RMB", "CNY"),
    ("$", "$"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"), ("Rs.", "INR"),
    ("Rs", "INR"), ("₩", "KRW"), ("₦", "NGN"), ("₱", "PHP"), ("₪", "ILS"), ("zł", "PLN"),
    ("kr.", "kr"), ("kr", "kr"),
)  # fmt: skip
_ISO_CODES = (
    "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
    "RON", "INR", "JPY", "CNY", "SGD", "HKD", "BRL", "MXN", "ZAR", "AED", "ILS", "KRW", "NGN",
    "KES", "PHP", "TRY", "ARS", "COP", "CLP", "EGP", "IDR", "MYR", "THB", "VND", "PKR", "SAR",
)  # fmt: skip
_SUFFIX_CURRENCIES = {
    "€": "EUR",
    "£": "GBP",
    "$": "$",
    "zł": "PLN",
    "kr": "kr",
    "kr.": "kr",
    "Kč": "CZK",
}

# Countries whose "$" is not the US dollar, and the Nordic "kr".
_DOLLAR_BY_COUNTRY = {
    "CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD", "MX": "MXN", "BR": "BRL",
}  # fmt: skip
_KRONA_BY_COUNTRY = {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK"}
# A figure with no currency at all, in a posting whose country is known, is in its money.
_CURRENCY_BY_COUNTRY = {
    "US": "USD", "GB": "GBP", "UK": "GBP", "IE": "EUR", "DE": "EUR", "FR": "EUR", "ES": "EUR",
    "IT": "EUR", "NL": "EUR", "BE": "EUR", "AT": "EUR", "PT": "EUR", "FI": "EUR", "GR": "EUR",
    "CH": "CHF", "SE": "SEK", "NO": "NOK", "DK": "DKK", "PL": "PLN", "CZ": "CZK", "IN": "INR",
    "JP": "JPY", "CN": "CNY", "ZA": "ZAR", "AE": "AED", "IL": "ILS", "KR": "KRW", "NG": "NGN",
    "KE": "KES", "PH": "PHP", **_DOLLAR_BY_COUNTRY,
}  # fmt: skip


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX_RE = _alternation([p for p, _ in _PREFIX_CURRENCIES] + list(_ISO_CODES))
_SUFFIX_RE = _alternation(list(_SUFFIX_CURRENCIES) + list(_ISO_CODES))
_NUMBER = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?"  # Indian grouping: 12,00,000
    r"|\d{1,3}(?:(?:[.,'’]|[ \u00a0\u202f\u2009](?=\d{3}\b))\d{3})+(?:[.,]\d{1,2})?"
    r"|\d+(?:[.,]\d{1,2})?"
)
_MULT = r"k|K|m|M|mn|MM|lakhs?|lacs?|L|LPA|crores?|cr"
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?:(?P<pre>{_PREFIX_RE})\s?)?(?P<num>{_NUMBER})"
    rf"(?:\s?(?P<mult>{_MULT})(?![a-zA-Z]))?"
    rf"(?:\s?(?P<post>{_SUFFIX_RE})(?![a-zA-Z]))?"
)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|~|to|and|bis|a|à|tot|til)\s*$", re.IGNORECASE)

_CONTEXT = re.compile(
    r"\b(?:salary|salaries|compensation|pay|paid|wages?|remuneration|base|ote|earn|earnings|"
    r"gehalt|salaire|sueldo|salario|stipendio|lön|rate|ctc|package|range)\b",
    re.IGNORECASE,
)
# Money that is not pay: "a $2,000 yearly learning budget", "€500 relocation allowance".
_NOT_PAY = re.compile(
    r"\b(?:budget|allowance|stipend|bonus|credit|reimbursement|voucher|grant|"
    r"relocation|equipment|fee|deposit|funding|raised|revenue|arr)\b",
    re.IGNORECASE,
)
_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "hour",
        re.compile(
            r"^[\s,.)]*(?:/\s*(?:hr|hour|h)\b|per\s+hour|an\s+hour|a\s+hour|hourly|p/?h\b|"
            r"ph\b|/\s*std|pro\s+stunde|de\s+l'heure|por\s+hora|la\s+hora)",
            re.IGNORECASE,
        ),
    ),
    (
        "day",
        re.compile(
            r"^[\s,.)]*(?:/\s*day|per\s+day|a\s+day|daily|day\s+rate|p/?d\b|pro\s+tag|par\s+jour)",
            re.IGNORECASE,
        ),
    ),
    (
        "week",
        re.compile(r"^[\s,.)]*(?:/\s*(?:wk|week)|per\s+week|a\s+week|weekly|pw\b)", re.IGNORECASE),
    ),
    (
        "month",
        re.compile(
            r"^[\s,.)]*(?:/\s*(?:mo|month|monat|mois|mes)\b|per\s+month|a\s+month|monthly|pcm\b|"
            r"p\.m\.|(?:brutto\s*)?(?:/|pro|im)\s*monat|monatlich|par\s+mois|al\s+mes|por\s+m[eê]s|"
            r"mensual)",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"^[\s,.)]*(?:/\s*(?:yr|year|annum|a|jahr|an|año|ano)\b|per\s+(?:year|annum)|a\s+year|"
            r"an?\s+annum|annual(?:ly)?|yearly|p\.\s?a\.?|pa\b|(?:brutto\s*)?(?:/|pro|im)\s*jahr|"
            r"j[äa]hrlich|par\s+an|al\s+año|por\s+año|lpa\b|ctc\b|base\s+salary)",
            re.IGNORECASE,
        ),
    ),
)
_PERIOD_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hour", re.compile(r"hourly|per\s+hour|stundenlohn", re.IGNORECASE)),
    ("day", re.compile(r"day\s+rate|daily\s+rate|tagessatz", re.IGNORECASE)),
    ("month", re.compile(r"monthly|per\s+month|monatsgehalt|monthly\s+salary", re.IGNORECASE)),
    ("year", re.compile(r"annual|yearly|per\s+annum|jahresgehalt|base\s+salary", re.IGNORECASE)),
)


@dataclass
class _Amount:
    start: int
    end: int
    value: float
    currency: str | None
    mult: float | None
    lakh: bool


def _parse_number(text: str) -> float | None:
    s = re.sub(r"[ \u00a0\u202f\u2009'’]", "", text)
    if re.fullmatch(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?", s):
        return float(s.replace(",", ""))
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        s = s.replace(thou, "").replace(dec, ".")
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        groups = s.split(sep)
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(sep, "")
        else:
            s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def _multiplier(mult: str | None) -> tuple[float | None, bool]:
    if not mult:
        return None, False
    m = mult.lower()
    if m == "k":
        return 1_000.0, False
    if m in ("m", "mn", "mm"):
        return 1_000_000.0, False
    if m.startswith(("lakh", "lac")) or m in ("l", "lpa"):
        return 100_000.0, True
    if m.startswith("cr"):
        return 10_000_000.0, True
    return None, False


def _currency(m: re.Match[str]) -> str | None:
    pre, post = m.group("pre"), m.group("post")
    for token in (pre, post):
        if not token:
            continue
        if token in _ISO_CODES:
            return token
        for spelling, code in _PREFIX_CURRENCIES:
            if token == spelling:
                return code
        if token in _SUFFIX_CURRENCIES:
            return _SUFFIX_CURRENCIES[token]
    return None


def _amounts(text: str) -> list[_Amount]:
    out: list[_Amount] = []
    for m in _AMOUNT.finditer(text):
        value = _parse_number(m.group("num"))
        if value is None:
            continue
        mult, lakh = _multiplier(m.group("mult"))
        if m.group("mult") == "L" and not m.group("pre") and value > 100:
            mult, lakh = None, False  # "200 L" of something, not lakhs
        out.append(_Amount(m.start(), m.end(), value, _currency(m), mult, lakh))
    return out


def _resolve_currency(code: str | None, country: str | None) -> str | None:
    if code == "$":
        return _DOLLAR_BY_COUNTRY.get((country or "").upper(), "USD")
    if code == "kr":
        return _KRONA_BY_COUNTRY.get((country or "").upper(), "SEK")
    return code


def _period(text: str, start: int, end: int) -> str | None:
    after = text[end : end + 40].split("\n", 1)[0]
    for name, pattern in _PERIOD_PATTERNS:
        if pattern.search(after):
            return name
    before = text[max(0, start - 40) : start].rsplit("\n", 1)[-1]
    for name, pattern in _PERIOD_BEFORE:
        if pattern.search(before):
            return name
    return None


def _guess_period(max_value: float, currency: str) -> str:
    usd = to_usd(max_value, currency)
    if usd is None:
        return "year"
    if usd <= 250:
        return "hour"
    if usd <= 1_500:
        return "day"
    if usd <= 20_000:
        return "month"
    return "year"


def _plausible(lo: float | None, hi: float | None, currency: str, period: str) -> bool:
    top = hi if hi is not None else lo
    if top is None or top <= 0:
        return False
    if lo is not None and hi is not None and (lo > hi or hi > lo * 4):
        return False
    usd_year = to_usd(top * PERIODS_PER_YEAR[period], currency)
    return usd_year is None or 1_500 <= usd_year <= 5_000_000


def parse_salary(text: str | None, *, country: str | None = None) -> Salary | None:
    """The first pay range stated in `text`, or None. `country` (ISO 3166 alpha-2) settles
    what a bare "$" or "kr" means."""
    if not text:
        return None
    amounts = _amounts(text)
    best: tuple[int, Salary] | None = None
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = None
        if i + 1 < len(amounts) and _RANGE_JOIN.match(text[a.end : amounts[i + 1].start]):
            b = amounts[i + 1]
        candidate = _candidate(text, a, b, country)
        if candidate is not None:
            rank, salary = candidate
            if best is None or rank > best[0]:
                best = (rank, salary)
            if rank >= 3:
                break
        i += 2 if b is not None else 1
    return best[1] if best else None


def _candidate(
    text: str, a: _Amount, b: _Amount | None, country: str | None
) -> tuple[int, Salary] | None:
    parts = [a] if b is None else [a, b]
    code = next((p.currency for p in parts if p.currency), None)
    mult = next((p.mult for p in reversed(parts) if p.mult), None)
    lakh = any(p.lakh for p in parts)
    start, end = parts[0].start, parts[-1].end
    window = text[max(0, start - 60) : end + 20]
    if code is None:
        # Without a currency, only a multiplied figure in a pay sentence counts.
        if mult is None or not _CONTEXT.search(window):
            return None
        if lakh:
            code = "INR"
        else:
            code = _CURRENCY_BY_COUNTRY.get((country or "").upper())
            if code is None:
                return None
    if a.value == 401 and a.mult == 1000:
        return None
    currency = _resolve_currency(code, country)
    if currency is None:
        return None
    values = [p.value * (p.mult or mult or 1.0) for p in parts]
    # "$120-150k": the multiplier on the second figure applies to the first as well; but not
    # when the first is already in thousands ("$90,000 - 120k").
    if b is not None and a.mult is None and mult and a.value * mult > values[1] * 4:
        values[0] = a.value
    lo, hi = (values[0], values[1]) if b is not None else (values[0], values[0])
    if _NOT_PAY.search(re.split(r"[\n+,;(]", text[end : end + 40], maxsplit=1)[0]):
        return None
    period = _period(text, start, end)
    has_context = bool(_CONTEXT.search(window))
    if b is None and period is None and not has_context:
        return None  # a lone "$2,000 learning budget" is not pay
    if lakh and period is None:
        period = "year"
    if period is None:
        period = _guess_period(hi, currency)
    if not _plausible(lo, hi, currency, period):
        return None
    if b is None:
        # A single figure: "up to £50,000" is a ceiling, "from €40k" a floor, else both.
        before = text[max(0, start - 15) : start].lower()
        if re.search(r"up\s+to|max(?:imum)?|bis\s+zu|jusqu", before):
            lo_v, hi_v = None, hi
        elif re.search(r"from|starting|min(?:imum)?|ab\s|à\s+partir|at\s+least", before):
            lo_v, hi_v = lo, None
        else:
            lo_v, hi_v = lo, hi
    else:
        lo_v, hi_v = lo, hi
    rank = (2 if b is not None else 1) + (1 if has_context else 0)
    return rank, Salary(lo_v, hi_v, currency, period)
