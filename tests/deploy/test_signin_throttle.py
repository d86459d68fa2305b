"""Sign-in throttling through the API Lambda handler: no Redis there, so the counters live in
DynamoDB (moto), shared by every container."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from deploy.aws.handlers import api as api_handler
from deploy.aws.handlers import runtime
from integrations.container import Services, build_services
from tests.deploy.conftest import aws_settings_for
from tests.deploy.test_api_handler import call, proxy_event
from tests.support.accounts import PASSWORD, read_verification_code


@pytest.fixture
def aws_settings(tmp_path: Path, moto_server: str, queues: dict[str, str]) -> Settings:
    """The Lambda settings of the shared fixtures, with local sign-in and a small limit."""
    return aws_settings_for(
        tmp_path / "data",
        moto_server,
        queues,
        auth_backend="local",
        auth_rate_limits={"login_account": "3/hour"},
    )


def test_wrong_passwords_are_counted_in_dynamodb(lambda_services: Services) -> None:
    assert lambda_services.redis is None
    email = "ivy@example.com"
    body = {"email": email, "password": PASSWORD, "name": "Ivy"}
    assert call(proxy_event("POST", "/api/auth/signup", body=body))[0] == 201
    assert lambda_services.settings.dev_outbox_dir is not None
    code = read_verification_code(lambda_services.settings.dev_outbox_dir, email)
    assert (
        call(proxy_event("POST", "/api/auth/verify", body={"email": email, "code": code}))[0] == 200
    )

    wrong = {"email": email, "password": "Wrong-Password-1"}
    for _ in range(3):
        assert call(proxy_event("POST", "/api/auth/login", body=wrong))[0] == 401
    # A new container, with services of its own, still sees the count.
    runtime.use_services(build_services(lambda_services.settings))
    api_handler.reset()
    right = {"email": email, "password": PASSWORD}
    status, headers, error = call(proxy_event("POST", "/api/auth/login", body=right))
    assert status == 429, error
    assert int(headers["retry-after"]) > 0
    assert list(lambda_services.store.scan("RateLimits"))
