"""Phrase rules for interview mail, in six languages: invitations, confirmations, reschedules and
cancellations, and what only looks like them (rejections, application receipts, job alerts,
interview-prep marketing, offers, thank-you notes, interviewer-side mail, other meetings).

They no longer decide alone: their hits, and the hand-weighted score they used to make, are
features of the learnt classifier (core.email.features), which weighs them with everything else.
"""

from __future__ import annotations

import re

from core.email.calendar import CalendarEvent

_I = re.IGNORECASE

INVITE = [
    re.compile(
        r"(?:invite|inviting|invitation)\s+(?:you\s+)?(?:to|for)\s+(?:an?\s+|the\s+|your\s+|our\s+)?"
        r"(?:[\w-]+\s+){0,3}(?:interview|call|conversation|chat|screen|onsite|conversations)",
        _I,
    ),
    re.compile(
        r"(?:schedule|set\s+up|arrange|book|coordinate|organi[sz]e)\s+(?:an?\s+|the\s+|your\s+|"
        r"some\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:interview|call|conversation|chat|screen|"
        r"time\s+to\s+(?:talk|chat|speak|meet))",
        _I,
    ),
    re.compile(
        r"interview\s+(?:is\s+|has\s+been\s+)?(?:confirmed|scheduled|booked|invitation|confirmation"
        r"|request|details|reminder|logistics)",
        _I,
    ),
    re.compile(
        r"(?:phone|video|technical|tech|onsite|on-site|final|first|second|third|next|panel|"
        r"hiring[\s-]manager|recruiter|virtual|coding|system[\s-]design|culture|behavio(?:u)?ral|"
        r"initial|introductory|intro)[\s-]+(?:round\s+)?(?:interview|screen|screening)",
        _I,
    ),
    re.compile(
        r"(?:would|'d|’d)\s+(?:like|love)\s+to\s+(?:invite\s+you|schedule|set\s+up|arrange|"
        r"move\s+(?:you\s+)?forward|speak\s+with\s+you|talk\s+with\s+you|chat\s+with\s+you|"
        r"meet\s+you|get\s+to\s+know\s+you)",
        _I,
    ),
    re.compile(
        r"(?:select|pick|choose|book|grab)\s+(?:a\s+|an\s+)?(?:time|slot|date)|scheduling\s+link"
        r"|calendly\.com/|goodtime\.io|/schedul(?:e|ing)/|self-schedul",
        _I,
    ),
    re.compile(r"(?:your|the|our|an?)\s+(?:[\w-]+\s+){0,2}interview\s+(?:with|at|for|on)\b", _I),
    re.compile(r"next\s+(?:step|round|stage)s?\b[^.\n]{0,80}(?:interview|call|conversation)", _I),
    re.compile(
        r"confirm(?:ing|ed)?\s+(?:our|your|the)\s+(?:[\w-]+\s+){0,2}(?:interview|call|chat|"
        r"conversation|meeting|screen)|(?:send|sent)\s+(?:you\s+)?(?:a|an|the)\s+(?:teams|zoom|"
        r"calendar|meet|google\s+meet)\s+(?:invite|invitation|link)",
        _I,
    ),
    # German
    re.compile(
        r"einladung\s+zu(?:m|r)?\s+(?:einem\s+|einer\s+)?(?:[\w-]+\s+)?(?:vorstellungsgespräch|"
        r"gespräch|interview|kennenlern\w*|videocall|telefonat)",
        _I,
    ),
    re.compile(
        r"(?:laden|möchten|würden)\s+(?:wir\s+)?sie\s+(?:gerne\s+|herzlich\s+)?(?:zu|zum|zur)\s+"
        r"(?:einem\s+|einer\s+)?\w*(?:gespräch|interview|telefonat)",
        _I,
    ),
    re.compile(r"vorstellungsgespräch|bewerbungsgespräch|kennenlerngespräch|telefoninterview", _I),
    # French
    re.compile(
        r"(?:inviter|convier|convoquer|rencontrer)\s+(?:\w+\s+){0,2}(?:à|a|pour)\s+un\s+entretien",
        _I,
    ),
    re.compile(
        r"entretien\s+(?:téléphonique|vidéo|en\s+visio|d'embauche|technique|individuel|"
        r"de\s+recrutement|avec)|(?:proposer|planifier|organiser|fixer)\s+un\s+entretien"
        r"|convocation\s+(?:à|a)\s+un\s+entretien",
        _I,
    ),
    # Spanish
    re.compile(
        r"(?:invitarte|invitarle|invitarlo|invitarla|invitar)\s+a\s+una\s+entrevista"
        r"|entrevista\s+(?:telefónica|técnica|por\s+video|personal|con|virtual|presencial)"
        r"|(?:agendar|programar|coordinar)\s+una\s+(?:entrevista|llamada|videollamada)",
        _I,
    ),
]
SUBJECT_INTERVIEW = re.compile(
    r"interview|phone\s+screen|virtual\s+onsite|vorstellungsgespräch|bewerbungsgespräch|gespräch"
    r"|entretien|entrevista",
    _I,
)
INTERVIEW_WORD = re.compile(
    r"interview|screen(?:ing)?\b|(?:virtual\s+)?on-?site\b|vorstellungsgespräch|gespräch|entretien|entrevista",
    _I,
)
# "interview" alone is no job context: newsletters interview CEOs.
JOB_CONTEXT = re.compile(
    r"applica(?:tion|nt)|apply|applied|position|\brole\b|candida|recruit|hiring|talent|resume|"
    r"\bcv\b|job|career|opening|vacanc|bewerb|stelle|poste\b|candidature|recrutement|"
    r"puesto|candidatura|vacante|solicitud|empleo|emploi|vorstellungsgespräch|"
    r"(?:phone|technical|coding|onsite|final|video)[\s-]+(?:round\s+)?(?:interview|screen)|"
    r"entretien\s+d'embauche|entrevista\s+de\s+trabajo|hiring\s+manager",
    _I,
)
# "If your profile matches, we will reach out to schedule an interview."
CONDITIONAL_INVITE = re.compile(
    r"(?:\bif\b|\bshould\b|\bonce\b|in\s+case|sollte|falls|sofern|\bsi\b|en\s+caso)"
    r"[^.]{0,160}(?:schedule|interview|call|contact|reach\s+out|gespräch|termin|melden"
    r"|entretien|entrevista|contactaremos|contacterons)",
    _I,
)
NEWSLETTER = re.compile(
    r"in\s+this\s+issue|newsletter|read\s+(?:the|our|full)\s+(?:interview|story|article)"
    r"|\bblog\b|podcast\s+episode|this\s+week\s*:|view\s+in\s+browser",
    _I,
)

