"""The fake Google's own checks (it must refuse what Google refuses), and the scan lock kept in
the store for deployments without Redis."""

from __future__ import annotations

import httpx
from googleapiclient.discovery import build

from core.gmail.lease import AccountLease
from integrations.container import Services
from integrations.gmail.client import credentials_for
from tests.fakes.gmail_server import FakeGoogle
from tests.gmail.conftest import MAILBOX, corpus_message


def test_format_full_through_the_real_client(fake_google: FakeGoogle, settings) -> None:
    box = fake_google.add_account(MAILBOX)
    mid = box.deliver(corpus_message("p03_google_calendar_ics.eml"))
    creds = credentials_for(settings, fake_google.issue_refresh_token(MAILBOX))
    service = build(
        "gmail",
        "v1",
        credentials=creds,
        static_discovery=True,
        client_options={"api_endpoint": settings.gmail_api_base_url},
    )
    full = service.users().messages().get(userId="me", id=mid, format="full").execute()
    headers = {h["name"]: h["value"] for h in full["payload"]["headers"]}
    assert headers["From"].startswith("Lena Hoffmann")
    types = [p["mimeType"] for p in full["payload"]["parts"]]
    assert types == ["text/plain", "text/html", "text/calendar"]
    assert all("data" in p["body"] for p in full["payload"]["parts"])


def test_token_endpoint_checks_pkce_and_client(fake_google: FakeGoogle) -> None:
    fake_google.add_account(MAILBOX)
    fake_google.codes["4/code"] = {
        "email": MAILBOX,
        "challenge": "x" * 43,
        "redirect_uri": "r",
        "scope": "s",
        "offline": True,
    }
    form = {
        "grant_type": "authorization_code",
        "code": "4/code",
        "redirect_uri": "r",
        "code_verifier": "wrong",
        "client_id": fake_google.client_id,
        "client_secret": fake_google.client_secret,
    }
    r = httpx.post(f"{fake_google.url}/token", data=form)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    r = httpx.post(f"{fake_google.url}/token", data={**form, "client_secret": "nope"})
    assert r.status_code == 401


def test_account_lease_excludes_a_second_holder(connect, services: Services) -> None:
    user = connect()
    first = AccountLease(services.store, user["userId"], "task-1", 60)
    second = AccountLease(services.store, user["userId"], "task-2", 60)
    assert first.acquire() and first.refresh()
    assert not second.acquire()
    assert AccountLease(services.store, user["userId"], "task-1", 60).acquire()  # redelivery
    first.release()
    assert second.acquire() and not first.refresh()
    second.release()
    expired = AccountLease(services.store, user["userId"], "task-3", -5)
    assert expired.acquire()
    assert second.acquire()  # the holder's lease had already run out
