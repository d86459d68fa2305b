"""A resume's sections, recognised by their headings under the many names people give them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Canonical section -> headings that mean it (compared lower-case, without punctuation).
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "Summary": (
        "summary", "professional summary", "career summary", "executive summary", "profile",
        "professional profile", "personal profile", "career profile", "about", "about me",
        "objective", "career objective", "professional objective", "overview", "introduction",
        "personal statement", "summary of qualifications", "qualifications summary",
        "highlights", "career highlights", "professional highlights", "resumen", "perfil",
        "perfil profesional", "profil", "profil professionnel", "kurzprofil", "profilo",
    ),
    "Experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "professional background",
        "relevant experience", "experience highlights", "positions held", "career",
        "clinical experience", "teaching experience", "nursing experience",
        "research experience", "industry experience", "leadership experience",
        "military experience", "professional history", "related experience",
        "work and experience", "internships", "internship experience", "relevant employment",
        "clinical rotations", "practicum", "practicum experience", "student teaching",
        "additional experience", "other experience", "selected experience", "work",
        "experiencia", "experiencia laboral", "experiencia profesional", "expérience",
        "expérience professionnelle", "expériences professionnelles", "berufserfahrung",
        "berufspraxis", "beruflicher werdegang", "esperienza", "esperienze professionali",
        "experiência profissional",
    ),
    "Education": (
        "education", "education and training", "academic background", "academic history",
        "educational background", "academics", "education & training", "qualifications",
        "academic qualifications", "education and qualifications", "degrees", "schooling",
        "education and certifications", "education & certifications",
        "formación", "formación académica", "educación", "estudios", "formation",
        "formations", "ausbildung", "schulbildung", "bildungsweg", "studium", "istruzione",
        "formação", "formação acadêmica",
    ),
    "Skills": (
        "skills", "technical skills", "core skills", "key skills", "skills summary",
        "core competencies", "competencies", "key competencies", "areas of expertise",
        "expertise", "skills and abilities", "skills & abilities", "skill set", "skillset",
        "tools", "technologies", "tools and technologies", "tools & technologies",
        "technical proficiencies", "proficiencies", "skills and tools", "skills & tools",
        "technical expertise", "clinical skills", "professional skills", "computer skills",
        "software", "software skills", "strengths", "capabilities", "tech stack",
        "skills and certifications", "skills & certifications", "skills and interests",
        "additional skills", "relevant skills", "specialties", "technical summary",
        "habilidades", "competencias", "conocimientos", "aptitudes", "compétences",
        "compétences techniques", "kenntnisse", "fähigkeiten", "fachkenntnisse",
        "it-kenntnisse", "competenze", "competências",
    ),
    "Projects": (
        "projects", "personal projects", "selected projects", "key projects",
        "academic projects", "side projects", "project experience", "portfolio",
        "relevant projects", "notable projects", "open source", "open source contributions",
    ),
    "Certifications": (
        "certifications", "certification", "certificates", "licenses", "licences",
        "licenses and certifications", "licenses & certifications",
        "certifications and licenses", "certifications & licenses", "credentials",
        "professional certifications", "accreditations", "licensure",
        "certifications and training", "licenses/certifications", "certifications/licenses",
        "certificaciones", "certificados", "certifications professionnelles", "zertifikate",
        "zertifizierungen", "certificazioni",
    ),
    "Awards": (
        "awards", "honors", "honours", "awards and honors", "awards & honors",
        "honors and awards", "achievements", "key achievements", "accomplishments",
        "recognition", "awards and recognition", "selected achievements",
    ),
    "Publications": (
        "publications", "papers", "selected publications", "research", "presentations",
    ),
    "Volunteering": (
        "volunteer", "volunteering", "volunteer experience", "volunteer work",
        "community involvement", "community service", "community engagement",
        "extracurricular activities", "activities", "leadership and activities",
    ),
    "Languages": (
        "languages", "language skills", "language", "idiomas", "langues", "sprachen",
        "sprachkenntnisse", "lingue", "línguas",
    ),
    "Training": (
        "training", "professional development", "courses", "coursework",
        "relevant coursework", "continuing education", "professional training",
        "weiterbildung", "weiterbildungen", "fortbildung", "formación complementaria",
        "formation continue",
    ),
    "Memberships": (
        "memberships", "affiliations", "professional affiliations",
        "professional memberships", "associations", "professional associations",
    ),
    "Interests": (
        "interests", "hobbies", "hobbies and interests", "personal interests", "hobbys",
        "interessen", "freizeit", "intereses", "aficiones", "centres d intérêt",
        "centres d'intérêt", "loisirs", "interessi",
    ),
    "References": ("references", "referees"),
}  # fmt: skip

_PUNCT = re.compile(r"[^a-z&/ ]+")
_SPACES = re.compile(r"\s+")


def _key(text: str) -> str:
    """A heading's lookup key: lower case, accents and punctuation dropped ("Expérience" and
    "EXPERIENCE:" have the same key)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _PUNCT.sub(" ", folded)).strip()


