"""The scan lock kept in the account row itself, for deployments without Redis (AWS Lambda)."""

from __future__ import annotations

from core.gmail.repository import GmailAccount
from core.leases import StoreLease
from core.storage.port import Store


def scan_lock_key(user_id: str) -> str:
    """The Redis key of an account's scan lease, where Redis runs."""
    return f"gmail:scan-lock:{user_id}"


class AccountLease(StoreLease):
    def __init__(self, store: Store, user_id: str, token: str, ttl_seconds: float) -> None:
        super().__init__(
            store,
            GmailAccount.table,
            {"userId": user_id},
            token,
            ttl_seconds,
            owner_field="scanLeaseOwner",
            until_field="scanLeaseUntil",
        )
