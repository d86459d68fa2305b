"""The role an email is about: a labelled line first, then the subject, then the phrases that
introduce a role in the body."""

from __future__ import annotations

import re

from core.email.calendar import CalendarEvent
from core.email.company import ORG_WORD, looks_like_person
from core.months import MONTHS, WEEKDAYS

_TITLE_NOUNS = (
    r"engineer|developer|manager|designer|analyst|scientist|architect|lead|specialist|consultant"
    r"|intern|internship|director|coordinator|administrator|recruiter|researcher|sre|owner"
    r"|marketer|accountant|associate|representative|executive|officer|writer|editor|technician"
    r"|programmer|strategist|partner|advocate|operator|entwickler(?:in)?|ingenieur(?:in)?"
    r"|berater(?:in)?|leiter(?:in)?|werkstudent(?:in)?|praktikant(?:in)?|referent(?:in)?"
    r"|développeur(?:se)?|développeuse|ingénieur(?:e)?|chef\s+de\s+projet|stagiaire|alternant(?:e)?"
    r"|desarrollador(?:a)?|ingenier[oa]|analista|diseñador(?:a)?|gerente|becari[oa]|responsable"
    r"|product\s+manager|data\s+scientist|stage|praktikum|prácticas|practicas|alternance"
    r"|programmierer(?:in)?|aktuar(?:in)?|dispatcher|firefighter|paramedic|nanny|nurse|rn"
    r"|enfermeir[oa]|medewerker|werkvoorbereider|administrador(?:/a)?|coordenador(?:a)?|trainee"
    r"|planner|supervisor|professor|teacher|driver|cashier|clerk|chef|owner|head\s+of\s+\w+"
)
_TITLE_TAIL = r"(?:\s+(?:I{1,3}|IV|\d))?(?:\s*\((?:[mwfdhx]/[mwfdhx](?:/[mwfdhx])?|H/F|F/H)\))?"
_ROLE_LABELLED = re.compile(
    r"(?im)^\s*(?:position|role|job(?:\s+title)?|stelle|position|poste|puesto|vacante)\s*:\s*"
    r"(?P<r>[^\n]{3,80})$"
)
_INTERNSHIP = re.compile(
    r"(?P<r>(?i:stage|internship|praktikum|prácticas|alternance|werkstudentenstelle)\s+"
    r"(?i:en|de|in|im|as|als|d')\s*[^\n,.;!?()]{3,40}?)(?=\s*[,.;!?(\n]|\s+(?i:at|bei|chez|en)\s|$)"
)
_ROLE_INTRO = re.compile(
    r"(?i:\b(?:for\s+(?:the|our|a|an)|as\s+(?:a|an|our)|als|für\s+die\s+(?:position|stelle)"
    r"(?:\s+als)?|pour\s+le\s+poste\s+(?:de|d')|au\s+poste\s+(?:de|d')|para\s+el\s+puesto\s+de"
    r"|para\s+la\s+posición\s+de|position\s+of|role\s+of|al\s+puesto\s+de|del\s+puesto\s+de"
    r"|(?:la|una)\s+vacante\s+de|vacante\s+de|la\s+posición\s+de)\s+)"
    r"(?P<r>[^\n,.;!?()]{3,70}?)"
    r"(?=\s+(?i:role|position|opening|job|stelle|poste|puesto|at|with|bei|chez|en|in|here|team)"
    r"\b|[,.;!?(\n]|$)"
)
_ROLE_PHRASE = re.compile(
    r"(?P<r>(?:(?:[A-Z][\w+#./-]*|[a-z][A-Z][\w+#./-]*|of|and|&|de|du|des|la|le|y|für|in)"
    r"[ \t]+){1,5}"
    r"(?i:" + _TITLE_NOUNS + r")\b" + _TITLE_TAIL + ")"
)
_ROLE_NOUN = re.compile(
    r"(?i:\b(?:"
    + _TITLE_NOUNS
    + r")\b|\w+(?:entwickler|ingenieur|berater|leiter|referent|architekt"
    r"|manager|designer|analyst)(?:in|innen)?\b)"
)


