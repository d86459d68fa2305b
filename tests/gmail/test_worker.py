"""Gmail scans in a real Celery worker process: end to end from connecting to the interview's
calendar file, a worker killed in the middle of a scan, and where the refresh token may appear."""

from __future__ import annotations

import logging
import time
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from integrations.container import Services
from tests.fakes.gmail_server import FakeGoogle
from tests.gmail.conftest import MAILBOX, corpus_message
from tests.support.processes import CeleryWorker

pytestmark = pytest.mark.slow

# Invitations from ten different companies: ten interviews, ten applications.
INVITATIONS = [
    "p01_recruiter_plain_zoom.eml",
    "p02_greenhouse_html_meet.eml",
    "p03_google_calendar_ics.eml",
    "p13_de_einladung_teams_qp.eml",
    "p16_fr_onsite_base64.eml",
    "p18_es_video.eml",
    "p21_lever_html_href_only.eml",
    "p22_ashby_ics_attachment_utc.eml",
    "p23_iso_date_coderpad.eml",
    "p24_uk_numeric_date_onsite.eml",
]


def _filler(n: int) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = f"Weekly digest #{n}"
    msg["From"] = "Team Updates <updates@example.org>"
    msg["To"] = MAILBOX
    msg["Date"] = "Mon, 11 Mar 2024 09:00:00 +0000"
    msg["Message-ID"] = f"<digest-{n}@example.org>"
    msg.set_content(f"Here is what happened this week (issue {n}). Nothing to do.\n")
    return msg.as_bytes()


def _scan_runs(services: Services, user_id: str) -> list[dict]:
    return [
        r
        for r in services.store.query("TaskRuns", user_id, index="UserIdIndex")
        if r["kind"] == "gmail.scan"
    ]


def _wait(condition, timeout: float, what: str, worker: CeleryWorker) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}\n{worker.log_tail()}")


def _all_scans_done(services: Services, user_id: str) -> bool:
    runs = _scan_runs(services, user_id)
    return bool(runs) and all(r["status"] in ("succeeded", "failed") for r in runs)


def test_connect_scan_in_worker_then_interviews_and_calendar_file(
    client: TestClient,
    connect,
    fake_google: FakeGoogle,
    services: Services,
    celery_worker: CeleryWorker,
) -> None:
    box = fake_google.add_account(MAILBOX)
    box.deliver(corpus_message("p01_recruiter_plain_zoom.eml"))
    box.deliver(corpus_message("n01_rejection_after_interview.eml"))
    user = connect()
    _wait(lambda: _all_scans_done(services, user["userId"]), 60, "the first scan", celery_worker)
    [run] = _scan_runs(services, user["userId"])
    assert run["status"] == "succeeded", run
    assert run["result"]["processed"] == 2 and run["result"]["interviews"] == 1

    r = client.get("/api/interviews", headers=user["headers"])
    assert r.status_code == 200
    [interview] = r.json()["items"]
    assert interview["company"] == "Acme Robotics"
    assert interview["startsAt"] == "2024-03-12T14:00:00-07:00"
    assert interview["kind"] == "video" and interview["durationMinutes"] == 45

    ics = client.get(f"/api/interviews/{interview['interviewId']}.ics", headers=user["headers"])
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event.decoded("DTSTART").isoformat() == "2024-03-12T21:00:00+00:00"
    assert event.decoded("DTEND").isoformat() == "2024-03-12T21:45:00+00:00"
    assert "Acme Robotics" in str(event["SUMMARY"])

    apps = client.get("/api/applications", headers=user["headers"]).json()["items"]
    # The rejection (from a company with a role named) is tracked as well.
    assert {(a["company"], a["status"]) for a in apps} == {
        ("Acme Robotics", "interviewing"),
        ("Globex", "rejected"),
    }
    assert all(a["history"][0]["cause"]["type"] == "email" for a in apps)

    status = client.get("/api/gmail/status", headers=user["headers"]).json()
    assert status["lastScanAt"] and status["counts"]["interviewsFound"] == 1


