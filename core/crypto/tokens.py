"""Encryption at rest for OAuth tokens.

`TokenCipher` is the seam: the default is Fernet (AES-128-CBC with HMAC-SHA256) with a key from
`TOKEN_ENCRYPTION_KEY` (several comma-separated keys allow rotation: the first encrypts, all
decrypt), derived from `SECRET_KEY` when that is empty. On AWS the key is a Secrets Manager
secret encrypted with a KMS key and injected as `TOKEN_ENCRYPTION_KEY`; a cipher that calls KMS
directly (envelope encryption) can replace this class without touching its callers.
"""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.settings import Settings

_SALT = b"career-agent/token-encryption/v1"


class TokenDecryptError(Exception):
    """A stored token cannot be decrypted (the key changed or the value was tampered with)."""


class TokenCipher(ABC):
    @abstractmethod
    def encrypt(self, plaintext: str) -> str: ...

    @abstractmethod
    def decrypt(self, ciphertext: str) -> str:
        """Raises `TokenDecryptError`."""


class FernetCipher(TokenCipher):
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ValueError("at least one key is needed")
        self._fernet = MultiFernet([Fernet(k) for k in keys])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError, UnicodeError) as exc:
            raise TokenDecryptError("the stored token cannot be decrypted") from exc


def derive_key(secret: str) -> bytes:
    """A Fernet key derived from a secret of any length (HKDF-SHA256)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=b"fernet").derive(
        secret.encode("utf-8")
    )
    return base64.urlsafe_b64encode(raw)


def cipher_from_settings(settings: Settings) -> TokenCipher:
    configured = [k.strip() for k in settings.token_encryption_key.split(",") if k.strip()]
    if not configured:
        return FernetCipher([derive_key(settings.secret_key)])
    keys: list[bytes] = []
    for key in configured:
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeError) as exc:
            raise ValueError(
                "TOKEN_ENCRYPTION_KEY must hold Fernet keys (32 url-safe base64 bytes); create "
                "one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            ) from exc
        keys.append(key.encode("ascii"))
    return FernetCipher(keys)
