"""The facts of an interview email: company, role, meeting link, kind, location, interviewers.

Each fact is looked for in the places that state it most reliably first (the calendar invite,
then labelled lines and the subject, then the body, then the sender), and candidates from several
places vote.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlparse

from core.email.calendar import CalendarEvent
from core.email.message import ParsedEmail


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Mail providers, applicant-tracking and scheduling services: their domain names no employer.
_SERVICE_DOMAINS = _words(
    """gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com icloud.com me.com
    aol.com proton.me protonmail.com gmx.de gmx.net web.de t-online.de orange.fr free.fr laposte.net
    yahoo.fr hotmail.fr wanadoo.fr outlook.es hotmail.es yahoo.es greenhouse.io greenhouse-mail.io
    lever.co ashbyhq.com ashby.io workday.com myworkday.com myworkdayjobs.com smartrecruiters.com
    icims.com jobvite.com taleo.net successfactors.com bamboohr.com recruitee.com personio.de
    personio.com workable.com workablemail.com teamtailor.com teamtailor-mail.com breezy.hr
    jazzhr.com applytojob.com calendly.com goodtime.io gem.com paradox.ai modernloop.io
    rippling.com linkedin.com indeed.com indeedemail.com glassdoor.com stepstone.de xing.com
    welcometothejungle.com google.com zoom.us hackerrank.com codility.com coderpad.io karat.io
    interviewing.io hired.com wellfound.com otta.com dice.com monster.com ziprecruiter.com
    mailchimp.com sendgrid.net mailgun.org amazonses.com hubspot.com doodle.com"""
)
_TWO_LEVEL_TLDS = (
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "com.au",
    "org.au",
    "net.au",
    "co.jp",
    "com.br",
    "co.in",
    "com.mx",
    "co.nz",
    "com.es",
    "com.sg",
    "co.za",
    "com.tr",
    "co.kr",
    "com.ar",
)
_LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc|llc|llp|lp|pllc|ltd|limited|corp|corporation|co|gmbh|ag|se|sa|sas|sarl|s\.a\."
    r"|sl|s\.l\.|bv|nv|plc|pty|oy|ab|as|kg|ug|spa|srl|ltda)\.?$",
    re.IGNORECASE,
)
# Words that look like names in patterns but never are the employer.
_NOT_COMPANY = _words(
    """the our your we you i us a an this that interview interviews phone video zoom team teams
    hiring recruiting recruitment talent careers career jobs job hr people hello hi dear thanks
    thank monday tuesday wednesday thursday friday saturday sunday today tomorrow next google meet
    calendar invitation confirmation reminder update updated re fwd fw no-reply noreply notification
    position role application candidate the team onsite screen schedule scheduling round step
    technical final first second call chat meeting einladung vorstellungsgespräch entretien
    entrevista bewerbung candidature solicitud us our microsoft webex der die das la le el
    los las les gespräch termin büro stelle telefoninterview uhrzeit datum adresse dauer ort
    invitación invitation: convocation onsite-interview final-round reclutamiento equipo talento
    personalabteilung karriere recrutement updated: reminder: confirmed: canceled cancelled
    event new your application status offer letter request confirmed confirmation f2f com time
    changed notice new moved canceled cancelled rescheduled greenhouse lever workday ashby
    smartrecruiters icims recruitee workable bamboohr taleo jobvite successfactors teamtailor
    personio calendly goodtime modernloop doodle zoom linkedin indeed handshake hirevue
    codesignal hackerrank gem glassdoor"""
)

_TOKEN = r"[A-Z0-9ÄÖÜÀ-Ý](?:[\w&'’+-]|\.(?=\w))*"
_NAME = rf"(?P<c>{_TOKEN}(?:[ \t]+(?:(?:&|of|de|and|und|y)[ \t]+)?{_TOKEN}){{0,3}})"
_ARTICLE = r"(?:(?i:der|die|das|the|la|le|el|l')\s*)?"
_SUBJECT_SPLIT = re.compile(r"\s+[-–—|:/]\s+|\s*[|–—]\s*|:\s+|\s+<>\s+|\s+x\s+|\s+@\s+")
_COMPANY_SUBJECT = [
    re.compile(
        r"(?i:\b(?:interview|call|chat|conversation|screen|meeting)\s+(?:with|at)\s+)"
        + _ARTICLE
        + _NAME
    ),
    re.compile(r"(?i:\b(?:at|bei|chez)\s+)" + _ARTICLE + _NAME + r"\s*(?:$|[-|:–—(!,])"),
    re.compile(r"(?i:\b(?:vorstellungsgespräch|gespräch|interview)\s+bei\s+)" + _ARTICLE + _NAME),
    re.compile(r"(?i:\bentretien\s+(?:avec|chez)\s+)" + _NAME),
    re.compile(r"(?i:\bentrevista\s+(?:con|en)\s+)" + _NAME),
    re.compile(r"(?i:\b(?:engineer|manager|designer|analyst|developer|role)\s+with\s+)" + _NAME),
]
_TITLE_WORDS_RE = (
    r"engineer|developer|manager|designer|analyst|scientist|architect|lead|specialist|consultant"
    r"|intern|director|coordinator|administrator|recruiter|researcher|associate|representative"
    r"|entwickler(?:in)?|ingenieur(?:in)?|berater(?:in)?|développeur(?:se)?|ingénieur(?:e)?"
    r"|desarrollador(?:a)?|ingenier[oa]|analista|diseñador(?:a)?|gerente"
)
_ENDS_WITH_TITLE = re.compile(r"\b(?:" + _TITLE_WORDS_RE + r")$", re.IGNORECASE)
_COMPANY_BODY = [
    (
        3.0,
        re.compile(
            r"(?i:\b(?:role|position|opening|job|stelle|poste|puesto|vacante)\s+(?:here\s+)?"
            r"(?:at|with|bei|chez|en|in)\s+)" + _ARTICLE + _NAME
        ),
    ),
    (
        3.0,
        re.compile(
            r"(?i:\b(?:"
            + _TITLE_WORDS_RE
            + r")(?:\s*\([mwfdhx/]+\))?\s+(?:at|bei|chez|en)\s+)"
            + _ARTICLE
            + _NAME
        ),
    ),
    (
        3.0,
        re.compile(
            r"(?i:\b(?:interest in|applying to|applied to|application to|application with|"
            r"applying for a role at|joining|to join|careers? at|here at|on behalf of|"
            r"bewerbung bei|interesse an|hier bei|candidature chez|intérêt pour|ici chez|"
            r"candidatura en|interés en|aquí en|te escribo de|je vous écris de)\s+)"
            + _ARTICLE
            + _NAME
        ),
    ),
    (
        2.5,
        re.compile(
            _NAME + r"(?:'s|’s)?\s+(?i:recruiting|recruitment|talent(?:\s+acquisition)?|hiring|"
            r"people|hr|careers)\s+(?i:team)"
        ),
    ),
    (
        2.5,
        re.compile(
            r"(?m)^\s*" + _NAME + r"[ \t]+(?i:recruiting|recruitment|talent(?:\s+acquisition)?|"
            r"careers|hiring(?:\s+team)?|talent\s+team|people\s+team|hr)\s*$"
        ),
    ),
    (
        2.5,
        re.compile(
            r"(?m)(?i:recruiting|recruitment|reclutamiento|talent\s+acquisition|talent|careers|"
            r"personalabteilung|recrutement|chargée?\s+de\s+recrutement|hr\s+business\s+partner|rh|"
            r"equipo\s+de\s+talento|engineering\s+manager|recruiter)\s*(?:[|,@–—-]|\s(?i:at|bei|chez|de|,))\s*"
            + _ARTICLE
            + _NAME
            + r"\s*$"
        ),
    ),
    (2.0, re.compile(r"(?i:\bthe\s+)" + _NAME + r"\s+(?i:team|hiring team)\b")),
    # "Host: Marcus Lee, Lumen Health recruiting"; "You'll meet Marcus from Lumen Health"
    (2.5, re.compile(r",[ \t]*" + _NAME + r"[ \t]+(?i:recruiting|talent|hr|careers)\b")),
    (
        2.0,
        re.compile(
            r"(?i:\b(?:meet|speak\s+with|talk\s+(?:to|with)|join)\s+)[A-Z][\w'-]+\s+(?i:from\s+)"
            + _ARTICLE
            + _NAME
        ),
    ),
    (
        2.0,
        re.compile(
            r"(?i:\b(?:l'équipe|el\s+equipo\s+de|ihr\s+recruiting-team\s+von|team\s+von)\s+)"
            + _NAME
        ),
    ),
    (2.0, re.compile(r"(?i:\bdas\s+)" + _NAME + r"[ \t]+(?i:team)\b")),
    (1.5, re.compile(r"(?i:\binterview(?:s)?\s+(?:with|at)\s+)" + _ARTICLE + _NAME)),
    (
        1.5,
        re.compile(
            r"(?i:\b(?:vorstellungsgespräch|gespräch|entretien|entrevista)\s+(?:bei|chez|avec|con|en)\s+)"
            + _ARTICLE
            + _NAME
        ),
    ),
    (
        1.5,
        re.compile(
            r"(?m)^\s*" + _NAME + r"\s+(?:GmbH|AG|SE|Inc\.?|LLC|Ltd\.?|S\.A\.|SAS|SL|BV)\s*$"
        ),
    ),
]
_SENDER_NAME = [
    re.compile(r"^.+?\s+(?i:at|from|@|von|de|chez)\s+" + _NAME + r"$"),
    re.compile(
        r"^" + _NAME + r"\s+(?i:recruiting|recruitment|talent|careers|hiring|jobs|hr|"
        r"people|talent acquisition|karriere|empleo|recrutement|candidate experience|rh)"
        r"(?:\s+(?i:team))?$"
    ),
    re.compile(r"^" + _NAME + r"\s+\((?i:via)\s+\w+\)$"),
    re.compile(r"^.+?\((?P<c>[^()]+)\)$"),
]
# Common given names: a two-word "company" starting with one is a person ("Interview with Jane
# Smith").
_GIVEN_NAMES = _words(
    """james john robert michael william david richard joseph thomas charles daniel matthew anthony
    mark steven paul andrew joshua kevin brian george timothy ryan jacob gary nicholas eric jonathan
    justin scott brandon benjamin samuel alexander patrick jack dennis tyler aaron jose adam nathan
    henry peter zachary kyle noah alan ethan jeremy christian sean austin mary patricia jennifer
    linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret ashley
    kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca sharon laura
    cynthia amy kathleen angela anna brenda pamela emma nicole helen samantha katherine christine
    rachel carolyn janet maria olivia heather diane julie joyce victoria kelly christina lauren
    joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison
    kathryn janice jean alice abigail sophia grace denise amber doris marilyn danielle beverly
    isabella theresa diana natalie brittany charlotte marie kayla alexis lori jane priya chris
    alex sam jamie maya nora elena lena lucia lucía carlos hugo claire sophie thomas katrin jonas
    felix lukas leon paul max julia laura lea mia ines inés oliver luca marco giulia pierre
    jean-luc camille chloé manon lucas javier pablo sofía valentina diego raj arjun ananya wei li
    yuki hiroshi kenji mohammed ahmed fatima aisha omar ali tom tim ben dan joe kate liz meg"""
)
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

_MEETING_RE = re.compile(
    r"https?://(?:[\w-]+\.)*(?:zoom\.us/(?:j|my|w|s|meeting)/[^\s<>\"')\]]+"
    r"|meet\.google\.com/[a-z]{3,4}-[a-z]{4}-[a-z]{3}[^\s<>\"')\]]*"
    r"|teams\.microsoft\.com/l/meetup-join/[^\s<>\"')\]]+|teams\.live\.com/meet/[^\s<>\"')\]]+"
    r"|webex\.com/(?:meet|join|[\w.-]+/j\.php)[^\s<>\"')\]]*|whereby\.com/[^\s<>\"')\]]+"
    r"|bluejeans\.com/\d+[^\s<>\"')\]]*|chime\.aws/\d+|meet\.goto\.com/[^\s<>\"')\]]+"
    r"|gotomeet\.me/[^\s<>\"')\]]+|meet\.jit\.si/[^\s<>\"')\]]+|around\.co/[^\s<>\"')\]]+"
    r"|hire\.withgoogle\.com/[^\s<>\"')\]]+)",
    re.IGNORECASE,
)
_PAD_RE = re.compile(r"https?://(?:app\.)?coderpad\.io/[^\s<>\"')\]]+", re.IGNORECASE)

_ONSITE = re.compile(
    r"\bon-?\s?site\b|\bin[\s-]person\b|at\s+our\s+(?:office|offices|headquarters|hq)"
    r"|visit\s+(?:us\s+at\s+)?our\s+office|come\s+(?:in\s+)?to\s+our\s+office|\bvor\s+ort\b"
    r"|in\s+unserem\s+büro|in\s+unseren\s+räumlichkeiten|persönlichen?\s+gespräch"
    r"|en\s+personne|dans\s+nos\s+locaux|sur\s+place|presencial|en\s+nuestras\s+oficinas"
    r"|en\s+persona|(?:to|at|in|visit)\s+our\s+(?:office|offices|site|studio|campus|plant|shop"
    r"|clinic|store|warehouse|depot|headquarters)|come\s+(?:in|by)\b|persönlich|in\s+unsere"
    r"\s+(?:zentrale|büro|niederlassung)|op\s+(?:ons|het)\s+kantoor|langskomt|nos\s+escritório"
    r"|no\s+nosso\s+escritório|presencialmente|report\s+time|in\s+our\s+\w+\s+office"
    r"|f2f|face[\s-]to[\s-]face|assessment\s+centre|superday",
    re.IGNORECASE,
)
_REMOTE_ONSITE = re.compile(
    r"virtual\s+on-?site|remote\s+on-?site|(?:all|entirely|fully)\s+(?:on|over|via)\s+"
    r"(?:zoom|teams|google\s+meet|video)",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"phone\s+(?:screen|interview|call|conversation)|by\s+phone|over\s+the\s+phone"
    r"|(?:call|ring)\s+you\s+(?:at|on)|give\s+you\s+a\s+call|telephone|telefoninterview"
    r"|telefonisch|telefonat|téléphonique|par\s+téléphone|telefónica|por\s+teléfono"
    r"|llamada\s+telefónica|recruiter\s+call|phone\s+screening|(?:i|we)(?:'ll|\s+will)\s+call\s+you"
    r"|telefoon|telefonisch\s+gesprek|ligação|por\s+telefone|quick\s+call",
    re.IGNORECASE,
)
_VIDEO = re.compile(
    r"video\s*(?:call|interview|conference|chat|meeting)|\bzoom\b|google\s+meet|microsoft\s+teams"
    r"|teams[\s-](?:meeting|call|link|invite)|\bwebex\b|videocall|video-?interview|videogespräch"
    r"|visio(?:conférence)?|videollamada|videoconferencia|\bvirtual\b|\bonline\b|\bteams\b"
    r"|google\s+hangouts|videobellen|videochamada|chamada\s+de\s+vídeo|riverside",
    re.IGNORECASE,
)
_LOCATION_LINE = re.compile(
    r"(?im)^\s*(?:location|where|address|venue|ort|adresse|anschrift|lieu|dirección|direccion"
    r"|ubicación|lugar)\s*:\s*(?P<v>[^\n]{3,160})$"
)
_ADDRESS = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard"
    r"|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Place|Pl\.?|Square|Sq\.?)(?![\w])[^\n]{0,60}"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer)\s+\d+\w?"
    r"(?:,\s*\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+)?"
    r"|\b\d{1,4}(?:\s?bis)?,?\s+(?:rue|avenue|boulevard|bd|place|quai|allée|cours)\s+[^\n,]{3,40}"
    r"(?:,\s*\d{5}\s+[A-Z][\w-]+)?"
    r"|\b(?:Calle|C/|Avenida|Avda\.?|Paseo|Plaza)\s+[^\n,]{3,40},?\s*\d+(?:,\s*\d{5}\s+[A-Z]\w+)?"
)
_PERSON = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+(?:van|von|de|del|da|di|le|la)?\s*[A-ZÀ-Ý][a-zà-ÿ'’-]+){1,2}"
_INTERVIEWER_LINE = re.compile(
    r"(?im)^\s*(?:(?:your|ihre?|vos|tus|sus)\s+)?(?:interviewers?|panel|"
    r"you(?:'ll| will)\s+(?:be\s+)?meet(?:ing)?|"
    r"gesprächspartner(?:in|innen)?|interlocuteurs?|intervenants?|entrevistador(?:a|es)?)"
    r"\s*(?:with)?\s*:\s*(?P<v>[^\n]{3,200})$"
)
_INTERVIEWER_PHRASE = re.compile(
    r"(?:(?i:meet|meeting|speak|speaking|chat|chatting|talk|talking|interview|sprechen|"
    r"rencontrer|échanger|reunirás|hablar)\s+(?i:with|mit|avec|con)\s+"
    r"|(?i:your\s+interviewers?\s+(?:is|are|will\s+be)\s+))"
    rf"(?P<a>{_PERSON})(?:\s*\([^)]{{2,60}}\)|,\s*(?:(?i:our|the|unsere[mr]?|notre|nuestr[oa]))\s+[^,.\n]{{2,60}})?"
    rf"(?:(?:,\s*|\s+(?i:and|und|et|y)\s+)(?P<b>{_PERSON}))?"
)


@dataclass
class Facts:
    company: str | None
    role: str | None
    meeting_url: str | None
    kind: str  # phone, video, onsite or unknown
    location: str | None
    interviewers: list[str] = field(default_factory=list)


def extract_facts(msg: ParsedEmail, body: str, event: CalendarEvent | None) -> Facts:
    """The interview's facts as stated in the message (`body` is its new, unquoted text)."""
    role = find_role(msg.subject, body, event, msg.text)
    company = find_company(msg, body, event, role)
    meeting_url = find_meeting_url(msg, body, event)
    location = find_location(body, event, meeting_url)
    kind = find_kind(body, event, meeting_url, location)
    if kind == "unknown" and msg.text != body:
        # A reply often keeps the kind only in the thread it quotes.
        kind = find_kind(msg.text[:12000], event, meeting_url, location)
    if kind != "onsite" and location and _looks_virtual(location):
        location = None
    interviewers = find_interviewers(msg, body, event, company)
    return Facts(company, role, meeting_url, kind, location, interviewers)