def test_worker_killed_mid_scan_resumes_without_loss_or_duplicates(
    client: TestClient,
    connect,
    fake_google: FakeGoogle,
    services: Services,
    celery_worker: CeleryWorker,
) -> None:
    box = fake_google.add_account(MAILBOX)
    fillers = 190
    for i in range(fillers):
        box.deliver(_filler(i))
        if i % 19 == 0:
            box.deliver(corpus_message(INVITATIONS[i // 19]))
    total = fillers + len(INVITATIONS)
    fake_google.latency_seconds = 0.8  # slow Gmail: the scan takes several batches' time

    user = connect()  # enqueues the first scan; the worker starts on it
    processed = lambda: len(services.store.query("ProcessedMessages", user["userId"]))  # noqa: E731
    _wait(lambda: processed() >= 50, 60, "the first batch", celery_worker)
    assert processed() < total
    celery_worker.kill()  # SIGKILL mid-scan: main process and pool child
    killed_at = processed()
    fake_google.latency_seconds = 0.05
    celery_worker.start()

    _wait(
        lambda: processed() == total and _all_scans_done(services, user["userId"]),
        120,
        "the scan to finish after the restart",
        celery_worker,
    )
    runs = _scan_runs(services, user["userId"])
    assert all(r["status"] == "succeeded" for r in runs), runs
    assert max(r["deliveries"] for r in runs) == 2  # the killed run came back and finished
    assert killed_at < total
    interviews = services.store.query("Interviews", user["userId"], index="UserIdIndex")
    assert len(interviews) == len(INVITATIONS)
    assert len({i["companyKey"] for i in interviews}) == len(INVITATIONS)
    assert all(len(i["messageIds"]) == 1 for i in interviews)
    apps = services.store.query("Applications", user["userId"], index="UserIdIndex")
    assert len(apps) == len(INVITATIONS)
    # At most the batch in flight at the kill was fetched twice.
    assert sum(1 for c in fake_google.fetch_counts.values() if c > 1) <= 50
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None and account["historyId"] == str(box.history_id)


def _secrets(fake: FakeGoogle) -> list[str]:
    return list(fake.issued)


def test_refresh_token_is_never_readable_in_storage_or_logs(
    client: TestClient,
    connect,
    fake_google: FakeGoogle,
    services: Services,
    settings: Settings,
    celery_worker: CeleryWorker,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)  # even at DEBUG, no library may log a token
    fake_google.add_account(MAILBOX).deliver(corpus_message("p01_recruiter_plain_zoom.eml"))
    user = connect()
    _wait(lambda: _all_scans_done(services, user["userId"]), 60, "the first scan", celery_worker)
    # A refresh that fails logs too: make one happen.
    fake_google.revoke_refresh_tokens(MAILBOX)
    client.post("/api/gmail/scan", headers=user["headers"])
    _wait(
        lambda: (
            client.get("/api/gmail/status", headers=user["headers"]).json()["status"]
            == "disconnected"
        ),
        60,
        "the disconnection",
        celery_worker,
    )
    secrets = _secrets(fake_google)
    assert any(s.startswith("1//") for s in secrets) and any(s.startswith("ya29.") for s in secrets)

    assert settings.sqlite_path is not None
    db_files = list(settings.sqlite_path.parent.glob(settings.sqlite_path.name + "*"))
    assert db_files
    stored = b"".join(p.read_bytes() for p in db_files)
    worker_log = (tmp_path / "celery-worker.log").read_text(errors="replace")
    captured = capfd.readouterr()
    for secret in secrets:
        assert secret.encode() not in stored
        assert secret not in worker_log
        assert secret not in captured.out and secret not in captured.err
        assert secret not in caplog.text
    account = services.store.get("GmailAccounts", {"userId": user["userId"]})
    assert account is not None and account["refreshTokenEncrypted"] is None
