"""Structured facts out of resume text: contact details, dated work entries, education."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from core.months import month_number
from core.resume.analysis import Contact
from core.resume.sections import SplitResume, heading_section

# ---- dates -----------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|"
    r"winter)"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DATE = re.compile(
    rf"(?P<mon>{_MONTH})\.?,?\s*(?:'(?P<yy>\d\d)|(?P<y1>{_YEAR}))"
    rf"|(?P<mm>0?[1-9]|1[0-2])\s*[/.]\s*(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})\s*[/-]\s*(?P<mm3>0[1-9]|1[0-2])(?!\d)"
    rf"|(?<![\d$€£.,])(?P<y4>{_YEAR})(?![\d%])",
    re.IGNORECASE,
)
_PRESENT = re.compile(
    r"\b(?:present|current(?:ly)?|now|today|to date|ongoing|till date)\b", re.IGNORECASE
)
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|~|to|until|till|through|thru|→)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int | None  # None when only the year is written

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def index(self, *, end: bool) -> int:
        """Months since year 0; a bare year counts from January, or to December as an end."""
        month = self.month or (12 if end else 1)
        return self.year * 12 + month - 1


@dataclass
class DateRange:
    start: YearMonth | None
    end: YearMonth | None
    current: bool
    span: tuple[int, int]  # character offsets in the line

    def months(self, today: date) -> int:
        if self.start is None:
            return 0
        end = self.end_index(today)
        return max(0, end - self.start.index(end=False) + 1)

    def end_index(self, today: date) -> int:
        if self.current or self.end is None:
            return today.year * 12 + today.month - 1
        return self.end.index(end=True)


def _date_tokens(line: str) -> list[tuple[int, int, YearMonth | None]]:
    tokens: list[tuple[int, int, YearMonth | None]] = []
    for m in _DATE.finditer(line):
        if m.group("mon"):
            word = m.group("mon").lower()
            mon = month_number(word)
            assert mon is not None  # the pattern matches month and season names only
            if m.group("yy"):
                year = 2000 + int(m.group("yy"))
                if year > date.today().year + 1:
                    year -= 100
            else:
                year = int(m.group("y1"))
            tokens.append((m.start(), m.end(), YearMonth(year, mon)))
        elif m.group("y2"):
            tokens.append((m.start(), m.end(), YearMonth(int(m.group("y2")), int(m.group("mm")))))
        elif m.group("y3"):
            tokens.append((m.start(), m.end(), YearMonth(int(m.group("y3")), int(m.group("mm3")))))
        else:
            tokens.append((m.start(), m.end(), YearMonth(int(m.group("y4")), None)))
    for m in _PRESENT.finditer(line):
        tokens.append((m.start(), m.end(), None))
    tokens.sort(key=lambda t: t[0])
    return tokens


def find_date_range(line: str) -> DateRange | None:
    """The first "start – end" range in a line, or a lone date standing for both ends."""
    tokens = _date_tokens(line)
    for a, b in itertools.pairwise(tokens):
        if a[2] is not None and _RANGE_JOIN.match(line[a[1] : b[0]]):
            current = b[2] is None
            return DateRange(a[2], b[2], current, (a[0], b[1]))
    dated = [t for t in tokens if t[2] is not None and _standalone(line, t)]
    if len(dated) == 1 and len(line.strip()) < 90:
        a = dated[0]
        # "Since 2020" / "2020 – " (open range) mean current.
        tail = line[a[1] :].strip()
        if tail[:1] in ("-", "–", "—") and not tail[1:].strip():
            return DateRange(a[2], None, True, (a[0], len(line)))
        return DateRange(a[2], a[2], False, (a[0], a[1]))
    return None


def _standalone(line: str, token: tuple[int, int, YearMonth | None]) -> bool:
    """A bare year counts as a date only where a date would sit: at the end of the line or
    before a separator ("2019 | Acme"), not inside a sentence ("served 2000 customers")."""
    ym = token[2]
    if ym is None or ym.month is not None:
        return True
    after = line[token[1] :].lstrip()
    return not after or after[0] in ")|,;–—-/·•"


def has_date(line: str) -> bool:
    tokens = _date_tokens(line)
    if any(t[2] is not None and _standalone(line, t) for t in tokens):
        return True
    return find_date_range(line) is not None


# ---- contact ---------------------------------------------------------------------------------

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s,;|<>()\"']+"
    r"|(?<![\w@./])(?:[a-z0-9-]+\.)?(?:linkedin\.com|github\.com|gitlab\.com|behance\.net|"
    r"dribbble\.com|medium\.com|stackoverflow\.com|kaggle\.com|x\.com|twitter\.com)"
    r"/[^\s,;|<>()\"']+",
    re.IGNORECASE,
)
_US_STATES = frozenset(
    re.findall(
        r"[A-Z]{2}",
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
        "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR",
    )
)
_CA_PROVINCES = frozenset(re.findall(r"[A-Z]{2}", "AB BC MB NB NL NS NT NU ON PE QC SK YT"))
_COUNTRY_NAMES = frozenset(
    """united states|usa|united kingdom|uk|england|scotland|wales|ireland|canada|australia|
    new zealand|germany|france|spain|portugal|italy|netherlands|belgium|switzerland|austria|
    sweden|norway|denmark|finland|poland|czech republic|czechia|hungary|romania|greece|turkey|
    india|pakistan|bangladesh|sri lanka|nepal|china|japan|south korea|singapore|malaysia|
    indonesia|philippines|vietnam|thailand|mexico|brazil|argentina|chile|colombia|peru|nigeria|
    kenya|ghana|south africa|egypt|morocco|israel|uae|united arab emirates|saudi arabia|qatar|
    ukraine|estonia|latvia|lithuania|luxembourg|iceland""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
