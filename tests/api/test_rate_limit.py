from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from integrations.container import build_services
from tests.support.accounts import bearer, sign_up
from tests.support.env import make_settings


def _login(client: TestClient, outbox: Path, email: str) -> dict:
    return bearer(sign_up(client, outbox, email, "R"))


def test_rate_limit_is_per_user_and_says_when_to_retry(tmp_path: Path, redis_url: str) -> None:
    settings = make_settings(tmp_path / "data", redis_url, rate_limit_per_minute=5)
    services = build_services(settings)
    services.store.init()
    with TestClient(create_app(services=services)) as client:
        assert settings.dev_outbox_dir is not None
        a = _login(client, settings.dev_outbox_dir, "a@example.com")
        b = _login(client, settings.dev_outbox_dir, "b@example.com")
        statuses = [client.get("/api/users/me", headers=a).status_code for _ in range(7)]
        # A window boundary may fall inside the loop; at least the sixth in a window is refused.
        assert statuses.count(200) >= 5 and 429 in statuses
        r = client.get("/api/users/me", headers=a)
        if r.status_code == 429:
            assert 1 <= int(r.headers["Retry-After"]) <= 60
            assert r.json()["error"]["code"] == "rate_limited"
        # Another user has their own budget.
        assert client.get("/api/users/me", headers=b).status_code == 200
