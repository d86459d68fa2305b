"""The demo postings: composed deterministically from `occupations.json`, so every install
shows the same market. Each posting is marked `demo` and comes from the source "demo".

The data file holds the countries (currency, pay factor against the US, cities, the style in
which salaries are written there), those salary styles (see `PayStyle`) and the occupations:
the roles within each as (title, seniority, years asked), duties, requirements, nice-to-haves
and the (fictional) employers that hire for them.
`{a}`/`{b}`/`{c}` in any text take the values of one of the occupation's `stacks`, so that two
postings of one occupation ask for different tools, as real ones do. `pay` is a yearly base in
US dollars by seniority for the United States; other countries scale it, and `hourly`
occupations state pay per hour.

Salaries are stated the way each country writes them (some structured, some only in the text,
some not at all), so the demo also exercises salary parsing.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.clock import iso, parse_iso, utcnow
from core.jobs.model import RawPosting
from core.jobs.money import UNITS_PER_USD, Salary

DATA_FILE = Path(__file__).with_name("occupations.json")


@dataclass(frozen=True)
class Occupation:
    key: str
    family: str
    department: str
    roles: tuple[tuple[str, str, int], ...]
    intro: tuple[str, ...]
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    nice: tuple[str, ...]
    pay: dict[str, int]
    countries: tuple[str, ...]
    employers: tuple[str, ...]
    stacks: tuple[tuple[str, str, str], ...] = (("", "", ""),)
    hourly: bool = False
    remote_share: float = 0.25
    extras: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Occupation:
        def rows(key: str) -> Any:
            return tuple(tuple(row) for row in data[key])

        return cls(
            key=data["key"],
            family=data["family"],
            department=data["department"],
            roles=rows("roles"),
            intro=tuple(data["intro"]),
            duties=tuple(data["duties"]),
            requirements=tuple(data["requirements"]),
            nice=tuple(data["nice"]),
            pay=dict(data["pay"]),
            countries=tuple(data["countries"]),
            employers=tuple(data["employers"]),
            stacks=rows("stacks") if "stacks" in data else (("", "", ""),),
            hourly=bool(data.get("hourly", False)),
            remote_share=float(data.get("remote_share", 0.25)),
            extras=dict(data.get("extras") or {}),
        )


@dataclass(frozen=True)
class PayStyle:
    """How a country writes a yearly or monthly pay range: its thousands separator (`lakh`
    for Indian grouping) and one or two formats, a posting picking one at random. A format
    names `{lo}`/`{hi}` in full, `{lo_k}`/`{hi_k}` in thousands or `{lo_lakh}`/`{hi_lakh}` in
    lakhs."""

    grouping: str
    formats: tuple[str, ...]
    period: str = "year"

    def text(self, lo: float, hi: float, rng: random.Random) -> str:
        formats = self.formats
        chosen = formats[0] if len(formats) == 1 or rng.random() < 0.5 else formats[1]
        return chosen.format(
            lo=self._grouped(lo),
            hi=self._grouped(hi),
            lo_k=f"{lo / 1000:.0f}",
            hi_k=f"{hi / 1000:.0f}",
            lo_lakh=f"{lo / 100000:g}",
            hi_lakh=f"{hi / 100000:g}",
        )

    def _grouped(self, n: float) -> str:
        if self.grouping == "lakh":
            return _indian(int(n))
        return f"{int(n):,}".replace(",", self.grouping)


def _load() -> tuple[
    dict[str, tuple[str, float, tuple[str, ...], str]],
    dict[str, PayStyle],
    tuple[Occupation, ...],
]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    styles = {
        name: PayStyle(s["grouping"], tuple(s["formats"]), s.get("period", "year"))
        for name, s in data["salaryStyles"].items()
    }
    countries = {
        code: (c["currency"], float(c["payFactor"]), tuple(c["cities"]), c["salaryStyle"])
        for code, c in data["countries"].items()
    }
    unknown = {c[3] for c in countries.values()} - styles.keys()
    if unknown:
        raise ValueError(f"{DATA_FILE.name}: no salary style {', '.join(sorted(unknown))}")
    return countries, styles, tuple(Occupation.from_json(o) for o in data["occupations"])


# country: (currency, pay factor against the US, cities, how salaries are written there)
COUNTRIES, PAY_STYLES, OCCUPATIONS = _load()

COUNTS = {"backend": 24, "frontend": 18, "datasci": 18, "data": 16, "nursing": 18}
DEFAULT_COUNT = 14
WINDOW_DAYS = 84  # twelve weeks of postings

COUNTRY_NAMES = {
    "US": "United States", "GB": "United Kingdom", "DE": "Germany", "NL": "Netherlands",
    "FR": "France", "ES": "Spain", "IE": "Ireland", "CA": "Canada", "AU": "Australia",
    "IN": "India", "SG": "Singapore", "CH": "Switzerland", "SE": "Sweden", "PL": "Poland",
    "BR": "Brazil", "AE": "United Arab Emirates", "MX": "Mexico",
}  # fmt: skip

EMPLOYER_BLURBS = {
    "Northwind Labs": "Northwind Labs builds scheduling software used by 40,000 small businesses.",
    "Parcelly": "Parcelly runs same-day delivery for independent shops in twelve cities.",
    "Ledgerline": "Ledgerline makes accounting and payroll software for growing companies.",
    "Brightpath Health": "Brightpath Health connects patients with clinics for virtual and "
    "in-person care.",
    "Tessellate": "Tessellate provides developer infrastructure for data-heavy applications.",
    "Fernhill Software": "Fernhill Software builds tools for insurance brokers.",
    "Quayside Payments": "Quayside Payments processes card and bank payments for online stores.",
    "Orbitly": "Orbitly helps retailers forecast demand with machine learning.",
    "Canvasly": "Canvasly is a collaborative whiteboard used by product teams worldwide.",
    "Pixelpine": "Pixelpine is a design studio building digital products for clients.",
    "Roamwise Travel": "Roamwise Travel is a booking platform for independent travellers.",
    "Helio Learning": "Helio Learning makes online courses for adult learners.",
    "Fitloop": "Fitloop is a fitness app with personalised training plans.",
    "Harbor & Vine Retail": "Harbor & Vine Retail runs 120 home-goods stores and a growing "
    "online shop.",
    "Greenfield Energy": "Greenfield Energy builds and operates solar and wind farms.",
    "Cloudberry Hosting": "Cloudberry Hosting runs managed cloud hosting for 8,000 customers.",
    "Sentinel Mutual": "Sentinel Mutual is a member-owned insurer founded in 1921.",
    "Meridian Logistics": "Meridian Logistics moves freight across road, rail and sea.",
    "St. Aldric Hospital Group": "St. Aldric Hospital Group runs five acute-care hospitals.",
    "Crestview Schools Trust": "Crestview Schools Trust is a group of nine primary and "
    "secondary schools.",
    "Brightwater Medical Center": "Brightwater Medical Center is a 450-bed teaching hospital.",
    "Northshore Community Health": "Northshore Community Health provides hospital and "
    "community care for a region of 300,000 people.",
    "Lakeside Children's Hospital": "Lakeside Children's Hospital is a specialist paediatric "
    "hospital.",
    "Maple Grove Academy": "Maple Grove Academy is an independent day school for ages 4 to 18.",
    "International School of the Gulf": "The International School of the Gulf teaches a "
    "British curriculum to 1,400 pupils.",
    "Lingua Bridge Language Centres": "Lingua Bridge runs language schools for adults and "
    "teenagers.",
    "Albright & Cole LLP": "Albright & Cole LLP is a mid-sized commercial law firm.",
    "Ironbridge Building Services": "Ironbridge Building Services maintains offices, schools "
    "and hospitals.",
    "Summit Facilities": "Summit Facilities manages commercial property portfolios.",
    "Olive & Ember Restaurant Group": "Olive & Ember runs six neighbourhood restaurants.",
    "The Copper Kettle": "The Copper Kettle is a busy bistro and bakery.",
    "Harbourview Hotels": "Harbourview Hotels operates boutique hotels with award-winning "
    "restaurants.",
    "Wellmark Pharmacies": "Wellmark Pharmacies runs community pharmacies and clinics.",
}

_HEADINGS = {
    "duties": ("What you'll do", "Responsibilities", "Your role", "In this role you will"),
    "req": ("Requirements", "What you'll need", "About you", "Qualifications",
            "What we're looking for"),
    "nice": ("Nice to have", "Bonus points", "Preferred qualifications",
             "It's a plus if you have"),
    "benefits": ("Benefits", "What we offer", "Perks"),
}  # fmt: skip
_BENEFITS = (
    "Health, dental and vision cover",
    "25 days of paid holiday plus public holidays",
    "A yearly learning budget",
    "Flexible working hours",
    "Pension or retirement plan with employer matching",
    "Paid parental leave",
    "Home office setup allowance",
    "Employee assistance programme",
    "Cycle-to-work scheme",
    "Staff meals on shift",
)
_LEVEL_PAY = {"intern": ("junior", 0.6), "junior": ("junior", 1.0), "mid": ("mid", 1.0),
              "senior": ("senior", 1.0), "lead": ("lead", 1.0), "principal": ("lead", 1.2),
              "executive": ("lead", 1.5)}  # fmt: skip


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _fill(text: str, stack: tuple[str, str, str]) -> str:
    a, b, c = stack
    return text.replace("{a}", a).replace("{b}", b).replace("{c}", c)


def _round(value: float, step: float) -> float:
    return max(step, round(value / step) * step)


def _indian(n: int) -> str:
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups) + "," + tail


def _pay_text(style: str, salary: Salary, rng: random.Random) -> str:
    lo, hi = salary.min or 0.0, salary.max or 0.0
    if salary.period == "hour":
        sym = {"USD": "$", "CAD": "C$", "AUD": "A$", "GBP": "£", "EUR": "€"}.get(
            salary.currency, salary.currency + " "
        )
        if rng.random() < 0.5:
            return f"{sym}{lo:.2f} – {sym}{hi:.2f} per hour"
        return f"{sym}{lo:g}–{sym}{hi:g}/hr"
    return PAY_STYLES[style].text(lo, hi, rng)


def _salary(occ: Occupation, level: str, country: str, rng: random.Random) -> Salary:
    currency, factor, _cities, style = COUNTRIES[country]
    band, mult = _LEVEL_PAY[level]
    usd = occ.pay[band] * mult * factor * (0.92 + 0.16 * rng.random())
    local = usd * UNITS_PER_USD[currency]
    if occ.hourly and country in ("US", "CA", "AU"):
        hourly = local / 2080
        return Salary(_round(hourly * 0.92, 0.5), _round(hourly * 1.1, 0.5), currency, "hour")
    if PAY_STYLES[style].period == "month":
        monthly = local / 12
        step = 500.0 if monthly < 50_000 else 1000.0
        return Salary(_round(monthly * 0.9, step), _round(monthly * 1.12, step), currency, "month")
    step = 100_000.0 if currency == "INR" else 1000.0
    if style == "us" or style == "au":
        step = 5000.0
    return Salary(_round(local * 0.9, step), _round(local * 1.12, step), currency, "year")


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _compose(occ: Occupation, i: int, now_iso: str) -> RawPosting:
    rng = random.Random(f"{occ.key}-{i}")
    title_t, level, years = occ.roles[i % len(occ.roles)]
    stack = occ.stacks[rng.randrange(len(occ.stacks))]
    country = occ.countries[rng.randrange(len(occ.countries))]
    _currency, _factor, cities, style = COUNTRIES[country]
    city = cities[rng.randrange(len(cities))]
    employer = occ.employers[rng.randrange(len(occ.employers))]
    title = _fill(title_t, stack)

    roll = rng.random()
    if roll < occ.remote_share:
        remote, location = "yes", f"Remote - {COUNTRY_NAMES[country]}"
    elif roll < occ.remote_share * 1.8:
        remote, location = "hybrid", f"{city} (Hybrid)"
    else:
        remote, location = "no", city

    duties = [_fill(d, stack) for d in rng.sample(occ.duties, k=min(5, len(occ.duties)))]
    reqs = [_fill(r, stack) for r in rng.sample(occ.requirements, k=min(5, len(occ.requirements)))]
    reqs = [r for r in reqs if r.strip()]
    if years > 0:
        what = (
            occ.family.lower() if occ.family != "Software Engineering" else "software development"
        )
        reqs.insert(0, f"{years}+ years of experience in {what} or a related role")
    nice = [_fill(n, stack) for n in rng.sample(occ.nice, k=min(2, len(occ.nice)))]
    nice = [n for n in nice if n.strip() and not n.endswith("with ")]
    benefits = rng.sample(_BENEFITS, k=3)

    salary = _salary(occ, level, country, rng)
    mode = rng.random()
    structured = salary if mode < 0.4 else None
    pay_line = ""
    if 0.4 <= mode < 0.78:
        note = occ.extras.get("pay_note")
        pay_line = f"Salary: {_pay_text(style, salary, rng)}" + (f", {note}" if note else "")

    heads = {k: v[rng.randrange(len(v))] for k, v in _HEADINGS.items()}
    parts = [
        f"<p>{html.escape(EMPLOYER_BLURBS.get(employer, employer))}</p>",
        f"<p>{html.escape(occ.intro[rng.randrange(len(occ.intro))])}</p>",
        f"<h3>{html.escape(heads['duties'])}</h3>",
        _ul(duties),
        f"<h3>{html.escape(heads['req'])}</h3>",
        _ul(reqs),
    ]
    if nice:
        parts += [f"<h3>{html.escape(heads['nice'])}</h3>", _ul(nice)]
    parts += [f"<h3>{html.escape(heads['benefits'])}</h3>", _ul(benefits)]
    if pay_line:
        parts.append(f"<p>{html.escape(pay_line)}</p>")

    employment = "Full-time"
    r2 = rng.random()
    if occ.key in ("nursing", "hospitality", "pharmacy", "support") and r2 < 0.18:
        employment = "Part-time"
    elif occ.family in ("Software Engineering", "Data & Analytics") and r2 < 0.08:
        employment = "Contract"
    elif level == "intern":
        employment = "Apprenticeship"

    # Newer postings skew to growing fields, so the market view shows real trends.
    growing = occ.key in ("datasci", "devops", "security", "nursing")
    shrinking = occ.key in ("qa", "itsupport")
    u = rng.random()
    frac = u**1.6 if growing else (u**0.6 if shrinking else u)
    days_ago = int(frac * (WINDOW_DAYS - 1))
    posted = iso(parse_iso(now_iso) - timedelta(days=days_ago, hours=rng.randrange(0, 24)))

    source_id = f"{occ.key}-{i:03d}"
    return RawPosting(
        source="demo",
        source_id=source_id,
        title=title,
        company=employer,
        location=location,
        description_html="".join(parts),
        remote=remote,
        employment_type=employment,
        salary=structured,
        url=f"https://jobs.example.org/{_slug(employer)}/{source_id}",
        posted_date=posted,
        department=occ.department,
        country=country,
        board="demo:catalog",
        demo=True,
    )


def demo_postings(now: str | None = None) -> list[RawPosting]:
    """Every demo posting, dated relative to `now` (default: the current time)."""
    return list(_postings(now or iso(utcnow().replace(minute=0, second=0, microsecond=0))))


@lru_cache(maxsize=4)
def _postings(now_iso: str) -> tuple[RawPosting, ...]:
    out: list[RawPosting] = []
    for occ in OCCUPATIONS:
        for i in range(COUNTS.get(occ.key, DEFAULT_COUNT)):
            out.append(_compose(occ, i, now_iso))
    return tuple(out)
