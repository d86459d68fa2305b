"""Settings on Lambda: the environment, with values from Secrets Manager (moto) on top."""

from __future__ import annotations

import json
import uuid
from typing import Any

import boto3
import pytest

from deploy.aws.handlers.runtime import read_secret_settings, secret_ids_from_env


@pytest.fixture
def secrets(moto_server: str) -> Any:
    return boto3.client("secretsmanager", endpoint_url=moto_server, region_name="us-east-1")


def _secret(secrets: Any, value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return str(secrets.create_secret(Name=f"s-{uuid.uuid4().hex[:8]}", SecretString=text)["ARN"])


def test_secret_values_become_settings(secrets: Any) -> None:
    app = _secret(secrets, {"SECRET_KEY": "k" * 64, "NOT_A_SETTING": "x"})
    google = _secret(secrets, {"GOOGLE_CLIENT_SECRET": "g-secret", "TOKEN_ENCRYPTION_KEY": ""})
    values = read_secret_settings([app, google], client=secrets)
    # Unknown names are ignored, and an empty placeholder never hides a default.
    assert values == {"secret_key": "k" * 64, "google_client_secret": "g-secret"}


def test_a_secret_that_is_not_a_json_object_is_refused(secrets: Any) -> None:
    arn = _secret(secrets, '["not", "an", "object"]')
    with pytest.raises(ValueError, match="not a JSON object"):
        read_secret_settings([arn], client=secrets)


def test_secret_ids_from_the_environment() -> None:
    assert secret_ids_from_env({}) == []
    assert secret_ids_from_env({"SECRETS_MANAGER_SECRET_IDS": '["a", "b"]'}) == ["a", "b"]
    assert secret_ids_from_env({"SECRETS_MANAGER_SECRET_IDS": "a, b"}) == ["a", "b"]
