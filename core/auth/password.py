"""The password policy of the original design, and argon2 hashing."""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import InvalidInput

_hasher = PasswordHasher()

MIN_LENGTH = 8


def policy_problems(password: str) -> list[str]:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"at least {MIN_LENGTH} characters")
    if not re.search(r"[a-z]", password):
        problems.append("a lowercase letter")
    if not re.search(r"[A-Z]", password):
        problems.append("an uppercase letter")
    if not re.search(r"\d", password):
        problems.append("a digit")
    if not re.search(r"[^A-Za-z0-9]", password):
        problems.append("a symbol")
    if len(password) > 256:
        problems.append("at most 256 characters")
    return problems


def check_policy(password: str, *, field: str = "password") -> None:
    """Refuse a password that breaks the policy; `field` names it in the request."""
    problems = policy_problems(password)
    if problems:
        raise InvalidInput(
            "password needs " + ", ".join(problems),
            code="weak_password",
            details={"field": field, "missing": problems},
        )


class WrongPassword(InvalidInput):
    """The current password, asked for again before it is replaced, is not the right one. Not a
    401: the caller's session is fine, only the password typed is wrong."""

    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("your current password is not right", details={"field": "currentPassword"})


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def dummy_hash() -> str:
    """A real hash to compare against when the account does not exist, so that the time a
    login takes does not reveal whether an email is registered. Made on first use: hashing
    takes a third of a second, which a process that never signs anyone in (an API Lambda with
    Cognito) should not pay at start-up."""
    return _hasher.hash("not-a-real-password-Aa1!")
