"""Profiles, and the caller's data rights: export everything, erase everything."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from core.blobs.port import BlobStore
from core.clock import iso
from core.errors import Conflict, NotFound
from core.storage.port import ConditionFailed, Store
from core.storage.schema import TABLES, Table
from core.users.repository import USERS, ProfileChanges, User, find_user, users

# Stored secrets never leave in an export, even the caller's own: hashes and ciphertexts are
# useless to them and dangerous if the file leaks.
_SECRET_FIELD = re.compile(r"hash|secret|encrypted|ciphertext|refreshtoken", re.IGNORECASE)


def create_user(store: Store, *, user_id: str, email: str, name: str) -> User:
    """Create the profile once; a second call (a retried verification) keeps the first."""
    now = iso()
    user = User(user_id=user_id, email=email, name=name, created_at=now, updated_at=now)
    try:
        return users(store).put(user, expected_version=0)
    except ConditionFailed:
        existing = find_user(store, user_id)
        assert existing is not None
        return existing


def get_user(store: Store, user_id: str) -> User:
    user = find_user(store, user_id)
    if user is None:
        raise NotFound("profile not found")
    return user


def ensure_user(store: Store, *, user_id: str, email: str | None, name: str | None) -> User:
    """The profile of a signed-in user, created on first sight (Cognito users sign up there)."""
    return find_user(store, user_id) or create_user(
        store, user_id=user_id, email=email or "", name=name or ""
    )


def update_profile(
    store: Store, user_id: str, changes: ProfileChanges, *, expected_version: int | None = None
) -> User:
    """Apply the profile fields that `changes` sets. With `expected_version`, a stale write is
    refused (409) instead of silently overwriting a newer profile."""
    fields = {name: getattr(changes, name) for name in changes.model_fields_set}

    def change(user: User | None) -> User:
        if user is None:
            raise NotFound("profile not found")
        if expected_version is not None and expected_version != user.version:
            raise Conflict("the profile changed since you loaded it; reload and try again")
        return user.model_copy(update={**fields, "updated_at": iso()})

    try:
        updated = users(store).update({"userId": user_id}, change, attempts=5)
    except ConditionFailed:
        raise Conflict("the profile is being changed elsewhere; try again") from None
    assert updated is not None
    return updated


def _owned_items(store: Store, table: Table, user_id: str) -> Iterator[dict[str, Any]]:
    if table.owner_attribute is None:
        return
    if table.partition_key == table.owner_attribute:
        if table.sort_key:
            yield from store.query(table.name, user_id)
        else:
            item = store.get(table.name, {table.partition_key: user_id})
            if item is not None:
                yield item
        return
    for idx in table.indexes:
        if idx.partition_key == table.owner_attribute:
            yield from store.query(table.name, user_id, index=idx.name)
            return
    # No index on the owner: a scan, acceptable for small tables only.
    for item in store.scan(table.name):
        if item.get(table.owner_attribute) == user_id:
            yield item


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: ("[redacted]" if _SECRET_FIELD.search(k) else _redact(v)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


def export_user_data(
    store: Store, blobs: BlobStore, user_id: str, *, url_ttl_seconds: int
) -> dict[str, Any]:
    """Everything stored about one person, with time-limited links to their files."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES.values():
        items = [_redact(item) for item in _owned_items(store, table, user_id)]
        if items:
            tables[table.name] = items
    files = []
    for key in blobs.list_keys(f"{user_id}/"):
        for version in blobs.list_versions(key):
            files.append(
                {
                    "key": key,
                    "versionId": version.version_id,
                    "size": version.size,
                    "lastModified": version.last_modified,
                    "url": blobs.download_url(
                        key, version_id=version.version_id, ttl_seconds=url_ttl_seconds
                    ),
                }
            )
    return {"userId": user_id, "exportedAt": iso(), "tables": tables, "files": files}


def erase_user_data(store: Store, blobs: BlobStore, user_id: str) -> dict[str, int]:
    """Delete every item and file of one person, in every table. Files go first: a crash
    midway leaves the profile in place, so the erasure can simply be asked for again."""
    counts: dict[str, int] = {"files": blobs.delete_prefix(f"{user_id}/")}
    # The profile last, so a retried erasure still finds the account to erase.
    ordered = sorted(TABLES.values(), key=lambda t: t.name == USERS)
    for table in ordered:
        n = 0
        for item in list(_owned_items(store, table, user_id)):
            if store.delete(table.name, table.key_of(item)):
                n += 1
        if n:
            counts[table.name] = n
    return counts
