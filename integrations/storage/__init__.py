"""Storage adapters, chosen by `STORAGE_BACKEND`."""

from __future__ import annotations

from core.settings import Settings
from core.storage.port import Store


def build_store(settings: Settings) -> Store:
    if settings.storage_backend == "dynamodb":
        from integrations.storage.dynamodb import DynamoStore

        return DynamoStore(
            endpoint_url=settings.dynamodb_endpoint_url,
            region=settings.aws_region,
            table_prefix=settings.dynamodb_table_prefix,
        )
    from integrations.storage.sqlite import SqliteStore

    assert settings.sqlite_path is not None
    return SqliteStore(settings.sqlite_path)
