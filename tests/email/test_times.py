from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.email.times import extract_time, guess_language
from core.email.timezones import find_zones, region_for

PACIFIC_MORNING = datetime(2024, 3, 7, 9, 15, tzinfo=timezone(timedelta(hours=-8)))
BERLIN_MORNING = datetime(2024, 3, 8, 9, 15, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    ("text", "reference", "want"),
    [
        # Relative days resolve against the message's Date, in the zone the text names.
        ("Can we do tomorrow at 3pm PT?", PACIFIC_MORNING, "2024-03-08T15:00:00-08:00"),
        ("How about tomorrow at 9am CET?", PACIFIC_MORNING, "2024-03-08T09:00:00+01:00"),
        # A zone abbreviation means the region: EST after the switch to summer time is EDT.
        ("Wednesday, March 13 at 10:30 AM EST", PACIFIC_MORNING, "2024-03-13T10:30:00-04:00"),
        ("Tuesday, March 12 at 2:00 PM Pacific Time", PACIFIC_MORNING, "2024-03-12T14:00:00-07:00"),
        ("Monday 10am (London time)", BERLIN_MORNING, "2024-03-11T10:00:00+00:00"),
        ("Friday 12 noon GMT+2", BERLIN_MORNING, "2024-03-15T12:00:00+02:00"),
        ("at 14:00 Europe/Lisbon on 2024-04-02", BERLIN_MORNING, "2024-04-02T14:00:00+01:00"),
        (
            "Thursday, April 18, 1:00 PM-2:00 PM (UTC-05:00) Eastern Time",
            PACIFIC_MORNING,
            "2024-04-18T13:00:00-05:00",
        ),
        # Languages.
        ("am Dienstag, 19.03.2024 um 10:00 Uhr", BERLIN_MORNING, "2024-03-19T10:00:00+01:00"),
        ("le mardi 12 mars à 14h30 (heure de Paris)", BERLIN_MORNING, "2024-03-12T14:30:00+01:00"),
        (
            "el 15 de marzo a las 10:00 (hora de Madrid)",
            BERLIN_MORNING,
            "2024-03-15T10:00:00+01:00",
        ),
        ("mañana a las 10:30", BERLIN_MORNING, "2024-03-09T10:30:00+01:00"),
        ("il 12 giugno 2024 alle 15:00", BERLIN_MORNING, "2024-06-12T15:00:00+01:00"),
        # Ranges without am/pm on the first half.
        ("Interview: next Monday 9-10am ET", PACIFIC_MORNING, "2024-03-11T09:00:00-04:00"),
        # A year is inferred forward: in late December, "January 3" is next year.
        (
            "Interview on January 3 at 11am UTC",
            datetime(2024, 12, 28, 10, 0, tzinfo=UTC),
            "2025-01-03T11:00:00+00:00",
        ),
    ],
)
def test_extracts_the_start(text: str, reference: datetime, want: str) -> None:
    found = extract_time(text, reference)
    assert found.starts_at is not None, text
    assert found.starts_at.isoformat() == want
    assert found.starts_at == datetime.fromisoformat(want)


def test_reschedule_picks_the_new_time() -> None:
    text = (
        "Your interview originally scheduled for March 12 at 2pm PT has been moved to "
        "March 14 at 11am PT."
    )
    found = extract_time(text, PACIFIC_MORNING)
    assert found.starts_at == datetime.fromisoformat("2024-03-14T11:00:00-07:00")


def test_rescheduled_from_to() -> None:
    found = extract_time(
        "We rescheduled the call from Tuesday 2pm to Thursday 4:30pm CET", BERLIN_MORNING
    )
    assert found.starts_at == datetime.fromisoformat("2024-03-14T16:30:00+01:00")


def test_offered_slots_are_not_a_chosen_time() -> None:
    text = (
        "Which of the following times work for you?\n- Monday March 11, 10am ET\n"
        "- Tuesday March 12, 2pm ET"
    )
    found = extract_time(text, PACIFIC_MORNING)
    assert found.starts_at is None and found.offered_slots


def test_a_time_in_the_past_is_not_the_interview() -> None:
    found = extract_time("Thanks for interviewing with us on March 5 at 2pm", PACIFIC_MORNING)
    assert found.starts_at is None


def test_duration_from_range_and_from_words() -> None:
    assert extract_time("Tue March 12, 2:00 - 2:45 PM PT", PACIFIC_MORNING).duration_minutes == 45
    assert (
        extract_time(
            "March 12 at 2pm. It takes about 30 minutes.", PACIFIC_MORNING
        ).duration_minutes
        == 30
    )
    assert extract_time("March 12 at 2pm, ca. 1 Stunde", PACIFIC_MORNING).duration_minutes == 60
    # A notice period is no interview length.
    assert (
        extract_time(
            "March 12 at 2pm; cancel 24 hours in advance", PACIFIC_MORNING
        ).duration_minutes
        is None
    )


def test_numbers_that_are_not_times() -> None:
    assert (
        extract_time("Meeting ID: 812 3456 7890, passcode 559201", PACIFIC_MORNING).starts_at
        is None
    )
    assert extract_time("Call +1 (415) 555-0142 on March 12", PACIFIC_MORNING).starts_at is None


def test_zones_and_regions() -> None:
    names = [z.label for z in find_zones("10am PT / 1pm ET (GMT-4) or 19:00 CEST, Europe/Paris")]
    assert names == ["PT", "ET", "GMT-4", "CEST", "Europe/Paris"]
    assert find_zones("c'est la vie et puis") == []  # lower-case words are not zones
    summer = region_for(datetime(2024, 7, 1, 9, tzinfo=timezone(timedelta(hours=-7))), "en")
    assert summer is not None and str(summer) == "America/Los_Angeles"


def test_language_guess() -> None:
    assert guess_language("Wir freuen uns, Sie zu einem Gespräch einzuladen") == "de"
    assert guess_language("Nous avons le plaisir de vous inviter à un entretien") == "fr"
    assert guess_language("Nos gustaría invitarte a una entrevista para el puesto") == "es"
    assert guess_language("We would like to invite you to an interview") == "en"
