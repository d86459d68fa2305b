"""Scanning: first scan, incremental scans, resync, throttling, revocation, duplicates, locking.

The scan service runs in the test process here, with the real Google client libraries talking
to the fake Google and a real Redis lock; the worker-level tests are in test_worker.py.
"""

from __future__ import annotations

import email
import os
import threading
from email.mime.application import MIMEApplication

import pytest
from fastapi.testclient import TestClient
from googleapiclient.discovery import build

from core.gmail.accounts import connected_user_ids
from core.gmail.scan import FULL_SCAN_QUERY, fan_out
from core.tasks.errors import TransientError
from integrations.container import Services
from integrations.gmail.client import batch_uri
from tests.fakes.gmail_server import FakeGoogle
from tests.gmail.conftest import MAILBOX, Scanner, corpus_labels, corpus_message


def _deliver_corpus(fake: FakeGoogle, names: list[str]) -> dict[str, str]:
    box = fake.add_account(MAILBOX)
    return {box.deliver(corpus_message(n)): n for n in names}


def _interviews(services: Services, user_id: str) -> list[dict]:
    return services.store.query("Interviews", user_id, index="UserIdIndex")


def _processed(services: Services, user_id: str) -> list[dict]:
    return services.store.query("ProcessedMessages", user_id)


