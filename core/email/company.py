"""The employer an email is about: never the applicant-tracking system, the scheduling service,
the mail provider or the agency that sent it. Candidates from the subject, the body and the sender
vote, and the name is given in the form the email writes it."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

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
NOT_COMPANY = _words(
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
    while words and words[0].lower() in NOT_COMPANY:
        words.pop(0)
    while words and words[-1].lower() in NOT_COMPANY:
        words.pop()
    name = " ".join(words)
    if not name or name.lower() in NOT_COMPANY or len(name) > 60 or name.isdigit():
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
        2 <= len(words) <= 3 and not ORG_WORD.search(name) and all(w[:1].isupper() for w in words)
    )


def looks_like_person(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and words[0].lower() in _GIVEN_NAMES


def find_company(
    msg: ParsedEmail, body: str, event: CalendarEvent | None, role: str | None = None
) -> str | None:
    votes: dict[str, float] = defaultdict(float)
    shown: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    own_keys = {_squash(d) for a in msg.to_addrs if (d := domain_company(a))}
    people = {_squash(msg.from_name)} if looks_like_person(msg.from_name) else set()
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
        if not name or (not from_domain and looks_like_person(name)):
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


ORG_WORD = re.compile(
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
    if not name or looks_like_person(name):
        return None
    if len(name.split()) == 1 or ORG_WORD.search(name) or name.lower() in subject.lower():
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
