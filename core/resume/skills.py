"""The skills a resume shows its owner has, each with the line that shows it.

A vocabulary hit is a skill of the person only where its context says they used it: a skills,
tools or certifications section, a bullet or line of their own work, a project, their
headline. The same word elsewhere is no evidence: the employer's name or industry on a job's
header line, an "about the company" line, a course list, a degree subject, hobbies, what a
colleague or another team does, what is being learned or planned, what a product sold or a
client served was about. Terms with another common sense ("Java", "Docker", "PLC") need a
neighbour from their own field on the line, or a resume whose other skills are largely from
that field. Industries ("Insurance", "Retail") count only where the person names them as a
skill, and languages only where they are listed or spoken.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from core.resume.parse import _DEGREE, _INSTITUTION, has_date
from core.resume.sections import heading_section
from core.skills.context import (
    blocked_spans,
    domain_of,
    is_industry,
    is_language,
    needs_support,
    plural_role,
    usage_rules,
)
from core.skills.taxonomy import Taxonomy, category, get_taxonomy

# Sections whose lines name skills the person has.
_SKILL_SECTIONS = frozenset({"Skills", "Certifications", "Languages"})
# Sections of work done: entries with header lines, descriptions and bullets.
_WORK_SECTIONS = frozenset({"Experience", "Projects", "Volunteering"})
# Sections whose lines are no evidence (course lists, hobbies, referees, associations).
_SILENT_SECTIONS = frozenset(
    {"Interests", "References", "Memberships", "Coursework", "Publications"}
)
# A list of one's publications shows the writing, whatever the papers are about.
_PUBLISHING = "Scientific Writing"
# Where naming an industry means working in it ("13 years in big-box retail").
_NAMED_SECTIONS = frozenset({"Skills", "Summary"})
# Where an adjective describes the person ("Dependable LPN", "Organized, friendly assistant").
_PROFILE_SECTIONS = frozenset({"Skills", "Summary"})


@dataclass(frozen=True)
class SkillEvidence:
    """A skill of the person (canonical name) and one line of the resume that shows it."""

    name: str
    evidence: str
    section: str  # where that line sits: "Skills", "Experience", "Headline", ...


@dataclass
class _Line:
    no: int
    text: str
    section: str
    role: str = "text"  # "text", "list", "entry", "description", "contact", "name", "silent"


@dataclass
class _Hit:
    name: str
    line: _Line
    weak: bool  # an ambiguous term: kept only with support from its field
    acronym: bool
    as_tool: bool = False  # "charting in Epic", "built with Docker": a product named as one


def resume_skills(
    text: str, *, exclude: list[str | None] | None = None, taxonomy: Taxonomy | None = None
) -> list[SkillEvidence]:
    """The person's skills in order of first evidence, with the best line for each.

    `exclude` names words that are never skills here (the person's name, their employers).
    """
    tax = taxonomy or get_taxonomy()
    lines = _classify(text)
    blocked = _blocked_names(exclude or [])
    hits: list[_Hit] = []
    rules = usage_rules()
    for group in _logical(lines):
        if group[0].role in ("silent", "contact", "name", "description"):
            continue
        joined, offsets = _join(group)
        masked = _mask(joined, group[0], blocked)
        if not masked.strip():
            continue
        entry = group[0].role == "entry"
        scopes = {"title"} if entry else {"any"}
        if group[0].section == "Headline":
            scopes |= {"title", "profile"}
        elif group[0].section in _PROFILE_SECTIONS:
            scopes.add("profile")
        for rule in rules:
            if rule.scope not in scopes:
                continue
            found = rule.pattern.search(masked)
            if found is not None and not _compound_tail(masked, found.start()):
                line = group[_which(offsets, found.start())]
                hits.append(_Hit(rule.skill, line, False, False))
        previous_end = -10
        for m in tax.find(masked):
            surface = masked[m.start : m.end]
            line = group[_which(offsets, m.start)]
            if plural_role(surface):
                continue  # "hiring data scientists": other people
            if _compound_tail(masked, m.start):
                continue  # "nurse-driven", "ethers.js": the second half of another word
            if _is_acronym(surface) and _abbreviation_of_previous(masked, m.start, previous_end):
                previous_end = m.end
                continue  # "Professional Engineer (PE)": the same credential again
            previous_end = m.end
            if line.role == "degree" and category(m.canonical) != "Certifications":
                continue
            if is_industry(m.canonical) and line.section not in _NAMED_SECTIONS:
                continue
            if is_language(m.canonical) and not _spoken(line, masked):
                continue
            weak = m.contextual or needs_support(surface)
            if weak and _names_something(masked, m.end):
                continue  # "Oracle Waterfront Campus", "Swift Transportation": a name
            tool = weak and surface[:1].isupper() and bool(_TOOL_BEFORE.search(masked[: m.start]))
            hits.append(_Hit(m.canonical, line, weak, weak and _is_acronym(surface), tool))
    published = [ln for ln in lines if ln.section == "Publications" and len(ln.text) > 30]
    if published and tax.canonical(_PUBLISHING):
        hits.append(_Hit(_PUBLISHING, published[0], False, False))
    return _choose(hits)


_TOOL_BEFORE = re.compile(
    r"\b(?:in|using|with|via|through|into|on|built|wrote|written|coded|programmed|"
    r"scripted|configured|deployed)\s+$",
    re.IGNORECASE,
)


_NEXT_WORD = re.compile(r"[ \t]([A-Z][a-z]{2,})\b")
# Words that follow a product's name in its own name ("Tableau Public", "Looker Studio").
_PRODUCT_SUFFIX = frozenset({
    "public", "studio", "online", "desktop", "cloud", "pro", "server", "enterprise", "express",
    "suite", "builder", "designer", "center", "centre", "hub", "mobile", "web", "data",
    "analytics", "professional", "premium", "standard", "basic", "plus", "connect", "manager",
    "workbench", "boot", "framework", "script", "scripts", "scripting", "engine", "api", "apis",
    "sdk", "core", "platform", "services", "service", "database", "db",
})  # fmt: skip


def _compound_tail(text: str, start: int) -> bool:
    return start >= 2 and text[start - 1] in "-." and text[start - 2].isalnum()


def _names_something(text: str, end: int) -> bool:
    """A weak term followed by a capitalised word that is no skill is part of a name."""
    m = _NEXT_WORD.match(text, end)
    if m is None or m.group(1).lower() in _PRODUCT_SUFFIX:
        return False
    return get_taxonomy().canonical(m.group(1)) is None


def _is_acronym(surface: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", surface)
    return bool(letters) and letters.isupper()


def _abbreviation_of_previous(text: str, start: int, previous_end: int) -> bool:
    between = text[previous_end:start]
    return 0 <= previous_end < start and between.strip() == "("


_PROFICIENCY = re.compile(
    r"\b(?:fluent|fluency|native|mother tongue|bilingual|trilingual|conversational|"
    r"proficient|proficiency|speak|speaks|spoken|working knowledge|intermediate|advanced|"
    r"basic|beginner|elementary|limited|professional working|business level|"
    r"muttersprache|grundkenntnisse|gute kenntnisse|fließend|verhandlungssicher|nativo|"
    r"nativa|langue maternelle|courant|notions|básico|intermedio|avanzado|"
    r"[abc][12])\b",
    re.IGNORECASE,
)


def _spoken(line: _Line, text: str) -> bool:
    """A language counts where it is listed as one, or said to be spoken."""
    return line.section in ("Languages", "Skills") or bool(_PROFICIENCY.search(text))


# ---- lines and their roles --------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•▪◦●■►▸➢✓*·>]|[-–—](?=\s)|\d{1,2}[.)](?=\s))\s*")
_EMAIL_OR_URL = re.compile(r"@|https?://|www\.|linkedin\.com|github\.com|\.(?:com|org|io)\b")
_PHONE = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}|\+\d[\d\s().-]{7,}")
# "Skills: ...", "Coursework — ..." at the start of a line too long to be a heading
_INLINE_LABEL = re.compile(r"^([A-Za-zÀ-ÿ][\w &/'’-]{1,40}?)\s*(?::|\s[—–]\s)\s*(?=\S)")
_COURSE_MARK = re.compile(
    r"\b(?:relevant\s+)?(?:course\s*work|courses?|modules|classes|curriculum|subjects)\b"
    r"(?:\s*(?:included|include|incl\.?|taken|in)?\s*[:—–-]|\s+(?:included|include|taken)\b)",
    re.IGNORECASE,
)
# "Army Basic Leader Course (leadership, counseling, training management)": its syllabus
_COURSE_CONTENT = re.compile(r"\b(?:course|class|programme|program|seminar)\s*\(([^)]*)\)", re.I)
# Education lines that describe work done (a thesis, a capstone, a practicum) are experience.
_STUDY_WORK = re.compile(
    r"\b(?:project|thesis|dissertation|capstone|practicum|rotation|clinicals?|placement|"
    r"internship|research|lab work|student teaching|externship|apprenticeship|built|"
    r"designed|developed|led|taught)\b",
    re.IGNORECASE,
)
# A credential held (not a certificate programme's subject, which is education).
_CREDENTIAL = re.compile(
    r"\b(?:certification|certified|licen[cs]e|licensed|credential|registered|"
    r"endorsement|journeyman|zertifizierung|schein|certificaci[oó]n)\b",
    re.IGNORECASE,
)


def _classify(text: str) -> list[_Line]:
    out: list[_Line] = []
    section = "Headline"
    inline: str | None = None  # a "Coursework: ..." run inside another section
    seen_name = False
    for no, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if not stripped:
            inline = None
            continue
        found = heading_section(stripped)
        if found is None and len(stripped) > 60:
            label = _INLINE_LABEL.match(stripped)
            if label is not None:
                inner = heading_section(label.group(1))
                if inner is not None:
                    found = (inner[0], stripped[label.end() :])
        if found is not None:
            name, rest = found
            heading_text = re.split(r":|\s[—–]\s", stripped, maxsplit=1)[0]
            kind = _section_kind(name, heading_text)
            if rest:
                # "Skills: Excel, Word" or "Coursework: ..." governs this line and its run.
                inline = kind
                out.append(_Line(no, rest, kind, _role_in(kind)))
                continue
            section, inline = kind, None
            continue
        current = inline or section
        if inline is not None and _BULLET.match(stripped):
            inline = None
            current = section
        line = _Line(no, stripped, current, _role_in(current))
        if current == "Headline":
            if not seen_name:
                line.role, seen_name = "name", True
            elif _EMAIL_OR_URL.search(stripped) or _PHONE.search(stripped):
                line.role = "contact"
        elif current == "Education":
            if _COURSE_MARK.search(stripped) or (
                out
                and out[-1].role == "silent"
                and out[-1].section == "Education"
                and out[-1].no == no - 1
                and out[-1].text.endswith(",")
            ):
                line.role = "silent"
            elif _STUDY_WORK.search(stripped) or _CREDENTIAL.search(stripped):
                line.role = "text"
            elif _DEGREE.search(stripped) or _INSTITUTION.search(stripped):
                line.role = "degree"  # a degree's subject is no evidence; a certificate is
            else:
                line.role = "text"
        out.append(line)
    _mark_entries(out)
    return out


def _section_kind(name: str, heading: str) -> str:
    low = heading.lower()
    if name == "Training" and re.search(r"course|modul|class|curricul", low):
        return "Coursework"
    if name == "Training":
        return "Certifications"
    return name


def _role_in(section: str) -> str:
    if section in _SILENT_SECTIONS:
        return "silent"
    if section in _SKILL_SECTIONS:
        return "list"
    return "text"


_DESCRIPTION = re.compile(
    r"^\(.*\)\.?$"  # "(A dental service organisation supporting 45 practices.)"
    r"|^(?:a|an|the)\s+(?:[\w&'’-]+\s+){0,6}(?:company|firm|provider|startup|start-up|"
    r"organi[sz]ation|manufacturer|retailer|chain|agency|group|network|platform|practice|"
    r"hospital|system|distributor|carrier|operator|brand|business|consultancy|studio|"
    r"lender|bank|insurer|nonprofit|non-profit|school|district|marketplace|developer|"
    r"maker|producer|supplier|contractor|laboratory|lab)\b"
    r"|^[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}\s+(?:is|was|builds|makes|provides|"
    r"offers|serves|sells|operates|designs|develops|manufactures|runs|represents|owns)\b"
    r"|^(?:builds|makes|provides|offers|serves|sells|operates|designs|develops|"
    r"manufactures|represents|owns|specializes|specialises|supplies|distributes)\b",
    re.IGNORECASE,
)
_COMPANY_WORDS = re.compile(
    r"\b(?:employees|headquartered|founded|series [a-d]|fortune \d+|nasdaq|nyse|"
    r"portfolio companies|backed by|privately held|publicly traded)\b",
    re.IGNORECASE,
)


_DESCRIPTION_BULLET = re.compile(
    r"^\W*[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}\s+(?:is|was)\s+(?:a|an|the)\b"
)


def _mark_entries(lines: list[_Line]) -> None:
    """In work sections: entry header lines (title, employer, dates) and the "about the
    employer" line that often follows one."""
    for i, line in enumerate(lines):
        if line.section not in _WORK_SECTIONS or line.role != "text":
            continue
        if _BULLET.match(line.text) or not (has_date(line.text) and len(line.text) < 140):
            continue
        line.role = "entry"
        # Title and employer lines just above a dated line belong to the same header.
        below = line
        for k in (i - 1, i - 2):
            prev = lines[k] if k >= 0 else None
            if (
                prev is None
                or prev.section != line.section
                or prev.role != "text"
                or prev.no != below.no - 1
                or _BULLET.match(prev.text)
                or len(prev.text) >= 90
                or prev.text.endswith((".", ","))
            ):
                break
            prev.role, below = "entry", prev
    for i, line in enumerate(lines):
        if line.role != "text" or line.section not in _WORK_SECTIONS:
            continue
        if _BULLET.match(line.text):
            if _DESCRIPTION_BULLET.match(line.text):
                line.role = "description"
            continue
        prev = lines[i - 1] if i > 0 else None
        if prev is None or prev.role not in ("entry", "description"):
            continue
        if _DESCRIPTION.search(line.text) or _COMPANY_WORDS.search(line.text):
            line.role = "description"


def _logical(lines: list[_Line]) -> list[list[_Line]]:
    """Physical lines grouped into logical ones: a bullet or sentence wrapped onto the next
    lines, or a list that runs on after a comma, is read as one."""
    groups: list[list[_Line]] = []
    for line in lines:
        if groups:
            last = groups[-1][-1]
            if (
                line.no == last.no + 1
                and line.section == last.section
                and line.role == last.role
                and line.role in ("text", "list", "silent", "degree")
                and not _BULLET.match(line.text)
                and not has_date(line.text)
                and (
                    _BULLET.match(groups[-1][0].text)
                    or last.text.endswith((",", "-", "&"))
                    or line.role == "list"
                    or _wrapped_prose(last.text, line.text)
                )
            ):
                groups[-1].append(line)
                continue
        groups.append([line])
    return groups


_OPEN_END = re.compile(
    r"\b(?:a|an|the|and|or|of|for|in|to|with|on|at|by|from|into|as|my|our|their|who|that)$",
    re.IGNORECASE,
)


def _wrapped_prose(previous: str, line: str) -> bool:
    """A sentence that runs on: the previous line stops mid-sentence."""
    if previous.endswith((".", ":", "!", "?", ")")) or len(previous) < 40:
        return False
    return line[:1].islower() or bool(_OPEN_END.search(previous))


def _join(group: list[_Line]) -> tuple[str, list[int]]:
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for line in group:
        offsets.append(pos)
        parts.append(line.text)
        pos += len(line.text) + 1
    return "\n".join(parts), offsets


def _which(offsets: list[int], position: int) -> int:
    k = 0
    while k + 1 < len(offsets) and offsets[k + 1] <= position:
        k += 1
    return k


# ---- masking what is not evidence within a line -------------------------------------------------

_HOBBY = re.compile(
    r"\b(?:outside (?:of )?work|in my (?:free|spare) time|hobbies|interests|pastimes|"
    r"for fun|off the clock|when i'?m not working|in my downtime|personal interests)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
# Pastimes that mark the whole item they sit in ("Coach, Round Rock Little League").
_HOBBY_WORDS = re.compile(
    r"\b(?:my (?:son|daughter|kids?|children|nephew|niece|family)['’]?s?|little league|"
    r"church choir|choir|rec[- ]league|pickup basketball|weekends i)\b",
    re.IGNORECASE,
)
_ASPIRATION = re.compile(
    r"(?:\(|\b(?:currently|now|also|started|and|am|i'?m|been)\s+)learning\b"
    r"|\blearning\s+(?:basic|some|the basics|to)\b"
    r"|\blearning\s+[\w.+#-]+(?:\s+[\w.+#-]+)?\s+(?:through|on|via|online|at night|in my)\b"
    r"|\b(?:studying|in progress|pursuing|working towards?|currently enrolled|enrolled in|"
    r"planning to|preparing for|hope to|aspiring|would like to|seeking|exam date|"
    r"sitting for|will sit|to be completed|not yet|en curso|en cours|in ausbildung|"
    r"laufend|planned for)\b"
    r"|\b(?:level\s+\w+|exam|cfa|cpa|pmp|phd|doctoral|degree)\s+candidate\b|\bcandidate for\b"
    r"|\b(?:exam|test|nclex\S*|boards?)\s+(?:is\s+|are\s+)?(?:scheduled|planned|booked)\b"
    r"|\bscheduled\s+(?:for|to)\s+(?:sit|take|\d{4}|[a-z]+\s+\d{4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b"
    r"|\b(?:expected|anticipated)\s+(?:[a-z]+\s+)?\d{4}\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:no longer|lapsed|expired|inactive|not current|not certified|no experience|"
    r"don'?t|do not|did not|didn'?t|never|not involved|without)\b",
    re.IGNORECASE,
)
_PEOPLE = (
    r"(?:team|teams|group|department|squad|crew|crews|engineers?|techs|technicians?|staff|"
    r"directors?|managers?|colleagues|nurses?|physicians|doctors|chefs?|developers?|analysts?|"
    r"vendors?|contractors?|consultants?|partners|copywriters|designers?|specialists?|"
    r"attorneys|lawyers|agency|desk|journeym[ae]n|electricians|supervisors?|preceptors?|"
    r"mentors?|lead|coordinators?|owners?|clinicians|therapists|pharmacists|counsel|"
    r"fitters|pipefitters|trades|subs|subcontractors|foremen|inspectors|drivers|"
    r"electricians|plumbers|carpenters|welders|operators|partners|providers|vendors)"
)
# "..., who run the Kubernetes cluster" / "the platform team, which owns ..."
_OTHERS_CLAUSE = re.compile(
    rf"\b{_PEOPLE}\s*,?\s+(?:who|which|that)\s+(?!i\b)[^;.]*",
    re.IGNORECASE,
)
# A clause whose subject is someone else: "; the art directors and copywriters led ..."
_OTHER_SUBJECT = re.compile(
    rf"(?:^[^\w(]*|[;:]\s*|\.\s+)(?:the|our|their|his|her)\s+(?:[\w&/-]+\s+){{0,4}}"
    rf"{_PEOPLE}\b(?!\s+(?:of|for)\b)[^;.]*",
    re.IGNORECASE,
)
# Someone else named by their field: "with our Android team", "my sales engineer",
# "the platform team's Kubernetes cluster", "under a journeyman".
_OTHERS_NAMED = re.compile(
    rf"\b(?:(?:with|alongside|for|to|from|by|under|and|supporting|shadowed|assisted|assisting)"
    rf"\s+(?:my|our|the|their|a|an|its)|with|alongside|under|by)"
    rf"\s+((?:[\w&/+#-]+[ \t]+){{0,4}}{_PEOPLE})\b(?<!managers)(?<!manager)(?<!leads)"
    r"(?!\s+(?:pattern|patterns|system|systems|app|apps|tool|tools|role|roles|model|models))"
    r"(?:['’]s?\s+(?:[\w.+#-]+\s*){1,3})?",
    re.IGNORECASE,
)
# What was sold, recruited for or served is the market, not a skill: "Sold observability
# products", "open reqs for engineering: robotics software (C++, ROS)", "for construction
# clients", "for an online jewelry shop".
_MARKET = re.compile(
    r"\b(?:sold|sell|sells|selling|resold|recruit(?:ed|ing|s)?\s+for|hiring\s+for|"
    r"(?:open\s+)?(?:reqs|requisitions|roles|positions|openings|searches)\b[^:;.]{0,30}"
    r"(?:for|in|across|including|:)|placed|placements\s+(?:of|for|in))\b[^;.]*"
    r"|\bfor\s+(?:a|an|the|\d+|several|many|local|our)?\s*(?:[\w&'’-]+\s+){0,4}"
    r"(?:shops?|stores?|clients?|customers?|companies|company|brands?|firms?|restaurants?|"
    r"practices|businesses|startups|nonprofits|non-profits|accounts|tenants|buyers|"
    r"sellers|homeowners|owners)\b",
    re.IGNORECASE,
)
# "they build in C on ESP32": a clause about someone else
_THEY_CLAUSE = re.compile(r"(?:^|[;:,]\s*|\.\s+)(?:they|he|she)\s+\w+[^;.]*", re.IGNORECASE)
# "translate for housekeeping": the people served
_SERVED = re.compile(r"(?<=\bfor\b)[^;.]*", re.IGNORECASE)
_SERVES = re.compile(r"\b(?:translat|interpret)\w*\s+for\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s+[|•·—–→]\s+|\s+-\s+|\s{3,}|\t|\s+@\s+|\s+at\s+(?=[A-Z])|,\s*")
_LEADS = re.compile(
    r"\b(?:led|lead|leads|leading|managed|manage|manages|ran|run|built|build|founded|"
    r"started|headed|created|established|supervised|supervise|trained|train|grew|"
    r"hired|coached|mentored)\b[^;.]*$",
    re.IGNORECASE,
)


def _mask(text: str, first: _Line, blocked: re.Pattern[str] | None) -> str:
    if first.role == "entry":
        text = _title_part(text)
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for k in range(start, min(end, len(chars))):
            if chars[k] != "\n":
                chars[k] = " "

    for m in _HOBBY.finditer(text):
        blank(m.start(), m.end())
    if first.role != "list":
        for m in _OTHERS_CLAUSE.finditer(text):
            blank(m.start(), m.end())
        for m in _OTHER_SUBJECT.finditer(text):
            blank(m.start(), m.end())
        for m in _OTHERS_NAMED.finditer(text):
            if not _LEADS.search(text[: m.start()]):
                blank(m.start(), m.end())
        for m in _MARKET.finditer(text):
            blank(m.start(), m.end())
        for m in _THEY_CLAUSE.finditer(text):
            blank(m.start(), m.end())
        for m in _SERVES.finditer(text):
            served = _SERVED.match(text, m.end())
            if served is not None:
                blank(served.start(), served.end())
        for m in _COURSE_CONTENT.finditer(text):
            blank(m.start(1), m.end(1))
        for m in _COURSE_MARK.finditer(text):
            blank(m.start(), len(text))
    for start, end in _items(text):
        item = text[start:end]
        if _ASPIRATION.search(item) or _NEGATION.search(item) or _HOBBY_WORDS.search(item):
            blank(start, end)
    for start, end in blocked_spans(text):
        blank(start, end)
    if blocked is not None:
        for m in blocked.finditer(text):
            blank(m.start(), m.end())
    return "".join(chars)


def _items(text: str) -> list[tuple[int, int]]:
    """Spans of a line's items for judging plans: "PMP — studying, exam planned" is one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r";(?![^(]*\))|\.\s|\n|\s[·•|]\s|,(?=\s*[A-Z])(?![^(]*\))", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _title_part(text: str) -> str:
    """The parts of an entry header that name the role; the employer, place, dates and
    "(cybersecurity SaaS)" are blanked."""
    from core.resume.parse import _ORG_WORDS, _TITLE_WORDS

    chars = [" "] * len(text)
    plain = re.sub(r"\([^)]*\)", lambda m: " " * len(m.group(0)), text)
    pos = 0
    parts: list[tuple[int, int]] = []
    for m in _SEPARATORS.finditer(plain):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(plain)))
    titled = [
        (a, b)
        for a, b in parts
        if _TITLE_WORDS.search(plain[a:b]) and not _ORG_WORDS.search(plain[a:b])
    ]
    if not titled:
        titled = [p for p in parts[:1] if not _ORG_WORDS.search(plain[p[0] : p[1]])]
    for a, b in titled:
        chars[a:b] = plain[a:b]
    return "".join(chars)


def _blocked_names(names: list[str | None]) -> re.Pattern[str] | None:
    # A person called "Ruby Jenkins" or an employer called "Stripe" is not a skill.
    usable = sorted({n.strip() for n in names if n and len(n.strip()) > 2}, key=len, reverse=True)
    if not usable:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in usable))


# ---- deciding ----------------------------------------------------------------------------------

_SECTION_RANK = {"Skills": 0, "Certifications": 1, "Languages": 1}
# A weak hit is kept when this share of the resume's unambiguous skills is from its field.
FIELD_SHARE = 0.2
LISTED_FIELD_SHARE = 0.05


def _choose(hits: list[_Hit]) -> list[SkillEvidence]:
    """Keep strong hits, and weak ones with support; pick one evidence line per skill."""
    fields: Counter[str] = Counter()
    by_line: dict[int, set[str]] = {}
    for h in hits:
        if not h.weak:
            dom = domain_of(h.name)
            if dom:
                fields[dom] += 1
                by_line.setdefault(h.line.no, set()).add(dom)
    total = sum(fields.values()) or 1
    kept: dict[str, _Hit] = {}
    order: list[str] = []
    for h in hits:
        if h.weak and not _supported(h, fields, total, by_line):
            continue
        if h.name not in kept:
            kept[h.name] = h
            order.append(h.name)
        elif _better(h, kept[h.name]):
            kept[h.name] = h
    return [SkillEvidence(name, kept[name].line.text, kept[name].line.section) for name in order]


def _supported(h: _Hit, fields: Counter[str], total: int, by_line: dict[int, set[str]]) -> bool:
    if h.as_tool and not h.acronym:
        return True
    dom = domain_of(h.name)
    if dom is None:
        return h.line.role == "list"
    if dom in by_line.get(h.line.no, set()):
        return True
    share = fields.get(dom, 0) / total
    threshold = LISTED_FIELD_SHARE if h.line.role == "list" and h.acronym else FIELD_SHARE
    return share >= threshold


def _better(new: _Hit, old: _Hit) -> bool:
    return _SECTION_RANK.get(new.line.section, 5) < _SECTION_RANK.get(old.line.section, 5)
