"""Versioned files in a local folder, with signed, expiring download links.

Layout: each key segment is percent-encoded into a directory, and the key's versions live in
an `@v` directory beneath it (`@` never survives encoding, so no key can collide with it):

    {root}/u1/r1/cv.pdf/@v/{versionId}.blob   the bytes
    {root}/u1/r1/cv.pdf/@v/{versionId}.json   size, content type, time, digest

Each file is written to a temporary name and renamed into place, bytes first and metadata
last; a version exists once its metadata does, so readers never see half a file. Version ids
start with the time in nanoseconds, so sorting them sorts versions by age.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import shutil
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, unquote

from core.blobs.port import BlobNotFound, BlobStore, BlobVersion, validate_key

VERSIONS_DIR = "@v"
_TOKEN_PURPOSE = b"career-agent/blob-download/v1"


class InvalidDownloadToken(ValueError):
    """A download token that is malformed, forged or expired."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _iso(ns: int) -> str:
    dt = datetime.fromtimestamp(ns / 1e9, UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


class LocalBlobStore(BlobStore):
    def __init__(self, root: Path, secret_key: str, public_url: str) -> None:
        self.root = Path(root)
        self.public_url = public_url.rstrip("/")
        self._signing_key = hmac.new(secret_key.encode(), _TOKEN_PURPOSE, "sha256").digest()
        self._clock_lock = threading.Lock()
        self._last_ns = 0

    # --- layout ----------------------------------------------------------------------------

    def _key_dir(self, key: str) -> Path:
        validate_key(key)
        return self.root.joinpath(*(quote(part, safe="") for part in key.split("/")))

    def _versions_dir(self, key: str) -> Path:
        return self._key_dir(key) / VERSIONS_DIR

    def _new_version_id(self) -> str:
        with self._clock_lock:  # strictly increasing within this process
            ns = max(time.time_ns(), self._last_ns + 1)
            self._last_ns = ns
        return f"{ns:020d}{secrets.token_hex(4)}"

    @staticmethod
    def _write_atomically(path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _read_meta(self, key: str, version_id: str) -> dict[str, Any]:
        if not version_id.isalnum():
            raise BlobNotFound(f"{key} has no version {version_id!r}")
        try:
            return dict(json.loads((self._versions_dir(key) / f"{version_id}.json").read_bytes()))
        except FileNotFoundError:
            raise BlobNotFound(f"{key} has no version {version_id}") from None

    def _version_ids(self, key: str) -> list[str]:
        """Committed version ids, newest first."""
        try:
            names = os.listdir(self._versions_dir(key))
        except FileNotFoundError:
            return []
        return sorted((n[:-5] for n in names if n.endswith(".json")), reverse=True)

    # --- the port --------------------------------------------------------------------------

    def put(self, key: str, data: bytes, content_type: str) -> BlobVersion:
        directory = self._versions_dir(key)
        directory.mkdir(parents=True, exist_ok=True)
        version_id = self._new_version_id()
        modified = _iso(int(version_id[:20]))
        meta = {
            "key": key,
            "versionId": version_id,
            "size": len(data),
            "contentType": content_type,
            "lastModified": modified,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        self._write_atomically(directory / f"{version_id}.blob", data)
        self._write_atomically(directory / f"{version_id}.json", json.dumps(meta).encode())
        return BlobVersion(key, version_id, len(data), modified, is_latest=True)

    def put_stream(self, key: str, stream: BinaryIO, content_type: str) -> BlobVersion:
        directory = self._versions_dir(key)
        directory.mkdir(parents=True, exist_ok=True)
        version_id = self._new_version_id()
        modified = _iso(int(version_id[:20]))
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                while chunk := stream.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, directory / f"{version_id}.blob")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        meta = {
            "key": key,
            "versionId": version_id,
            "size": size,
            "contentType": content_type,
            "lastModified": modified,
            "sha256": digest.hexdigest(),
        }
        self._write_atomically(directory / f"{version_id}.json", json.dumps(meta).encode())
        return BlobVersion(key, version_id, size, modified, is_latest=True)

    def _version_or_latest(self, key: str, version_id: str | None) -> str:
        if version_id is not None:
            return version_id
        ids = self._version_ids(key)
        if not ids:
            raise BlobNotFound(f"no blob under {key}")
        return ids[0]

    def open(self, key: str, version_id: str | None = None) -> BinaryIO:
        version_id = self._version_or_latest(key, version_id)
        self._read_meta(key, version_id)
        try:
            return (self._versions_dir(key) / f"{version_id}.blob").open("rb")
        except FileNotFoundError:
            raise BlobNotFound(f"{key} has no version {version_id}") from None

    def content_type(self, key: str, version_id: str | None = None) -> str:
        """The content type a version was stored with."""
        version_id = self._version_or_latest(key, version_id)
        return str(self._read_meta(key, version_id).get("contentType", "application/octet-stream"))

    def list_versions(self, key: str) -> list[BlobVersion]:
        out = []
        for n, version_id in enumerate(self._version_ids(key)):
            try:
                meta = self._read_meta(key, version_id)
            except BlobNotFound:  # erased meanwhile
                continue
            out.append(
                BlobVersion(key, version_id, int(meta["size"]), meta["lastModified"], n == 0)
            )
        return out

    def list_keys(self, prefix: str) -> list[str]:
        """Keys starting with `prefix` (a plain string prefix, as in S3; "" lists all)."""
        # Walk only below the deepest directory the prefix names whole.
        whole, _, _ = prefix.rpartition("/")
        start = self.root
        if whole:
            parts = whole.split("/")
            if any(p in ("", ".", "..") for p in parts):
                raise ValueError(f"invalid blob prefix: {prefix!r}")
            start = self.root.joinpath(*(quote(p, safe="") for p in parts))
        keys = []
        for dirpath, dirnames, _files in os.walk(start):
            if VERSIONS_DIR in dirnames:
                dirnames.remove(VERSIONS_DIR)
                rel = Path(dirpath).relative_to(self.root).parts
                key = "/".join(unquote(p) for p in rel)
                if key.startswith(prefix) and self._version_ids(key):
                    keys.append(key)
        return sorted(keys)

    def delete_prefix(self, prefix: str) -> int:
        if not prefix:
            raise ValueError("refusing to erase every blob: the prefix is empty")
        removed = 0
        for key in self.list_keys(prefix):
            removed += len(self._version_ids(key))
            shutil.rmtree(self._versions_dir(key), ignore_errors=True)
            self._prune(self._key_dir(key))
        return removed

    def delete_version(self, key: str, version_id: str) -> bool:
        try:
            self._read_meta(key, version_id)
        except BlobNotFound:
            return False
        directory = self._versions_dir(key)
        # The metadata first: a version exists while its metadata does (see the layout above).
        (directory / f"{version_id}.json").unlink(missing_ok=True)
        (directory / f"{version_id}.blob").unlink(missing_ok=True)
        if not self._version_ids(key):
            shutil.rmtree(directory, ignore_errors=True)
            self._prune(self._key_dir(key))
        return True

    def _prune(self, directory: Path) -> None:
        while directory != self.root and directory.is_relative_to(self.root):
            try:
                directory.rmdir()
            except OSError:  # not empty: another key lives here
                return
            directory = directory.parent

    def ping(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK):
            raise PermissionError(f"blob folder {self.root} is not writable")

    # --- download links --------------------------------------------------------------------

    def download_url(
        self, key: str, *, version_id: str | None = None, ttl_seconds: int = 300
    ) -> str:
        if version_id is not None:
            self._read_meta(key, version_id)
        version_id = self._version_or_latest(key, version_id)
        return f"{self.public_url}/api/files/{self.sign(key, version_id, ttl_seconds)}"

    def sign(self, key: str, version_id: str, ttl_seconds: int) -> str:
        """A token naming one version of one key, valid for `ttl_seconds`."""
        payload = json.dumps(
            {"k": key, "v": version_id, "e": int(time.time()) + int(ttl_seconds)},
            separators=(",", ":"),
        ).encode()
        body = _b64(payload)
        mac = hmac.new(self._signing_key, body.encode(), "sha256").digest()
        return f"{body}.{_b64(mac)}"

    def resolve_download_token(self, token: str) -> tuple[str, str]:
        """The (key, version id) a download token names.

        Raises `InvalidDownloadToken` (a ValueError) when the token is malformed, forged or
        expired, and `BlobNotFound` when the version it names is gone.
        """
        body, _, mac = token.partition(".")
        try:
            given = _unb64(mac)
            expected = hmac.new(self._signing_key, body.encode(), "sha256").digest()
            if not mac or not hmac.compare_digest(given, expected):
                raise InvalidDownloadToken("the download link is not valid")
            claims = json.loads(_unb64(body))
            key, version_id, expires = str(claims["k"]), str(claims["v"]), int(claims["e"])
        except (binascii.Error, ValueError, KeyError, TypeError) as exc:
            if isinstance(exc, InvalidDownloadToken):
                raise
            raise InvalidDownloadToken("the download link is not valid") from None
        if time.time() >= expires:
            raise InvalidDownloadToken("the download link has expired")
        validate_key(key)
        self._read_meta(key, version_id)
        return key, version_id

    def open_download(self, token: str) -> tuple[bytes, str, str]:
        """What `GET /api/files/{token}` serves: (bytes, content type, file name)."""
        key, version_id = self.resolve_download_token(token)
        return (
            self.get(key, version_id),
            self.content_type(key, version_id),
            key.rsplit("/", 1)[-1],
        )
