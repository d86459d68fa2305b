"""Interviews from detected emails: created once, updated by reschedules, cancelled by
cancellations, linked to the application with the same company; listed and exported."""

from __future__ import annotations

from pathlib import Path

import icalendar
from fastapi.testclient import TestClient

from core.applications.service import create_application, get_application
from core.email.detect import detect_bytes
from core.email.message import EmailRef
from core.interviews.ics import interview_ics
from core.interviews.service import list_interviews, record_detection
from integrations.container import Services

CORPUS = Path(__file__).resolve().parents[1] / "email" / "corpus"


def _detect(name: str):
    return detect_bytes((CORPUS / name).read_bytes())


def test_invitation_links_existing_application_and_moves_it_to_interviewing(
    services: Services,
) -> None:
    store = services.store
    app = create_application(store, "u1", company="Acme Robotics, Inc.", status="applied")
    interview = record_detection(
        store, "u1", _detect("p01_recruiter_plain_zoom.eml"), EmailRef("m1")
    )
    assert interview is not None and interview.application_id == app.application_id
    moved = get_application(store, "u1", app.application_id)
    assert moved.status == "interviewing"
    # The history names the email, so the person can recognise it.
    assert moved.history[-1].cause.model_dump(by_alias=True) == {
        "type": "email",
        "messageId": "m1",
        "interviewId": interview.interview_id,
        "subject": "Interview for Senior Backend Engineer - Acme Robotics",
        "receivedAt": "2024-03-08T18:12:44.000Z",
    }


def test_reschedule_updates_and_cancellation_cancels(services: Services) -> None:
    store = services.store
    first = record_detection(store, "u1", _detect("p01_recruiter_plain_zoom.eml"), EmailRef("m1"))
    moved = record_detection(store, "u1", _detect("p10_reschedule_plain.eml"), EmailRef("m2"))
    assert first is not None and moved is not None
    assert moved.interview_id == first.interview_id
    assert moved.starts_at == "2024-03-14T18:00:00.000Z"
    assert [h.event for h in moved.history] == ["invitation", "reschedule"]

    invite = record_detection(store, "u1", _detect("p03_google_calendar_ics.eml"), EmailRef("m3"))
    cancel = record_detection(store, "u1", _detect("p11_calendar_cancel.eml"), EmailRef("m4"))
    assert invite is not None and cancel is not None
    assert cancel.interview_id == invite.interview_id  # same calendar UID
    assert cancel.status == "cancelled"
    assert len(store.query("Interviews", "u1", index="UserIdIndex")) == 2


def test_the_same_message_twice_changes_nothing(services: Services) -> None:
    store = services.store
    detection = _detect("p01_recruiter_plain_zoom.eml")
    a = record_detection(store, "u1", detection, EmailRef("m1"))
    b = record_detection(store, "u1", detection, EmailRef("m1"))
    assert a == b
    assert len(store.query("Interviews", "u1", index="UserIdIndex")) == 1
    [app] = store.query("Applications", "u1", index="UserIdIndex")
    assert len(app["history"]) == 1


def test_invitation_without_time_is_completed_by_the_confirmation(services: Services) -> None:
    store = services.store
    pending = record_detection(
        store, "u1", _detect("p05_scheduling_link_no_time.eml"), EmailRef("m1")
    )
    assert pending is not None and pending.status == "pending" and not pending.time_known
    assert list_interviews(store, "u1")[0].status == "pending"


def test_listing_upcoming_first_and_calendar_file(
    client: TestClient, signup_and_login, services: Services
) -> None:
    user = signup_and_login()
    for i, name in enumerate(
        [
            "p24_uk_numeric_date_onsite.eml",
            "p13_de_einladung_teams_qp.eml",
            "p05_scheduling_link_no_time.eml",
        ]
    ):
        record_detection(services.store, user["userId"], _detect(name), EmailRef(f"m{i}"))
    from datetime import UTC, datetime

    ordered = list_interviews(services.store, user["userId"], now=datetime(2024, 3, 15, tzinfo=UTC))
    assert [i.company for i in ordered] == ["Müller Logistik", "Hooli", "Thames Bank"]

    items = client.get("/api/interviews", headers=user["headers"]).json()["items"]
    assert {i["company"] for i in items} == {"Müller Logistik", "Hooli", "Thames Bank"}
    pending = next(i for i in items if i["company"] == "Hooli")
    assert pending["startsAt"] is None and pending["status"] == "pending"
    onsite = next(i for i in items if i["company"] == "Thames Bank")
    assert onsite["startsAt"] == "2024-03-13T14:00:00+00:00" and onsite["kind"] == "onsite"

    r = client.get(f"/api/interviews/{onsite['interviewId']}.ics", headers=user["headers"])
    assert r.status_code == 200
    event = icalendar.Calendar.from_ical(r.content).walk("VEVENT")[0]
    assert "Thames Bank" in str(event["SUMMARY"])
    assert "Canada Square" in str(event["LOCATION"])

    stranger = signup_and_login()
    assert (
        client.get(
            f"/api/interviews/{onsite['interviewId']}.ics", headers=stranger["headers"]
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/interviews/{onsite['interviewId']}", headers=stranger["headers"]
        ).status_code
        == 404
    )


def test_pending_interview_exports_as_all_day_placeholder(services: Services) -> None:
    item = record_detection(
        services.store, "u1", _detect("p05_scheduling_link_no_time.eml"), EmailRef("m1")
    )
    assert item is not None
    event = icalendar.Calendar.from_ical(interview_ics(item)).walk("VEVENT")[0]
    assert "time to be confirmed" in str(event["SUMMARY"])