_CITY = r"[A-Z][A-Za-zÀ-ÿ.'-]+(?:[ -][A-Z][A-Za-zÀ-ÿ.'-]+){0,3}"
_LOCATION = re.compile(
    rf"(?P<city>{_CITY}),\s*(?P<region>[A-Z]{{2}}|[A-Z][A-Za-z]+(?: [A-Z][a-z]+){{0,2}})\b"
)
_REMOTE = re.compile(r"\b(?:remote|hybrid)\b", re.IGNORECASE)


def is_location(text: str) -> bool:
    text = text.strip().strip(".")
    if not text:
        return False
    if _REMOTE.fullmatch(text):
        return True
    if text.lower() in _COUNTRY_NAMES:
        return True
    m = _LOCATION.fullmatch(text)
    if not m:
        return False
    region = m.group("region")
    return region in _US_STATES or region in _CA_PROVINCES or region.lower() in _COUNTRY_NAMES


def find_location(text: str) -> str | None:
    for m in _LOCATION.finditer(text):
        candidate = m.group(0)
        # "Davis, CA" inside "University of California, Davis" is not where someone lives.
        if is_location(candidate):
            return candidate
    return None


def find_phone(text: str) -> str | None:
    for m in _PHONE.finditer(text):
        raw = m.group(0).strip()
        digits = re.sub(r"\D", "", raw)
        if not 9 <= len(digits) <= 15:
            continue
        if re.fullmatch(rf"{_YEAR}\s*[-–]\s*{_YEAR}", raw):
            continue
        if re.search(r"\d{4}\s*[-–/]\s*\d{4}$", raw) and has_date(raw):
            continue
        return raw
    return None


def find_links(text: str, extra: list[str]) -> list[str]:
    out: list[str] = []
    for url in [*(m.group(0) for m in _URL.finditer(text)), *extra]:
        url = url.strip().rstrip(".,;:)")
        low = url.lower()
        if low.startswith(("mailto:", "tel:")) or "@" in url.split("/")[0]:
            continue
        key = re.sub(r"^https?://(www\.)?|^www\.", "", low).rstrip("/")
        if key and all(
            re.sub(r"^https?://(www\.)?|^www\.", "", o.lower()).rstrip("/") != key for o in out
        ):
            out.append(url)
    return out[:10]


_NAME_WORD = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.-]*$")


def find_name(lines: list[str]) -> str | None:
    for raw in lines[:8]:
        line = raw.strip().strip("•").strip()
        if not line or heading_section(line) is not None:
            continue
        candidate = re.split(r"\s*[,|–—]\s*|\s{3,}", line)[0].strip()
        words = candidate.split()
        if not 2 <= len(words) <= 4:
            continue
        if any(not _NAME_WORD.match(w) for w in words):
            continue
        if EMAIL.search(candidate) or any(ch.isdigit() for ch in candidate):
            continue
        if not all(w[0].isupper() for w in words if len(w) > 2 or w[0].isalpha()):
            continue
        if candidate.isupper():
            candidate = " ".join(w.capitalize() if len(w) > 1 else w for w in words)
        return candidate
    return None


