"""A job seeker's mailbox for the tracker tests: an invitation and its reply-thread reschedule,
an invitation and its cancellation, a scheduling tool's booking, a receipt and a webinar that
mention interviews, a vague note, a rejection and an offer.

Dates are relative to the day the test runs (the scan reads the last 30 days), so each message
carries its send time and the tests compute the times they expect from the same anchors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

EASTERN = ZoneInfo("America/New_York")
CENTRAL = ZoneInfo("America/Chicago")
PACIFIC = ZoneInfo("America/Los_Angeles")


@dataclass
class Mail:
    name: str
    raw: bytes
    sent: datetime
    thread: str | None = None


def next_weekday(after: datetime, weekday: int) -> datetime:
    """The first day strictly after `after` that falls on `weekday` (Monday is 0)."""
    days = (weekday - after.weekday()) % 7 or 7
    return after + timedelta(days=days)


def _at(day: datetime, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day.date(), time(hour, minute), tzinfo=zone)


def _when(dt: datetime, zone_word: str) -> str:
    hour = dt.strftime("%I").lstrip("0")
    return (
        f"{dt:%A, %B} {dt.day} at {hour}:{dt:%M} {dt:%p}".replace("AM", "am").replace("PM", "pm")
        + f" {zone_word}"
    )


def _message(
    subject: str,
    sender: str,
    sent: datetime,
    body: str,
    *,
    message_id: str,
    in_reply_to: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = "Jamie Rivera <jamie.rivera@gmail.com>"
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    return msg


def _ics(uid: str, summary: str, start: datetime, minutes: int, method: str = "REQUEST") -> bytes:
    stamp = start.astimezone(UTC)
    end = stamp + timedelta(minutes=minutes)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
        f"METHOD:{method}\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}\r\nDTSTART:{stamp:%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{end:%Y%m%dT%H%M%SZ}\r\nSUMMARY:{summary}\r\nSEQUENCE:0\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@dataclass
class Mailbox:
    mails: list[Mail]
    northwind_first: datetime
    northwind_moved: datetime
    globex_start: datetime
    lumen_start: datetime

    def by_name(self, name: str) -> Mail:
        return next(m for m in self.mails if m.name == name)


def build(today: datetime) -> Mailbox:
    """The mailbox as it stands on `today` (an aware datetime): every message within the last
    two weeks, the interviews within the next two."""
    base = today.astimezone(EASTERN).replace(hour=9, minute=0, second=0, microsecond=0)
    mails: list[Mail] = []

    # Northwind: an invitation, then the recruiter moves it in a reply that quotes it.
    sent = base - timedelta(days=10)
    first = _at(next_weekday(base, 1), 10, 0, EASTERN)  # a Tuesday after today
    moved = _at(next_weekday(first, 3), 14, 0, EASTERN)  # the Thursday after it
    invite = _message(
        "Interview invitation: Senior Backend Engineer at Northwind Labs",
        "Priya Shah <priya.shah@northwindlabs.com>",
        sent,
        "Hi Jamie,\n\nThank you for applying to the Senior Backend Engineer position at Northwind "
        "Labs. We would like to invite you to a video interview with our engineering manager "
        f"on {_when(first, 'Eastern Time')}. It will take 45 minutes.\n\n"
        "Join on Zoom: https://northwindlabs.zoom.us/j/81234567890\n\nBest,\nPriya Shah\n"
        "Talent Acquisition, Northwind Labs\n",
        message_id="<nw-invite-1@northwindlabs.com>",
    )
    mails.append(Mail("northwind_invite", invite.as_bytes(), sent, thread="thread-northwind"))
    sent_re = base - timedelta(days=6)
    quoted = "\n".join("> " + line for line in str(invite.get_content()).splitlines())
    reply = _message(
        "Re: Interview invitation: Senior Backend Engineer at Northwind Labs",
        "Priya Shah <priya.shah@northwindlabs.com>",
        sent_re,
        "Hi Jamie,\n\nSomething came up on our side. Could we do "
        f"{_when(moved, 'Eastern Time')} instead? Same Zoom link.\n\n"
        "Sorry for the shuffle,\nPriya\n\n"
        f"On {sent:%a, %b} {sent.day}, {sent:%Y} at 9:00 AM Priya Shah "
        "<priya.shah@northwindlabs.com> wrote:\n" + quoted + "\n",
        message_id="<nw-reply-2@northwindlabs.com>",
        in_reply_to="<nw-invite-1@northwindlabs.com>",
    )
    mails.append(Mail("northwind_moved", reply.as_bytes(), sent_re, thread="thread-northwind"))

    # Globex: a calendar invitation, then a short reply in its thread calling it off.
    sent = base - timedelta(days=9)
    globex = _at(next_weekday(base, 2), 11, 0, PACIFIC)  # a Wednesday after today
    cal = _message(
        "Invitation: Phone screen with Globex - Data Platform Engineer",
        "Globex Recruiting <recruiting@globex.com>",
        sent,
        "Hi Jamie, you're invited to a phone screen for the Data Platform Engineer role at "
        f"Globex on {_when(globex, 'Pacific Time')}. The calendar invitation is attached.\n\n"
        "Globex Recruiting\n",
        message_id="<globex-1@globex.com>",
    )
    cal.add_attachment(
        _ics("globex-screen-1@globex.com", "Phone screen: Globex", globex, 30),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
    )
    mails.append(Mail("globex_invite", cal.as_bytes(), sent, thread="thread-globex"))
    sent = base - timedelta(days=3)
    off = _message(
        "Re: Invitation: Phone screen with Globex - Data Platform Engineer",
        "Globex Recruiting <recruiting@globex.com>",
        sent,
        "Hi Jamie,\n\nI'm sorry, we have to cancel Wednesday's call: the hiring manager is out "
        "this week. We'll be in touch once the team is back.\n\nGlobex Recruiting\n\n"
        "On Monday Globex Recruiting <recruiting@globex.com> wrote:\n"
        "> Hi Jamie, you're invited to a phone screen...\n",
        message_id="<globex-2@globex.com>",
        in_reply_to="<globex-1@globex.com>",
    )
    mails.append(Mail("globex_cancel", off.as_bytes(), sent, thread="thread-globex"))

    # A scheduling tool's booking confirmation, its time in the interviewer's zone.
    sent = base - timedelta(days=2)
    lumen = _at(next_weekday(sent, 4), 13, 0, CENTRAL)  # the Friday after it was sent
    booking = _message(
        "Confirmed: Intro call – Staff Frontend Engineer with Lumen Health",
        "Calendly <notifications@calendly.com>",
        sent,
        "Hi Jamie Rivera,\n\nA new event has been scheduled.\n\n"
        "Event Type: Intro call – Staff Frontend Engineer\nInvitee: Jamie Rivera\n"
        "Event Date/Time: 1:00 pm - 1:30 pm (Central Time - US & Canada) Friday\n"
        "Host: Marcus Lee, Lumen Health recruiting\n"
        "Location: https://meet.google.com/abc-defg-hij\n\n"
        "Friday 1:00 pm Central, 30 minutes. You'll meet Marcus from Lumen Health to talk about "
        "the Staff Frontend Engineer role.\n",
        message_id="<booking-1@calendly.com>",
    )
    mails.append(Mail("lumen_booking", booking.as_bytes(), sent))

    # Not interviews: a receipt for an interview-prep book, a webinar with a calendar file.
    sent = base - timedelta(days=5)
    receipt = _message(
        "Your Amazon.com order #112-4471-99 has shipped",
        "Amazon.com <shipment-tracking@amazon.com>",
        sent,
        "Hello Jamie,\n\nYour package with Cracking the Coding Interview: 189 Programming "
        "Questions and Solutions has shipped and arrives Friday by 8:00 pm.\n\n"
        "Order total: $29.35\nTrack your package: https://www.amazon.com/gp/your-account/order\n"
        "Prepare for your onsite interview with confidence!\n",
        message_id="<receipt-1@amazon.com>",
    )
    mails.append(Mail("receipt", receipt.as_bytes(), sent))
    sent = base - timedelta(days=4)
    webinar_at = _at(next_weekday(base, 3), 12, 0, EASTERN)
    webinar = _message(
        "You're registered: Acing the onsite interview (live webinar)",
        "CareerLab Events <events@careerlab.io>",
        sent,
        "Hi Jamie,\n\nYou're registered for our live webinar on interview preparation: how to "
        "answer behavioral interview questions and ace your onsite. It starts "
        f"{_when(webinar_at, 'Eastern')}.\n\n"
        "Join: https://careerlab.zoom.us/webinar/register/WN_123\nAdd it to your calendar with "
        "the attached invitation.\n",
        message_id="<webinar-1@careerlab.io>",
        headers={"List-Unsubscribe": "<mailto:unsubscribe@careerlab.io>"},
    )
    webinar.add_attachment(
        _ics("webinar-77@careerlab.io", "Webinar: Acing the onsite interview", webinar_at, 60),
        maintype="text",
        subtype="calendar",
        filename="webinar.ics",
    )
    mails.append(Mail("webinar", webinar.as_bytes(), sent))

    # A vague note: maybe about an interview, naming no company or role.
    sent = base - timedelta(days=2, hours=-3)
    vague = _message(
        "Quick question",
        "Sam <sam.k.1987@gmail.com>",
        sent,
        "Hey Jamie, are you free to talk next week about the position? Let me know a time.\n",
        message_id="<vague-1@mail.gmail.com>",
    )
    mails.append(Mail("vague", vague.as_bytes(), sent))

    # Initrode turns the application down; Northwind makes an offer.
    sent = base - timedelta(days=1)
    rejection = _message(
        "Your application to Initrode",
        "Initrode Careers <careers@initrode.com>",
        sent,
        "Dear Jamie,\n\nThank you for your interest in the Data Engineer position at Initrode. "
        "After careful consideration we regret to inform you that we will not be moving forward "
        "with your application.\n\nInitrode Talent Team\n",
        message_id="<initrode-1@initrode.com>",
    )
    mails.append(Mail("initrode_rejection", rejection.as_bytes(), sent))
    sent = base - timedelta(hours=20)
    offer = _message(
        "Offer: Senior Backend Engineer at Northwind Labs",
        "Priya Shah <priya.shah@northwindlabs.com>",
        sent,
        "Hi Jamie,\n\nWe are delighted to extend you an offer for the Senior Backend Engineer "
        "position at Northwind Labs. Your offer letter is attached; the base salary is "
        "$185,000.\n\nPriya Shah\nNorthwind Labs\n",
        message_id="<nw-offer-3@northwindlabs.com>",
    )
    mails.append(Mail("northwind_offer", offer.as_bytes(), sent))
    return Mailbox(mails, first, moved, globex, lumen)