_HEADING_TO_SECTION = {
    _key(heading): section for section, headings in SECTION_HEADINGS.items() for heading in headings
}
# Words that name a section inside a heading no list foresees ("KITCHEN EXPERIENCE",
# "LICENCES & QUALIFICATIONS", "Staff Positions"), first match wins.
_HEADING_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Interests", frozenset({"interests", "hobbies", "hobbys", "interets", "intereses"})),
    ("Languages", frozenset({"languages", "sprachen", "idiomas", "langues"})),
    ("Certifications", frozenset({
        "certifications", "certification", "certificates", "licenses", "licences", "license",
        "licence", "licensure", "credentials", "designations", "zertifikate",
        "certificaciones",
    })),
    ("Skills", frozenset({
        "skills", "tools", "systems", "software", "technologies", "technology", "technical",
        "competencies", "strengths", "expertise", "proficiencies", "kenntnisse",
        "habilidades", "competences", "toolkit", "stack", "equipment",
    })),
    ("Experience", frozenset({
        "experience", "employment", "positions", "assignments", "history", "experiencia",
        "experiences", "berufserfahrung", "career",
    })),
    ("Education", frozenset({"education", "degrees", "formacion", "ausbildung", "studies"})),
    ("Training", frozenset({"training", "courses", "coursework", "weiterbildung"})),
    ("Projects", frozenset({"projects", "portfolio"})),
    ("Publications", frozenset({"publications", "patents", "presentations", "papers"})),
    ("Volunteering", frozenset({"volunteer", "volunteering", "community"})),
    ("Awards", frozenset({"awards", "honors", "honours", "achievements"})),
    ("Summary", frozenset({"summary", "profile", "objective"})),
)  # fmt: skip
# The other words a heading in Title Case may hold ("Staff Positions", "Other Experience"); a
# line like "Customer Experience" is more likely an item of a skills list.
_HEADING_MODIFIERS = frozenset({
    "staff", "travel", "relevant", "other", "additional", "professional", "clinical",
    "technical", "computer", "key", "core", "selected", "military", "civilian", "volunteer",
    "lab", "areas", "of", "and", "&", "my", "work", "field", "teaching", "industry", "research",
    "leadership", "personal", "recent", "prior", "previous", "earlier",
})  # fmt: skip
# "S K I L L S" letter-spaced headings
_LETTER_SPACED = re.compile(r"^(?:[A-Za-z] ){3,}[A-Za-z]$")


@dataclass
class Section:
    name: str  # canonical, e.g. "Experience"
    heading: str  # as written
    lines: list[str] = field(default_factory=list)
    line_no: int = 0  # where the heading sits in the text


@dataclass
class SplitResume:
    header: list[str]  # the lines before the first heading (usually name and contact)
    sections: list[Section]

    def get(self, name: str) -> list[Section]:
        return [s for s in self.sections if s.name == name]

    def names(self) -> list[str]:
        return list(dict.fromkeys(s.name for s in self.sections))


def heading_section(line: str) -> tuple[str, str] | None:
    """(canonical section, inline rest) if `line` is a section heading, else None.

    "Skills: Python, SQL" is a heading with inline content.
    """
    raw = line.strip().strip("•").strip()
    if not raw or len(raw) > 60:
        return None
    if _LETTER_SPACED.match(raw):
        raw = raw.replace(" ", "")
    rest = ""
    if ":" in raw:
        raw, rest = raw.split(":", 1)
        rest = rest.strip()
    key = _key(raw)
    if not key or len(key.split()) > 6:
        return None
    section = _HEADING_TO_SECTION.get(key) or _HEADING_TO_SECTION.get(key.replace("&", "and"))
    if section is None and not rest:
        section = _section_by_words(raw.strip(), key)
    if section is None:
        return None
    # A prose sentence that happens to start with "Experience" is not a heading.
    if not rest and raw.strip() != raw.strip().upper() and raw.strip()[:1].islower():
        return None
    return section, rest


def _section_by_words(raw: str, key: str) -> str | None:
    """A heading in capitals, or of a few capitalised words, that names a known section."""
    words = key.split()
    if len(words) > 5 or any(ch.isdigit() or ch in ".,;|@" for ch in raw):
        return None
    letters = [ch for ch in raw if ch.isalpha()]
    capitals = bool(letters) and all(ch.isupper() for ch in letters)
    if not capitals and not (
        len(words) <= 3 and all(w[:1].isupper() for w in raw.split() if len(w) > 3)
    ):
        return None
    found = set(words)
    for section, names in _HEADING_WORDS:
        if found & names:
            if capitals or found <= names | _HEADING_MODIFIERS:
                return section
            return None
    return None


def split_sections(text: str) -> SplitResume:
    lines = text.split("\n")
    header: list[str] = []
    sections: list[Section] = []
    current: Section | None = None
    for no, line in enumerate(lines):
        found = heading_section(line)
        if found is not None:
            name, rest = found
            current = Section(name=name, heading=line.strip().rstrip(":"), line_no=no)
            sections.append(current)
            if rest:
                current.lines.append(rest)
            continue
        if current is None:
            header.append(line)
        else:
            current.lines.append(line)
    return SplitResume(header=header, sections=sections)
