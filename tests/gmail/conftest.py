"""Gmail tests run the real Google client libraries against a fake Google on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from fastapi.testclient import TestClient

from core.crypto.tokens import cipher_from_settings
from core.gmail.lease import scan_lock_key
from core.settings import Settings
from integrations.container import Services
from integrations.gmail import GoogleGmailGateway
from integrations.redis_lease import RedisLease
from tests.fakes.gmail_server import FakeGoogle
from tests.support.env import make_settings

CORPUS = Path(__file__).resolve().parents[1] / "email" / "corpus"
MAILBOX = "jamie.rivera@gmail.com"


@pytest.fixture
def fake_google() -> Iterator[FakeGoogle]:
    fake = FakeGoogle().start()
    yield fake
    fake.stop()


@pytest.fixture
def settings(
    tmp_path: Path, redis_url: str, fake_google: FakeGoogle, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    # oauthlib refuses plain-http token endpoints unless told that this is a local test.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    return make_settings(
        tmp_path / "data",
        redis_url,
        **fake_google.settings_overrides(),
        # Short Celery timings, so that a killed worker's task comes back within a test: Redis
        # hands its message out again after 10 s, and by then its lease has run out.
        celery_visibility_timeout_seconds=10,
        task_lease_seconds=3,
        task_soft_time_limit_seconds=6,
        task_time_limit_seconds=8,
        celery_unacked_restore_interval_seconds=1,
        celery_unacked_restore_throttle=1,
    )


def corpus_labels() -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = json.loads((CORPUS / "labels.json").read_text("utf-8"))
    return labels


def corpus_message(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def connect_through_api(
    client: TestClient, fake: FakeGoogle, headers: dict[str, str], *, address: str = MAILBOX
) -> dict[str, Any]:
    """The whole browser dance: ask for the URL, consent at (fake) Google, come back."""
    fake.add_account(address)
    fake.consent_email = address
    r = client.get("/api/gmail/connect", headers=headers)
    assert r.status_code == 200, r.text
    url = r.json()["authorizationUrl"]
    consent = httpx.get(url, follow_redirects=False)
    assert consent.status_code == 302, consent.text
    back = urlparse(consent.headers["location"])
    r = client.get(f"/api/gmail/callback?{back.query}")
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def connect(
    client: TestClient, fake_google: FakeGoogle, signup_and_login: Callable[..., dict]
) -> Callable[..., dict]:
    """Connect a new user's Gmail; returns the user dict from `signup_and_login`."""

    def make(address: str = MAILBOX) -> dict:
        user = signup_and_login()
        connect_through_api(client, fake_google, user["headers"], address=address)
        return user

    return make


class Scanner:
    """Runs core's scan service in the test process with the real adapters."""

    def __init__(self, services: Services, fake: FakeGoogle) -> None:
        self.services = services
        self.fake = fake
        self.slept: list[float] = []
        self.gateway = GoogleGmailGateway(services.settings, sleep=self.slept.append)

    def lock(self, user_id: str, token: str = "test-scan") -> RedisLease:  # noqa: S107
        return RedisLease(self.services.redis, scan_lock_key(user_id), token, 60)

    def __call__(self, user_id: str, *, token: str = "test-scan", **kwargs: Any) -> Any:  # noqa: S107
        from core.gmail.scan import scan_account

        return scan_account(
            self.services.store,
            self.gateway,
            cipher_from_settings(self.services.settings),
            self.lock(user_id, token),
            user_id,
            **kwargs,
        )


@pytest.fixture
def scanner(services: Services, fake_google: FakeGoogle) -> Scanner:
    return Scanner(services, fake_google)
