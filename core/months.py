"""Month and weekday names, one vocabulary for every date the product reads (resumes, emails):
English with their abbreviations, and the German, French and Spanish names invitations use."""

from __future__ import annotations


def _numbered(rows: tuple[str, ...], start: int) -> dict[str, int]:
    """Each name of row n (names separated by spaces) numbered start + n."""
    return {name: number for number, names in enumerate(rows, start) for name in names.split()}


MONTHS = _numbered(
    (
        "january jan januar jänner janvier janv enero ene",
        "february feb februar février fevrier févr fevr febrero",
        "march mar märz maerz mrz mars marzo",
        "april apr avril avr abril abr",
        "may mai mayo",
        "june jun juni juin junio",
        "july jul juli juillet juil julio",
        "august aug août aout agosto ago",
        "september sep sept septembre septiembre setiembre",
        "october oct oktober okt octobre octubre",
        "november nov noviembre",
        "december dec dezember dez décembre decembre déc diciembre dic",
    ),
    start=1,
)
# Full weekday names (Monday is 0); abbreviations are the email time reader's own, as
# two-letter ones ("Mo", "Di") are only days beside a time.
WEEKDAYS = _numbered(
    (
        "monday montag lundi lunes",
        "tuesday dienstag mardi martes",
        "wednesday mittwoch mercredi miércoles miercoles",
        "thursday donnerstag jeudi jueves",
        "friday freitag vendredi viernes",
        "saturday samstag sonnabend samedi sábado sabado",
        "sunday sonntag dimanche domingo",
    ),
    start=0,
)
# Resumes date terms by season ("Summer 2021"): the month each one starts in.
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def month_number(word: str) -> int | None:
    """1-12 for a month (or season) name in any case, else None."""
    word = word.lower()
    return MONTHS.get(word) or SEASONS.get(word)
