"""Uploading a mailbox and the demo through the API; the import runs in a real Celery worker,
reports its progress, and resumes after a stop without applying a message twice."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from fastapi.testclient import TestClient

from core.emailimport import service
from integrations.container import Services
from tests.emailimport.mail import DEMO, MALFORMED_MIME, big_attachment, mbox, message
from tests.support.processes import CeleryWorker


def _takeout() -> bytes:
    demo = [p.read_bytes() for p in sorted(DEMO.glob("*.eml"))]
    return mbox([*demo, MALFORMED_MIME, big_attachment(99), message(100)])


def _wait_done(client: TestClient, headers: dict, import_id: str, worker: CeleryWorker) -> dict:
    seen: list[dict] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        r = client.get(f"/api/email/imports/{import_id}", headers=headers)
        assert r.status_code == 200, r.text
        seen.append(r.json())
        if r.json()["status"] in ("done", "failed"):
            return r.json()
        time.sleep(0.2)
    raise AssertionError(f"the import did not finish: {seen[-1]}\n{worker.log_tail()}")


def _interviews(services: Services, user_id: str) -> list[dict]:
    return services.store.query("Interviews", user_id, index="UserIdIndex")


def test_an_uploaded_takeout_mbox_is_imported_in_the_worker(
    client: TestClient,
    services: Services,
    signup_and_login: Callable[..., dict],
    celery_worker: CeleryWorker,
) -> None:
    user = signup_and_login()
    data = _takeout()
    r = client.post(
        "/api/email/imports",
        headers=user["headers"],
        files={"file": ("All mail Including Spam and Trash.mbox", data, "application/mbox")},
    )
    assert r.status_code == 202, r.text
    started = r.json()
    assert started["status"] == "queued" and started["size"] == len(data)
    assert started["taskId"]

    done = _wait_done(client, user["headers"], started["importId"], celery_worker)

    assert done["status"] == "done", done
    assert done["total"] == done["read"] == 18
    assert done["processed"] == 17 and done["interviews"] == 6
    assert done["skippedReasons"] == {"larger than 25 MB": 1}
    assert len(_interviews(services, user["userId"])) == 5
    listed = client.get("/api/email/imports", headers=user["headers"]).json()
    assert [i["importId"] for i in listed] == [started["importId"]]
    # Another person cannot see it.
    other = signup_and_login()
    r = client.get(f"/api/email/imports/{started['importId']}", headers=other["headers"])
    assert r.status_code == 404


def test_the_demo_mailbox_from_the_api(
    client: TestClient,
    services: Services,
    signup_and_login: Callable[..., dict],
    celery_worker: CeleryWorker,
) -> None:
    user = signup_and_login()
    r = client.post("/api/email/imports/demo", headers=user["headers"])
    assert r.status_code == 202, r.text
    done = _wait_done(client, user["headers"], r.json()["importId"], celery_worker)
    assert done["status"] == "done" and done["source"] == "demo"
    assert done["processed"] == 15 and done["interviews"] == 6
    assert len(_interviews(services, user["userId"])) == 5


def test_an_import_resumes_after_a_stop_without_applying_a_message_twice(
    services: Services, signup_and_login: Callable[..., dict]
) -> None:
    user = signup_and_login()
    uid = user["userId"]
    row = service.create_import(services.store, uid, source="upload", file_name="t.mbox")
    services.blobs.put_stream(row.blob_key, io.BytesIO(_takeout()), "application/mbox")
    store, blobs = services.store, services.blobs

    # A run out of time after its first message (its deadline is already past).
    first = service.run_import(store, blobs, uid, row.import_id, deadline=0)
    assert not first.complete and first.counts.read == 1
    # A worker that died after handling messages 2-6 but before writing its checkpoint.
    counts = service.ImportCounts.from_row(service.get_import(store, uid, row.import_id))
    items = list(service.items_from_stream(blobs.open(row.blob_key), "t.mbox"))[:6]
    service.import_items(store, uid, row.import_id, items, counts)
    assert counts.read == 6
    # The next run starts after the checkpoint (message 1) and meets 2-6 again.
    last = service.run_import(store, blobs, uid, row.import_id)

    assert last.complete
    assert last.counts.read == 18 and last.counts.processed == 17
    assert last.counts.already_imported == 0 and last.counts.interviews == 6
    interviews = _interviews(services, uid)
    assert len(interviews) == 5
    assert all(len(set(i["messageIds"])) == len(i["messageIds"]) for i in interviews)
    # A second upload of the same mail changes nothing.
    again = service.create_import(store, uid, source="upload", file_name="t.mbox")
    blobs.put_stream(again.blob_key, io.BytesIO(_takeout()), "application/mbox")
    repeat = service.run_import(store, blobs, uid, again.import_id)
    assert repeat.counts.already_imported == 17 and repeat.counts.processed == 0
    assert len(_interviews(services, uid)) == 5
