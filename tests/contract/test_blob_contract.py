"""One behaviour for every BlobStore: the local folder and S3 (through moto's server)."""

from __future__ import annotations

import hashlib
import io
import re
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest

from core.blobs.port import BlobNotFound, BlobStore
from integrations.blobs.local import InvalidDownloadToken, LocalBlobStore
from integrations.blobs.s3 import S3BlobStore

PDF = b"%PDF-1.4\n\x00\x01\xff binary \xe2\x82\xac\n%%EOF"


class _FilesHandler(BaseHTTPRequestHandler):
    """Serves `GET /api/files/{token}` the way the API route does, for the local adapter."""

    blobs: LocalBlobStore

    def do_GET(self) -> None:
        token = self.path.removeprefix("/api/files/")
        try:
            data, content_type, _name = self.blobs.open_download(token)
        except (ValueError, BlobNotFound) as exc:
            self.send_response(404 if isinstance(exc, BlobNotFound) else 403)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_blobs(tmp_path: Path) -> Iterator[LocalBlobStore]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FilesHandler)
    port = server.server_address[1]
    blobs = LocalBlobStore(tmp_path / "blobs", "test-secret", f"http://127.0.0.1:{port}/")
    handler = type("Handler", (_FilesHandler,), {"blobs": blobs})
    server.RequestHandlerClass = handler
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield blobs
    server.shutdown()
    server.server_close()


@pytest.fixture
def s3_blobs(moto_server: str) -> Iterator[S3BlobStore]:
    blobs = S3BlobStore(f"resumes-{uuid.uuid4().hex[:12]}", moto_server, "us-east-1")
    blobs.ensure_bucket()
    yield blobs
    _empty_bucket(blobs)


def _empty_bucket(blobs: S3BlobStore) -> None:
    listed = blobs.client.list_object_versions(Bucket=blobs.bucket)
    doomed = [
        {"Key": v["Key"], "VersionId": v["VersionId"]}
        for v in [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]
    ]
    if doomed:
        blobs.client.delete_objects(Bucket=blobs.bucket, Delete={"Objects": doomed})
    blobs.client.delete_bucket(Bucket=blobs.bucket)


@pytest.fixture(params=["local", "s3"])
def blobs(request: pytest.FixtureRequest) -> BlobStore:
    return request.getfixturevalue(f"{request.param}_blobs")


def test_put_and_get_round_trip(blobs: BlobStore) -> None:
    version = blobs.put("u1/r1/cv.pdf", PDF, "application/pdf")
    assert version.key == "u1/r1/cv.pdf"
    assert version.size == len(PDF)
    assert version.is_latest
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", version.last_modified)
    assert blobs.get("u1/r1/cv.pdf") == PDF
    assert blobs.get("u1/r1/cv.pdf", version.version_id) == PDF
    assert blobs.put("u1/r1/empty.txt", b"", "text/plain").size == 0
    assert blobs.get("u1/r1/empty.txt") == b""


class _Trickle(io.RawIOBase):
    """A stream that hands out at most 64 KiB a read and cannot seek, like a request body."""

    def __init__(self, size: int) -> None:
        self._left = size
        self.sent = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = min(len(buffer), self._left, 65536)
        chunk = bytes((self._left - i) % 251 for i in range(n))
        buffer[:n] = chunk
        self.sent.update(chunk)
        self._left -= n
        return n


def test_streams_in_and_out(blobs: BlobStore) -> None:
    size = 9 * 1024 * 1024 + 5  # past S3's 8 MB multipart threshold
    source = _Trickle(size)
    version = blobs.put_stream("u1/imports/mail.mbox", source, "application/mbox")
    assert version.size == size and version.is_latest
    assert blobs.list_versions("u1/imports/mail.mbox")[0].version_id == version.version_id
    got = hashlib.sha256()
    with blobs.open("u1/imports/mail.mbox") as stream:
        while chunk := stream.read(1 << 20):
            got.update(chunk)
    assert got.hexdigest() == source.sent.hexdigest()
    with pytest.raises(BlobNotFound):
        blobs.open("u1/imports/missing.mbox")


def test_every_version_is_kept_and_listed_newest_first(blobs: BlobStore) -> None:
    written = [blobs.put("u1/r1/cv.pdf", f"v{n}".encode(), "application/pdf") for n in range(3)]
    listed = blobs.list_versions("u1/r1/cv.pdf")
    assert [v.version_id for v in listed] == [w.version_id for w in reversed(written)]
    assert [v.is_latest for v in listed] == [True, False, False]
    assert [v.size for v in listed] == [2, 2, 2]
    assert blobs.get("u1/r1/cv.pdf") == b"v2"
    for n, w in enumerate(written):
        assert blobs.get("u1/r1/cv.pdf", w.version_id) == f"v{n}".encode()
    assert blobs.list_versions("u1/r1/other.pdf") == []


