"""The tracker's records over items written before them, and under concurrent writers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from core.applications.service import (
    ApplicationChanges,
    create_application,
    find_by_company,
    get_application,
    update_application,
)
from core.storage.port import Store
from core.tracker.repository import ReviewItem
from integrations.container import Services

LEGACY_APPLICATION: dict[str, Any] = {
    "applicationId": "a1",
    "userId": "u1",
    "jobId": None,
    "company": "Globex",
    "companyKey": "globex",
    "title": "Analyst",
    "url": None,
    "status": "applied",
    "appliedAt": "2026-01-05T12:00:00.000Z",
    "notes": "",
    "contacts": [{"name": "Maria Lopez", "email": "maria@globex.example"}],
    "history": [
        {
            "entryId": "e1",
            "at": "2026-01-05T12:00:00.000Z",
            "from": None,
            "to": "applied",
            "cause": {"type": "email", "messageId": "m1", "subject": "Thanks for applying"},
        }
    ],
    "createdAt": "2026-01-05T12:00:00.000Z",
    "updatedAt": "2026-01-05T12:00:00.000Z",
    "purgeAt": 1893456000,
    "version": 3,
}


def test_an_item_written_before_the_records_keeps_its_shape_through_an_update(
    services: Services,
) -> None:
    store: Store = services.store
    store.put("Applications", LEGACY_APPLICATION)
    update_application(store, "u1", "a1", ApplicationChanges(notes="called back"))
    item = store.get("Applications", {"applicationId": "a1"})
    assert item is not None
    changed = {"notes", "updatedAt", "version", "history"}
    assert {k: v for k, v in item.items() if k not in changed} == {
        k: v for k, v in LEGACY_APPLICATION.items() if k not in changed
    }
    assert item["notes"] == "called back" and item["version"] == 4
    # Causes and contacts are still stored without empty fields.
    assert item["history"] == [{**LEGACY_APPLICATION["history"][0], "undone": False}]


def test_concurrent_changes_to_one_application_all_land(services: Services) -> None:
    store = services.store
    app = create_application(store, "u1", company="Initech", status="saved")
    barrier = threading.Barrier(2)

    def change(changes: ApplicationChanges) -> None:
        barrier.wait()
        for _ in range(5):
            update_application(store, "u1", app.application_id, changes)

    threads = [
        threading.Thread(target=change, args=(ApplicationChanges(status="applied"),)),
        threading.Thread(target=change, args=(ApplicationChanges(notes="ping"),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = get_application(store, "u1", app.application_id)
    assert final.status == "applied" and final.notes == "ping"
    assert [(h.from_, h.to) for h in final.history] == [(None, "saved"), ("saved", "applied")]


def test_a_review_item_stored_with_the_detection_in_python_names_is_read() -> None:
    item = ReviewItem.from_item(
        {
            "reviewId": "r1",
            "userId": "u1",
            "status": "pending",
            "reason": "not sure",
            "messageId": "m1",
            "detection": {
                "is_interview": True,
                "confidence": 0.6,
                "event": "invitation",
                "starts_at": "2026-03-02T15:00:00-05:00",
                "company": "Hooli",
            },
            "createdAt": "2026-03-01T00:00:00.000Z",
            "updatedAt": "2026-03-01T00:00:00.000Z",
        }
    )
    assert item.detection.is_interview and item.detection.company == "Hooli"
    assert item.detection.starts_at == datetime(2026, 3, 2, 20, 0, tzinfo=UTC)


def test_an_email_naming_the_company_short_finds_the_tracked_application(
    services: Services,
) -> None:
    store = services.store
    tracked = create_application(store, "u2", company="Harbor & Vine Retail", status="applied")
    solo = create_application(store, "u2", company="Meta", status="applied")
    assert find_by_company(store, "u2", "Harbor & Vine") == tracked
    assert find_by_company(store, "u2", "Harbor & Vine Retail Group") == tracked
    # A one-word name is too short to take in a longer one.
    assert find_by_company(store, "u2", "Meta Financial") is None
    assert find_by_company(store, "u2", "Meta") == solo
    assert find_by_company(store, "u2", "Vine Retail") is None
