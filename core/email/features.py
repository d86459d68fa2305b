"""What the email classifier sees: named signals and words, as a set of feature names.

Each feature is present or absent (weights are summed over the present ones), so the model reads
the same thing at build time and at run time with no vectoriser in between. The named signals
are the ones keyword rules cannot weigh well alone: who sent the mail (an applicant-tracking
system, a scheduling tool, a job board, a person), bulk and automation headers, who the reader
is (the candidate or an interviewer), the calendar part (method, sequence, the reader's
attendee role), links, stated times and the language; the rules' own phrase hits are features
too, so the model decides how much each is worth in company.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from core.email import classify as rules
from core.email.calendar import CalendarEvent
from core.email.message import ParsedEmail


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Sender roles by domain (the registered domain or any of its subdomains).
_ATS = _names(
    """greenhouse.io greenhouse-mail.io lever.co hire.lever.co ashbyhq.com ashby.io
    workday.com myworkday.com myworkdayjobs.com smartrecruiters.com icims.com jobvite.com
    taleo.net successfactors.com successfactors.eu bamboohr.com recruitee.com personio.de
    personio.com workable.com workablemail.com teamtailor.com teamtailor-mail.com
    breezy.hr jazzhr.com applytojob.com gem.com paradox.ai rippling.com pinpointhq.com"""
)
_SCHEDULER = _names(
    """calendly.com goodtime.io modernloop.io doodle.com zoom.us bookings.microsoft.com
    outlook.office365.com savvycal.com cal.com youcanbook.me"""
)
_JOB_BOARD = _names(
    """linkedin.com indeed.com indeedemail.com glassdoor.com stepstone.de xing.com
    welcometothejungle.com handshake.com joinhandshake.com hired.com wellfound.com
    otta.com dice.com monster.com ziprecruiter.com"""
)
_ASSESSMENT = _names(
    """hackerrank.com codesignal.com codility.com hirevue.com coderbyte.com testgorilla.com
    karat.io"""
)
_FREEMAIL = _names(
    """gmail.com googlemail.com outlook.com hotmail.com live.com yahoo.com icloud.com me.com
    aol.com proton.me protonmail.com gmx.de gmx.net web.de orange.fr free.fr yahoo.fr
    hotmail.fr outlook.es hotmail.es yahoo.es"""
)
_SCHEDULING_LINK = re.compile(
    r"calendly\.com/|goodtime\.io|modernloop|/schedul|/book(?:ing)?s?/|doodle\.com|savvycal|"
    r"cal\.com/|youcanbook|bookings",
    re.IGNORECASE,
)
_UNSUBSCRIBE_LINK = re.compile(r"unsubscribe|optout|opt-out|preferences|abmelden|desinscri", re.I)
_NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|notifications?|mailer|alerts?|news)", re.I)
_PERSONISH_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){1,2}$")
_RECRUITER_NAME = re.compile(r"recruit|talent|hiring|careers|karriere|recrut|reclut|\bhr\b", re.I)
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv|antw|rv|r)\s*:", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|wg|tr|rv)\s*:", re.IGNORECASE)
_PAST_TENSE_SESSION = re.compile(
    r"(?:thank\w*|danke|merci|gracias|obrigad\w|bedankt)[^.\n]{0,60}"
    r"(?:interview|gespräch|entretien|entrevista|conversation|call|meeting|chat)",
    re.IGNORECASE,
)

# Concepts written in any of the corpus's six languages (en, de, fr, es, pt, nl): one feature
# each, so that what is learnt from an English mail carries over to a Dutch one.
_LEXICON: dict[str, str] = {
    "interview": r"interview|gespräch|entretien|entrevista|gesprek|sollicitatie|screening|"
    r"phone\s+screen|onsite|on-site|superday|assessment\s+cent",
    "job": r"applica|bewerbung|candidat|solicitud|sollicit|vacature|vacante|vaga\b|"
    r"position|poste\b|puesto|stelle|role\b|rol\b|função|hiring|recrut|reclut|recruit",
    "schedule": r"schedul|book\b|booked|agend|planifi|terminier|inplannen|plannen|"
    r"marcad|programad|convoc",
    "availability": r"availab|verfügbar|disponib|beschikbaar|when\s+(?:are|would)\s+you|"
    r"what\s+time|welche\s+zeit|quand\s+(?:seriez|êtes)|cuándo|wanneer|quando\s+(?:você|"
    r"seria)|share\s+(?:your|some)\s+(?:times|slots)|pick\s+a\s+(?:time|slot)|choose\s+(?:a\s+)?"
    r"(?:time|slot)|would\s+\w+day|passt\s+es|schikken|convient",
    "confirm": r"confirm|bestätig|bevestig|see\s+you|bis\s+dann|à\s+bientôt|tot\s+dan|"
    r"nos\s+vemos|até\s+(?:lá|breve)|look\s+forward\s+to\s+(?:meeting|seeing|speaking)|"
    r"you(?:'re|\s+are)\s+(?:all\s+)?set|scheduled\s+for|is\s+booked",
    "cancel": r"cancel|annul|abgesagt|absage\s+(?:des|unseres)|storniert|geannuleerd|"
    r"cancelad|cancelamos|call\s+off|called\s+off",
    "move": r"reschedul|push\s+\w+|move\s+(?:our|the|your|it)|verschieb|verleg|décal|reporter|"
    r"reprogram|remarc|verzet|verplaats|instead\s+of|new\s+time|neuer\s+termin|"
    r"nouvel(?:le)?\s+(?:horaire|date)|nueva\s+(?:hora|fecha)|nieuwe\s+(?:tijd|datum)",
    "reject": r"regret|unfortunately|leider|malheureusement|lamentablemente|infelizmente|"
    r"helaas|not\s+(?:be\s+)?mov\w+\s+forward|other\s+candidates|andere[nr]?\s+kandidat|"
    r"autres?\s+candidat|otros?\s+candidat|outros?\s+candidat|andere\s+kandida",
    "offer": r"offer|angebot|proposition|oferta|proposta|aanbod|salary|gehalt|salaire|salario|"
    r"salário|salaris|start\s+date|eintritt",
    "test": r"assessment|take-?home|coding\s+(?:test|challenge|exercise)|hackerrank|codesignal|"
    r"codility|hirevue|one-way|recorded\s+video|test\b|exercise|aufgabe|exercice|prueba|"
    r"teste\b|opdracht|case\s+study",
    "received": r"received|erhalten|eingegangen|reçu|recibido|recebemos|ontvangen|"
    r"thank\s+you\s+for\s+applying|danke\s+für\s+ihre\s+bewerbung",
    "research": r"user\s+research|customer\s+(?:interview|insight|research)|gift\s+card|"
    r"participant|study\b|survey|umfrage|enquête|encuesta|pesquisa|enquête",
    "exit": r"exit\s+interview|offboarding|last\s+day|austritt|départ",
    "media": r"podcast|episode|listeners|newspaper|journalist|reporter\b|article|story\b|"
    r"magazine|blog|webinar|livestream|register|registr|anmeld|inscri",
    "school": r"admission|school\s+year|tuition|pupil|visa|consul|passport|biometric|jury|"
    r"census|clinical\s+(?:trial|study)",
    "marketing": r"unsubscribe|newsletter|%\s+off|discount|promo|deal\b|sale\b|premium|"
    r"free\s+trial|abmelden|désinscri|darse\s+de\s+baja|cancelar\s+inscrição|afmelden",
    "interviewer": r"scorecard|feedback\s+form|interview\s+kit|debrief|panel(?:ist)?s?\b|"
    r"candidate\s*:|kandidat(?:in)?\s*:|candidat(?:e)?\s*:|your\s+interviewers?\s+role",
}
_LEXICON_RE = {k: re.compile(v, re.IGNORECASE) for k, v in _LEXICON.items()}

_GREETING = re.compile(
    r"(?i:\b(?:hi|hello|hey|dear|hallo|liebe[rs]?|sehr\s+geehrte[rs]?\s+(?:herr|frau)|bonjour"
    r"|hola|estimad[oa]|olá|oi|beste|geachte|hoi)\s+)([A-ZÀ-Ý][\w'-]+)(?:\s+([A-ZÀ-Ý][\w'-]+))?"
)

BODY_CHARS = 3000  # the opening of the new text says what the mail is; footers add noise
_RULES = (
    "subject_interview",
    "rejection",
    "received",
    "alert",
    "marketing",
    "offer",
    "after_interview",
    "interviewer_side",
    "outreach",
    "cancel",
    "reschedule",
    "conditional_invite",
    "newsletter",
    "job_context",
    "interview_word",
    "non_job_meeting",
)


@dataclass(frozen=True)
class Signals:
    """What detection already computed and the classifier reuses."""

    has_time: bool
    offered_slots: bool
    has_meeting_url: bool
    language: str


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower().strip(">")


def _in(domain: str, names: frozenset[str]) -> bool:
    if domain in names:
        return True
    parts = domain.split(".")
    return any(".".join(parts[i:]) in names for i in range(1, len(parts) - 1))


def sender_role(msg: ParsedEmail) -> str:
    """ats, scheduler, job_board, assessment, bulk, person or company."""
    domains = [domain_of(a) for a in (msg.from_addr, msg.reply_to) if a]
    for role, names in (
        ("ats", _ATS),
        ("scheduler", _SCHEDULER),
        ("job_board", _JOB_BOARD),
        ("assessment", _ASSESSMENT),
    ):
        if any(_in(d, names) for d in domains):
            return role
    if msg.bulk:
        return "bulk"
    if domains and _in(domains[0], _FREEMAIL):
        return "person"
    return "company"


def tokens(text: str) -> list[str]:
    return [w.lower() if not w.isdigit() else "0" for w in _WORD.findall(text)]


def _ngrams(prefix: str, words: list[str], out: set[str], *, pairs: bool) -> None:
    out.update(f"{prefix}{w}" for w in words)
    if pairs:
        out.update(f"{prefix}{a}_{b}" for a, b in itertools.pairwise(words))


def features(
    msg: ParsedEmail, body: str, event: CalendarEvent | None, signals: Signals
) -> set[str]:
    """The names of the features present in one email (`body` is its new, unquoted text)."""
    out: set[str] = set()
    subject = msg.subject
    text = subject + "\n" + body[:BODY_CHARS]
    cal_text = (event.summary + "\n" + event.description) if event else ""

    # Word pairs only from the subject: in the body they add weights, not accuracy.
    _ngrams("s:", tokens(subject), out, pairs=True)
    # The reader's own name says nothing about the mail: "Hi Jamie" must not teach "Jamie".
    greeted = {w.lower() for pair in _GREETING.findall(body[:300]) for w in pair if w}
    body_words = [w for w in tokens(body[:BODY_CHARS]) if w not in greeted]
    _ngrams("b:", body_words, out, pairs=False)
    if cal_text:
        out.update(f"c:{w}" for w in tokens(cal_text[:1000]))

    # Who sent it, how, and to whom.
    role = sender_role(msg)
    out.add(f"sender:{role}")
    local = msg.from_addr.partition("@")[0]
    if _NO_REPLY.match(local):
        out.add("sender:noreply")
    if _PERSONISH_NAME.match(msg.from_name or "") and not _RECRUITER_NAME.search(msg.from_name):
        out.add("sender:person_name")
    if _RECRUITER_NAME.search(msg.from_name or "") or _RECRUITER_NAME.search(local):
        out.add("sender:recruiting")
    if msg.list_unsubscribe:
        out.add("hdr:list_unsubscribe")
    if msg.precedence in ("bulk", "list", "junk"):
        out.add("hdr:precedence_bulk")
    if msg.auto_submitted:
        out.add("hdr:auto_submitted")
    if msg.references or _REPLY_SUBJECT.match(subject):
        out.add("thread:reply")
    if _FORWARD_SUBJECT.match(subject):
        out.add("thread:forward")
    sender_domain = domain_of(msg.from_addr)
    to_domains = {domain_of(a) for a in msg.to_addrs}
    if sender_domain and sender_domain in to_domains and not _in(sender_domain, _FREEMAIL):
        out.add("to:same_domain")  # colleagues: the reader is on the hiring side
    if len(msg.to_addrs) > 3:
        out.add("to:many")

    # The calendar part, and the reader's place in it.
    if msg.calendars:
        out.add("ics:present")
    if event is not None:
        out.add(f"ics:method_{(event.method or 'none').lower()}")
        if event.sequence > 0:
            out.add("ics:sequence")
        if event.cancelled:
            out.add("ics:cancelled")
        reader = next((a for a in msg.to_addrs if a in event.roles), None)
        if reader is not None:
            out.add(f"ics:reader_{event.roles[reader]}")
        if event.organizer and event.organizer.lower() in msg.to_addrs:
            out.add("ics:reader_organizer")
        n = len(event.attendees)
        out.add(
            "ics:attendees_" + ("0" if n == 0 else "1-2" if n <= 2 else "3-5" if n <= 5 else "6+")
        )
        if rules.INTERVIEW_WORD.search(cal_text):
            out.add("ics:interview_word")

    # Links, times, language, attachments.
    links = msg.links
    if signals.has_meeting_url:
        out.add("link:meeting")
    if any(_SCHEDULING_LINK.search(u) for u in links) or _SCHEDULING_LINK.search(body):
        out.add("link:scheduling")
    if any(_UNSUBSCRIBE_LINK.search(u) for u in links):
        out.add("link:unsubscribe")
    if any(_in(domain_of(re.sub(r"^https?://([^/]+).*", r"@\1", u)), _ASSESSMENT) for u in links):
        out.add("link:assessment")
    out.add("links:" + ("0" if not links else "few" if len(links) <= 4 else "many"))
    if signals.has_time:
        out.add("time:stated")
    if signals.offered_slots:
        out.add("time:slots")
    out.add(f"lang:{signals.language}")
    if any(n.lower().endswith(".pdf") for n in msg.attachment_names):
        out.add("attach:pdf")

    opening = body[:BODY_CHARS]
    for name, pattern in _LEXICON_RE.items():
        in_subject = bool(pattern.search(subject))
        in_body = bool(pattern.search(opening))
        if in_subject:
            out.add(f"slex:{name}")
        if in_body:
            out.add(f"lex:{name}")
        if name in ("interview", "job") and not (in_subject or in_body or pattern.search(cal_text)):
            # A linear model weighs what is there; absence must be a feature of its own.
            out.add(f"nolex:{name}")
    if "?" in opening[:1500]:
        out.add("text:question")

    # The rules' phrase hits, and the score they used to make on their own.
    hits = rules.phrase_hits(subject, body[:BODY_CHARS], cal_text)
    if hits["invite"]:
        out.add("rule:invite")
        if hits["invite"] > 1:
            out.add("rule:invite_2+")
    for name in _RULES:
        if hits[name]:
            out.add(f"rule:{name}")
    if _PAST_TENSE_SESSION.search(text):
        out.add("rule:thanks_for_session")
    score = rules.rule_score(
        hits,
        event,
        has_meeting_url=signals.has_meeting_url,
        has_time=signals.has_time,
        bulk=msg.bulk,
    )
    for cut in (-4, -2, 0, 2, 4):
        if score > cut:
            out.add(f"rule:score>{cut}")
    return out
