"""The skills taxonomy: canonical skill names, their aliases and categories, and a fast
extractor that finds them in free text (resumes, job postings).

The data ships as plain text in `core/skills/data/*.txt`, one skill per line:

    [Category Name]
    PostgreSQL | Postgres | psql
    ?Go | Golang | Go lang
    Kubernetes | k8s | kube > Docker, Helm

The first name is canonical; the others are aliases; the optional `> ...` lists related skills.
Alias flags keep ambiguous words from being read as skills:

- `=Name`: matched only with exactly this capitalisation ("=React" ignores "react to").
- `?Name`: exact capitalisation AND a list-like context, e.g. an item of a comma-separated
  skills line next to other skills, or followed by "programming"/"language" ("Go", "R", "C").
- An ALL-CAPS alias of up to four characters is matched only in capitals ("IT", "OR", "AR"),
  unless the same spelling is also listed in lower case.
- `Name !at !in`: not a mention when the next word is one of these ("Excel at", "Excel in").

Matching walks a token trie (not a regex alternation), so a page of text takes about a
millisecond whatever the size of the taxonomy.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.once import once

DATA_DIR = Path(__file__).parent / "data"

_INSENSITIVE = 0
_EXACT = 1
_CONTEXTUAL = 2

# A token: a run of letters/digits, optionally ending in ++ / # / + (C++, C#, F#), or a
# leading-dot word (.NET) when the dot does not follow a letter.
_TOKEN = re.compile(r"(?<![^\W_])\.[^\W_]+|[^\W_]+(?:\+\+|#(?![^\W_])|\+(?![^\W_+]))?")
# What may sit between two tokens of one multi-word skill: spaces (at most one line break),
# or a joining character: Node.js, CI/CD, T-SQL, R&D, Bachelor's.
_JOINING_GAP = re.compile(r"[ \t]{0,2}(?:\r?\n[ \t]{0,2})?|[-./'’]|[ \t]?[/&+–—][ \t]?")
# Characters that delimit an item of a list ("Python, Go, R" / "Go | Rust" / "• Go").
_LIST_DELIMS = frozenset(",;|/•·▪◦●*()[]:\t–—")
_LIST_WORDS = frozenset({"and", "or", "&"})
# Words that may stand before a listed item: "basic R", "advanced SQL".
_LEVEL_WORDS = frozenset({"basic", "advanced", "intermediate", "proficient", "expert", "fluent"})
_QUALIFIERS = frozenset(
    {"programming", "language", "languages", "lang", "developer", "development", "code", "coding"}
)
_TERMINAL = "\0"


@dataclass(frozen=True)
class SkillInfo:
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Entry:
    canonical: str
    mode: int
    surface: tuple[str, ...]  # the alias's tokens as written, for case-exact comparison
    vetoes: frozenset[str] = frozenset()  # next words that cancel the mention


@dataclass
class _Match:
    canonical: str
    start: int  # character offsets in the text
    end: int
    contextual: bool


@dataclass
class Taxonomy:
    skills: dict[str, SkillInfo] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)  # normalised alias -> canonical
    _trie: dict[str, Any] = field(default_factory=dict)

    # ---- building ---------------------------------------------------------------------------

    @classmethod
    def from_lines(cls, lines: Iterable[str], default_category: str = "Other") -> Taxonomy:
        tax = cls()
        category = default_category
        pending_related: dict[str, list[str]] = {}
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                category = line[1:-1].strip()
                continue
            related: list[str] = []
            if " > " in line:
                line, related_text = line.split(" > ", 1)
                related = [r.strip() for r in related_text.split(",") if r.strip()]
            names = [n.strip() for n in line.split("|") if n.strip()]
            if not names:
                continue
            canonical = _plain(names[0])
            if canonical in tax.skills:
                raise ValueError(f"skill listed twice: {canonical}")
            aliases = tuple(_plain(n) for n in names[1:])
            tax.skills[canonical] = SkillInfo(canonical, category, aliases, ())
            if related:
                pending_related[canonical] = related
            for name in names:
                tax._add_alias(canonical, name)
        for canonical, rel in pending_related.items():
            info = tax.skills[canonical]
            known = tuple(tax.canonical(r) or r for r in rel)
            tax.skills[canonical] = SkillInfo(info.name, info.category, info.aliases, known)
        return tax

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Taxonomy:
        lines: list[str] = []
        for path in sorted(data_dir.glob("*.txt")):
            lines.append("[Other]")
            lines.extend(path.read_text(encoding="utf-8").splitlines())
        return cls.from_lines(lines)

    def _add_alias(self, canonical: str, written: str) -> None:
        vetoes = frozenset(w[1:].lower() for w in written.split() if w.startswith("!"))
        written = " ".join(w for w in written.split() if not w.startswith("!"))
        mode = _INSENSITIVE
        if written.startswith("?"):
            mode, written = _CONTEXTUAL, written[1:]
        elif written.startswith("="):
            mode, written = _EXACT, written[1:]
        elif written.isupper() and len(written.replace(" ", "")) <= 4:
            mode = _EXACT
        key = normalise(written)
        if not key:
            return
        # A lower-case listing of an all-caps alias unlocks case-insensitive matching.
        if mode == _INSENSITIVE or key not in self._by_key:
            self._by_key.setdefault(key, canonical)
        variants = {written}
        if "&" in written:
            variants.add(written.replace("&", " and "))
        if " and " in written:
            variants.add(written.replace(" and ", " & "))
        for variant in list(variants):
            tokens = _tokens_of(variant)
            if len(tokens) > 1 and tokens[-1].isalpha() and len(tokens[-1]) > 2:
                last = tokens[-1]
                if not last.lower().endswith("s"):
                    variants.add(variant + "s")
        for variant in variants:
            surface = tuple(_tokens_of(variant))
            if not surface:
                continue
            node = self._trie
            for tok in surface:
                node = node.setdefault(tok.lower(), {})
            entries: list[_Entry] = node.setdefault(_TERMINAL, [])
            entry = _Entry(canonical, mode, surface, vetoes)
            if any(e.canonical != canonical for e in entries):
                # First listing wins for a fully identical spelling of different skills,
                # except that an exact-case alias may share a spelling with an insensitive one.
                if not any(e.mode == mode for e in entries if e.canonical != canonical):
                    entries.append(entry)
                continue
            if entry not in entries:
                entries.append(entry)

    # ---- lookups ----------------------------------------------------------------------------

    def canonical(self, name: str) -> str | None:
        """The canonical name for a skill or any alias of it, or None if unknown."""
        if not name:
            return None
        stripped = name.strip()
        if stripped in self.skills:
            return stripped
        return self._by_key.get(normalise(stripped))

    def category(self, name: str) -> str | None:
        canon = self.canonical(name)
        return self.skills[canon].category if canon else None

    def related(self, name: str) -> list[str]:
        canon = self.canonical(name)
        if not canon:
            return []
        out = list(self.skills[canon].related)
        for other in self.skills.values():
            if canon in other.related and other.name not in out:
                out.append(other.name)
        return out

    def all_skills(self) -> list[SkillInfo]:
        return list(self.skills.values())

    # ---- extraction -------------------------------------------------------------------------

    def find(self, text: str) -> list[_Match]:
        """Every skill mention in order, longest match first, non-overlapping."""
        if not text:
            return []
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        n = len(toks)
        matches: list[_Match] = []
        trie = self._trie
        i = 0
        while i < n:
            node = trie.get(toks[i][2].lower())
            if node is None:
                i += 1
                continue
            best: tuple[int, _Entry] | None = None
            j = i
            while True:
                entries = node.get(_TERMINAL)
                if entries:
                    chosen = self._accept(entries, toks, i, j)
                    if chosen is not None:
                        best = (j, chosen)
                if j + 1 >= n:
                    break
                gap = text[toks[j][1] : toks[j + 1][0]]
                if len(gap) > 5 or not _JOINING_GAP.fullmatch(gap):
                    break
                nxt = node.get(toks[j + 1][2].lower())
                if nxt is None:
                    break
                node, j = nxt, j + 1
            if best is None:
                i += 1
                continue
            end_j, entry = best
            start, end = toks[i][0], toks[end_j][1]
            if entry.vetoes and end_j + 1 < n and toks[end_j + 1][2].lower() in entry.vetoes:
                i = end_j + 1
                continue
            if entry.mode != _CONTEXTUAL or _qualified(text, end, toks, end_j):
                matches.append(_Match(entry.canonical, start, end, False))
                i = end_j + 1
            elif _delimited_before(text, start) and _delimited_after(text, end):
                matches.append(_Match(entry.canonical, start, end, True))
                i = end_j + 1
            else:
                i += 1
        return _drop_lonely_contextual(text, matches)

    @staticmethod
    def _accept(
        entries: list[_Entry], toks: list[tuple[int, int, str]], i: int, j: int
    ) -> _Entry | None:
        # A spelling that matches an exact-case alias as written ("Outreach" the product) wins
        # over a case-insensitive one ("outreach").
        raw = tuple(t[2] for t in toks[i : j + 1])
        insensitive = None
        for entry in entries:
            if entry.mode == _INSENSITIVE:
                insensitive = insensitive or entry
            elif raw == entry.surface:
                return entry
        return insensitive

    def extract(self, text: str) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.find(text):
            seen.setdefault(m.canonical, None)
        return list(seen)


def _plain(written: str) -> str:
    return " ".join(w for w in written.lstrip("=?").split() if not w.startswith("!"))


def normalise(name: str) -> str:
    """The lookup key of a name: lower-case tokens joined by single spaces."""
    return " ".join(t.lower() for t in _tokens_of(name))


def _tokens_of(text: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(text)]


def _qualified(text: str, end: int, toks: list[tuple[int, int, str]], end_j: int) -> bool:
    """True when a mention is followed by a word that makes it a skill ("Go programming")."""
    if end_j + 1 < len(toks) and toks[end_j + 1][2].lower() in _QUALIFIERS:
        return text[end : toks[end_j + 1][0]].strip() in ("", "-", "(")
    return False


def _delimited_before(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    if k < 0 or text[k] in "\r\n" or text[k] in _LIST_DELIMS:
        return True
    if text[k] in "->" and (k == 0 or text[k - 1] in " \t\r\n"):
        return True  # a "- " or "> " bullet
    word_start = k
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : k + 1].lower()
    if word in _LEVEL_WORDS:
        return _delimited_before(text, word_start)
    return word in _LIST_WORDS


def _delimited_after(text: str, end: int) -> bool:
    k = end
    n = len(text)
    while k < n and text[k] in " \t":
        k += 1
    if k >= n or text[k] in "\r\n" or text[k] in _LIST_DELIMS:
        return True
    if text[k] == "." and (k + 1 >= n or text[k + 1].isspace()):
        return True
    word_end = k
    while word_end < n and not text[word_end].isspace() and text[word_end] not in ",;":
        word_end += 1
    return text[k:word_end].lower() in _LIST_WORDS


def _drop_lonely_contextual(text: str, matches: list[_Match]) -> list[_Match]:
    """Keep an ambiguous mention only if its line names at least one other skill."""
    if not any(m.contextual for m in matches):
        return matches
    breaks = [k for k, ch in enumerate(text) if ch == "\n"]
    lines = [bisect.bisect_left(breaks, m.start) for m in matches]
    confident: dict[int, int] = {}
    for line, m in zip(lines, matches, strict=True):
        if not m.contextual:
            confident[line] = confident.get(line, 0) + 1
    return [
        m for line, m in zip(lines, matches, strict=True) if not m.contextual or confident.get(line)
    ]


@once
def get_taxonomy() -> Taxonomy:
    """The shipped taxonomy, loaded once per process."""
    return Taxonomy.load()


def canonical(name: str) -> str | None:
    """ "Postgres" -> "PostgreSQL", "k8s" -> "Kubernetes"; None for an unknown name."""
    return get_taxonomy().canonical(name)


def category(name: str) -> str | None:
    return get_taxonomy().category(name)


def extract_skills(text: str) -> list[str]:
    """Canonical names of the skills mentioned in `text`, in order of first mention."""
    return get_taxonomy().extract(text)


# A job title names the work by who does it; the skill names the work itself.
_DOER_TO_WORK = {
    "analyst": "analysis", "analysts": "analysis", "engineer": "engineering",
    "manager": "management", "developer": "development", "designer": "design",
    "scientist": "science", "administrator": "administration", "accountant": "accounting",
    "consultant": "consulting", "architect": "architecture", "marketer": "marketing",
    "writer": "writing", "tester": "testing", "recruiter": "recruiting", "teacher": "teaching",
    "nurse": "nursing", "programmer": "programming", "researcher": "research",
}  # fmt: skip
_DOER = re.compile(r"\b(" + "|".join(_DOER_TO_WORK) + r")\b", re.IGNORECASE)


def skills_of_title(title: str) -> list[str]:
    """The skills a job title itself names: those in its words ("Python Developer": Python)
    and the work it names ("Data Analyst": Data Analysis, "Project Manager": Project
    Management)."""
    as_work = _DOER.sub(lambda m: _DOER_TO_WORK[m.group(1).lower()], title)
    found = extract_skills(title)
    return found + [s for s in extract_skills(as_work) if s not in found]


def all_skills() -> list[SkillInfo]:
    return get_taxonomy().all_skills()


def related(name: str) -> list[str]:
    """Skills listed as related to `name` (either direction), canonical names."""
    return get_taxonomy().related(name)