# --- company ---------------------------------------------------------------------------------


def company_key(name: str) -> str:
    """A comparable form of a company name: "Acme, Inc." and "ACME" give the same key."""
    text = name.strip().lower().replace("’", "'")
    text = _LEGAL_SUFFIX.sub("", text)
    text = re.sub(r"[^\w&]+", " ", text)
    return " ".join(text.split())


def domain_company(address: str) -> str | None:
    """The employer named by an email address's domain, e.g. jane@mail.acme-labs.com → Acme Labs."""
    domain = address.rpartition("@")[2].lower().strip(">")
    if not domain or "." not in domain:
        return None
    labels = domain.split(".")
    tld_len = 2 if any(domain.endswith("." + t) for t in _TWO_LEVEL_TLDS) else 1
    if len(labels) <= tld_len:
        return None
    registered = ".".join(labels[-(tld_len + 1) :])
    if registered in _SERVICE_DOMAINS or any(domain.endswith("." + s) for s in _SERVICE_DOMAINS):
        return None
    name = labels[-(tld_len + 1)]
    if len(name) < 2:
        return None
    return " ".join(p.capitalize() if len(p) > 3 else p.upper() for p in re.split(r"[-_]", name))


def _clean_company(raw: str) -> str | None:
    name = raw.strip(" \t.,:;!-–—|'\"’")
    name = re.sub(r"(?:'s|’s)$", "", name)
    name = re.sub(
        r"\s+(?i:recruiting|recruitment|talent(?:\s+acquisition)?|careers|hiring(?:\s+team)?|team|campus|"
        r"jobs|hr|people|interview|interviews|to|for|and|on|the|in)$",
        "",
        name,
    )
    words = name.split()
    while words and words[0].lower() in _NOT_COMPANY:
        words.pop(0)
    while words and words[-1].lower() in _NOT_COMPANY:
        words.pop()
    name = " ".join(words)
    if not name or name.lower() in _NOT_COMPANY or len(name) > 60 or name.isdigit():
        return None
    if name.lower() in ("company", "the company", "firma", "entreprise", "empresa"):
        return None
    if _ENDS_WITH_TITLE.search(name) or _STARTS_WITH_TITLE.match(name):
        return None  # "Senior Engineer" is a role, not an employer
    if _AGENCY.search(name):
        return None  # an agency writes for its client, who is the employer
    return name


