"""Shared fixtures: real Redis, real Celery workers, a moto server, an API client with users."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis as redis_lib
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from integrations.container import Services, build_services, set_services
from tests.support.accounts import bearer, sign_up
from tests.support.env import make_settings, settings_env
from tests.support.processes import CeleryWorker, RedisServer, start_redis

# boto3 must never find real credentials or reach AWS from a test.
for _name, _value in {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}.items():
    os.environ[_name] = _value


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = start_redis(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """A Redis URL whose database is empty at the start of the test."""
    redis_lib.Redis.from_url(redis_server.url).flushdb()
    return redis_server.url


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def settings(tmp_path: Path, redis_url: str) -> Settings:
    return make_settings(tmp_path / "data", redis_url)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    svc = build_services(settings)
    svc.store.init()
    set_services(svc)
    yield svc
    set_services(None)


@pytest.fixture
def app(services: Services):
    return create_app(services=services)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def signup_and_login(client: TestClient, settings: Settings) -> Callable[..., dict]:
    """Creates a verified user; returns {"userId", "email", "tokens", "headers"}."""
    counter = {"n": 0}

    def make(email: str | None = None, name: str = "Test User") -> dict:
        counter["n"] += 1
        email = email or f"user{counter['n']}-{os.urandom(3).hex()}@example.com"
        assert settings.dev_outbox_dir is not None
        tokens = sign_up(client, settings.dev_outbox_dir, email, name)
        headers = bearer(tokens)
        user_id = client.get("/api/users/me", headers=headers).json()["userId"]
        return {"userId": user_id, "email": email, "tokens": tokens, "headers": headers}

    return make


@pytest.fixture
def auth_headers(signup_and_login: Callable[..., dict]) -> Callable[..., dict]:
    """`auth_headers(email=None) -> {"Authorization": "Bearer ..."}` for a new verified user."""

    def make(email: str | None = None) -> dict:
        return signup_and_login(email)["headers"]

    return make


@pytest.fixture
def celery_worker(settings: Settings, services: Services, tmp_path: Path) -> Iterator[CeleryWorker]:
    """A real Celery worker process on the test's settings (same data dir, same Redis)."""
    worker = CeleryWorker(env=settings_env(settings), log_path=tmp_path / "celery-worker.log")
    worker.start()
    yield worker
    worker.stop()
