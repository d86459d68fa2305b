from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from core.crypto.tokens import TokenDecryptError, cipher_from_settings
from tests.support.env import make_settings


def test_round_trip_and_ciphertext_hides_the_token(tmp_path: Path) -> None:
    cipher = cipher_from_settings(make_settings(tmp_path, "redis://unused"))
    secret = "1//0gLongRefreshTokenValue"
    sealed = cipher.encrypt(secret)
    assert secret not in sealed and cipher.decrypt(sealed) == secret


def test_key_rotation_keeps_old_tokens_readable(tmp_path: Path) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = cipher_from_settings(make_settings(tmp_path, "r", token_encryption_key=old)).encrypt(
        "t"
    )
    rotated = cipher_from_settings(
        make_settings(tmp_path, "r", token_encryption_key=f"{new},{old}")
    )
    assert rotated.decrypt(sealed) == "t"
    other = cipher_from_settings(make_settings(tmp_path, "r", token_encryption_key=new))
    with pytest.raises(TokenDecryptError):
        other.decrypt(sealed)


def test_a_bad_key_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Fernet"):
        cipher_from_settings(make_settings(tmp_path, "r", token_encryption_key="not-a-key"))