REJECTION = re.compile(
    r"regret\s+to\s+inform|not\s+(?:to\s+)?(?:move|moving|proceed|proceeding|progress|progressing)"
    r"\s+forward|(?:move|moving|proceed|go|going)\s+forward\s+with\s+(?:other|another|a\s+different)"
    r"\s+candidate|pursu(?:e|ing)\s+other\s+candidates|will\s+not\s+be\s+(?:moving|proceeding|"
    r"progressing|continuing)|position\s+has\s+been\s+filled|have\s+decided\s+not\s+to|"
    r"unable\s+to\s+offer\s+you|not\s+(?:been\s+)?selected|no\s+longer\s+(?:under\s+consideration|"
    r"considering)|decided\s+to\s+go\s+(?:in\s+)?(?:a\s+)?different\s+direction|"
    r"leider\s+(?:müssen|können)\s+wir\s+ihnen\s+(?:mitteilen|keine|nicht)|\babsage\b|"
    r"nicht\s+(?:weiter\s+)?berücksichtig|(?:uns|wir)\s+(?:leider\s+)?(?:für|gegen)\s+"
    r"(?:einen\s+|eine\s+)?(?:andere|ihre\s+bewerbung)|"
    r"für\s+(?:einen\s+)?(?:eine\s+)?(?:andere[nr]?)\s+(?:kandidat|bewerber)|"
    r"pas\s+(?:pu\s+)?donner\s+(?:une\s+)?suite|ne\s+pas\s+retenir|pas\s+été\s+retenue?|"
    r"poursuivre\s+avec\s+d'autres|"
    r"no\s+continuar|otros\s+candidatos|no\s+ha\s+sido\s+seleccionad|lamentamos\s+informar|"
    r"no\s+(?:podemos|vamos\s+a)\s+avanzar",
    _I,
)
RECEIVED = re.compile(
    r"thank\s+you\s+for\s+(?:applying|your\s+application|submitting|your\s+interest)|"
    r"(?:we(?:'ve|\s+have)|has\s+been|was)\s+(?:successfully\s+)?received|"
    r"application\s+(?:has\s+been\s+)?(?:received|submitted)|we\s+(?:will|'ll)\s+(?:carefully\s+)?"
    r"review\s+your|(?:be\s+in\s+touch|get\s+back\s+to\s+you|reach\s+out)\s+if\s+(?:your|there)|"
    r"eingangsbestätigung|bewerbung\s+(?:ist\s+)?(?:bei\s+uns\s+)?(?:eingegangen|erhalten)|"
    r"haben\s+ihre\s+bewerbung\s+erhalten|avons\s+bien\s+reçu\s+votre\s+candidature|"
    r"accusé\s+de\s+réception|hemos\s+recibido\s+tu|hemos\s+recibido\s+su",
    _I,
)
ALERT = re.compile(
    r"job\s+alert|jobs?\s+(?:you\s+(?:may|might)\s+(?:be\s+interested|like)|for\s+you)|"
    r"new\s+jobs|recommended\s+(?:jobs|for\s+you)|jobs\s+matching|based\s+on\s+your\s+(?:profile|"
    r"preferences|search|job\s+search)|similar\s+jobs|jobs\s+near|top\s+job\s+picks|"
    r"stellenangebote|neue\s+jobs|jobempfehlung|offres\s+d'emploi|nouvelles\s+offres|"
    r"ofertas\s+de\s+empleo|empleos\s+recomendados|view\s+all\s+jobs|see\s+more\s+jobs",
    _I,
)
MARKETING = re.compile(
    r"interview\s+prep|(?:ace|nail|crush|prepare\s+for|master|land)\s+your\s+(?:next\s+|dream\s+|"
    r"upcoming\s+)?(?:interview|job)|interview\s+(?:tips|questions|coaching|course|masterclass|"
    r"guide|practice|training)|mock\s+interview|webinar|\d+\s?%\s+off|discount|free\s+trial|"
    r"limited\s+time|bootcamp|upgrade\s+to|premium|enroll|sign\s+up\s+(?:now|today|for\s+free)|"
    r"vorbereitungskurs|formation|curso\s+de",
    _I,
)
OFFER = re.compile(
    r"offer\s+letter|(?:pleased|delighted|happy|excited|thrilled)\s+to\s+(?:extend|offer\s+you\s+"
    r"the\s+(?:position|role)|make\s+you)|extend\s+(?:you\s+)?(?:an|a|the)\s+(?:formal\s+)?"
    r"(?:job\s+)?offer|offer\s+of\s+employment|job\s+offer|employment\s+offer|"
    r"compensation\s+package|base\s+salary|signing\s+bonus|sign-on\s+bonus|equity\s+grant|"
    r"accept\s+(?:the|this|our)\s+offer|vertragsangebot|arbeitsvertrag|"
    r"proposition\s+d'embauche|promesse\s+d'embauche|lettre\s+d'offre|oferta\s+(?:de\s+empleo|"
    r"laboral|formal)|carta\s+(?:de\s+)?oferta",
    _I,
)
AFTER_INTERVIEW = re.compile(
    r"thanks?(?:\s+you)?\s+(?:again\s+)?for\s+(?:taking\s+the\s+time\s+to\s+)?(?:interview|speak|"
    r"meet|chat|talk)(?:ing)?\s+with|(?:it\s+)?was\s+(?:great|nice|a\s+pleasure|lovely)\s+"
    r"(?:speaking|talking|meeting|chatting)|following\s+(?:up\s+on\s+)?(?:your|our)\s+(?:recent\s+)?"
    r"(?:interview|conversation)|after\s+your\s+interview|feedback\s+(?:on|about|regarding)\s+"
    r"(?:your|the)\s+interview|how\s+(?:was|did)\s+your\s+interview|rate\s+your\s+(?:interview\s+)?"
    r"experience|candidate\s+(?:experience\s+)?survey|"
    r"danke\s+für\s+(?:das|ihr)\s+(?:nette\s+)?gespräch|merci\s+pour\s+(?:cet|notre|l')\s*échange|"
    r"gracias\s+por\s+(?:la|tu)\s+(?:entrevista|tiempo)",
    _I,
)
INTERVIEWER_SIDE = re.compile(
    r"scorecard|interview\s+(?:loop|debrief|panel\s+for|kit)|(?:submit|leave)\s+(?:your\s+)?"
    r"feedback\s+(?:for|on)\s+(?:the\s+)?candidate|you(?:'ve|\s+have)\s+been\s+(?:added|scheduled)"
    r"\s+(?:as|to)\s+(?:an?\s+)?interviewer|interviewer\s+(?:training|guide)|"
    r"candidate\s*:\s*[A-Z]",
    _I,
)
OUTREACH = re.compile(
    r"came\s+across\s+your\s+(?:profile|background)|open\s+to\s+(?:new\s+)?(?:opportunities|"
    r"a\s+new\s+role)|would\s+you\s+be\s+(?:interested|open)|are\s+you\s+(?:currently\s+)?"
    r"(?:open|looking)",
    _I,
)
NON_JOB_MEETING = re.compile(
    r"stand-?up|sprint|retro(?:spective)?|\b1:1\b|one-on-one|all[\s-]hands|team\s+sync|dentist|"
    r"doctor|appointment|birthday|dinner|lunch|book\s+club|podcast|parent|school|wedding|"
    r"quarterly\s+(?:review|planning)|board\s+meeting|customer\s+call|demo\s+with|kickoff|"
    r"zahnarzt|arzttermin|rendez-vous\s+médical|cita\s+médica",
    _I,
)
CANCEL = re.compile(
    r"(?:has\s+been|have\s+to|need\s+to|must|had\s+to|was|were|is|are)\s+cancell?ed|"
    r"(?:need|have|had)\s+to\s+cancel|cancell?(?:ing|ed)\s+(?:our|the|your|this)\s+"
    r"(?:interview|call|meeting|conversation)|interview\s+(?:is\s+|has\s+been\s+)?cancell?ed|"
    r"^(?:canceled|cancelled)\s+(?:event|invitation)|abgesagt|absagen\s+müssen|"
    r"annul(?:é|ée|er)|cancelad[ao]|cancelar\s+(?:la|nuestra)",
    _I | re.MULTILINE,
)
RESCHEDULE = re.compile(
    r"rescheduled|(?:we|i)\s+(?:need|have|had)\s+to\s+reschedule|new\s+time|moved?\s+(?:it\s+|the\s+interview\s+|our\s+\w+\s+)?to\b|"
    r"change\s+(?:of|the|in)\s+(?:time|date)|updated\s+invitation|time\s+change|"
    r"verschieben|verschoben|neuer\s+termin|reporter|reporté|décal|nouvelle\s+date|"
    r"reprogramar|reprogramad|cambio\s+de\s+(?:hora|fecha)",
    _I,
)


