"""The blob port: versioned files (resumes), kept in a local folder or in S3.

Keys look like `{userId}/{resumeId}/{filename}`. Writing a key again keeps the old bytes as an
older version.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import BinaryIO


class BlobNotFound(Exception):
    """No blob (or no such version of it) under that key."""


@dataclass(frozen=True)
class BlobVersion:
    key: str
    version_id: str
    size: int
    last_modified: str  # ISO 8601, UTC
    is_latest: bool


class BlobStore(ABC):
    @abstractmethod
    def put(self, key: str, data: bytes, content_type: str) -> BlobVersion:
        """Store bytes under a key as its newest version."""

    @abstractmethod
    def put_stream(self, key: str, stream: BinaryIO, content_type: str) -> BlobVersion:
        """Store a stream under a key without holding it in memory (uploads of any size)."""

    @abstractmethod
    def open(self, key: str, version_id: str | None = None) -> BinaryIO:
        """The bytes of one version as a stream to read and close. Raises `BlobNotFound`."""

    def get(self, key: str, version_id: str | None = None) -> bytes:
        """The bytes of one version (the newest by default). Raises `BlobNotFound`."""
        with self.open(key, version_id) as stream:
            return stream.read()

    @abstractmethod
    def list_versions(self, key: str) -> list[BlobVersion]:
        """All versions of a key, newest first (empty if none)."""

    @abstractmethod
    def list_keys(self, prefix: str) -> list[str]:
        """Keys under a prefix that have at least one version."""

    @abstractmethod
    def delete_prefix(self, prefix: str) -> int:
        """Erase every version of every key under a prefix. Returns how many versions went."""

    @abstractmethod
    def delete_version(self, key: str, version_id: str) -> bool:
        """Erase one version of a key and leave its others. True if it was there; a version
        already gone is not an error, so that an interrupted delete can be asked for again."""

    @abstractmethod
    def download_url(
        self, key: str, *, version_id: str | None = None, ttl_seconds: int = 300
    ) -> str:
        """A link that serves the bytes without further authentication until it expires."""

    @abstractmethod
    def ping(self) -> None:
        """Raise if the blob store cannot be reached."""


def validate_key(key: str) -> str:
    """Refuse keys that could escape their owner's prefix."""
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"invalid blob key: {key!r}")
    return key