# Where a sentence goes on after the title: a verb, a date or time, or a word that opens a new
# clause ("… als Junior Consultant dauert ca. 45 Minuten", "… Backend el jueves 25 de abril").
# Clause words match in lower case only, as they stand mid-sentence, so "Senior SE" or
# "On-Call Engineer" keep their words; a dangling preposition left before the cut goes too.
# Full names only: an abbreviation ("Mar", "Sat") may be a word of a title.
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(
    sorted((m for m in MONTHS if len(m) > 3 or m in ("may", "mai")), key=len, reverse=True)
)
_CLAUSE_END = re.compile(
    r"\s+(?:"
    # verbs (en, de, fr, es)
    r"(?:is|are|was|were|will|would|shall|should|can|could|might|must|has|have|had|takes"
    r"|lasts|starts|begins|runs|includes|involves|consists|ist|sind|war|wird|werden|wurde"
    r"|dauert|findet|beginnt|startet|umfasst|läuft|soll|sollte|kann|können|möchte|möchten"
    r"|würde|würden|hat|haben|erfolgt|sprechen|besprechen|kennenlernen|vorstellen|treffen"
    r"|einladen|begrüßen|unterhalten|austauschen|führen|est|sont|était|sera|seront|serait|dure|durera|aura"
    r"|commence|commencera|débute|débutera|peut|pourra|doit|va|prendra|es|son|era|será"
    r"|serán|sería|dura|durará|tiene|tendrá|comienza|comenzará|empieza|empezará|puede"
    r"|podrá|debe|incluye|se)"
    # words that open a new clause: relatives, and prepositions of time, place and means
    r"|(?:which|that|who|where|when|while|dass|wenn|wo|welche[rs]?|qui|que|dont|où|quand"
    r"|donde|cuando|quien|on|am|um|ab|vom|bis|le|el|à|a\s+las?|from|between|via|per|par|por"
    r"|über|by|over|this|next|tomorrow|today|tonight|diese[nmrs]?|nächste[nmrs]?|morgen"
    r"|heute|ce|cette|prochain(?:e)?|demain|aujourd'hui|este|esta|próxim[oa]|mañana|hoy)"
    # dates and times: a weekday or month name, "10:00", "3 pm", "14 Uhr", "21.03.", "25 de"
    r"|(?i:" + _WEEKDAY + "|" + _MONTH + r")"
    r"|\d{1,2}(?:[:.h]\d\d|\s*(?i:am|pm|a\.m\.|p\.m\.|uhr|h)(?![\w-])|[./-]\d{1,2}\b"
    r"|\.?\s+(?:de\s+)?(?i:" + _MONTH + r")))"
    r"(?![\w-])"
)
_DANGLING = re.compile(
    r"(?:\s+(?:for|of|and|as|at|in|im|to|für|als|und|pour|de|du|des|et|para|del|y|en|&))+$"
)


def _cut_clause(role: str) -> str:
    """The title without the rest of the sentence it stands in."""
    cut = _CLAUSE_END.search(role)
    if cut:
        role = _DANGLING.sub("", role[: cut.start()])
    return role


def _clean_role(raw: str) -> str | None:
    role = raw.strip(" \t.,:;!-–—|'\"")
    # "first interview for the Frontend Developer" → "Frontend Developer"
    lead = re.match(
        r"^(?:[a-zäöüéèàáíóúç][\w'-]*\s+)+(?:for|of|as|als|pour|para|de|voor)\s+(?:the\s+|a\s+|an\s+)?"
        r"(?=[A-ZÀ-Ýa-z][A-Z])?",
        role,
    )
    if lead and role[lead.end() : lead.end() + 1].isupper():
        role = role[lead.end() :]
    role = re.sub(r"^(?i:the|a|an|our|this|le|la|el|die|der|das)\s+", "", role)
    role = re.sub(r"^(?:19|20)\d\d\s+", "", role)  # "2024 Summer Analyst"
    role = _cut_clause(role)
    role = re.sub(r"\s+(?:at|bei|chez|with)\s+[A-ZÀ-Ý].*$", "", role)  # "… at Kanaal"
    # Requisition and exam numbers: "(JR-11893)", "(Exam #23-114)", "(Req 4411)".
    role = re.sub(r"\s*\((?:[^)]*#[^)]*|[A-Z]{1,4}-\d[^)]*|(?i:req|ref|job\s+id)[^)]*)\)", "", role)
    role = re.sub(
        r"\s+(?i:role|position|opening|job|stelle|poste|puesto|program|programme|vacature)$",
        "",
        role,
    )
    if not role or len(role) > 80 or not _ROLE_NOUN.search(role):
        return None
    return role


