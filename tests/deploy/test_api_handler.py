"""The API Lambda end to end: an API Gateway proxy event with a token from moto's Cognito user
pool, settings read from the environment and Secrets Manager as on Lambda, the profile stored in
moto's DynamoDB."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from deploy.aws.handlers import api as api_handler
from deploy.aws.handlers import runtime
from integrations.container import Services
from tests.support.cognito import create_pool, create_signed_in_user, idp_client
from tests.support.lambda_events import LambdaContext, proxy_event


@pytest.fixture
def cognito(moto_server: str) -> dict[str, Any]:
    idp = idp_client(moto_server)
    pool_id, client_id = create_pool(idp)
    return {
        "poolId": pool_id,
        "clientId": client_id,
        "alice": create_signed_in_user(
            idp, pool_id, client_id, f"alice-{uuid.uuid4().hex[:6]}@example.com"
        ),
        "bob": create_signed_in_user(
            idp, pool_id, client_id, f"bob-{uuid.uuid4().hex[:6]}@example.com"
        ),
    }


@pytest.fixture
def lambda_env(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    moto_server: str,
    queues: dict[str, str],
    cognito: dict[str, Any],
) -> Iterator[Services]:
    """The API function's configuration, as the template sets it, pointed at moto."""
    secrets = boto3.client("secretsmanager", endpoint_url=moto_server, region_name="us-east-1")
    secret_arn = secrets.create_secret(
        Name=f"app-{uuid.uuid4().hex[:8]}",
        SecretString=json.dumps({"SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex}),
    )["ARN"]
    monkeypatch.chdir(tmp_path)  # no stray .env file: Lambda has none
    env = {
        "ENVIRONMENT": "production",
        "LOG_LEVEL": "WARNING",
        "DATA_DIR": str(tmp_path / "data"),
        "STORAGE_BACKEND": "dynamodb",
        "DYNAMODB_ENDPOINT_URL": moto_server,
        "DYNAMODB_TABLE_PREFIX": f"t{uuid.uuid4().hex[:10]}-",
        "BLOB_BACKEND": "local",
        "LLM_BACKEND": "local",
        "AUTH_BACKEND": "cognito",
        "COGNITO_USER_POOL_ID": cognito["poolId"],
        "COGNITO_CLIENT_ID": cognito["clientId"],
        "COGNITO_ENDPOINT_URL": moto_server,
        "QUEUE_BACKEND": "sqs",
        "SQS_QUEUE_URLS": json.dumps(queues),
        "SQS_ENDPOINT_URL": moto_server,
        "REDIS_URL": "",
        "CORS_ORIGINS": '["https://app.example.com"]',
        "SECRETS_MANAGER_SECRET_IDS": json.dumps([secret_arn]),
        # boto3's own per-service endpoint variable, standing in for the AWS endpoint.
        "AWS_ENDPOINT_URL_SECRETS_MANAGER": moto_server,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    runtime.use_services(None)
    api_handler.reset()
    services = runtime.services()  # what the first invocation of a new container builds
    services.store.init()  # the template creates the tables on AWS
    yield services
    runtime.use_services(None)
    api_handler.reset()
    services.store.drop_all()


def call(event: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    response = api_handler.handler(event, LambdaContext())
    body = response.get("body") or ""
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
    return response["statusCode"], headers, json.loads(body) if body else None


def test_profile_round_trip_through_the_handler(
    lambda_env: Services, cognito: dict[str, Any], moto_server: str
) -> None:
    alice = cognito["alice"]
    status, headers, me = call(proxy_event("GET", "/api/users/me", token=alice["token"]))
    assert status == 200, me
    assert me["userId"] == alice["sub"]
    assert headers["access-control-allow-origin"] == "https://app.example.com"
    assert headers["x-request-id"]

    update = {"targetRole": "Data Engineer", "skills": ["python", "sql"], "location": "Lisbon"}
    status, _, saved = call(proxy_event("PUT", "/api/users/me", token=alice["token"], body=update))
    assert status == 200, saved
    assert saved["targetRole"] == "Data Engineer" and saved["skills"] == ["python", "sql"]

    status, _, again = call(proxy_event("GET", "/api/users/me", token=alice["token"]))
    assert status == 200 and again["location"] == "Lisbon"

    # The profile is in DynamoDB, under the table name the template gives it.
    dynamodb = boto3.client("dynamodb", endpoint_url=moto_server, region_name="us-east-1")
    table = lambda_env.settings.dynamodb_table_prefix + "Users"
    item = dynamodb.get_item(TableName=table, Key={"userId": {"S": alice["sub"]}})["Item"]
    assert item["targetRole"] == {"S": "Data Engineer"}
    # The secret came from Secrets Manager, and production settings were accepted.
    assert lambda_env.settings.environment == "production"
    assert len(lambda_env.settings.secret_key) == 64


def test_a_base64_body_is_decoded(lambda_env: Services, cognito: dict[str, Any]) -> None:
    # Multipart and other binary media types reach the function base64-encoded.
    alice = cognito["alice"]
    event = proxy_event(
        "PUT", "/api/users/me", token=alice["token"], body={"name": "Alice"}, base64_body=True
    )
    status, _, saved = call(event)
    assert status == 200 and saved["name"] == "Alice"


def test_the_app_verifies_the_token_and_ignores_the_authorizer_claims(
    lambda_env: Services, cognito: dict[str, Any]
) -> None:
    alice, bob = cognito["alice"], cognito["bob"]
    forged = {"sub": bob["sub"], "email": bob["email"], "token_use": "access"}
    status, _, me = call(proxy_event("GET", "/api/users/me", token=alice["token"], claims=forged))
    assert status == 200 and me["userId"] == alice["sub"]

    # Claims without a token, or with a token that does not verify, are refused.
    status, _, error = call(proxy_event("GET", "/api/users/me", claims=forged))
    assert status == 401 and error["error"]["code"] == "missing_token"
    header, payload, signature = alice["token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = bob["sub"]
    tampered_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    tampered = f"{header}.{tampered_payload}.{signature}"
    status, _, error = call(proxy_event("GET", "/api/users/me", token=tampered, claims=forged))
    assert status == 401 and error["error"]["code"] == "invalid_token"
    # An id token is not an access token.
    status, _, error = call(proxy_event("GET", "/api/users/me", token=alice["auth"]["IdToken"]))
    assert status == 401


def test_public_endpoints_answer_without_a_token(lambda_env: Services) -> None:
    status, _, body = call(proxy_event("GET", "/api/health"))
    assert status == 200, body
    status, _, config = call(proxy_event("GET", "/api/config"))
    assert status == 200 and config["authMode"] == "cognito"
    # Ready means DynamoDB and every SQS queue answer.
    status, _, ready = call(proxy_event("GET", "/api/ready"))
    assert status == 200 and ready["checks"] == {"storage": "ok", "broker": "ok"}, ready


def test_the_app_is_built_once_per_container(lambda_env: Services, cognito: dict) -> None:
    call(proxy_event("GET", "/api/health"))
    first = api_handler.adapter()
    call(proxy_event("GET", "/api/users/me", token=cognito["alice"]["token"]))
    assert api_handler.adapter() is first
    assert runtime.services() is lambda_env