def phrase_hits(subject: str, body: str, cal_text: str) -> dict[str, int]:
    """Which phrase rules fire on a message (its subject, new body text and calendar text):
    each pattern runs once, and the classifier reads the hits as features."""
    text = subject + "\n" + body
    hits = {
        "invite": sum(1 for p in INVITE if p.search(text)),
        "subject_interview": int(bool(SUBJECT_INTERVIEW.search(subject))),
        "interview_word": int(bool(INTERVIEW_WORD.search(text))),
        "calendar_interview": int(bool(cal_text) and bool(INTERVIEW_WORD.search(cal_text))),
        "job_context": int(bool(JOB_CONTEXT.search(text) or JOB_CONTEXT.search(cal_text))),
        "non_job_meeting": int(bool(NON_JOB_MEETING.search(subject + "\n" + cal_text))),
        "subject_or_calendar_interview": int(bool(INTERVIEW_WORD.search(subject + cal_text))),
    }
    for name, pattern in (
        ("rejection", REJECTION),
        ("received", RECEIVED),
        ("alert", ALERT),
        ("marketing", MARKETING),
        ("offer", OFFER),
        ("after_interview", AFTER_INTERVIEW),
        ("interviewer_side", INTERVIEWER_SIDE),
        ("outreach", OUTREACH),
        ("cancel", CANCEL),
        ("reschedule", RESCHEDULE),
        ("conditional_invite", CONDITIONAL_INVITE),
        ("newsletter", NEWSLETTER),
    ):
        hits[name] = int(bool(pattern.search(text)))
    return hits


