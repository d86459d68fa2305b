"""The local issuer's RSA signing key, created on first use and shared by every process."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class Jwk(TypedDict):
    """An RSA public key as a JSON Web Key (RFC 7517), as published in the JWKS document."""

    kty: str
    e: str
    n: str
    kid: str
    alg: str
    use: str


@dataclass(frozen=True)
class SigningKey:
    private_pem: bytes
    kid: str
    public_jwk: Jwk

    def jwks(self) -> dict[str, list[Jwk]]:
        """The JWKS document: {"keys": [...]}."""
        return {"keys": [self.public_jwk]}


def _b64(n: int) -> str:
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _from_pem(pem: bytes) -> SigningKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the signing key must be an RSA key")
    numbers = key.public_key().public_numbers()
    e, n = _b64(numbers.e), _b64(numbers.n)
    # RFC 7638 thumbprint (the required members, sorted): a stable kid that changes only when
    # the key does.
    required = {"e": e, "kty": "RSA", "n": n}
    thumb = hashlib.sha256(json.dumps(required, sort_keys=True, separators=(",", ":")).encode())
    kid = base64.urlsafe_b64encode(thumb.digest()).rstrip(b"=").decode()[:16]
    return SigningKey(pem, kid, Jwk(kty="RSA", e=e, n=n, kid=kid, alg="RS256", use="sig"))


def load_or_create_signing_key(path: Path) -> SigningKey:
    """Read the key, or create it. Concurrent first starts (API and worker) agree on one key:
    the new key is linked into place atomically and the loser reads the winner's."""
    if path.exists():
        return _from_pem(path.read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return _from_pem(path.read_bytes())