def find_contact(split: SplitResume, text: str, extracted_links: list[str]) -> Contact:
    header = "\n".join(split.header)
    top = "\n".join(text.split("\n")[:25])
    email = EMAIL.search(header) or EMAIL.search(text)
    phone = find_phone(header) or find_phone(top)
    location = find_location(header) or find_location(top)
    name = find_name(split.header) or find_name(text.split("\n"))
    links = find_links(text, extracted_links)
    return Contact(
        name=name,
        email=email.group(0) if email else None,
        phone=phone,
        location=location,
        links=links,
    )


# ---- experience ------------------------------------------------------------------------------

_TITLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|architect|manager|director|head|lead|chief|officer|"
    r"president|vp|ceo|cto|cfo|coo|founder|co-founder|owner|partner|principal|consultant|"
    r"analyst|scientist|researcher|specialist|coordinator|administrator|assistant|associate|"
    r"representative|rep|executive|agent|advisor|adviser|counsel|counselor|counsellor|"
    r"attorney|lawyer|paralegal|accountant|auditor|bookkeeper|controller|clerk|cashier|"
    r"teller|teacher|tutor|instructor|professor|lecturer|educator|aide|paraprofessional|"
    r"principal|nurse|rn|lpn|cna|physician|doctor|therapist|pharmacist|technician|tech|"
    r"technologist|assistant|medic|paramedic|emt|caregiver|designer|artist|writer|editor|"
    r"producer|photographer|marketer|strategist|recruiter|generalist|buyer|planner|"
    r"supervisor|foreman|superintendent|operator|driver|mechanic|electrician|plumber|"
    r"carpenter|welder|machinist|installer|inspector|chef|cook|baker|server|bartender|"
    r"barista|host|hostess|housekeeper|janitor|custodian|associate|worker|laborer|"
    r"labourer|handler|picker|packer|intern|internship|trainee|apprentice|volunteer|fellow|"
    r"student|coach|trainer|receptionist|secretary|dispatcher|courier|merchandiser|"
    r"stocker|guard|officer|sergeant|soldier|pilot|attendant|steward|stewardess|"
    r"sales|salesperson|estimator|surveyor|draftsman|drafter|scrum master|product owner)s?\b",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(inc|llc|ltd|limited|corp|corporation|co|company|gmbh|ag|se|sa|plc|llp|lp|bv|oy|ab|"
    r"group|holdings|partners|hospital|medical center|health|healthcare|clinic|university|"
    r"college|school|academy|institute|district|bank|systems|technologies|technology|labs|"
    r"studio|studios|agency|foundation|association|council|department|ministry|agency|"
    r"services|solutions|consulting|center|centre|fulfillment|restaurant|hotel|store|"
    r"stores|market|pharmacy|church|government|county|city of|state of|army|navy|air force)\b",
    re.IGNORECASE,
)
_SPLIT_PARTS = re.compile(r"\s+[|•·—–]\s+|\s+-\s+|\s{3,}|\t|\s+@\s+|\s+at\s+(?=[A-Z])")


@dataclass
class ExperienceEntry:
    title: str | None
    company: str | None
    location: str | None
    dates: DateRange | None
    bullets: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    def to_dict(self, today: date) -> dict[str, object]:
        d = self.dates
        return {
            "title": self.title,
            "company": self.company,
            "location": self.location,
            "start": d.start.iso() if d and d.start else None,
            "end": "present" if d and d.current else (d.end.iso() if d and d.end else None),
            "current": bool(d and d.current),
            "months": d.months(today) if d else None,
            "bullets": self.bullets,
        }

    @property
    def label(self) -> str:
        return self.company or self.title or "an entry"