def rule_score(
    hits: dict[str, int],
    event: CalendarEvent | None,
    *,
    has_meeting_url: bool,
    has_time: bool,
    bulk: bool,
) -> float:
    """The hand-weighted score the detector used before it learnt its weights: phrases that
    invite push it up, those of rejections, receipts, alerts, marketing, offers, thank-you
    notes and other meetings push it down. Kept as one more feature."""
    score = -1.0
    invites = hits["invite"]
    if invites:
        score += 2.5 + min(invites - 1, 2) * 1.0
    if hits["subject_interview"]:
        score += 1.5
    if event is not None:
        if hits["calendar_interview"]:
            score += 2.5
        elif event.method in ("REQUEST", "CANCEL", ""):
            score += 0.3
    score += 0.7 * has_meeting_url + 0.6 * has_time
    if invites == 0 and not (hits["interview_word"] or hits["calendar_interview"]):
        score -= 2.0
    if not hits["job_context"]:
        score -= 2.5
    for name, weight in (
        ("rejection", 5.0),
        ("alert", 3.5),
        ("marketing", 3.0),
        ("offer", 4.0),
        ("after_interview", 3.0),
        ("interviewer_side", 4.0),
        ("outreach", 2.0),
    ):
        score -= weight * hits[name]
    concrete = has_time or has_meeting_url or event is not None
    if hits["received"]:
        score -= 2.0 if invites == 0 else 0.5
        if not concrete and hits["conditional_invite"]:
            score -= 2.5
    score -= 2.5 * hits["newsletter"]
    if hits["non_job_meeting"] and not hits["subject_or_calendar_interview"]:
        score -= 2.0
    return score - 1.0 * bulk
