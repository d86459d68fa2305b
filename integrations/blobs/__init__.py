"""Blob adapters, chosen by `BLOB_BACKEND`."""

from __future__ import annotations

from core.blobs.port import BlobStore
from core.settings import Settings


def build_blob_store(settings: Settings) -> BlobStore:
    if settings.blob_backend == "s3":
        from integrations.blobs.s3 import S3BlobStore

        return S3BlobStore(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.aws_region,
            kms_key_id=settings.s3_kms_key_id,
        )
    from integrations.blobs.local import LocalBlobStore

    assert settings.blob_dir is not None
    return LocalBlobStore(settings.blob_dir, settings.secret_key, settings.public_url)