def test_first_scan_finds_the_interviews_in_the_last_30_days(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    labels = corpus_labels()
    names = sorted(labels)
    delivered = _deliver_corpus(fake_google, names)
    box = fake_google.accounts[MAILBOX]
    promo = box.deliver(
        corpus_message("p01_recruiter_plain_zoom.eml"), labels=("INBOX", "CATEGORY_PROMOTIONS")
    )
    old = box.deliver(corpus_message("p02_greenhouse_html_meet.eml"), received_ms=1_600_000_000_000)
    user = connect()

    result = scanner(user["userId"])

    assert result.mode == "full" and result.complete
    assert result.listed == len(names)
    assert fake_google.fetch_counts[promo] == 0 and fake_google.fetch_counts[old] == 0
    assert all(fake_google.fetch_counts[mid] == 1 for mid in delivered)
    assert "POST /batch" in fake_google.requests  # where the client library sends batches
    assert fake_google.formats["raw"] == 0
    processed = {p["messageId"]: p for p in _processed(services, user["userId"])}
    assert set(processed) == set(delivered)
    for mid, name in delivered.items():
        assert processed[mid]["isInterview"] == labels[name]["isInterview"], name
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None
    assert account["historyId"] == str(box.history_id)
    assert account["counts"]["messagesScanned"] == len(names)
    assert account["lastScanAt"] is not None and account["lastError"] is None
    # Reschedules and cancellations update interviews instead of adding them.
    interviews = _interviews(services, user["userId"])
    assert 20 <= len(interviews) < sum(1 for v in labels.values() if v["isInterview"])
    acme = [i for i in interviews if i["company"] == "Acme Robotics"]
    assert len(acme) == 1 and acme[0]["startsAt"] == "2024-03-14T18:00:00.000Z"
    initech = [i for i in interviews if i["company"] == "Initech"]
    assert len(initech) == 1 and initech[0]["status"] == "cancelled"


def test_list_query_is_bounded(connect, fake_google: FakeGoogle, scanner: Scanner) -> None:
    user = connect()
    scanner(user["userId"])
    listing = [r for r in fake_google.requests if r == "GET /gmail/v1/users/me/messages"]
    assert listing, fake_google.requests
    assert FULL_SCAN_QUERY == (
        "newer_than:30d -category:promotions -category:social -in:sent -in:drafts -in:chats"
    )


def test_the_full_scan_does_not_fetch_sent_mail_drafts_or_chats(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    box = fake_google.add_account(MAILBOX)
    invite = corpus_message("p01_recruiter_plain_zoom.eml")
    received = box.deliver(invite)
    own = [box.deliver(invite, labels=(label,)) for label in ("SENT", "DRAFT", "CHAT")]
    user = connect()

    result = scanner(user["userId"])

    assert result.listed == 1 and result.processed == 1
    assert fake_google.fetch_counts[received] == 1
    assert all(fake_google.fetch_counts[mid] == 0 for mid in own)


def test_attachments_are_not_downloaded_but_calendar_files_are(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    invite = email.message_from_bytes(corpus_message("h07_ics_only_onsite.eml"))
    assert any(p.get_content_type() == "text/calendar" for p in invite.walk())
    pdf = MIMEApplication(os.urandom(3_000_000), "pdf")
    pdf.add_header("Content-Disposition", "attachment", filename="job-description.pdf")
    if invite.is_multipart():
        invite.attach(pdf)
    box = fake_google.add_account(MAILBOX)
    mid = box.deliver(invite.as_bytes())
    user = connect()

    result = scanner(user["userId"])

    assert result.processed == 1
    assert fake_google.formats == {"full": 1}  # never format=raw
    # The 3 MB PDF stayed at Google; the calendar file came in its own small request.
    assert fake_google.body_bytes_served < 100_000
    assert [m for m, _ in fake_google.attachment_fetches] == [mid]
    processed = {p["messageId"]: p for p in _processed(services, user["userId"])}
    assert (
        processed[mid]["isInterview"] is corpus_labels()["h07_ics_only_onsite.eml"]["isInterview"]
    )
    # Its time came from the calendar file, whether it became an interview or waits for review.
    found = _interviews(services, user["userId"]) + services.store.query(
        "ReviewItems", user["userId"], index="UserIdIndex"
    )
    assert len(found) == 1 and found[0]["startsAt"]


def _forbidden(message: str, detail: dict) -> dict:
    """A 403 in Google's current error format: the reason in a google.rpc.ErrorInfo detail."""
    return {
        "error": {"code": 403, "message": message, "status": "PERMISSION_DENIED",
                  "details": [detail]}
    }  # fmt: skip


@pytest.mark.parametrize(
    "error",
    [
        # The google.rpc.ErrorInfo form: the reason sits in `details`.
        {
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "metadata": {"service": "gmail.googleapis.com"},
        },
        {
            "reason": "USER_RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        },
    ],
    ids=["rate", "user-rate"],
)
def test_a_403_that_means_slow_down_is_retried(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services, error: dict
) -> None:
    _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml"])
    user = connect()
    body = _forbidden("Quota exceeded for quota metric 'Queries' of service gmail.", error)
    body["error"]["errors"] = [
        {"message": "Quota exceeded", "domain": "global", "reason": "forbidden"}
    ]
    fake_google.fail_next("(batch part)", 403, body=body, retry_after="2")
    result = scanner(user["userId"])
    assert result.complete and result.processed == 1
    assert scanner.slept and scanner.slept[0] >= 2


def test_a_403_that_is_a_refusal_is_not_retried(
    connect, fake_google: FakeGoogle, scanner: Scanner
) -> None:
    _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml"])
    user = connect()
    body = _forbidden(
        "Request had insufficient authentication scopes.",
        {"reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
         "@type": "type.googleapis.com/google.rpc.ErrorInfo"},
    )  # fmt: skip
    fake_google.fail_next("(batch part)", 403, body=body)
    with pytest.raises(Exception, match="403"):
        scanner(user["userId"])
    assert scanner.slept == []


def test_batches_go_where_the_client_library_sends_them(settings) -> None:
    library = build("gmail", "v1", static_discovery=True, developerKey="unused")
    production = library.new_batch_http_request()
    assert batch_uri(None) == production._batch_uri == "https://gmail.googleapis.com/batch"
    # With a base URL (the fake), the same path on that host, which the fake answers.
    assert batch_uri(settings.gmail_api_base_url) == settings.gmail_api_base_url + "batch"


def test_incremental_scan_reads_history_only(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    first = _deliver_corpus(fake_google, ["n01_rejection_after_interview.eml"])
    user = connect()
    scanner(user["userId"])
    fake_google.requests.clear()
    box = fake_google.accounts[MAILBOX]
    new = box.deliver(corpus_message("p13_de_einladung_teams_qp.eml"))

    result = scanner(user["userId"])

    assert result.mode == "incremental" and result.processed == 1
    assert "GET /gmail/v1/users/me/history" in fake_google.requests
    assert "GET /gmail/v1/users/me/messages" not in fake_google.requests
    assert fake_google.fetch_counts[new] == 1
    assert all(fake_google.fetch_counts[m] == 1 for m in first)
    [interview] = _interviews(services, user["userId"])
    assert interview["company"] == "Müller Logistik"
    assert interview["startsAt"] == "2024-03-19T09:00:00.000Z"
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None and account["historyId"] == str(box.history_id)


def test_expired_history_triggers_a_bounded_resync(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    first = _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml"])
    user = connect()
    scanner(user["userId"])
    box = fake_google.accounts[MAILBOX]
    box.expire_history()
    new = box.deliver(corpus_message("p18_es_video.eml"))

    result = scanner(user["userId"])

    assert result.mode == "resync" and result.complete
    assert result.processed == 1 and result.skipped == 1
    assert fake_google.fetch_counts[new] == 1
    assert all(fake_google.fetch_counts[m] == 1 for m in first)  # not fetched again
    assert {i["company"] for i in _interviews(services, user["userId"])} == {
        "Acme Robotics",
        "Tecnologías Sol",
    }
    # The next scan is incremental again, from the resync's historyId.
    assert scanner(user["userId"]).mode == "incremental"


def test_rate_limited_then_success_honours_retry_after(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml", "p02_greenhouse_html_meet.eml"])
    user = connect()
    fake_google.fail_next("GET /gmail/v1/users/me/messages", 429, retry_after="2")
    fake_google.fail_next("(batch part)", 429, times=2, retry_after="3")

    result = scanner(user["userId"])

    assert result.complete and result.processed == 2
    assert len(scanner.slept) == 2
    assert scanner.slept[0] >= 2 and scanner.slept[1] >= 3
    assert len(_interviews(services, user["userId"])) == 2


def test_server_errors_are_retried_with_backoff(
    connect, fake_google: FakeGoogle, scanner: Scanner
) -> None:
    _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml"])
    user = connect()
    fake_google.fail_next("POST /batch", 503, times=2)
    result = scanner(user["userId"])
    assert result.complete and result.processed == 1
    assert len(scanner.slept) == 2 and all(0 <= s <= 32 for s in scanner.slept)


def test_a_server_error_with_retry_after_waits_at_least_that_long(
    connect, fake_google: FakeGoogle, scanner: Scanner
) -> None:
    _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml"])
    user = connect()
    fake_google.fail_next("GET /gmail/v1/users/me/profile", 503, retry_after="5")
    result = scanner(user["userId"])
    assert result.complete and result.processed == 1
    # Backoff alone would wait at most 1 s before the second attempt.
    assert scanner.slept == [5.0]


def test_a_server_that_keeps_failing_is_tried_six_times_then_retried_later(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml"])
    user = connect()
    fake_google.fail_next("GET /gmail/v1/users/me/profile", 503, times=6)
    with pytest.raises(TransientError, match="gmail unavailable"):
        scanner(user["userId"])
    assert len(scanner.slept) == 5  # six attempts, a wait between each two
    assert scanner(user["userId"]).complete


def test_long_throttling_becomes_a_retry_later(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml"])
    user = connect()
    fake_google.fail_next("GET /gmail/v1/users/me/profile", 429, retry_after="120")
    with pytest.raises(TransientError) as caught:
        scanner(user["userId"])
    assert caught.value.retry_after == 120
    assert scanner.slept == []  # not slept through inside the task
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None and "rate-limiting" in account["lastError"]
    assert account["historyId"] is None
    # The lock was released: the retry can run.
    assert scanner(user["userId"]).complete


def test_revoked_refresh_token_disconnects_the_account(
    client: TestClient, connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    _deliver_corpus(fake_google, ["p01_recruiter_plain_zoom.eml"])
    user = connect()
    other = connect("someone.else@gmail.com")
    fake_google.revoke_refresh_tokens(MAILBOX)

    result = scanner(user["userId"])

    assert result.status == "disconnected" and "Connect Gmail again" in (result.reason or "")
    assert "invalid_grant" not in (result.reason or "")  # words for people, not error codes
    status = client.get("/api/gmail/status", headers=user["headers"]).json()
    assert status["connected"] is False and status["status"] == "disconnected"
    assert "no longer accepts" in status["disconnectedReason"]
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None and account["refreshTokenEncrypted"] is None
    # No longer scheduled: the fan-out skips it, and "scan now" says why.
    assert connected_user_ids(services.store) == [other["userId"]]
    r = client.post("/api/gmail/scan", headers=user["headers"])
    assert r.status_code == 409 and "no longer accepts" in r.json()["error"]["message"]
    assert scanner(user["userId"]).status == "skipped"


def test_the_same_message_delivered_twice_is_processed_once(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    user = connect()
    scanner(user["userId"])
    box = fake_google.accounts[MAILBOX]
    raw = corpus_message("p01_recruiter_plain_zoom.eml")
    mid = box.deliver(raw)
    box.deliver(raw, message_id=mid)  # a second messageAdded record for the same message

    first = scanner(user["userId"])
    assert first.processed == 1 and fake_google.fetch_counts[mid] == 1

    # A full rescan (as after reconnecting) sees it again and skips it.
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None
    services.store.put("GmailAccounts", {**account, "historyId": None})
    again = scanner(user["userId"])
    assert again.processed == 0 and again.skipped == 1
    assert fake_google.fetch_counts[mid] == 1
    assert len(_interviews(services, user["userId"])) == 1
    [application] = services.store.query("Applications", user["userId"], index="UserIdIndex")
    assert application["status"] == "interviewing"
    assert len(application["history"]) == 1


def test_two_scans_of_one_account_never_overlap(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    names = sorted(corpus_labels())[:20]
    delivered = _deliver_corpus(fake_google, names)
    user = connect()
    fake_google.latency_seconds = 0.05
    start = threading.Barrier(2)
    results = {}

    def run(token: str) -> None:
        start.wait()
        results[token] = scanner(user["userId"], token=token)

    threads = [threading.Thread(target=run, args=(t,)) for t in ("scan-a", "scan-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    statuses = sorted(r.status for r in results.values())
    assert statuses == ["ok", "skipped"]
    skipped = next(r for r in results.values() if r.status == "skipped")
    assert skipped.reason == "another scan of this account is running"
    assert all(fake_google.fetch_counts[m] == 1 for m in delivered)
    assert len(_processed(services, user["userId"])) == len(names)


def test_a_scan_past_its_deadline_stops_and_the_next_one_finishes(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    names = sorted(corpus_labels())
    delivered = _deliver_corpus(fake_google, names)
    user = connect()

    part = scanner(user["userId"], deadline=0.0)  # already past: one batch, then stop
    assert not part.complete and part.processed == 50
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None and account["historyId"] is None  # not advanced

    rest = scanner(user["userId"])
    assert rest.complete and rest.skipped == 50 and rest.processed == len(names) - 50
    assert all(fake_google.fetch_counts[m] == 1 for m in delivered)


def test_fan_out_enqueues_one_scan_per_connected_account(
    connect, fake_google: FakeGoogle, services: Services
) -> None:
    users = [connect(f"user{i}@gmail.com") for i in range(3)]
    fake_google.revoke_refresh_tokens("user2@gmail.com")
    from core.gmail.accounts import mark_disconnected

    mark_disconnected(services.store, users[2]["userId"], "invalid_grant")
    before = {
        u["userId"]: len(services.store.query("TaskRuns", u["userId"], index="UserIdIndex"))
        for u in users
    }

    assert fan_out(services.store, services.queue) == {"enqueued": 2, "failed": 0}

    for i, u in enumerate(users):
        runs = services.store.query("TaskRuns", u["userId"], index="UserIdIndex")
        assert len(runs) - before[u["userId"]] == (1 if i < 2 else 0)


def test_beat_schedules_the_fan_out_from_settings(services: Services) -> None:
    from workers.beat import beat_schedule
    from workers.runtime import load_task_modules

    load_task_modules()
    entry = beat_schedule(services.settings)["gmail-scan-all"]
    assert entry["task"] == "gmail.scan_all"
    assert entry["schedule"] == services.settings.gmail_scan_interval_minutes * 60
