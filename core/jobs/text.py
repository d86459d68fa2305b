"""Text helpers shared by normalisation and scoring: tokens and titles."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Lower case without accents: "Zürich" and "Zurich" compare equal."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words carrying no signal for matching a person to a job.
STOPWORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each etc every few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just let may me might more most must my myself no nor not now of off
    on once only or other our ours ourselves out over own per same shall she should so some such
    than that the their theirs them themselves then there these they this those through to too
    under until up upon us very via was we were what when where which while who whom why will
    with within without would you your yours yourself yourselves able ability across apply
    applicants applicant based benefits candidate candidates company day days environment equal
    etc excellent experience experienced including job join looking new opportunity
    opportunities part plus position preferred required requirements responsible
    responsibilities role strong team teams well work working world year years will great good
    help ensure using use used within wide range e g ie eg us
    """
)

_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.\-'][a-z0-9+#]+)*")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens without stopwords, lightly stemmed ("engineers" -> "engineer")."""
    out: list[str] = []
    for raw in _WORD.findall(fold(text)):
        tok = raw.strip(".-'")
        if len(tok) < 2 or tok in STOPWORDS or tok.isdigit():
            continue
        out.append(stem(tok))
    return out


@lru_cache(maxsize=65536)
def stem(tok: str) -> str:
    """A deliberately small stemmer: plurals and a few verb endings, never below 4 letters."""
    if len(tok) <= 4 or not tok.isalpha():
        return tok
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if tok.endswith(suffix) and len(tok) - len(suffix) + len(repl) >= 4:
            if suffix == "s" and tok.endswith(("ss", "us", "is")):
                return tok
            return tok[: len(tok) - len(suffix)] + repl
    return tok


# --- titles -------------------------------------------------------------------------------------

# Spelling variants mapped to one form, so "Sr. Front-End Dev" and "Senior Frontend Developer"
# have the same tokens. Applied to folded text, longest phrases first.
_TITLE_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bfront[\s-]?end\b", "frontend"),
    (r"\bback[\s-]?end\b", "backend"),
    (r"\bfull[\s-]?stack\b", "fullstack"),
    (r"\bdev[\s-]?ops\b", "devops"),
    (r"\bsite reliability\b", "sre"),
    (r"\bmachine learning\b", "ml"),
    (r"\bartificial intelligence\b", "ai"),
    (r"\bquality assurance\b", "qa"),
    (r"\buser experience\b", "ux"),
    (r"\buser interface\b", "ui"),
    (r"\bhuman resources\b", "hr"),
    (r"\bpeople operations\b", "hr"),
    (r"\bregistered nurse\b", "nurse rn"),
    (r"\brn\b", "nurse rn"),
    (r"\bswe\b", "software engineer"),
    (r"\bsde\b", "software engineer"),
    (r"\bcustomer success\b", "customersuccess"),
    (r"\bcustomer service\b", "customersupport"),
    (r"\bcustomer support\b", "customersupport"),
    (r"\bsupply chain\b", "supplychain"),
    (r"\bbusiness development\b", "bizdev"),
    (r"\baccount executive\b", "accountexecutive"),
    (r"\bproject manager\b", "projectmanager"),
    (r"\bproduct manager\b", "productmanager"),
    (r"\bproduct owner\b", "productmanager"),
    (r"\bengineering manager\b", "engineeringmanager"),
    (r"\bdata scientist\b", "datascientist"),
    (r"\bmobile\b", "mobile"),
    (r"\bios\b", "ios mobile"),
    (r"\bandroid\b", "android mobile"),
)
_TITLE_PHRASES_RE = tuple((re.compile(p), r) for p, r in _TITLE_PHRASES)

# Words that name the same job: one form stands for all.
_TITLE_SYNONYMS = {
    "developer": "engineer",
    "dev": "engineer",
    "programmer": "engineer",
    "coder": "engineer",
    "eng": "engineer",
    "engineering": "engineer",
    "mgr": "manager",
    "management": "manager",
    "admin": "administrator",
    "administration": "administrator",
    "administrative": "administrator",
    "analytic": "analyst",
    "analytics": "analyst",
    "educator": "teacher",
    "tutor": "teacher",
    "nursing": "nurse",
    "accounting": "accountant",
    "bookkeeper": "accountant",
    "recruiting": "recruiter",
    "recruitment": "recruiter",
    "talent": "recruiter",
    "salesperson": "sales",
    "marketer": "marketing",
    "design": "designer",
    "logistic": "logistics",
    "warehouse": "logistics",
    "attorney": "lawyer",
    "solicitor": "lawyer",
    "counsel": "lawyer",
    "paralegal": "paralegal",
    "cook": "chef",
    "culinary": "chef",
    "pharmacy": "pharmacist",
    "research": "researcher",
    "architecture": "architect",
    "writing": "writer",
    "copywriter": "writer",
    "editorial": "editor",
}

# Seniority and filler words left out of a normalised title.
_TITLE_DROP = _words(
    """
    senior sr snr junior jr jnr mid level entry lead staff principal head chief associate intern
    internship trainee graduate apprentice i ii iii iv v 1 2 3 4 experienced the of and for in
    at to with a an m f w d x all genders remote hybrid onsite on site contract temporary temp
    permanent full part time ft pt fte new
    """
)

# Title words too generic to identify a job on their own ("manager" of what?).
GENERIC_TITLE_WORDS = _words(
    """
    engineer manager specialist assistant associate analyst officer coordinator consultant
    administrator representative executive director lead team member professional worker advisor
    adviser agent operator
    """
)


def title_tokens(title: str) -> list[str]:
    """The tokens that identify the job in a title, seniority and filler removed."""
    text = fold(title)
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    for pattern, repl in _TITLE_PHRASES_RE:
        text = pattern.sub(repl, text)
    out: list[str] = []
    for raw in re.findall(r"[a-z0-9+#]+", text):
        if raw in _TITLE_DROP:
            continue
        tok = _TITLE_SYNONYMS.get(raw)
        if tok is None:
            tok = stem(raw)
            tok = _TITLE_SYNONYMS.get(tok, tok)
        if tok not in out:
            out.append(tok)
    return out


def title_token_weight(tok: str) -> float:
    return 0.45 if tok in GENERIC_TITLE_WORDS else 1.0
