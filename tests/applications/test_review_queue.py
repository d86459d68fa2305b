"""The review queue: what an email may not change unasked waits for the person, who accepts it,
corrects it, dismisses it, or undoes what they accepted. Run on both stores."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from core.applications.service import create_application, get_application, list_applications
from core.email.message import EmailRef, parse_email
from core.errors import Conflict, NotFound
from core.interviews.service import list_interviews
from core.storage.port import Store
from core.tracker import review
from core.tracker.inbox import Reader, handle_email
from core.tracker.updates import Policy
from integrations.container import Services
from tests.contract.test_store_contract import store  # noqa: F401 - both stores
from tests.gmail.tracker_mailbox import Mailbox, build

MAILBOX = build(datetime.now(UTC))


def _handle(store: Store, user: str, name: str, *, mailbox: Mailbox = MAILBOX, **policy):  # noqa: F811
    mail = mailbox.by_name(name)
    msg = parse_email(mail.raw)
    ref = EmailRef.of(msg, f"gm-{name}", mail.thread)
    return handle_email(store, user, msg, ref, Reader(policy=Policy(**policy)))


def test_a_weak_detection_waits_then_accept_and_undo(store: Store) -> None:  # noqa: F811
    assert _handle(store, "u1", "receipt").action == "ignored"  # nothing to track
    outcome = _handle(store, "u1", "webinar")
    assert outcome.action == "review"
    assert list_interviews(store, "u1") == [] and list_applications(store, "u1") == []
    [item] = review.list_items(store, "u1")
    assert item.subject.startswith("You're registered")
    assert item.sender == "CareerLab Events <events@careerlab.io>"
    assert item.reason

    accepted = review.accept(store, "u1", item.review_id)
    assert accepted.status == "accepted"
    [interview] = list_interviews(store, "u1")
    [app] = list_applications(store, "u1")
    assert interview.company == app.company == item.company != ""
    assert accepted.application_ids == [app.application_id]
    assert review.list_items(store, "u1") == []

    undone = review.undo(store, "u1", item.review_id)
    assert undone.status == "pending"
    assert list_interviews(store, "u1") == [] and list_applications(store, "u1") == []
    assert [i.review_id for i in review.list_items(store, "u1")] == [item.review_id]

    # Dismissed, it stays dismissed: the same email read again does not come back.
    review.dismiss(store, "u1", item.review_id)
    assert review.list_items(store, "u1") == []
    assert _handle(store, "u1", "webinar").action == "ignored"
    assert review.list_items(store, "u1") == []
    with pytest.raises(Conflict):
        review.accept(store, "u1", item.review_id)
    with pytest.raises(NotFound):
        review.accept(store, "someone-else", item.review_id)


def test_correcting_names_the_application_and_undo_restores_its_status(
    store: Store,  # noqa: F811
) -> None:
    mine = create_application(store, "u1", company="Initrode", status="applied")
    # A stricter setting: even the clear rejection waits.
    assert _handle(store, "u1", "initrode_rejection", min_confidence=1.01).action == "review"
    assert get_application(store, "u1", mine.application_id).status == "applied"
    [item] = review.list_items(store, "u1")
    assert item.category == "rejection"

    done = review.correct(
        store,
        "u1",
        item.review_id,
        review.Correction(category="rejection", application_id=mine.application_id),
    )
    assert done.corrected is True
    moved = get_application(store, "u1", mine.application_id)
    assert moved.status == "rejected"
    assert moved.history[-1].cause.subject == "Your application to Initrode"

    review.undo(store, "u1", item.review_id)
    back = get_application(store, "u1", mine.application_id)
    assert back.status == "applied"
    assert [(h.from_, h.to) for h in back.history] == [
        (None, "applied"),
        ("applied", "rejected"),
        ("rejected", "applied"),
    ]

    # Corrected into an interview at another company instead.
    review.correct(
        store,
        "u1",
        item.review_id,
        review.Correction(category="interview_scheduled", company="Vandelay", role="Importer"),
    )
    [interview] = list_interviews(store, "u1")
    assert (interview.company, interview.role) == ("Vandelay", "Importer")
    assert {a.company for a in list_applications(store, "u1")} == {"Initrode", "Vandelay"}
    # "other": nothing to do.
    review.undo(store, "u1", item.review_id)
    assert list_interviews(store, "u1") == []
    done = review.correct(store, "u1", item.review_id, review.Correction(category="other"))
    assert done.status == "dismissed"


def test_review_api_is_owner_only(client: TestClient, signup_and_login, services: Services) -> None:
    owner = signup_and_login()
    stranger = signup_and_login()
    _handle(services.store, owner["userId"], "webinar")
    r = client.get("/api/review", headers=owner["headers"])
    assert r.status_code == 200, r.text
    [item] = r.json()["items"]
    assert item["subject"].startswith("You're registered")
    assert item["reason"] and item["status"] == "pending"
    assert client.get("/api/review", headers=stranger["headers"]).json()["items"] == []
    base = f"/api/review/{item['reviewId']}"
    for action in ("accept", "dismiss", "undo"):
        assert client.post(f"{base}/{action}", headers=stranger["headers"]).status_code == 404
    r = client.post(f"{base}/correct", json={"company": "X"}, headers=stranger["headers"])
    assert r.status_code == 404

    r = client.post(f"{base}/correct", json={"category": "dinner"}, headers=owner["headers"])
    assert r.status_code == 422
    r = client.post(
        f"{base}/correct",
        json={"category": "interview_scheduled", "company": "CareerLab", "role": "Coach"},
        headers=owner["headers"],
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "accepted" and r.json()["appliedInterviewId"]
    assert client.post(f"{base}/accept", headers=owner["headers"]).status_code == 409
    items = client.get("/api/interviews", headers=owner["headers"]).json()["items"]
    assert [i["company"] for i in items] == ["CareerLab"]

    r = client.post(f"{base}/undo", headers=owner["headers"])
    assert r.status_code == 200 and r.json()["status"] == "pending"
    assert client.get("/api/interviews", headers=owner["headers"]).json()["items"] == []
    assert client.get("/api/applications", headers=owner["headers"]).json()["items"] == []
    r = client.post(f"{base}/accept", headers=owner["headers"])
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    accepted = client.get("/api/review?status=accepted", headers=owner["headers"]).json()
    assert [i["reviewId"] for i in accepted["items"]] == [item["reviewId"]]


def test_undo_puts_a_corrected_item_back_as_it_was_read(store: Store) -> None:  # noqa: F811
    _handle(store, "u1", "webinar")
    [item] = review.list_items(store, "u1")
    as_read = (item.category, item.company, item.role)
    assert item.category not in (None, "other")

    # Corrected to "other" it is dismissed; undone, it is the email as read again, so that
    # accepting it applies what was read instead of dismissing it once more.
    done = review.correct(store, "u1", item.review_id, review.Correction(category="other"))
    assert (done.status, done.category) == ("dismissed", "other")
    undone = review.undo(store, "u1", item.review_id)
    assert (undone.status, undone.corrected) == ("pending", False)
    assert (undone.category, undone.company, undone.role) == as_read
    assert review.accept(store, "u1", item.review_id).status == "accepted"
    review.undo(store, "u1", item.review_id)

    # Corrected to another company and role, undone: what was read comes back too.
    review.correct(
        store,
        "u1",
        item.review_id,
        review.Correction(category="interview_scheduled", company="Vandelay", role="Importer"),
    )
    undone = review.undo(store, "u1", item.review_id)
    assert (undone.category, undone.company, undone.role) == as_read
    accepted = review.accept(store, "u1", item.review_id)
    assert (accepted.category, accepted.company, accepted.role) == as_read
    assert [i.company for i in list_interviews(store, "u1")] == [item.company]
