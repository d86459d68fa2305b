"""Signing up through the API as a person would, reading the code from the dev outbox."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx

PASSWORD = "Correct-Horse-9"


def read_verification_code(outbox: Path, email: str, *, wait_seconds: float = 0.0) -> str:
    """The newest code sent to `email` in the development outbox (waiting for it if asked,
    when another process sends it)."""
    return _read_code(outbox, email, "verification", wait_seconds)


def read_reset_code(outbox: Path, email: str) -> str:
    """The newest password reset code sent to `email` in the development outbox."""
    return _read_code(outbox, email, "password reset", 0.0)


def reset_emails(outbox: Path) -> list[str]:
    """Every password reset email in the development outbox."""
    mails = [p.read_text() for p in outbox.glob("*.eml")] if outbox.exists() else []
    return [text for text in mails if "password reset code is" in text]


def _read_code(outbox: Path, email: str, kind: str, wait_seconds: float) -> str:
    deadline = time.monotonic() + wait_seconds
    while True:
        for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns, reverse=True):
            text = path.read_text()
            if f"To: {email}" in text:
                match = re.search(rf"{kind} code is (\d{{6}})", text)
                if match:
                    return match.group(1)
        if time.monotonic() >= deadline:
            raise AssertionError(f"no {kind} email for {email}")
        time.sleep(0.05)


def sign_up(client: httpx.Client, outbox: Path, email: str, name: str = "Test User") -> dict:
    """Sign up, verify and sign in; returns the tokens."""
    r = client.post("/api/auth/signup", json={"email": email, "password": PASSWORD, "name": name})
    assert r.status_code == 201, r.text
    code = read_verification_code(outbox, email, wait_seconds=5)
    r = client.post("/api/auth/verify", json={"email": email, "code": code})
    assert r.status_code == 200, r.text
    r = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    tokens: dict = r.json()
    return tokens


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['accessToken']}"}
