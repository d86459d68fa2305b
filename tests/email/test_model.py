"""The email classifier: its artifact rebuilds to the same bytes, it keeps hard negatives out of
the interviews, and its cross-validated quality on the development split stays above a floor.

Only the dev split of corpora/email is read here; the blind split is for the benchmark, once.
"""

from __future__ import annotations

import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from bench.email import fit_model
from bench.email.corpus import load
from bench.email.scoring import Outcome, score
from core.email.detect import analyse, detect, detect_bytes
from core.email.message import parse_email
from core.email.model import CATEGORIES, MODEL_FILE, EmailModel

ROOT = Path(__file__).resolve().parents[2]


def test_rebuilding_the_model_gives_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    subprocess.run(
        [sys.executable, "-m", "bench.email.fit_model", "--no-cv", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert out.read_bytes() == MODEL_FILE.read_bytes()


def test_the_artifact_is_small_and_names_the_categories() -> None:
    model = EmailModel.load()
    assert model.classes == CATEGORIES
    assert MODEL_FILE.stat().st_size < 1_000_000
    assert model.weights.shape == (len(model.index), len(CATEGORIES))
    probabilities = model.probabilities({"no-such-feature"})
    assert abs(sum(probabilities.values()) - 1.0) < 1e-9


def _mail(subject: str, sender: str, body: str, **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = "dana.okafor@example.com"
    msg["Date"] = "Tue, 05 Mar 2024 09:12:00 -0800"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def _ics(summary: str, organizer: str, attendee_role: str = "REQ-PARTICIPANT") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:evt-42@example.com\r\nDTSTAMP:20240305T171200Z\r\n"
        "DTSTART:20240312T180000Z\r\nDTEND:20240312T190000Z\r\n"
        f"SUMMARY:{summary}\r\nORGANIZER;CN=Events:mailto:{organizer}\r\n"
        f"ATTENDEE;ROLE={attendee_role};PARTSTAT=NEEDS-ACTION:mailto:dana.okafor@example.com\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _newsletter() -> bytes:
    msg = _mail(
        "This week: how to cancel an interview gracefully",
        "The Hiring Brief <news@hiringbrief.example>",
        "In this issue: when a candidate cancels the final interview, what should recruiters do? "
        "We interviewed three heads of talent about rescheduling etiquette. Read the full "
        "interview on our blog. You are receiving this newsletter because you subscribed.",
        List_Unsubscribe="<https://hiringbrief.example/unsub>",
        Precedence="bulk",
    )
    return msg.as_bytes()


def _webinar_with_ics() -> bytes:
    msg = _mail(
        "You're registered: Interview Skills Masterclass (live webinar)",
        "Career Webinars <events@careerwebinars.example>",
        "Thanks for registering for our live webinar on Tuesday, March 12 at 11am PT. "
        "Add it to your calendar with the attached invite. Join from the link on the day.",
        List_Unsubscribe="<mailto:unsub@careerwebinars.example>",
    )
    msg.add_attachment(
        _ics("Webinar: Interview Skills Masterclass", "events@careerwebinars.example"),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
    )
    return msg.as_bytes()


def _receipt() -> bytes:
    return _mail(
        "Your order has shipped: Cracking the Coding Interview",
        "Paper Lantern Books <orders@paperlantern.example>",
        "Order #44812 has shipped. 1 x Cracking the Coding Interview, 6th Edition, $34.99. "
        "Shipping to: Dana Okafor, 48 Alder Street, Portland OR. Track your parcel online.",
        Auto_Submitted="auto-generated",
    ).as_bytes()


def _interviewer_side() -> bytes:
    msg = _mail(
        "Interview panel: Senior Data Engineer candidate (M. Ito) - Tuesday 11:00",
        "Rosa Lind <rosa.lind@example.com>",
        "Team, Mika Ito is coming in on Tuesday at 11:00 for the onsite loop for Senior Data "
        "Engineer. You are on the panel for the SQL session. Please submit your scorecard in "
        "Greenhouse within 24 hours of the interview. Thanks, Rosa",
    )
    msg.add_attachment(
        _ics("Onsite interview: Mika Ito (Senior Data Engineer)", "rosa.lind@example.com"),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
    )
    return msg.as_bytes()


def _podcast() -> bytes:
    return _mail(
        "Invitation to be interviewed on Data Diaries",
        "Lee Park <lee@datadiaries.example>",
        "Hi Dana, I host Data Diaries, a podcast about the people behind data teams (about 9,000 "
        "listeners an episode). I'd love to interview you about your migration talk. Recording "
        "takes 40 minutes over Riverside. Would any afternoon next week work? Lee, host",
    ).as_bytes()


@pytest.mark.parametrize(
    "make", [_newsletter, _webinar_with_ics, _receipt, _interviewer_side, _podcast]
)
def test_hard_negatives_are_not_interviews(make: object) -> None:
    assert callable(make)
    found = detect_bytes(make())
    assert not found.is_interview, (found.category, found.reasons)
    assert found.to_json()["interview"] is None


def test_cross_validated_quality_on_the_dev_split_stays_above_its_floor() -> None:
    """Five-fold cross-validation of the whole detector on the dev split, as `make
    email-model` measures it. The floors sit a little below the figures measured when the
    model was built (bench/results/email.json, devCrossValidated), so a change that makes the
    model worse on mail it has not seen fails here."""
    cases = load("dev")
    seen = [analyse(parse_email(c.raw)) for c in cases]
    legacy = fit_model.legacy_cases()
    extra = [analyse(parse_email(c.raw)) for c in legacy]
    report, _ = fit_model.cross_validate(cases, seen, extra, [c.category for c in legacy])
    figures = report["figures"]
    assert figures["interviews"]["precision"] >= 0.85
    assert figures["interviews"]["recall"] >= 0.80
    assert figures["accuracy"] >= 0.78
    assert figures["facts"]["startsAt"] >= 0.85


def test_the_shipped_model_reproduces_its_training_labels() -> None:
    """The exported weights, read back with numpy, decide the dev split as the fitted model
    did: a broken export or a feature computed differently at run time shows here."""
    cases = load("dev")
    model = EmailModel.load()
    figures, _ = score(Outcome(c, detect(parse_email(c.raw), model=model)) for c in cases)
    assert figures["accuracy"] >= 0.95