def test_missing_blobs(blobs: BlobStore) -> None:
    with pytest.raises(BlobNotFound):
        blobs.get("u1/r1/none.pdf")
    v = blobs.put("u1/r1/cv.pdf", PDF, "application/pdf")
    with pytest.raises(BlobNotFound):
        blobs.get("u1/r1/none.pdf", v.version_id)
    with pytest.raises(BlobNotFound):
        blobs.download_url("u1/r1/none.pdf")


def test_concurrent_writes_keep_every_version(blobs: BlobStore) -> None:
    def write(n: int) -> None:
        blobs.put("u1/r1/cv.pdf", f"writer {n}".encode(), "text/plain")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    versions = blobs.list_versions("u1/r1/cv.pdf")
    assert len(versions) == 8
    contents = {blobs.get("u1/r1/cv.pdf", v.version_id) for v in versions}
    assert contents == {f"writer {n}".encode() for n in range(8)}


def test_list_keys_by_prefix(blobs: BlobStore) -> None:
    for key in ("u1/r1/cv.pdf", "u1/r2/cv v2.docx", "u10/r9/cv.pdf", "u2/r3/Zoë CV.pdf"):
        blobs.put(key, PDF, "application/pdf")
    blobs.put("u1/r1/cv.pdf", b"again", "application/pdf")
    assert blobs.list_keys("u1/") == ["u1/r1/cv.pdf", "u1/r2/cv v2.docx"]
    assert blobs.list_keys("u1") == ["u1/r1/cv.pdf", "u1/r2/cv v2.docx", "u10/r9/cv.pdf"]
    assert blobs.list_keys("u1/r2/") == ["u1/r2/cv v2.docx"]
    assert blobs.list_keys("u3/") == []
    assert blobs.list_keys("") == [
        "u1/r1/cv.pdf",
        "u1/r2/cv v2.docx",
        "u10/r9/cv.pdf",
        "u2/r3/Zoë CV.pdf",
    ]
    assert blobs.get("u2/r3/Zoë CV.pdf") == PDF


def test_delete_version_erases_one_version_and_keeps_the_others(blobs: BlobStore) -> None:
    first, second, third = (
        blobs.put("u1/r1/cv.pdf", f"v{n}".encode(), "application/pdf") for n in range(3)
    )
    assert blobs.delete_version("u1/r1/cv.pdf", second.version_id) is True
    assert [v.version_id for v in blobs.list_versions("u1/r1/cv.pdf")] == [
        third.version_id,
        first.version_id,
    ]
    with pytest.raises(BlobNotFound):
        blobs.get("u1/r1/cv.pdf", second.version_id)
    assert blobs.get("u1/r1/cv.pdf") == b"v2"
    assert blobs.delete_version("u1/r1/cv.pdf", second.version_id) is False  # asked again
    # The newest going leaves the one before it as the newest.
    assert blobs.delete_version("u1/r1/cv.pdf", third.version_id) is True
    assert blobs.get("u1/r1/cv.pdf") == b"v0"
    assert blobs.delete_version("u1/r1/cv.pdf", first.version_id) is True
    assert blobs.list_keys("u1/") == []
    _assert_nothing_stored_under(blobs, "u1/")


def test_delete_prefix_erases_every_version_of_one_user(blobs: BlobStore) -> None:
    for n in range(3):
        blobs.put("u1/r1/cv.pdf", f"v{n}".encode(), "application/pdf")
    blobs.put("u1/r2/letter.docx", b"letter", "application/octet-stream")
    blobs.put("u10/r1/cv.pdf", b"neighbour", "application/pdf")

    assert blobs.delete_prefix("u1/") == 4
    assert blobs.list_keys("u1/") == []
    assert blobs.list_versions("u1/r1/cv.pdf") == []
    with pytest.raises(BlobNotFound):
        blobs.get("u1/r1/cv.pdf")
    assert blobs.get("u10/r1/cv.pdf") == b"neighbour"
    assert blobs.delete_prefix("u1/") == 0
    with pytest.raises(ValueError):
        blobs.delete_prefix("")
    _assert_nothing_stored_under(blobs, "u1/")


def _assert_nothing_stored_under(blobs: BlobStore, prefix: str) -> None:
    if isinstance(blobs, S3BlobStore):
        listed = blobs.client.list_object_versions(Bucket=blobs.bucket, Prefix=prefix)
        assert listed.get("Versions", []) == []
        assert listed.get("DeleteMarkers", []) == []
    else:
        assert isinstance(blobs, LocalBlobStore)
        assert not (blobs.root / prefix.rstrip("/")).exists()
        assert all(not p.name.startswith(".tmp") for p in blobs.root.rglob("*"))


@pytest.mark.parametrize(
    "key", ["u1/../u2/cv.pdf", "../cv.pdf", "/etc/passwd", "u1//cv.pdf", "u1/./cv.pdf", ""]
)
def test_keys_that_could_escape_are_refused(blobs: BlobStore, key: str) -> None:
    with pytest.raises(ValueError):
        blobs.put(key, PDF, "application/pdf")
    with pytest.raises(ValueError):
        blobs.get(key)
    with pytest.raises(ValueError):
        blobs.list_versions(key)


