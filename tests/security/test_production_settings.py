"""Production refuses weak settings at start-up, naming every problem in one readable line."""

from __future__ import annotations

import secrets
import subprocess
import sys
from typing import Any

import pytest
from cryptography.fernet import Fernet

from core.settings import Settings, SettingsError

STRONG = secrets.token_urlsafe(48)
FERNET = Fernet.generate_key().decode()


def production(**values: Any) -> Settings:
    base = {
        "environment": "production",
        "auth_backend": "cognito",
        "secret_key": STRONG,
        "token_encryption_key": FERNET,
        "cors_origins": ["https://app.example.com"],
    }
    return Settings(_env_file=None, **{**base, **values})  # type: ignore[call-arg]


def test_good_production_settings_are_accepted_with_safe_defaults() -> None:
    s = production(cors_origins=None)
    assert s.cors_origins == []  # same origin only, not the dev server
    assert s.api_docs is False
    # Development keeps its conveniences.
    dev = Settings(_env_file=None)  # type: ignore[call-arg]
    assert dev.cors_origins == ["http://localhost:5173"] and dev.api_docs is True


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"secret_key": "dev-only-change-me"}, "SECRET_KEY"),
        ({"secret_key": "a" * 32}, "SECRET_KEY"),
        ({"secret_key": "ab" * 40}, "SECRET_KEY"),
        ({"secret_key": "short-but-random-x7"}, "SECRET_KEY"),
        ({"token_encryption_key": ""}, "TOKEN_ENCRYPTION_KEY"),
        ({"token_encryption_key": "not-a-fernet-key"}, "TOKEN_ENCRYPTION_KEY"),
        ({"token_encryption_key": f"{FERNET},broken"}, "TOKEN_ENCRYPTION_KEY"),
        ({"auth_backend": "local"}, "AUTH_BACKEND"),
        ({"cors_origins": ["http://localhost:5173"]}, "CORS_ORIGINS"),
        ({"cors_origins": ["https://app.example.com", "http://127.0.0.1:8000"]}, "CORS_ORIGINS"),
    ],
)
def test_each_weak_setting_is_refused_by_name(values: dict[str, Any], named: str) -> None:
    with pytest.raises(SettingsError) as caught:
        production(**values)
    message = str(caught.value)
    assert named in message
    assert "validation error for Settings" not in message and "\n" not in message


def test_fernet_keys_for_rotation_and_kms_protected_secrets_are_accepted() -> None:
    rotated = production(token_encryption_key=f"{FERNET},{Fernet.generate_key().decode()}")
    assert rotated.token_encryption_key.count(",") == 1
    # On AWS the key derives from a SECRET_KEY held in a KMS-encrypted Secrets Manager secret.
    aws = production(token_encryption_key="", secrets_manager_secret_ids=["arn:secret"])
    assert aws.token_encryption_key == ""


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings(  # type: ignore[call-arg]
            _env_file=None,
            environment="production",
            secret_key="x" * 40,
            cors_origins=["http://localhost:5173"],
        )
    message = str(caught.value)
    for name in ("SECRET_KEY", "TOKEN_ENCRYPTION_KEY", "AUTH_BACKEND", "CORS_ORIGINS"):
        assert name in message, message


def test_a_bad_rate_limit_rule_is_refused() -> None:
    with pytest.raises(SettingsError, match="AUTH_RATE_LIMITS"):
        Settings(_env_file=None, auth_rate_limits={"login_account": "often"})  # type: ignore[call-arg]
    with pytest.raises(SettingsError, match="unknown rule"):
        Settings(_env_file=None, auth_rate_limits={"logins": "5/minute"})  # type: ignore[call-arg]


def test_the_command_line_prints_the_whole_refusal_on_one_line(tmp_path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "ENVIRONMENT": "production",
        "SECRET_KEY": "a" * 32,
        "DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "db", "init"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for name in ("SECRET_KEY", "TOKEN_ENCRYPTION_KEY", "AUTH_BACKEND"):
        assert name in lines[0]
