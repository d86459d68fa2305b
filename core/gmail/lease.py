"""A scan lock kept in the account row itself, for deployments without Redis (AWS Lambda).

It is a lease: an owner and an expiry, taken and renewed with optimistic writes.
"""

from __future__ import annotations

from datetime import timedelta

from core.clock import iso, utcnow
from core.gmail.accounts import ACCOUNTS
from core.gmail.ports import ScanLock
from core.storage.port import ConditionFailed, Store


class AccountLease(ScanLock):
    def __init__(self, store: Store, user_id: str, token: str, ttl_seconds: float) -> None:
        self._store = store
        self._user_id = user_id
        self._token = token
        self._ttl = timedelta(seconds=ttl_seconds)

    def _write(self, *, take: bool) -> bool:
        for _ in range(10):
            account = self._store.get(ACCOUNTS, {"userId": self._user_id})
            if account is None:
                return False
            owner = account.get("scanLeaseOwner")
            free = owner is None or str(account.get("scanLeaseUntil") or "") < iso()
            if owner != self._token and not (take and free):
                return False
            updated = {
                **account,
                "scanLeaseOwner": self._token,
                "scanLeaseUntil": iso(utcnow() + self._ttl),
            }
            try:
                self._store.put(ACCOUNTS, updated, expected_version=int(account.get("version", 0)))
                return True
            except ConditionFailed:
                continue
        return False

    def acquire(self) -> bool:
        return self._write(take=True)

    def refresh(self) -> bool:
        return self._write(take=False)

    def release(self) -> None:
        for _ in range(10):
            account = self._store.get(ACCOUNTS, {"userId": self._user_id})
            if account is None or account.get("scanLeaseOwner") != self._token:
                return
            updated = {**account, "scanLeaseOwner": None, "scanLeaseUntil": None}
            try:
                self._store.put(ACCOUNTS, updated, expected_version=int(account.get("version", 0)))
                return
            except ConditionFailed:
                continue