def _is_bullet(line: str) -> bool:
    return line.startswith("• ")


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Rejoin bullets that a PDF wrapped onto several lines.

    A plain line right after a bullet continues it, unless it carries a date or a date
    follows within two lines (then it is the header of the next entry).
    """
    out: list[str] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        if out and line and not _is_bullet(line) and _is_bullet(out[-1]):
            ahead = [ln.strip() for ln in lines[i + 1 : i + 3]]
            header_like = has_date(line) or any(has_date(a) for a in _until_bullet(ahead))
            if not header_like and heading_section(line) is None:
                out[-1] = f"{out[-1]} {line}"
                continue
        out.append(line)
    return out


def _until_bullet(lines: list[str]) -> list[str]:
    out = []
    for ln in lines:
        if not ln or _is_bullet(ln):
            break
        out.append(ln)
    return out


def parse_experience(lines: list[str]) -> list[ExperienceEntry]:
    lines = join_wrapped_lines(lines)
    entries: list[ExperienceEntry] = []
    current: ExperienceEntry | None = None
    for i, line in enumerate(lines):
        if not line:
            continue
        if _is_bullet(line):
            if current is None:
                current = ExperienceEntry(None, None, None, None)
                entries.append(current)
            current.bullets.append(line[2:].strip())
            continue
        starts_entry = current is None or (
            bool(current.bullets)
            and (
                has_date(line)
                or any(has_date(a) for a in _until_bullet(lines[i + 1 : i + 3]))
                or (len(line) < 70 and not line.endswith(".") and bool(_TITLE_WORDS.search(line)))
            )
        )
        if current is not None and not starts_entry and current.bullets:
            current.bullets.append(line)  # a description paragraph instead of bullets
            continue
        if starts_entry or current is None:
            current = ExperienceEntry(None, None, None, None)
            entries.append(current)
        if len(current.header) >= 4:
            current.bullets.append(line)
        else:
            current.header.append(line)
    for entry in entries:
        _fill_header(entry)
    return [e for e in entries if e.title or e.company or e.bullets]


def _fill_header(entry: ExperienceEntry) -> None:
    parts: list[str] = []
    for line in entry.header:
        rng = find_date_range(line)
        if rng is not None and entry.dates is None:
            entry.dates = rng
            line = (line[: rng.span[0]] + " | " + line[rng.span[1] :]).strip(" |,-–—()")
        line = re.sub(r"\(\s*\)", "", line).strip(" |,-–—")
        for part in _SPLIT_PARTS.split(line):
            part = part.strip(" |,-–—")
            if part:
                parts.extend(_peel_location(part, entry))
    if not parts:
        return
    titles = [p for p in parts if _TITLE_WORDS.search(p) and not _ORG_WORDS.search(p)]
    orgs = [p for p in parts if _ORG_WORDS.search(p)]
    title = titles[0] if titles else None
    company = next((p for p in orgs if p != title), None)
    rest = [p for p in parts if p not in (title, company)]
    if title is None and rest:
        title = rest.pop(0) if len(parts) > 1 or _TITLE_WORDS.search(rest[0]) else None
    if company is None and rest:
        company = rest.pop(0)
    if title is None and company is None and parts:
        title = parts[0]
    entry.title = title
    entry.company = company


def _peel_location(part: str, entry: ExperienceEntry) -> list[str]:
    """Split "Acme Corp, Berlin, Germany" into ["Acme Corp"] and a location."""
    if is_location(part):
        entry.location = entry.location or part
        return []
    pieces = [p.strip() for p in part.split(",")]
    for k in range(1, len(pieces)):
        tail = ", ".join(pieces[k:])
        if is_location(tail):
            entry.location = entry.location or tail
            return [", ".join(pieces[:k])]
    return [part]


def years_of_experience(entries: list[ExperienceEntry], today: date) -> float:
    """Sum of non-overlapping dated work periods, in years with one decimal."""
    spans = sorted(
        (e.dates.start.index(end=False), e.dates.end_index(today))
        for e in entries
        if e.dates is not None and e.dates.start is not None
    )
    total = 0
    cur_start: int | None = None
    cur_end = -1
    for start, end in spans:
        if end < start:
            continue
        if cur_start is None or start > cur_end + 1:
            if cur_start is not None:
                total += cur_end - cur_start + 1
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    if cur_start is not None:
        total += cur_end - cur_start + 1
    return round(total / 12, 1)


# ---- education -------------------------------------------------------------------------------

_DEGREE = re.compile(
    r"\b(?:ph\.?\s?d\.?|doctor(?:ate)?(?: of [A-Z][A-Za-z ]+?)?|d\.?n\.?p\.?|pharm\.?\s?d\.?|"
    r"m\.?d\.?(?=\s|,|$)|j\.?d\.?(?=\s|,|$)|ed\.?d\.?|dpt|dds|dvm|psy\.?d\.?|"
    r"master(?:'?s)?(?: of| in| degree)?(?: [A-Z][A-Za-z]+)*|m\.?b\.?a\.?|m\.\s?s\.?c?\.?|"
    r"msc|m\.?eng\.?|m\.?ed\.?|msn|mph|mfa|msw|mpa|mat\b|m\.a\.|ma(?= in )|ms(?= in )|"
    r"bachelor(?:'?s)?(?: of| in| degree)?(?: [A-Z][A-Za-z]+)*|b\.\s?s\.?c?\.?|bsc|b\.?eng\.?|"
    r"bsn|b\.?ed\.?|bba|b\.a\.|ba(?= in | \(| of )|bs(?= in )|b\.?tech|"
    r"associate(?:'?s)?(?: of| in| degree)(?: [A-Z][A-Za-z]+)*|a\.a\.s?\.?|adn|"
    r"high school diploma|high school|ged|diploma|certificate|hnd|btec|a-levels?|gcses?|"
    r"llb|llm|ll\.b\.|ll\.m\.)",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"\b(university|universidad|universität|université|college|institute|school|academy|"
    r"polytechnic|conservatory|seminary|hochschule|école|ecole)\b",
    re.IGNORECASE,
)


@dataclass
class EducationEntry:
    degree: str | None = None
    field: str | None = None
    institution: str | None = None
    dates: DateRange | None = None

    def to_dict(self) -> dict[str, object]:
        d = self.dates
        return {
            "degree": self.degree,
            "field": self.field,
            "institution": self.institution,
            "start": d.start.iso() if d and d.start and d.start != d.end else None,
            "end": "present" if d and d.current else (d.end.iso() if d and d.end else None),
        }


def parse_education(lines: list[str]) -> list[EducationEntry]:
    entries: list[EducationEntry] = []
    cur: EducationEntry | None = None
    for raw in lines:
        line = raw.strip().lstrip("• ").strip()
        if not line:
            continue
        rng = find_date_range(line)
        rest = line
        if rng is not None:
            rest = (line[: rng.span[0]] + " | " + line[rng.span[1] :]).strip(" |,-–—()")
        parts = [p.strip(" |,-–—") for p in _SPLIT_PARTS.split(rest) if p.strip(" |,-–—")]
        for part in parts or [""]:
            degree_match = _DEGREE.search(part) if part else None
            inst_match = _INSTITUTION.search(part) if part else None
            if degree_match and inst_match and degree_match.start() > 0:
                degree_match = None  # "Westland High School" names a school, not a degree
            if degree_match and (not inst_match or degree_match.start() < inst_match.start()):
                if cur is None or cur.degree is not None:
                    cur = EducationEntry()
                    entries.append(cur)
                degree, field_ = _split_degree(part)
                cur.degree, cur.field = degree, field_
                if inst_match and "," in part:
                    tail = part.split(",", 1)[1].strip()
                    if _INSTITUTION.search(tail):
                        cur.institution = tail
            elif inst_match:
                if cur is None or cur.institution is not None:
                    cur = EducationEntry()
                    entries.append(cur)
                cur.institution = _strip_location(part)
        if rng is not None:
            if cur is None:
                cur = EducationEntry()
                entries.append(cur)
            if cur.dates is None:
                cur.dates = rng
    return [e for e in entries if e.degree or e.institution]


def _split_degree(part: str) -> tuple[str, str | None]:
    short = re.match(
        r"(?i)(m\.?\s?sc?\.?|b\.?\s?sc?\.?|b\.?a\.?|m\.?a\.?|mba|msc|bsc|ph\.?\s?d\.?|"
        r"b\.?eng\.?|m\.?eng\.?|bba|bsn|msn|mph)\s+(?!in\b|of\b)([A-Z][\w&' -]+?)\s*(?:,|$)",
        part.strip(),
    )
    if short:
        return short.group(1).strip(), short.group(2).strip(" ,")
    m = re.search(r"\s+(?:in|of)\s+(.+)$", part)
    paren = re.search(r"\(([^)]+)\)", part)
    if m and not part.lower().startswith(("master of", "bachelor of", "doctor of")):
        return part[: m.start()].strip(" ,"), m.group(1).strip(" ,")
    if m and re.match(r"(?i)(master|bachelor|doctor) of (science|arts)\s+in\s+", part):
        inner = re.search(r"\s+in\s+(.+)$", part)
        if inner:
            return part[: inner.start()].strip(" ,"), inner.group(1).strip(" ,")
    if paren and m is None:
        return part.strip(), None
    pieces = part.split(",", 1)
    if len(pieces) == 2 and not _INSTITUTION.search(pieces[1]):
        return pieces[0].strip(), pieces[1].strip() or None
    return part.strip(), None


def _strip_location(part: str) -> str:
    pieces = [p.strip() for p in part.split(",")]
    for k in range(1, len(pieces)):
        if is_location(", ".join(pieces[k:])):
            return ", ".join(pieces[:k])
    return part.strip()
