"""The person's word on interviews: corrections, "not an interview", interviews added by hand.
Only the owner sees or changes an interview; everyone else gets 404."""

from __future__ import annotations

from pathlib import Path

import icalendar
from fastapi.testclient import TestClient

from core.email.detect import detect_bytes
from core.email.message import EmailRef
from core.interviews.repository import Interview
from core.interviews.service import record_detection
from integrations.container import Services

CORPUS = Path(__file__).resolve().parents[1] / "email" / "corpus"


def _detected(services: Services, user_id: str, name: str, message_id: str) -> Interview:
    item = record_detection(
        services.store,
        user_id,
        detect_bytes((CORPUS / name).read_bytes()),
        EmailRef(message_id),
    )
    assert item is not None
    return item


def _apps(client: TestClient, headers: dict) -> list[dict]:
    r = client.get("/api/applications", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_correcting_time_zone_and_facts(
    client: TestClient, signup_and_login, services: Services
) -> None:
    user = signup_and_login()
    found = _detected(services, user["userId"], "p01_recruiter_plain_zoom.eml", "m1")
    url = f"/api/interviews/{found.interview_id}"

    r = client.patch(
        url,
        json={
            "startsAt": "2024-03-20T13:00:00",
            "timeZone": "America/Chicago",
            "company": "Acme Robotics Europe",
            "role": "Robotics Engineer",
            "meetingUrl": "https://acme.zoom.us/j/555",
            "kind": "onsite",
        },
        headers=user["headers"],
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["startsAt"] == "2024-03-20T13:00:00-05:00"
    assert out["timeZone"] == "America/Chicago"
    assert (out["company"], out["role"], out["kind"]) == (
        "Acme Robotics Europe",
        "Robotics Engineer",
        "onsite",
    )
    assert out["meetingUrl"] == "https://acme.zoom.us/j/555"
    assert out["history"][-1]["event"] == "corrected" and out["history"][-1]["by"] == "user"

    # A zone alone keeps the wall-clock time: "1 pm, but New York time".
    r = client.patch(url, json={"timeZone": "America/New_York"}, headers=user["headers"])
    assert r.json()["startsAt"] == "2024-03-20T13:00:00-04:00"
    # A time with an offset is shown in the interview's zone.
    r = client.patch(url, json={"startsAt": "2024-03-21T15:30:00Z"}, headers=user["headers"])
    assert r.json()["startsAt"] == "2024-03-21T11:30:00-04:00"
    # The calendar file follows the correction.
    ics = client.get(f"{url}.ics", headers=user["headers"])
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == "2024-03-21T15:30:00+00:00"
    assert "Acme Robotics Europe" in str(event["SUMMARY"])


def test_bad_corrections_are_clear_4xx(
    client: TestClient, signup_and_login, services: Services
) -> None:
    user = signup_and_login()
    found = _detected(services, user["userId"], "p01_recruiter_plain_zoom.eml", "m1")
    url = f"/api/interviews/{found.interview_id}"
    for body in (
        {"timeZone": "Mars/Olympus_Mons"},
        {"company": ""},
        {"kind": "dinner"},
        {"startsAt": "next tuesday"},
        {"interviewId": "other"},
        {"company": None},
    ):
        r = client.patch(url, json=body, headers=user["headers"])
        assert r.status_code == 422, (body, r.text)
    r = client.patch(url, json={"applicationId": "nope"}, headers=user["headers"])
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_application"


def test_only_the_owner_sees_or_changes_an_interview(
    client: TestClient, signup_and_login, services: Services
) -> None:
    owner = signup_and_login()
    stranger = signup_and_login()
    found = _detected(services, owner["userId"], "p01_recruiter_plain_zoom.eml", "m1")
    url = f"/api/interviews/{found.interview_id}"
    assert client.patch(url, json={"role": "x"}, headers=stranger["headers"]).status_code == 404
    assert client.delete(url, headers=stranger["headers"]).status_code == 404
    assert client.get(url, headers=owner["headers"]).json()["role"] == found.role
    # A stranger cannot attach their interview to the owner's application either.
    mine = _detected(services, stranger["userId"], "p02_greenhouse_html_meet.eml", "m2")
    r = client.patch(
        f"/api/interviews/{mine.interview_id}",
        json={"applicationId": found.application_id},
        headers=stranger["headers"],
    )
    assert r.status_code == 422  # as if it did not exist


def test_dismissing_drops_the_card_it_created_and_the_email_stays_away(
    client: TestClient, signup_and_login, services: Services
) -> None:
    user = signup_and_login()
    found = _detected(services, user["userId"], "p01_recruiter_plain_zoom.eml", "m1")
    assert [a["company"] for a in _apps(client, user["headers"])] == [found.company]

    r = client.delete(f"/api/interviews/{found.interview_id}", headers=user["headers"])
    assert r.status_code == 204
    assert client.get("/api/interviews", headers=user["headers"]).json()["items"] == []
    assert _apps(client, user["headers"]) == []
    assert (
        client.get(f"/api/interviews/{found.interview_id}", headers=user["headers"]).status_code
        == 404
    )
    # The same email read again (a rescan after reconnecting) adds nothing.
    again = record_detection(
        services.store,
        user["userId"],
        detect_bytes((CORPUS / "p01_recruiter_plain_zoom.eml").read_bytes()),
        EmailRef("m1"),
    )
    assert again is None
    assert client.get("/api/interviews", headers=user["headers"]).json()["items"] == []
    assert _apps(client, user["headers"]) == []


def test_dismissing_undoes_the_move_on_a_card_the_person_made(
    client: TestClient, signup_and_login, services: Services
) -> None:
    user = signup_and_login()
    r = client.post(
        "/api/applications",
        json={"company": "Acme Robotics", "status": "applied"},
        headers=user["headers"],
    )
    app_id = r.json()["applicationId"]
    found = _detected(services, user["userId"], "p01_recruiter_plain_zoom.eml", "m1")
    assert found.application_id == app_id
    assert _apps(client, user["headers"])[0]["status"] == "interviewing"

    client.delete(f"/api/interviews/{found.interview_id}", headers=user["headers"])

    [app] = _apps(client, user["headers"])
    assert app["status"] == "applied"
    assert [(h["from"], h["to"]) for h in app["history"]] == [
        (None, "applied"),
        ("applied", "interviewing"),
        ("interviewing", "applied"),
    ]
    assert app["history"][1]["undone"] is True


def test_adding_an_interview_by_hand(client: TestClient, signup_and_login) -> None:
    user = signup_and_login()
    r = client.post(
        "/api/interviews",
        json={
            "company": "Lumen Health",
            "role": "Staff Frontend Engineer",
            "startsAt": "2030-05-17T13:00:00",
            "timeZone": "America/Chicago",
            "durationMinutes": 30,
            "meetingUrl": "https://meet.google.com/abc-defg-hij",
            "kind": "video",
        },
        headers=user["headers"],
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["startsAt"] == "2030-05-17T13:00:00-05:00"
    assert made["source"] == "manual" and made["status"] == "scheduled"
    [app] = _apps(client, user["headers"])
    assert app["applicationId"] == made["applicationId"]
    assert (app["company"], app["status"]) == ("Lumen Health", "interviewing")
    assert app["history"][0]["cause"]["type"] == "user"

    # Named application: it joins that card instead of one found by company.
    r = client.post(
        "/api/applications", json={"company": "Other Co", "status": "applied"},
        headers=user["headers"],
    )  # fmt: skip
    other = r.json()["applicationId"]
    r = client.post(
        "/api/interviews",
        json={"company": "Other Co", "startsAt": "2030-05-18T09:00:00+02:00",
              "applicationId": other},
        headers=user["headers"],
    )  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json()["applicationId"] == other and r.json()["timeZone"] is None
    assert r.json()["startsAt"] == "2030-05-18T09:00:00+02:00"

    for bad in (
        {"company": "X"},
        {"company": "X", "startsAt": "2030-05-18T09:00:00"},
        {"company": "", "startsAt": "2030-05-18T09:00:00Z"},
        {"company": "X", "startsAt": "2030-05-18T09:00:00Z", "timeZone": "Nowhere/Land"},
    ):
        r = client.post("/api/interviews", json=bad, headers=user["headers"])
        assert r.status_code == 422, (bad, r.text)
    stranger = signup_and_login()
    r = client.post(
        "/api/interviews",
        json={"company": "X", "startsAt": "2030-05-18T09:00:00Z", "applicationId": other},
        headers=stranger["headers"],
    )
    assert r.status_code == 422  # another person's application is no application of theirs


def test_times_far_from_today_are_refused_and_the_edges_work(
    client: TestClient, signup_and_login
) -> None:
    user = signup_and_login()
    h = user["headers"]
    for far in ("0549-01-01T00:00:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59"):
        r = client.post(
            "/api/interviews",
            json={"company": "Far Co", "startsAt": far, "timeZone": "America/Chicago"},
            headers=h,
        )
        assert r.status_code == 422, r.text
        assert r.json()["error"]["details"][0]["field"] == "startsAt"
    r = client.post(
        "/api/interviews",
        json={
            "company": "Edge Co",
            "startsAt": "2199-12-31T23:00:00",
            "timeZone": "Pacific/Kiritimati",
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["startsAt"] == "2199-12-31T23:00:00+14:00"
    patch = {"startsAt": "1970-01-01T00:30:00", "timeZone": "Europe/Amsterdam"}
    r = client.patch(f"/api/interviews/{made['interviewId']}", json=patch, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["startsAt"] == "1970-01-01T00:30:00+01:00"
    far = client.patch(
        f"/api/interviews/{made['interviewId']}",
        json={"startsAt": "1850-01-01T10:00:00Z"},
        headers=h,
    )
    assert far.status_code == 422
    assert client.get("/api/interviews", headers=h).json()["items"][0]["startsAt"] == (
        "1970-01-01T00:30:00+01:00"
    )


def test_a_time_given_as_a_number_is_refused(client: TestClient, signup_and_login) -> None:
    # A number, or a string of digits, would be read as seconds since 1970: an interview on
    # the first of January 1970 instead of a 422.
    user = signup_and_login()
    h = user["headers"]
    for when in (12345, "12345", 1.7e9, " 1734000000 "):
        r = client.post("/api/interviews", json={"company": "Num Co", "startsAt": when}, headers=h)
        assert r.status_code == 422, (when, r.text)
        assert r.json()["error"]["details"][0]["field"] == "startsAt"
    r = client.post(
        "/api/interviews", json={"company": "Num Co", "startsAt": "2030-05-18T09:00:00Z"}, headers=h
    )
    assert r.status_code == 201, r.text
    url = f"/api/interviews/{r.json()['interviewId']}"
    r = client.patch(url, json={"startsAt": 1734000000}, headers=h)
    assert r.status_code == 422, r.text
    assert client.get(url, headers=h).json()["startsAt"] == "2030-05-18T09:00:00+00:00"
    assert client.get("/api/interviews", headers=h).json()["items"][0]["company"] == "Num Co"


def _interviews(client: TestClient, headers: dict) -> dict[str, dict]:
    r = client.get("/api/interviews", headers=headers)
    assert r.status_code == 200, r.text
    return {i["interviewId"]: i for i in r.json()["items"]}


def test_removing_an_application_takes_its_hand_added_interviews_with_it(
    client: TestClient, signup_and_login, services: Services
) -> None:
    user = signup_and_login()
    h = user["headers"]
    r = client.post(
        "/api/applications", json={"company": "Other Co", "status": "applied"}, headers=h
    )
    app_id = r.json()["applicationId"]
    kept_app = client.post("/api/applications", json={"company": "Kept Co"}, headers=h).json()
    manual = client.post(
        "/api/interviews",
        json={"company": "Other Co", "startsAt": "2030-05-18T09:00:00Z", "applicationId": app_id},
        headers=h,
    ).json()
    elsewhere = client.post(
        "/api/interviews",
        json={
            "company": "Kept Co",
            "startsAt": "2030-05-19T09:00:00Z",
            "applicationId": kept_app["applicationId"],
        },
        headers=h,
    ).json()
    from_email = _detected(services, user["userId"], "p01_recruiter_plain_zoom.eml", "m1")
    r = client.patch(
        f"/api/interviews/{from_email.interview_id}", json={"applicationId": app_id}, headers=h
    )
    assert r.status_code == 200 and r.json()["applicationId"] == app_id

    # Someone else cannot remove it, nor touch what hangs on it.
    stranger = signup_and_login()
    assert (
        client.delete(f"/api/applications/{app_id}", headers=stranger["headers"]).status_code == 404
    )
    assert set(_interviews(client, h)) == {
        manual["interviewId"], elsewhere["interviewId"], from_email.interview_id
    }  # fmt: skip

    assert client.delete(f"/api/applications/{app_id}", headers=h).status_code == 204
    left = _interviews(client, h)
    # Added by hand inside the application: gone with it. Read from an email: stays, unlinked.
    assert set(left) == {elsewhere["interviewId"], from_email.interview_id}
    assert left[from_email.interview_id]["applicationId"] is None
    assert left[elsewhere["interviewId"]]["applicationId"] == kept_app["applicationId"]
    r = client.get(f"/api/interviews/{manual['interviewId']}", headers=h)
    assert r.status_code == 404

    # Again: nothing left to remove, and nothing else changes.
    assert client.delete(f"/api/applications/{app_id}", headers=h).status_code == 404
    assert _interviews(client, h) == left


def test_removing_a_hand_added_interview_takes_back_the_move_it_made(
    client: TestClient, signup_and_login
) -> None:
    user = signup_and_login()
    h = user["headers"]
    r = client.post("/api/applications", json={"company": "Harbor", "status": "applied"}, headers=h)
    app_id = r.json()["applicationId"]
    body = {"company": "Harbor", "startsAt": "2030-05-18T09:00:00Z", "applicationId": app_id}
    made = client.post("/api/interviews", json=body, headers=h).json()
    assert client.get(f"/api/applications/{app_id}", headers=h).json()["status"] == "interviewing"

    assert client.delete(f"/api/interviews/{made['interviewId']}", headers=h).status_code == 204
    back = client.get(f"/api/applications/{app_id}", headers=h).json()
    assert back["status"] == "applied"

    # One added without an application made its own card; removing it takes the card too.
    alone = client.post(
        "/api/interviews",
        json={"company": "Solo Labs", "startsAt": "2030-05-19T09:00:00Z"},
        headers=h,
    ).json()
    assert any(a["company"] == "Solo Labs" for a in _apps(client, h))
    assert client.delete(f"/api/interviews/{alone['interviewId']}", headers=h).status_code == 204
    assert [a["company"] for a in _apps(client, h)] == ["Harbor"]
