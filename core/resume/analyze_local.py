"""The local analyser: deterministic, explainable, no network. Same text, same date, same
result.

The ATS score is the sum of components, each scored 0..1 and weighted; every component carries
its points and a one-line reason. Advice points at the text ("Experience, Acme Corp, bullet 2").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.resume.analysis import (
    AnalysisTarget,
    Contact,
    EducationItem,
    ExperienceItem,
    ResumeAnalysis,
    ScoreComponent,
    SkillEvidence,
)
from core.resume.extract import Extracted
from core.resume.parse import (
    EducationEntry,
    ExperienceEntry,
    find_contact,
    parse_education,
    parse_experience,
    years_of_experience,
)
from core.resume.sections import SplitResume, split_sections
from core.resume.skills import resume_skills
from core.skills.taxonomy import category
from core.text.plural import counted, plural

ANALYZER_VERSION = "1"

# Component -> (label, weight without a target, weight with a target)
COMPONENTS: dict[str, tuple[str, int, int]] = {
    "parseableText": ("Parseable text", 10, 8),
    "contactDetails": ("Contact details", 10, 8),
    "standardSections": ("Standard sections", 15, 13),
    "skillsKeywords": ("Skills and keywords", 15, 13),
    "quantifiedAchievements": ("Quantified achievements", 15, 13),
    "actionVerbs": ("Action verbs", 10, 9),
    "lengthDensity": ("Length and density", 10, 9),
    "datesChronology": ("Dates and chronology", 15, 12),
    "targetKeywords": ("Target keyword coverage", 0, 15),
}

ACTION_VERBS = frozenset(
    word
    for line in (Path(__file__).parent / "data" / "action_verbs.txt").read_text().splitlines()
    if not line.startswith("#")
    for word in line.split()
)
WEAK_STARTS = (
    "responsible for",
    "duties included",
    "duties include",
    "tasks included",
    "worked on",
    "helped with",
    "helped",
    "involved in",
    "participated in",
    "in charge of",
    "assisted with",
    "was responsible",
    "i was",
    "i ",
    "my ",
)
_NUMBER = re.compile(r"(?<![\w-])[$€£¥]?\d[\d,.]*\s*(?:%|percent|x\b|k\b|m\b|bn\b|\+)?")
_YEAR_ONLY = re.compile(r"^(?:19[5-9]\d|20\d\d)$")
_NUMBER_WORDS = re.compile(
    r"\b(doubled|tripled|halved|quadrupled|dozens|hundreds|thousands|millions|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|twelve|twenty|fifty)\b",
    re.IGNORECASE,
)


@dataclass
class Target:
    label: str  # "Data Engineer" or the job title
    skills: list[str]  # canonical, most important first
    job_id: str | None = None


def analyze(extracted: Extracted, *, today: date, target: Target | None = None) -> ResumeAnalysis:
    """The full analysis result, with `analyzer: "local"`."""
    text = extracted.text
    split = split_sections(text)
    contact = find_contact(split, text, extracted.links)
    experience_lines = [ln for s in split.get("Experience") for ln in s.lines]
    experience = parse_experience(experience_lines)
    education = parse_education([ln for s in split.get("Education") for ln in s.lines])
    found = resume_skills(text, exclude=[contact.name, *(e.company for e in experience)])
    skills = [s.name for s in found]
    words = len(re.findall(r"\b\w[\w'’-]*\b", text))
    years = years_of_experience(experience, today)
    facts = _Facts(extracted, split, experience, education, skills, words, contact)

    scored = [
        _parseable(facts),
        _contact(facts),
        _sections(facts),
        _skills_component(facts),
        _quantified(facts),
        _verbs(facts),
        _length(facts),
        _dates(facts, today),
    ]
    keyword_gap: list[str] | None = None
    target_info: AnalysisTarget | None = None
    if target is not None:
        comp, keyword_gap = _target(facts, target)
        scored.append(comp)
        target_info = AnalysisTarget(
            label=target.label, job_id=target.job_id, keywords=target.skills
        )
    breakdown: list[ScoreComponent] = []
    for comp in scored:
        label, base_weight, target_weight = COMPONENTS[comp.key]
        weight = target_weight if target is not None else base_weight
        breakdown.append(
            ScoreComponent(
                component=comp.key,
                label=label,
                points=round(max(0.0, min(1.0, comp.fraction)) * weight),
                max_points=weight,
                reason=comp.reason,
            )
        )
    score = sum(c.points for c in breakdown)
    strengths = [s for comp in scored for s in comp.strengths][:8]
    weaknesses = [w for comp in scored for w in comp.weaknesses][:10]
    suggestions = _order_suggestions(scored)[:12]
    return ResumeAnalysis(
        ats_score=max(0, min(100, score)),
        score_breakdown=breakdown,
        strengths=strengths,
        weaknesses=weaknesses,
        suggestions=suggestions,
        skills=skills,
        skills_by_category=_by_category(skills),
        skill_evidence=[
            SkillEvidence(name=s.name, evidence=s.evidence, section=s.section) for s in found
        ],
        contact=contact,
        sections=split.names(),
        experience=[ExperienceItem.model_validate(e.to_dict(today)) for e in experience],
        education=[EducationItem.model_validate(e.to_dict()) for e in education],
        years_experience=years,
        keyword_gap=keyword_gap,
        target=target_info,
        word_count=words,
        page_count=extracted.pages,
        file_type=extracted.kind.value,
        layout=extracted.features,
        ocr=extracted.ocr,
        analyzer="local",
        analyzer_model=None,
        analyzer_version=ANALYZER_VERSION,
        fallback_reason=None,
    )


@dataclass
class _Facts:
    extracted: Extracted
    split: SplitResume
    experience: list[ExperienceEntry]
    education: list[EducationEntry]
    skills: list[str]
    words: int
    contact: Contact

    def bullets(self) -> list[tuple[ExperienceEntry, int, str]]:
        return [(e, i + 1, b) for e in self.experience for i, b in enumerate(e.bullets)]


@dataclass
class _Scored:
    key: str
    fraction: float
    reason: str
    strengths: list[str]
    weaknesses: list[str]
    suggestions: list[tuple[int, str]]  # (priority: lower first, text)


def _by_category(skills: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for skill in skills:
        out.setdefault(category(skill) or "Other", []).append(skill)
    return out


def _quote(text: str, limit: int = 60) -> str:
    text = text.strip()
    return f"'{text[:limit].rstrip()}…'" if len(text) > limit else f"'{text}'"


def _where(entry: ExperienceEntry, bullet_no: int | None = None) -> str:
    place = f"Experience, {entry.label}"
    return f"{place}, bullet {bullet_no}" if bullet_no else place


# ---- components ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LayoutIssue:
    feature: str  # as the extractors name it
    penalty: float  # taken off the parseable-text fraction
    note: str  # in the component's reason
    weakness: str | None
    suggestion: tuple[int, str]


_LAYOUT_ISSUES = (
    _LayoutIssue(
        "columns",
        0.2,
        "two-column layout",
        "Two-column layout: many ATS read across both columns and scramble the order",
        (3, "Layout: move to a single column so an ATS reads sections in the right order"),
    ),
    _LayoutIssue(
        "layout_table",
        0.15,
        "tables used for layout",
        "Tables used for layout: some ATS skip or flatten table cells",
        (3, "Layout: replace the layout table with plain headings and text"),
    ),
    _LayoutIssue(
        "textbox",
        0.1,
        "text boxes",
        None,
        (4, "Layout: move text out of text boxes; many ATS ignore them"),
    ),
)


def _parseable(f: _Facts) -> _Scored:
    frac = 1.0
    notes: list[str] = []
    weaknesses: list[str] = []
    suggestions: list[tuple[int, str]] = []
    letters = sum(ch.isalpha() for ch in f.extracted.text)
    odd = sum(1 for ch in f.extracted.text if ord(ch) > 0x2FFF or ch == "\ufffd")
    if f.extracted.ocr is not None:
        # The text was read off page images: many ATS read no text at all from a scan.
        frac -= 0.5
        notes.append(f"a scan, read by OCR ({round(f.extracted.ocr.confidence * 100)}% confident)")
        weaknesses.append("The PDF is a scan (images of pages): many ATS find no text in it")
        suggestions.append(
            (1, "Export the resume from your editor as a text PDF or DOCX instead of scanning it")
        )
    if f.words < 120:
        frac -= 0.4
        notes.append(f"only {f.words} words came through")
    if letters and odd / letters > 0.02:
        frac -= 0.3
        notes.append("some characters did not decode")
        weaknesses.append("Some text does not decode cleanly (odd symbols): an ATS may misread it")
        suggestions.append((2, "Export the PDF again with standard fonts embedded, or upload DOCX"))
    for issue in _LAYOUT_ISSUES:
        if issue.feature in f.extracted.features:
            frac -= issue.penalty
            notes.append(issue.note)
            if issue.weakness:
                weaknesses.append(issue.weakness)
            suggestions.append(issue.suggestion)
    hf = f.extracted.header_footer_text
    email = f.contact.email
    if hf and email and email in hf and email not in f.extracted.text.replace(hf, "", 1):
        frac -= 0.1
        weaknesses.append("Contact details sit in the page header, which many ATS do not read")
        suggestions.append(
            (2, "Contact: move your email and phone from the page header into the body")
        )
    reason = (
        f"Text extracted cleanly ({f.words} words)"
        if not notes
        else f"Text extracted, with {', '.join(notes)}"
    )
    strengths = ["The text extracts cleanly in reading order"] if frac >= 0.99 else []
    return _Scored("parseableText", frac, reason, strengths, weaknesses, suggestions)


def _contact(f: _Facts) -> _Scored:
    c = f.contact
    parts = {
        "name": 0.2 if c.name else 0.0,
        "email": 0.3 if c.email else 0.0,
        "phone": 0.3 if c.phone else 0.0,
        "location": 0.1 if c.location else 0.0,
        "link": 0.1 if c.links else 0.0,
    }
    missing = [k for k, v in parts.items() if v == 0]
    frac = sum(parts.values())
    suggestions: list[tuple[int, str]] = []
    weaknesses: list[str] = []
    advice = {
        "name": "put your full name alone on the first line",
        "email": "add a professional email address",
        "phone": "add a phone number",
        "location": "add your city and state or country (e.g. 'Austin, TX')",
        "link": "add a LinkedIn or portfolio link",
    }
    for key in missing:
        priority = 1 if key in ("email", "phone", "name") else 5
        suggestions.append((priority, f"Contact: {advice[key]}"))
    if any(k in missing for k in ("email", "phone", "name")):
        weaknesses.append(
            "Contact details incomplete: missing "
            + ", ".join(k for k in missing if k in ("name", "email", "phone"))
        )
    found = [k for k in ("name", "email", "phone", "location", "link") if k not in missing]
    reason = (
        "Name, email, phone, location and a link found"
        if not missing
        else f"Found {', '.join(found) or 'nothing'}; missing {', '.join(missing)}"
    )
    strengths = ["Complete contact details"] if frac >= 0.9 else []
    return _Scored("contactDetails", frac, reason, strengths, weaknesses, suggestions)


def _sections(f: _Facts) -> _Scored:
    names = set(f.split.names())
    weights = {"Experience": 5, "Education": 4, "Skills": 4, "Summary": 2}
    have = {k: (k in names) for k in weights}
    if not have["Experience"] and "Projects" in names:
        have["Experience"] = True  # a graduate's projects stand in for experience
    score = sum(w for k, w in weights.items() if have[k])
    missing = [k for k, ok in have.items() if not ok]
    suggestions: list[tuple[int, str]] = []
    advice = {
        "Experience": "add an 'Experience' section with your roles, employers and dates",
        "Education": "add an 'Education' section (degree, school, year)",
        "Skills": "add a 'Skills' section listing your tools and strengths, comma-separated",
        "Summary": "add a 2–3 line 'Summary' at the top saying who you are and what you do",
    }
    for k in missing:
        suggestions.append((2 if k != "Summary" else 4, f"Sections: {advice[k]}"))
    found = [n for n in f.split.names()]
    reason = (
        f"Found {', '.join(found)}"
        if not missing
        else f"Found {', '.join(found) or 'no recognisable headings'}; missing {', '.join(missing)}"
    )
    strengths = (
        [f"Clear structure with standard headings: {', '.join(found[:6])}"] if not missing else []
    )
    weaknesses = (
        [f"Missing standard section(s): {', '.join(missing)}"]
        if [m for m in missing if m != "Summary"]
        else []
    )
    return _Scored("standardSections", score / 15, reason, strengths, weaknesses, suggestions)


def _skills_component(f: _Facts) -> _Scored:
    n = len(f.skills)
    has_section = bool(f.split.get("Skills"))
    frac = min(1.0, n / 15) * 0.8 + (0.2 if has_section else 0.0)
    sample = ", ".join(f.skills[:6])
    reason = f"{n} recognised skills" + (f" ({sample}…)" if n else "")
    reason += "" if has_section else "; no Skills section"
    strengths = [f"Strong keyword coverage: {n} skills, including {sample}"] if n >= 12 else []
    weaknesses = (
        [f"Few recognisable skills ({n}); an ATS keyword search may pass you by"] if n < 6 else []
    )
    suggestions: list[tuple[int, str]] = []
    if n < 10:
        suggestions.append(
            (
                3,
                "Skills: name the specific tools, methods and certifications you use "
                "(e.g. software, equipment, techniques), spelled as job posts spell them",
            )
        )
    return _Scored("skillsKeywords", frac, reason, strengths, weaknesses, suggestions)


def _is_quantified(bullet: str) -> bool:
    for m in _NUMBER.finditer(bullet):
        token = m.group(0).strip().rstrip(".,")
        digits = re.sub(r"[^\d]", "", token)
        if not digits:
            continue
        if _YEAR_ONLY.match(token):
            continue
        return True
    return bool(_NUMBER_WORDS.search(bullet))


def _quantified(f: _Facts) -> _Scored:
    bullets = f.bullets()
    if not bullets:
        return _Scored(
            "quantifiedAchievements",
            0.0,
            "No achievement bullets found under Experience",
            [],
            ["No bullet points under Experience: recruiters scan for short, measurable lines"],
            [
                (
                    2,
                    "Experience: under each role, add 3–5 bullets that start with a verb and end "
                    "with a result (a number, a percentage, a before/after)",
                )
            ],
        )
    quantified = [(e, i, b) for e, i, b in bullets if _is_quantified(b)]
    share = len(quantified) / len(bullets)
    frac = min(1.0, share / 0.6)
    reason = f"{len(quantified)} of {len(bullets)} bullets include a number"
    strengths = []
    if share >= 0.5 and quantified:
        e, i, b = quantified[0]
        strengths.append(
            f"Quantified impact in {counted(len(quantified), 'bullet')}, e.g. {_quote(b)}"
        )
    weaknesses = []
    if share < 0.4:
        weaknesses.append(_few_measured(len(quantified), len(bullets)))
    suggestions: list[tuple[int, str]] = []
    for e, i, b in [x for x in bullets if x not in quantified][:4]:
        suggestions.append(
            (2, f"{_where(e, i)}: add a number — how much, how many, how fast ({_quote(b, 50)})")
        )
    return _Scored("quantifiedAchievements", frac, reason, strengths, weaknesses, suggestions)


def _few_measured(measured: int, total: int) -> str:
    if measured:
        shows = plural(measured, "shows", "show")
        return f"Only {measured} of {total} bullets {shows} a measurable result"
    if total == 1:
        return "Your only bullet shows no measurable result"
    return f"None of the {total} bullets shows a measurable result"


def _first_word(bullet: str) -> str:
    m = re.match(r"[A-Za-z][A-Za-z'-]*", bullet.strip())
    return m.group(0).lower() if m else ""


def _starts_with_verb(bullet: str) -> bool:
    low = bullet.strip().lower()
    if any(low.startswith(w) for w in WEAK_STARTS):
        return False
    word = _first_word(bullet)
    if not word:
        return False
    if word in ACTION_VERBS:
        return True
    for stem in (word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ies") else ""):
        if stem and stem in ACTION_VERBS:
            return True
    return word.endswith("ed") and len(word) > 4


def _verbs(f: _Facts) -> _Scored:
    bullets = f.bullets()
    if not bullets:
        return _Scored("actionVerbs", 0.3, "No bullets to judge", [], [], [])
    strong = [x for x in bullets if _starts_with_verb(x[2])]
    weak = [x for x in bullets if any(x[2].strip().lower().startswith(w) for w in WEAK_STARTS)]
    share = len(strong) / len(bullets)
    frac = min(1.0, share / 0.8)
    reason = f"{len(strong)} of {len(bullets)} bullets start with an action verb"
    if weak:
        reason += f"; {len(weak)} {plural(len(weak), 'starts', 'start')} with a weak phrase"
    strengths = ["Bullets lead with strong action verbs"] if share >= 0.8 else []
    weaknesses = []
    if weak:
        phrase = _quote(weak[0][2], 40)
        opens = plural(len(weak), "opens", "open")
        weaknesses.append(
            f"{counted(len(weak), 'bullet')} {opens} with passive phrasing such as {phrase}"
        )
    suggestions: list[tuple[int, str]] = []
    for e, i, b in weak[:3]:
        suggestions.append(
            (
                1,
                f"{_where(e, i)}: start with what you did instead of {_quote(b, 40)} — e.g. "
                "'Led', 'Built', 'Reduced', 'Trained'",
            )
        )
    for e, i, b in [x for x in bullets if x not in strong and x not in weak][:2]:
        suggestions.append((4, f"{_where(e, i)}: open with an action verb ({_quote(b, 40)})"))
    return _Scored("actionVerbs", frac, reason, strengths, weaknesses, suggestions)


def _length(f: _Facts) -> _Scored:
    w = f.words
    pages = f.extracted.pages
    frac = 1.0
    notes: list[str] = []
    suggestions: list[tuple[int, str]] = []
    weaknesses: list[str] = []
    if w < 200:
        frac -= 0.5
        notes.append("very short")
        weaknesses.append(
            f"Very short ({w} words): there is little for an ATS or a recruiter to match"
        )
        suggestions.append((2, "Length: describe each role in 3–5 bullets; aim for 400–800 words"))
    elif w < 350:
        frac -= 0.2
        notes.append("short")
    elif w > 1300:
        frac -= 0.4
        notes.append("long")
        weaknesses.append(f"Long ({w} words): recruiters skim; the best lines get buried")
        suggestions.append((3, "Length: trim to the last 10–15 years and 1–2 pages"))
    elif w > 950:
        frac -= 0.15
        notes.append("a little long")
    if pages > 2:
        frac -= 0.2
        notes.append(f"{pages} pages")
    long_bullets = [x for x in f.bullets() if len(x[2].split()) > 40]
    for e, i, b in long_bullets[:2]:
        frac -= 0.1
        suggestions.append(
            (3, f"{_where(e, i)}: split this {len(b.split())}-word bullet into two short ones")
        )
    for e in f.experience:
        if len(e.bullets) > 8:
            frac -= 0.05
            suggestions.append(
                (4, f"{_where(e)}: keep the 4–6 strongest of its {len(e.bullets)} bullets")
            )
    reason = f"{w} words on {counted(pages, 'page')}"
    reason += f" ({', '.join(notes)})" if notes else " — a good length"
    strengths = ["Concise: a length recruiters read in full"] if frac >= 0.99 else []
    return _Scored("lengthDensity", frac, reason, strengths, weaknesses, suggestions)


def _dates(f: _Facts, today: date) -> _Scored:
    entries = f.experience
    if not entries:
        return _Scored(
            "datesChronology",
            0.0,
            "No dated roles found",
            [],
            [],
            [(2, "Experience: give each role a start and end (month and year)")],
        )
    dated = [e for e in entries if e.dates and e.dates.start]
    undated = [e for e in entries if not (e.dates and e.dates.start)]
    year_only = [e for e in dated if e.dates and e.dates.start and e.dates.start.month is None]
    frac = 0.7 * len(dated) / len(entries)
    starts = [e.dates.start.index(end=False) for e in dated if e.dates and e.dates.start]
    ordered = all(a >= b for a, b in itertools.pairwise(starts))
    if ordered:
        frac += 0.2
    if not year_only:
        frac += 0.1
    suggestions: list[tuple[int, str]] = []
    weaknesses: list[str] = []
    for e in undated[:3]:
        suggestions.append((1, f"{_where(e)}: add start and end dates (month and year)"))
    if undated:
        weaknesses.append(
            f"{len(undated)} role(s) without dates; an ATS cannot count your experience"
        )
    if year_only:
        suggestions.append(
            (4, f"{_where(year_only[0])}: write months too ('Mar 2019 – Jun 2021'), not just years")
        )
    if not ordered:
        weaknesses.append("Roles are not in reverse-chronological order")
        suggestions.append((2, "Experience: list roles newest first"))
    gaps = _gaps(dated, today)
    for newer, older, months in gaps[:2]:
        weaknesses.append(f"Gap of {months} months between {older.label} and {newer.label}")
        suggestions.append(
            (
                5,
                f"Experience: a line on the {months}-month gap before {newer.label} "
                "(study, caregiving, a project) answers the question before it is asked",
            )
        )
    reason = f"{len(dated)} of {len(entries)} roles dated"
    reason += ", newest first" if ordered else ", not in reverse-chronological order"
    if gaps:
        reason += f"; {len(gaps)} gap(s) over 6 months"
    strengths = (
        ["Every role is dated, newest first"] if len(dated) == len(entries) and ordered else []
    )
    return _Scored("datesChronology", frac, reason, strengths, weaknesses, suggestions)


def _gaps(
    dated: list[ExperienceEntry], today: date
) -> list[tuple[ExperienceEntry, ExperienceEntry, int]]:
    spans = sorted(
        (
            (e.dates.start.index(end=False), e.dates.end_index(today), e)
            for e in dated
            if e.dates and e.dates.start
        ),
        key=lambda t: t[0],
    )
    out = []
    covered_until = None
    prev_entry = None
    for start, end, entry in spans:
        if covered_until is not None and prev_entry is not None and start - covered_until > 6:
            out.append((entry, prev_entry, start - covered_until - 1))
        if covered_until is None or end > covered_until:
            covered_until, prev_entry = end, entry
    return out


def _target(f: _Facts, target: Target) -> tuple[_Scored, list[str]]:
    wanted = target.skills[:15]
    have = set(f.skills)
    if not wanted:
        return (
            _Scored(
                "targetKeywords",
                0.5,
                f"No known key skills for '{target.label}' to compare with",
                [],
                [],
                [],
            ),
            [],
        )
    weights = [1.0 / (1 + 0.12 * i) for i in range(len(wanted))]
    got = sum(w for s, w in zip(wanted, weights, strict=True) if s in have)
    frac = got / sum(weights)
    covered = [s for s in wanted if s in have]
    gap = [s for s in wanted if s not in have]
    reason = f"Covers {len(covered)} of {len(wanted)} key skills for {target.label}"
    strengths = (
        [f"Matches {target.label}: {', '.join(covered[:5])}"] if frac >= 0.7 and covered else []
    )
    weaknesses = (
        [f"For {target.label}, missing: {', '.join(gap[:6])}"] if gap and frac < 0.7 else []
    )
    suggestions: list[tuple[int, str]] = []
    if gap:
        suggestions.append(
            (
                1,
                f"Target {target.label}: if you have used {', '.join(gap[:4])}, name them in "
                "Skills and show them in a bullet",
            )
        )
    return _Scored("targetKeywords", frac, reason, strengths, weaknesses, suggestions), gap


def _order_suggestions(scored: list[_Scored]) -> list[str]:
    items = [(p, i, text) for comp in scored for i, (p, text) in enumerate(comp.suggestions)]
    items.sort(key=lambda t: (t[0], t[1]))
    seen: set[str] = set()
    out = []
    for _, _, text in items:
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out