def find_role(
    subject: str, body: str, event: CalendarEvent | None, full_text: str = ""
) -> str | None:
    """The job title, from a labelled line, an introducing phrase ("for the X role") or a
    capitalised title phrase; the quoted part of a reply (`full_text`) is the last resort."""
    for m in _ROLE_LABELLED.finditer(body[:6000]):
        role = _clean_role(m.group("r"))
        if role:
            return role
    calendar = (event.summary + "\n" + event.description) if event else ""
    # The sender's own title sits under the sign-off: it is not the job.
    signed = _SIGN_OFF.search(body)
    opening = body[: signed.start()] if signed else body
    found = _subject_role(subject) or _role_in((subject, calendar, opening[:6000]))
    if found or not full_text:
        return found
    return _role_in((full_text[:8000],))


_SUBJECT_PARTS = re.compile(r"\s+[-–—|]\s+|:\s+|\s+@\s+")
_NOT_ROLE_PART = re.compile(
    r"(?i:interview|gespräch|entretien|entrevista|gesprek|invitation|invitación|einladung|request"
    r"|confirm|schedul|reminder|notice|round|screen|onsite|itinerary|canceled|cancelled|update"
    r"|\d|\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec)\w*\b"
    # the meeting or the person met, not the job: "Hiring manager chat", "(Hiring Manager)"
    r"|\b(?:chat|call|meeting|conversation|hiring\s+manager|telefonat|kennenlernen|échange"
    r"|appel|charla|llamada|reunión)\b)"
)


def _subject_role(subject: str) -> str | None:
    """A subject part that is only a job title: "Interview Request – Senior Accountant
    (JR-11893)", "Entrevista – Analista de Dados Pleno"."""
    subject = re.sub(r"^(?:(?:re|fwd?|aw|wg|tr|rv)\s*:\s*)+", "", subject, flags=re.I)
    subject = re.sub(r"\s*\((?:[A-Z]{1,4}-?\d[\w-]*|req\S*\s*\S+)\)", "", subject, flags=re.I)
    subject = re.sub(r"\s*\((?:[mwfdhx]/[mwfdhx](?:/[mwfdhx])?|H/F|F/H)\)", "", subject)
    parts = _SUBJECT_PARTS.split(subject)
    if len(parts) < 2:
        return None
    for part in parts:
        part = part.strip()
        if not part or len(part.split()) > 6 or _NOT_ROLE_PART.search(part):
            continue
        if not part[0].isupper() or ORG_WORD.search(part) or looks_like_person(part):
            continue
        role = _clean_role(part)
        if role and _ROLE_NOUN.search(role):
            return role
    return None


_SIGN_OFF = re.compile(
    r"(?im)^\s*(?:best|thanks|thank\s+you|many\s+thanks|regards|kind\s+regards|best\s+regards"
    r"|warm\s+regards|cheers|sincerely|talk\s+soon|see\s+you|mit\s+freundlichen\s+grüßen"
    r"|freundliche\s+grüße|viele\s+grüße|beste\s+grüße|cordialement|bien\s+à\s+vous|saludos"
    r"|un\s+saludo|atenciosamente|abraços|met\s+vriendelijke\s+groet|groeten)\b[^\n]{0,30}$"
)


def _role_in(texts: tuple[str, ...]) -> str | None:
    for text in texts:
        for m in _INTERNSHIP.finditer(text):
            role = _clean_role(m.group("r"))
            if role:
                return role
        for m in _ROLE_INTRO.finditer(text):
            role = _clean_role(m.group("r"))
            if role:
                return role
    for text in texts:
        for m in _ROLE_PHRASE.finditer(text):
            if re.search(r"(?i:\b(?:our|unsere[mnr]?|notre|nuestr[oa]))\s+$", text[: m.start()]):
                continue  # "with our Engineering Lead" describes a person
            role = _clean_role(m.group("r"))
            if role and role[0].isupper():
                return role
    return None