_STARTS_WITH_TITLE = re.compile(
    r"(?i:(?:senior|junior|lead|head|chief|principal|staff)\s+|(?:analista|gerente|ingenier[oa]"
    r"|desarrollador[a]?|responsable|chef|directeur|directora?|coordinador[a]?|enfermeir[oa]"
    r"|technicus|medewerker)\b)"
)
_AGENCY = re.compile(
    r"(?i:\b(?:staffing|recruitment|recruiting|talent\s+(?:group|partners|solutions)|search"
    r"\s+partners|personnel|resourcing|headhunt\w*|executive\s+search|personalberatung"
    r"|uitzendbureau|intérim|interim)\b)"
)


def _squash(name: str) -> str:
    text = name.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    # Domains drop accents: "vinci-numerique.fr" is "Vinci Numérique".
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "", company_key(text))


def _looks_like_name(name: str) -> bool:
    """A person's name as calendars write it ("Priyesh Nair", "Kim Soo-ah"), not a team's."""
    words = name.split()
    return (
        2 <= len(words) <= 3 and not _ORG_WORD.search(name) and all(w[:1].isupper() for w in words)
    )


def _looks_like_person(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and words[0].lower() in _GIVEN_NAMES


def find_company(
    msg: ParsedEmail, body: str, event: CalendarEvent | None, role: str | None = None
) -> str | None:
    votes: dict[str, float] = defaultdict(float)
    shown: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    own_keys = {_squash(d) for a in msg.to_addrs if (d := domain_company(a))}
    people = {_squash(msg.from_name)} if _looks_like_person(msg.from_name) else set()
    if event is not None:
        # The people on the invite are interviewers, never the employer.
        people |= {_squash(cn) for cn, _ in event.attendees if cn and _looks_like_name(cn)}
    if role:
        people.add(_squash(role))  # the job title is no employer either

    def vote(
        raw: str | None, weight: float, *, from_domain: bool = False, exact: bool = False
    ) -> None:
        if not raw:
            return
        # A sender's display name is already the name ("First Prairie Bank"): only check it.
        name = raw if exact and _clean_company(raw) else _clean_company(raw)
        if not name or (not from_domain and _looks_like_person(name)):
            return
        key = _squash(name)
        if not key or key in own_keys or key in people:
            return
        votes[key] += weight
        if key not in shown or (shown_from_domain.get(key) and not from_domain):
            shown[key] = name
            shown_from_domain[key] = from_domain
        first_seen.setdefault(key, len(first_seen))

    shown_from_domain: dict[str, bool] = {}
    subject = re.sub(r"^(?:(?:re|fwd?|aw|wg|tr|rv)\s*:\s*)+", "", msg.subject, flags=re.I)
    for pattern in _COMPANY_SUBJECT:
        for m in pattern.finditer(subject):
            vote(m.group("c"), 3.0)
    segments = _SUBJECT_SPLIT.split(subject)
    if len(segments) > 1:
        for segment in segments:
            whole = re.fullmatch(r"\s*" + _ARTICLE + _NAME + r"\s*", segment)
            if whole:
                vote(whole.group("c"), 2.0)
    if event is not None:
        for m in _COMPANY_SUBJECT[0].finditer(event.summary):
            vote(m.group("c"), 2.0)
        for segment in _SUBJECT_SPLIT.split(event.summary):
            whole = re.fullmatch(r"\s*" + _NAME + r"\s*", segment)
            if whole:
                vote(whole.group("c"), 1.5)
        if event.organizer:
            vote(domain_company(event.organizer), 2.0, from_domain=True)
    for weight, pattern in _COMPANY_BODY:
        for m in pattern.finditer(body[:6000]):
            vote(m.group("c"), weight)
    for pattern in _SENDER_NAME:
        sender = pattern.match(msg.from_name)
        if sender:
            vote(sender.group("c"), 2.5)
            break
    vote(_service_sender(msg, subject), 4.0, exact=True)
    vote(domain_company(msg.from_addr), 2.0, from_domain=True)
    if not votes:
        return None
    best = max(votes, key=lambda k: (votes[k], -first_seen[k]))
    if votes[best] < 2.0:
        return None
    # The quoted thread counts here: a reply's signature may be the only place with the name.
    texts = [msg.from_name, subject, body[:6000], msg.text[:12000]]
    if event is not None:
        texts += [event.summary, event.description[:4000]]
    found = _written_form(best, texts) or shown[best]
    return _LEGAL_SUFFIX.sub("", found).strip() or found


_ORG_WORD = re.compile(
    r"(?i:\b(?:labs?|systems?|insurance|manufacturing|bank|transit|capital|energy|health|group"
    r"|software|games|tecnologia|technolog\w*|santé|saúde|salud|gesundheit|studio|partners"
    r"|ventures|analytics|consulting|university|hospital|trust|schools?|association|hotels?"
    r"|logistics|robotics|foods?|motors|media|solutions|services|industries|holdings|grupo"
    r"|gemeente|stadt|ville|inc|llc|ltd|gmbh|ag|sa|bv|co)\b)"
)
_SENDER_AFFIX = re.compile(
    r"(?i:^(?:hr|team\s+werving|recruitment\s+team|talent\s+team)\s+|\s+(?:campus\s+recruiting"
    r"|university\s+recruiting|recruiting(?:\s+team)?|talent(?:\s+acquisition)?(?:\s+team)?"
    r"|careers|hiring(?:\s+team)?|hr|people(?:\s+team)?|jobs|werving|recrutement|karriere)$)"
)


def _service_sender(msg: ParsedEmail, subject: str) -> str | None:
    """An applicant-tracking or scheduling service sends in the employer's name: "Cinder Labs
    <no-reply@ashbyhq.com>". A person's name there ("Noor Haddad") is the recruiter."""
    domain = msg.from_addr.rpartition("@")[2]
    registered = ".".join(domain.split(".")[-2:])
    if registered not in _SERVICE_DOMAINS or registered in _MAILBOX_DOMAINS:
        return None
    name = msg.from_name.strip()
    if not name or re.search(r"(?i:\bvia\b)", name):
        return None
    for _ in range(2):
        name = _SENDER_AFFIX.sub("", name).strip()
    if not name or _looks_like_person(name):
        return None
    if len(name.split()) == 1 or _ORG_WORD.search(name) or name.lower() in subject.lower():
        return name
    return None


_MAILBOX_DOMAINS = _words(
    """gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com icloud.com
    me.com aol.com proton.me protonmail.com gmx.de gmx.net web.de t-online.de orange.fr free.fr
    laposte.net yahoo.fr hotmail.fr wanadoo.fr outlook.es hotmail.es yahoo.es linkedin.com
    indeed.com indeedemail.com glassdoor.com zoom.us google.com"""
)


_SPAN = re.compile(rf"{_TOKEN}(?:[ \t]+(?:(?:&|and|of|de|y|und)[ \t]+)?{_TOKEN}){{0,5}}")
_SPAN_WORD = re.compile(rf"{_TOKEN}|&|and|of|de|y|und")


def _written_form(key: str, texts: list[str]) -> str | None:
    """How the mail writes the company whose squashed name is `key`: "beaconfreight" (from an
    address) is "Beacon Freight Lines", "Prairie Bank" is "First Prairie Bank" when the
    signature says so, "lakeshorecu" is "Lakeshore Credit Union". The most frequent written
    form wins, then the longest."""
    seen: Counter[str] = Counter()
    probe = key[:4]
    for text in texts:
        for m in _SPAN.finditer(text):
            if probe not in _squash(m.group(0)):
                continue  # most spans share nothing with the name: skip their sub-spans
            words = _SPAN_WORD.findall(m.group(0))
            for i in range(len(words)):
                for j in range(i + 1, min(len(words), i + 6) + 1):
                    part = words[i:j]
                    if part[0] in _CONNECTORS or part[-1] in _CONNECTORS:
                        continue
                    span = " ".join(part)
                    if _matches(key, part) and _clean_company(span) == span:
                        seen[span] += 1
    if not seen:
        return None
    return max(seen, key=lambda s: (seen[s], len(s.split()), -len(s)))


_CONNECTORS = frozenset(("&", "and", "of", "de", "y", "und"))


def _matches(key: str, words: list[str]) -> bool:
    whole = _squash(" ".join(words))
    if key in (whole, _squash(" ".join(words).replace("&", "and"))):
        return True
    if len(key) >= 5 and (whole.startswith(key) or whole.endswith(key)) and len(words) >= 2:
        return _squash(words[0]) in key or key.startswith(_squash(words[0]))
    # An abbreviated tail: "lakeshorecu" for "Lakeshore Credit Union".
    for k in range(1, len(words)):
        head = _squash(" ".join(words[:k]))
        if len(head) >= 4 and key.startswith(head) and len(key) > len(head):
            rest = key[len(head) :]
            initials = "".join(_squash(w)[:1] for w in words[k:] if w not in _CONNECTORS)
            if rest == initials:
                return True
    return False


# --- role ------------------------------------------------------------------------------------


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
    r"|nov|dec)\w*\b)"
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
        if not part[0].isupper() or _ORG_WORD.search(part) or _looks_like_person(part):
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


# --- meeting link, kind and place ------------------------------------------------------------


_URLDEFENSE = re.compile(r"https?://urldefense(?:\.proofpoint)?\.com/v3/__(?P<u>.+?)__;")


def _unwrap(url: str) -> str:
    """The target of a tracking or safe-links redirect."""
    defended = _URLDEFENSE.match(url)
    if defended:
        return defended.group("u")
    for _ in range(3):
        parsed = urlparse(url)
        query = parse_qs(parsed.query)
        inner = next((query[k][0] for k in ("url", "q", "u", "target") if k in query), None)
        if not inner or not inner.startswith("http"):
            return url
        url = unquote(inner)
    return url


def find_meeting_url(msg: ParsedEmail, body: str, event: CalendarEvent | None) -> str | None:
    sources: list[str] = []
    if event is not None:
        sources += [event.location, event.url or "", event.description]
    sources.append(body)
    sources += [_unwrap(link) for link in msg.links]
    for text in sources:
        m = _MEETING_RE.search(text)
        if m:
            return m.group(0).rstrip(".,;:!?")
    for text in sources:
        m = _PAD_RE.search(text)
        if m:
            return m.group(0).rstrip(".,;:!?")
    return None


def _looks_virtual(text: str) -> bool:
    return bool(
        re.search(
            r"https?://|zoom|google meet|microsoft teams|webex|video|phone|remote|online",
            text,
            re.IGNORECASE,
        )
    )


def find_location(body: str, event: CalendarEvent | None, meeting_url: str | None) -> str | None:
    if event is not None and event.location.strip() and not _looks_virtual(event.location):
        return " ".join(event.location.split())
    for m in _LOCATION_LINE.finditer(body):
        value = m.group("v").strip()
        if not _looks_virtual(value):
            return value
    m2 = _ADDRESS.search(body)
    if m2:
        return m2.group(0).strip(" ,.")
    return None


def find_kind(
    body: str, event: CalendarEvent | None, meeting_url: str | None, location: str | None
) -> str:
    text = body + "\n" + (event.summary + "\n" + event.description if event else "")
    onsite = bool(_ONSITE.search(text)) and not _REMOTE_ONSITE.search(text)
    if onsite and (location or not meeting_url):
        return "onsite"
    if meeting_url and "coderpad" not in meeting_url:
        return "video"
    if _PHONE.search(text) or (event is not None and re.search(r"\bphone\b", event.summary, re.I)):
        return "phone"
    if _VIDEO.search(text) or meeting_url:
        return "video"
    if location:
        return "onsite"
    return "unknown"


# --- interviewers ----------------------------------------------------------------------------


def find_interviewers(
    msg: ParsedEmail, body: str, event: CalendarEvent | None, company: str | None
) -> list[str]:
    names: list[str] = []
    own = set(msg.to_addrs)

    def add(name: str | None) -> None:
        if not name:
            return
        name = " ".join(name.split()).strip(" ,.;")
        if not name or len(name) > 60 or name in names:
            return
        if company and company_key(name) == company_key(company):
            return
        if name.lower() in _NOT_COMPANY:
            return
        names.append(name)

    for m in _INTERVIEWER_LINE.finditer(body):
        for part in re.split(r",|;|\band\b|\bund\b|\bet\b|\by\b|&", m.group("v")):
            person = re.match(_PERSON, part.strip())
            if person:
                add(person.group(0))
    for m in _INTERVIEWER_PHRASE.finditer(body):
        add(m.group("a"))
        add(m.group("b"))
    if event is not None:
        for cn, address in event.attendees:
            if address.lower() in own or not cn or "@" in cn:
                continue
            if event.organizer and address.lower() == event.organizer.lower():
                continue
            if re.search(r"room|raum|salle|sala|resource", cn, re.IGNORECASE):
                continue
            add(cn)
    return names[:8]