def test_download_url_serves_the_bytes(blobs: BlobStore) -> None:
    old = blobs.put("u1/r1/Zoë cv.pdf", b"old bytes", "application/pdf")
    blobs.put("u1/r1/Zoë cv.pdf", PDF, "application/pdf")

    latest = httpx.get(blobs.download_url("u1/r1/Zoë cv.pdf", ttl_seconds=60))
    assert latest.status_code == 200
    assert latest.content == PDF
    assert latest.headers["content-type"] == "application/pdf"

    pinned = blobs.download_url("u1/r1/Zoë cv.pdf", version_id=old.version_id, ttl_seconds=60)
    assert httpx.get(pinned).content == b"old bytes"
    # A newer version does not change what a link serves.
    blobs.put("u1/r1/Zoë cv.pdf", b"newest", "application/pdf")
    assert httpx.get(pinned).content == b"old bytes"

    if isinstance(blobs, S3BlobStore):
        disposition = latest.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=UTF-8''Zo%C3%AB%20cv.pdf" in disposition


def test_download_links_expire(blobs: BlobStore) -> None:
    blobs.put("u1/r1/cv.pdf", PDF, "application/pdf")
    url = blobs.download_url("u1/r1/cv.pdf", ttl_seconds=90)
    if isinstance(blobs, S3BlobStore):
        # S3 enforces a presigned link's lifetime itself (moto does not): check the signed ask.
        query = parse_qs(urlsplit(url).query)
        assert query["X-Amz-Expires"] == ["90"]
        assert query["X-Amz-Signature"]
        return
    assert isinstance(blobs, LocalBlobStore)
    assert httpx.get(url).status_code == 200
    expired = blobs.download_url("u1/r1/cv.pdf", ttl_seconds=-1)
    assert httpx.get(expired).status_code == 403
    with pytest.raises(InvalidDownloadToken, match="expired"):
        blobs.resolve_download_token(expired.rsplit("/", 1)[-1])


def test_local_tokens_name_one_version_and_are_signed(local_blobs: LocalBlobStore) -> None:
    v = local_blobs.put("u1/r1/cv.pdf", PDF, "application/pdf")
    url = local_blobs.download_url("u1/r1/cv.pdf", ttl_seconds=60)
    assert url.startswith(f"{local_blobs.public_url}/api/files/")
    token = url.rsplit("/", 1)[-1]
    assert local_blobs.resolve_download_token(token) == ("u1/r1/cv.pdf", v.version_id)

    body, _, mac = token.partition(".")
    forged_body = body[:-2] + ("AA" if body[-2:] != "AA" else "BB")
    for bad in (f"{forged_body}.{mac}", f"{body}.{mac[:-3]}xyz", body, "", "..", "a.b.c"):
        with pytest.raises(InvalidDownloadToken):
            local_blobs.resolve_download_token(bad)
    other_secret = LocalBlobStore(local_blobs.root, "another-secret", local_blobs.public_url)
    with pytest.raises(InvalidDownloadToken):
        other_secret.resolve_download_token(token)
    assert httpx.get(f"{local_blobs.public_url}/api/files/{body}.{mac[:-3]}xyz").status_code == 403

    local_blobs.delete_prefix("u1/")
    with pytest.raises(BlobNotFound):
        local_blobs.resolve_download_token(token)


def test_s3_objects_are_encrypted_and_the_bucket_locked_down(s3_blobs: S3BlobStore) -> None:
    v = s3_blobs.put("u1/r1/cv.pdf", PDF, "application/pdf")
    head = s3_blobs.client.head_object(Bucket=s3_blobs.bucket, Key="u1/r1/cv.pdf")
    assert head["ServerSideEncryption"] == "AES256"
    assert head["VersionId"] == v.version_id
    versioning = s3_blobs.client.get_bucket_versioning(Bucket=s3_blobs.bucket)
    assert versioning["Status"] == "Enabled"
    block = s3_blobs.client.get_public_access_block(Bucket=s3_blobs.bucket)
    assert all(block["PublicAccessBlockConfiguration"].values())
    assert s3_blobs.ensure_bucket() == []  # idempotent: nothing left to change


def test_s3_with_a_kms_key(moto_server: str) -> None:
    kms = boto3.client("kms", endpoint_url=moto_server, region_name="us-east-1")
    key_id = kms.create_key(Description="resumes")["KeyMetadata"]["KeyId"]
    blobs = S3BlobStore(f"resumes-{uuid.uuid4().hex[:12]}", moto_server, "us-east-1", key_id)
    blobs.ensure_bucket()
    blobs.put("u1/r1/cv.pdf", PDF, "application/pdf")
    head = blobs.client.head_object(Bucket=blobs.bucket, Key="u1/r1/cv.pdf")
    assert head["ServerSideEncryption"] == "aws:kms"
    assert key_id in head["SSEKMSKeyId"]
    assert blobs.get("u1/r1/cv.pdf") == PDF
    _empty_bucket(blobs)
