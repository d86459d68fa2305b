"""A mailbox read end to end: the fake Google, the real Google client, the real store and the
API. Replies move or cancel the interviews they continue, a scheduling tool's booking keeps its
own zone, a rejection and an offer move their applications with a history naming each email,
and what is not sure enough (a receipt, a webinar) waits in the review queue instead of
becoming a card."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
from fastapi.testclient import TestClient

from core.tracker.inbox import Reader
from core.tracker.updates import Policy
from integrations.container import Services
from tests.fakes.gmail_server import FakeGoogle
from tests.gmail.conftest import MAILBOX, Scanner
from tests.gmail.tracker_mailbox import Mailbox, build


def _deliver(fake: FakeGoogle, mailbox: Mailbox) -> dict[str, str]:
    box = fake.add_account(MAILBOX)
    ids = {}
    for mail in sorted(mailbox.mails, key=lambda m: m.sent):
        ids[mail.name] = box.deliver(
            mail.raw, thread_id=mail.thread, received_ms=int(mail.sent.timestamp() * 1000)
        )
    return ids


def _get(client: TestClient, path: str, headers: dict) -> list[dict]:
    r = client.get(path, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_a_mailbox_moves_interviews_and_applications_and_queues_the_doubtful(
    client: TestClient, connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    mailbox = build(datetime.now(UTC))
    ids = _deliver(fake_google, mailbox)
    user = connect()
    headers = user["headers"]
    r = client.post(
        "/api/applications",
        json={"company": "Initrode", "title": "Data Engineer", "status": "applied"},
        headers=headers,
    )
    initrode_id = r.json()["applicationId"]

    result = scanner(user["userId"], reader=Reader(policy=Policy(min_confidence=0.8)))

    assert result.complete and result.processed == len(mailbox.mails)
    # Counted as interviews, not as emails about them: three found, none of them twice.
    assert (result.new_interviews, result.updated_interviews) == (3, 0)
    assert result.needs_review == 2

    interviews = {i["company"]: i for i in _get(client, "/api/interviews", headers)}
    assert set(interviews) == {"Northwind Labs", "Globex", "Lumen Health"}

    northwind = interviews["Northwind Labs"]
    assert northwind["startsAt"] == mailbox.northwind_moved.isoformat()
    assert northwind["timeZone"] == "America/New_York"
    assert northwind["status"] == "scheduled"
    assert [h["event"] for h in northwind["history"]] == ["invitation", "reschedule"]
    ics = client.get(f"/api/interviews/{northwind['interviewId']}.ics", headers=headers)
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == mailbox.northwind_moved.astimezone(UTC)

    globex = interviews["Globex"]
    assert globex["status"] == "cancelled"
    assert globex["startsAt"] == mailbox.globex_start.isoformat()
    assert globex["timeZone"] == "America/Los_Angeles"

    lumen = interviews["Lumen Health"]
    assert lumen["startsAt"] == mailbox.lumen_start.isoformat()
    assert lumen["startsAt"].endswith("T13:00:00-06:00")
    assert lumen["timeZone"] == "America/Chicago"
    assert lumen["role"] == "Staff Frontend Engineer"

    apps = {a["company"]: a for a in _get(client, "/api/applications", headers)}
    # No card from a weak detection: not the bookshop, not the webinar.
    assert set(apps) == {"Northwind Labs", "Globex", "Lumen Health", "Initrode"}
    assert apps["Globex"]["status"] == "interviewing"  # a cancelled interview moves nothing back
    assert apps["Lumen Health"]["status"] == "interviewing"

    northwind_app = apps["Northwind Labs"]
    assert northwind_app["status"] == "offer"
    assert [(h["from"], h["to"]) for h in northwind_app["history"]] == [
        (None, "interviewing"),
        ("interviewing", "offer"),
    ]
    offer_cause = northwind_app["history"][-1]["cause"]
    assert offer_cause["type"] == "email" and offer_cause["category"] == "offer"
    assert offer_cause["subject"] == "Offer: Senior Backend Engineer at Northwind Labs"
    assert offer_cause["sender"] == "Priya Shah <priya.shah@northwindlabs.com>"
    assert offer_cause["messageId"] == ids["northwind_offer"]
    offer_sent = mailbox.by_name("northwind_offer").sent
    assert datetime.fromisoformat(offer_cause["receivedAt"]) == offer_sent

    initrode = apps["Initrode"]
    assert initrode["applicationId"] == initrode_id
    assert initrode["status"] == "rejected"
    assert initrode["history"][-1]["cause"]["subject"] == "Your application to Initrode"
    assert initrode["history"][-1]["cause"]["sender"] == "Initrode Careers <careers@initrode.com>"

    # The bookshop's receipt is nothing to track; the webinar and the vague note wait for the
    # person's word.
    queue = _get(client, "/api/review", headers)
    assert {q["subject"] for q in queue} == {
        "You're registered: Acing the onsite interview (live webinar)",
        "Quick question",
    }
    assert all(q["status"] == "pending" and q["reason"] for q in queue)

    # The person undoes the offer move: interviewing again, and the history says so.
    offer_entry = northwind_app["history"][-1]["entryId"]
    r = client.post(
        f"/api/applications/{northwind_app['applicationId']}/history/{offer_entry}/undo",
        headers=headers,
    )
    assert r.status_code == 200, r.text
    undone = r.json()
    assert undone["status"] == "interviewing"
    assert undone["history"][1]["undone"] is True
    undo_cause = undone["history"][-1]["cause"]
    assert (undo_cause["type"], undo_cause["undoOf"]) == ("user", offer_entry)
    again = client.post(
        f"/api/applications/{northwind_app['applicationId']}/history/{offer_entry}/undo",
        headers=headers,
    )
    assert again.status_code == 409

    # Dismissing the booking drops its card; a rescan from scratch brings neither back.
    r = client.delete(f"/api/interviews/{lumen['interviewId']}", headers=headers)
    assert r.status_code == 204
    services.store.put(
        "GmailAccounts",
        {**services.store.get("GmailAccounts", {"userId": user["userId"]}), "historyId": None},
    )
    for row in services.store.query("ProcessedMessages", user["userId"]):
        services.store.delete(
            "ProcessedMessages", {"userId": user["userId"], "messageId": row["messageId"]}
        )
    rescan = scanner(user["userId"], reader=Reader(policy=Policy(min_confidence=0.8)))
    assert rescan.processed == len(mailbox.mails)
    assert (rescan.new_interviews, rescan.needs_review) == (0, 0)
    interviews = {i["company"] for i in _get(client, "/api/interviews", headers)}
    assert interviews == {"Northwind Labs", "Globex"}
    apps = {a["company"]: a for a in _get(client, "/api/applications", headers)}
    assert set(apps) == {"Northwind Labs", "Globex", "Initrode"}
    assert apps["Northwind Labs"]["status"] == "interviewing"  # the undone move stays undone
    assert len(_get(client, "/api/review", headers)) == 2
