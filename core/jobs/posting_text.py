"""What a posting's words say: seniority, years of experience asked, remote work, employment
type, and which lines are requirements and which are nice-to-haves."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.jobs.model import SENIORITY_LEVELS, EmploymentType, Remote, Seniority
from core.jobs.text import fold

LEVEL: dict[str, int] = {name: i for i, name in enumerate(SENIORITY_LEVELS)}

_TITLE_LEVELS: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    ("intern", re.compile(r"\b(?:intern|internship|trainee|apprentice|apprenticeship|werkstudent|"
                          r"stagiaire|praktikant|co-?op|summer student)\b")),
    ("executive", re.compile(r"\b(?:vp|vice president|chief|cto|ceo|cfo|coo|cmo|cio|ciso|cpo|"
                             r"svp|evp|managing director|general manager)\b")),
    ("principal", re.compile(r"\b(?:principal|distinguished|fellow|director|head of|head,|"
                             r"(?<!assistant )controller)\b")),
    # "Staff" is a rank in "Staff Engineer" but not in "Staff Nurse" or "Staff Accountant".
    ("lead", re.compile(r"\b(?:lead|team lead|tech lead|supervisor|manager|architect|"
                        r"foreman|charge nurse|head chef|superintendent|assistant controller)\b|"
                        r"\biv\b|"
                        r"\bstaff(?=\s+(?:software|data|machine|ml|product|site|backend|"
                        r"frontend|front-end|back-end|full|fullstack|security|research|"
                        r"platform|infrastructure|engineer|scientist|developer|designer|"
                        r"architect|sre|analyst|researcher|ux)\b)")),
    ("senior", re.compile(r"\b(?:senior|sr|snr|experienced|expert|iii)\b")),
    ("junior", re.compile(r"\b(?:junior|jr|jnr|entry[- ]level|entry|graduate|grad|new grad|"
                          r"assistant|associate i|level i|i)\b")),
    ("mid", re.compile(r"\b(?:mid[- ]level|intermediate|ii|level ii)\b")),
)  # fmt: skip
# Titles where "manager"/"architect" names the job itself, not a rank above senior.
_MANAGER_AS_ROLE = re.compile(
    r"\b(?:product manager|project manager|program manager|account manager|office manager|"
    r"marketing manager|community manager|social media manager|case manager|"
    r"property manager|store manager|restaurant manager|success manager|"
    r"solutions architect|landscape architect|architectural)\b"
)


def seniority_from_title(title: str) -> Seniority | None:
    """The rank a title states, or None when it states none ("Data Engineer")."""
    t = fold(title)
    # "Executive Assistant to the CEO" works for an executive; the title names no rank.
    t = re.sub(r"\b(?:to|for) the (?:ceo|cfo|coo|cto|president|founder|vp|director)\b", " ", t)
    t = re.sub(r"\bexecutive assistant\b", "assistant", t)
    t = re.sub(r"[()\[\],/|]", " ", t)
    for name, pattern in _TITLE_LEVELS:
        if not pattern.search(t):
            continue
        if (
            name == "lead"
            and _MANAGER_AS_ROLE.search(t)
            and not re.search(r"\b(?:lead|staff|supervisor|tech lead|team lead)\b", t)
        ):
            continue
        if (
            name == "junior"
            and re.search(r"\bassistant\b", t)
            and re.search(r"\b(?:professor|director|manager|principal)\b", t)
        ):
            continue
        return name
    return None


def seniority_from_years(years: float | None) -> Seniority:
    if years is None:
        return "mid"
    if years < 2:
        return "junior"
    if years < 5:
        return "mid"
    if years < 9:
        return "senior"
    if years < 13:
        return "lead"
    return "principal"


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_NUM = r"(\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + ")"
_YEARS = re.compile(
    rf"(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than)?\s*{_NUM}\s*"
    rf"(?:\+|\s*(?:-|–|to)\s*{_NUM})?\s*\+?\s*(?:years?|yrs?)\b(?:'|’)?"
    r"(?P<tail>[^.\n;]{0,60})",
    re.IGNORECASE,
)
_EXPERIENCE_TAIL = re.compile(
    r"experience|exp\b|working|background|professional|industry|hands-on|track record|"
    r"in\s+(?:a|an|the)?\s*\w+|as\s+a|of\s+\w+|with\s+\w+|building|developing|managing|leading",
    re.IGNORECASE,
)
_HAS_YEARS = re.compile(r"years?|yrs?", re.IGNORECASE)
_NOT_EXPERIENCE = re.compile(r"\b(?:old|of age|warranty|history|anniversary|ago|in business)\b")


def _num(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.lower()
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def years_asked(text: str) -> float | None:
    """The most experience the posting asks for, in years ("5+ years" -> 5; "3-5 years" -> 3)."""
    best: float | None = None
    lines = [ln for ln in text.split("\n") if _HAS_YEARS.search(ln)]
    for m in _YEARS.finditer("\n".join(lines)):
        tail = m.group("tail") or ""
        if _NOT_EXPERIENCE.search(tail.lower()) or not _EXPERIENCE_TAIL.search(tail):
            continue
        lo = _num(m.group(1))
        if lo is None or lo > 25:
            continue
        best = lo if best is None else max(best, lo)
    return best


_REMOTE_TEXT = re.compile(
    r"\b(?:fully remote|100% remote|remote[- ]first|remote[- ]friendly|work from anywhere|"
    r"work remotely|remote position|remote role|this (?:role|position) is remote|"
    r"remote within|remote \(|remote-only|distributed team)\b",
    re.I,
)
_HYBRID_TEXT = re.compile(
    r"\bhybrid\b|\b\d\s*days?\s+(?:a|per)\s+week\s+in\s+(?:the\s+)?office", re.I
)
_ONSITE_TEXT = re.compile(r"\b(?:on[- ]?site|in[- ]person|not a remote|no remote)\b", re.I)


def remote_from_text(title: str, text: str) -> Remote | None:
    both = f"{title}\n{text[:4000]}"
    if _HYBRID_TEXT.search(both):
        return "hybrid"
    if _REMOTE_TEXT.search(both) or re.search(r"\bremote\b", title, re.I):
        return "yes"
    if _ONSITE_TEXT.search(both):
        return "no"
    return None


def employment_type(value: str | None, title: str = "", text: str = "") -> EmploymentType:
    """One of EMPLOYMENT_TYPES from a board's field ("FullTime", "Full-time", "Contractor")
    or, failing that, from the title and text."""
    for source in (value or "", title, text[:2000]):
        s = fold(source)
        if not s:
            continue
        if re.search(r"\bintern(?:ship)?\b|\btrainee\b|\bwerkstudent\b|\bco-?op\b", s):
            return "internship"
        if re.search(r"part[\s-]?time|parttime|teilzeit", s):
            return "part-time"
        if re.search(r"\bcontract(?:or)?\b|freelance|fixed[\s-]term|\bcontract-to-hire\b", s):
            return "contract"
        if re.search(r"\btemp(?:orary)?\b|seasonal|locum", s):
            return "temporary"
        if re.search(r"full[\s-]?time|fulltime|permanent|vollzeit|\bcdi\b", s):
            return "full-time"
        if source is value:
            break
    return "full-time"


# --- requirement sections -------------------------------------------------------------------

_REQ_HEADINGS = re.compile(
    r"^(?:requirements?|qualifications?|minimum qualifications|basic qualifications|"
    r"required qualifications|required skills|key skills|skills(?: and| &)? (?:experience|"
    r"qualifications)|skills|what you(?:'|’)?ll need|what you need|what you bring|"
    r"what we(?:'|’)?re looking for|what we look for|who you are|about you|you have|"
    r"you(?:'|’)?ll have|you bring|must haves?|must-haves?|your profile|your background|"
    r"experience|essential(?: criteria| skills)?|the ideal candidate|ideal candidate|"
    r"we(?:'|’)?d love (?:you )?to hear from you if|to be successful|competencies|"
    r"knowledge,? skills,? (?:and|&) abilities|education(?: and| &)? experience|"
    r"profil(?:e)? recherch[ée]|anforderungen|dein profil|ihr profil|requisitos)\b",
    re.I,
)
_NICE_HEADINGS = re.compile(
    r"^(?:nice[- ]to[- ]haves?|nice to have|bonus(?: points)?|preferred(?: qualifications| "
    r"skills)?|pluses|it(?:'|’)?s a plus|extra credit|desirable(?: criteria)?|"
    r"good to have|would be great|even better|brownie points|additional qualifications|"
    r"preferred experience|wünschenswert|von vorteil)\b",
    re.I,
)
_OTHER_HEADINGS = re.compile(
    r"^(?:responsibilities|key responsibilities|what you(?:'|’)?ll do|what you will do|"
    r"the role|about the role|about the job|about us|about the team|who we are|"
    r"benefits|perks|what we offer|why join|compensation|salary|pay|location|how to apply|"
    r"our values|day to day|in this role|your role|your impact|the opportunity|"
    r"aufgaben|deine aufgaben|we offer|equal opportunity)\b",
    re.I,
)
_NICE_INLINE = re.compile(
    r"\b(?:is a plus|are a plus|a plus\b|nice to have|bonus if|bonus points|preferred|"
    r"desirable|ideally|would be an advantage|is an advantage|a bonus)\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-•*▪◦●·]|\d{1,2}[.)])\s+")


def heading_kind(text: str) -> str | None:
    """ "req", "nice" or None for a section heading such as "What you'll need"."""
    heading = text.strip().rstrip(":").strip()
    if _NICE_HEADINGS.match(heading):
        return "nice"
    if _REQ_HEADINGS.match(heading):
        return "req"
    return None


@dataclass
class Sections:
    requirements: list[str] = field(default_factory=list)
    nice_to_have: list[str] = field(default_factory=list)
    found_heading: bool = False


def _is_heading(line: str) -> bool:
    stripped = line.strip().rstrip(":").strip()
    if not stripped or _BULLET.match(line) or len(stripped) > 70:
        return False
    return line.strip().endswith(":") or len(stripped.split()) <= 7


def split_sections(text: str) -> Sections:
    """Requirement and nice-to-have lines of a plain-text description, found under headings
    ("Requirements", "What you'll need", "Nice to have"...) or marked inline ("... is a plus")."""
    out = Sections()
    mode: str | None = None
    saw_bullet = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        heading = line.rstrip(":").strip()
        if _is_heading(line):
            kind = heading_kind(heading)
            if kind is not None:
                mode, saw_bullet, out.found_heading = kind, False, True
                continue
            if _OTHER_HEADINGS.match(heading) or line.endswith(":"):
                mode = None
                continue
        if mode is None:
            continue
        is_bullet = bool(_BULLET.match(line))
        if saw_bullet and not is_bullet:
            # Prose after a list ("The salary range is...") is no longer the list.
            mode = None
            continue
        saw_bullet = saw_bullet or is_bullet
        item = _BULLET.sub("", line).strip()
        if len(item) < 3:
            continue
        if mode == "nice" or _NICE_INLINE.search(item):
            out.nice_to_have.append(item)
        else:
            out.requirements.append(item)
    return out
