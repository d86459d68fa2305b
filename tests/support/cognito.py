"""A user pool, its SPA client and signed-in users in moto's Cognito (over HTTP)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import boto3
import jwt

from core.settings import Settings
from tests.support.env import make_settings

PASSWORD = "Sup3r-Secret!"


def idp_client(endpoint_url: str) -> Any:
    return boto3.client("cognito-idp", endpoint_url=endpoint_url, region_name="us-east-1")


def create_pool(idp: Any) -> tuple[str, str]:
    """A pool with the design's password policy and an app client; returns (pool id, client id)."""
    pool_id = idp.create_user_pool(
        PoolName=f"pool-{time.time_ns()}",
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 8,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": True,
            }
        },
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        MfaConfiguration="OPTIONAL",
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="spa", ExplicitAuthFlows=["USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def create_signed_in_user(idp: Any, pool_id: str, client_id: str, email: str) -> dict[str, Any]:
    """A confirmed user and the tokens Cognito gives them at sign-in."""
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=email,
        UserAttributes=[
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
        ],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=email, Password=PASSWORD, Permanent=True
    )
    auth = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    claims = jwt.decode(auth["AccessToken"], options={"verify_signature": False})
    return {"email": email, "token": auth["AccessToken"], "sub": claims["sub"], "auth": auth}


def cognito_settings(data_dir: Path, redis_url: str, moto_server: str, pool: dict) -> Settings:
    """Settings for Cognito mode against `pool` ({"poolId", "clientId"}) in moto's server."""
    return make_settings(
        data_dir,
        redis_url,
        auth_backend="cognito",
        cognito_user_pool_id=pool["poolId"],
        cognito_client_id=pool["clientId"],
        cognito_endpoint_url=moto_server,
    )
