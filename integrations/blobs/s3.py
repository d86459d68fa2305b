"""Versioned, encrypted resume files in an S3 bucket, with presigned download links.

S3 look-alikes (MinIO without a KMS, as in docker-compose.yml) answer NotImplemented to the
public-access block and to server-side encryption. With an endpoint URL set, those are logged
and skipped instead of failing; on AWS itself (no endpoint URL) they stay errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from botocore.config import Config
from botocore.exceptions import ClientError

from core.blobs.port import BlobNotFound, BlobStore, BlobVersion, validate_key
from core.logs import get_logger
from integrations.aws import aws_client
from integrations.blobs.disposition import content_disposition

_NOT_FOUND = {"NoSuchKey", "NoSuchVersion", "404", "NotFound", "InvalidArgument"}
_UNSUPPORTED = {"NotImplemented", "501"}

log = get_logger(__name__)


def _iso(value: Any) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


class S3BlobStore(BlobStore):
    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        kms_key_id: str | None = None,
    ) -> None:
        self.bucket = bucket
        self.region = region
        self.kms_key_id = kms_key_id or None
        self.endpoint_url = endpoint_url or None
        # Cleared when a look-alike server turns out not to support server-side encryption.
        self._sse = True
        self.client = aws_client(
            "s3",
            endpoint_url=endpoint_url,
            region=region,
            config=Config(
                signature_version="s3v4",
                # Path style works with every S3 look-alike (moto, MinIO) and any bucket name.
                s3={"addressing_style": "path" if endpoint_url else "auto"},
                retries={"max_attempts": 5, "mode": "standard"},
                max_pool_connections=32,
            ),
        )

    def _unsupported(self, exc: ClientError, what: str) -> bool:
        """True (and logged) when an S3 look-alike does not implement `what`."""
        if self.endpoint_url is None or _code(exc) not in _UNSUPPORTED:
            return False
        log.warning(
            "s3_feature_not_supported", feature=what, endpoint=self.endpoint_url, bucket=self.bucket
        )
        return True

    def _encryption(self) -> dict[str, str]:
        if not self._sse:
            return {}
        if self.kms_key_id:
            return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": self.kms_key_id}
        return {"ServerSideEncryption": "AES256"}

    def ensure_bucket(self) -> list[str]:
        """Create the bucket if missing, with versioning, default encryption and public access
        blocked. Idempotent; returns what it changed."""
        done: list[str] = []
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if _code(exc) not in ("404", "NoSuchBucket", "NotFound"):
                raise
            args: dict[str, Any] = {"Bucket": self.bucket}
            if self.region != "us-east-1":
                args["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
            try:
                self.client.create_bucket(**args)
                done.append(f"created bucket {self.bucket}")
            except ClientError as create_exc:
                if _code(create_exc) != "BucketAlreadyOwnedByYou":
                    raise
        status = self.client.get_bucket_versioning(Bucket=self.bucket).get("Status")
        if status != "Enabled":
            self.client.put_bucket_versioning(
                Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"}
            )
            done.append(f"enabled versioning on {self.bucket}")
        try:
            self.client.put_public_access_block(
                Bucket=self.bucket,
                PublicAccessBlockConfiguration={
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": True,
                    "RestrictPublicBuckets": True,
                },
            )
        except ClientError as exc:
            if not self._unsupported(exc, "public access block"):
                raise
            done.append(f"{self.endpoint_url} has no public access block; skipped")
        rule: dict[str, Any] = {"SSEAlgorithm": "aws:kms" if self.kms_key_id else "AES256"}
        if self.kms_key_id:
            rule["KMSMasterKeyID"] = self.kms_key_id
        encryption: Any = {"Rules": [{"ApplyServerSideEncryptionByDefault": rule}]}
        try:
            self.client.put_bucket_encryption(
                Bucket=self.bucket, ServerSideEncryptionConfiguration=encryption
            )
        except ClientError as exc:
            if not self._unsupported(exc, "default encryption"):
                raise
            done.append(f"{self.endpoint_url} has no server-side encryption; files stored plain")
        return done

    # --- the port --------------------------------------------------------------------------

    def put(self, key: str, data: bytes, content_type: str) -> BlobVersion:
        validate_key(key)
        try:
            resp = self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=data,
                ContentType=content_type,
                **self._encryption(),
            )
        except ClientError as exc:
            if not (self._sse and self._unsupported(exc, "server-side encryption")):
                raise
            self._sse = False
            resp = self.client.put_object(
                Bucket=self.bucket, Key=key, Body=data, ContentType=content_type
            )
        version_id = resp.get("VersionId")
        if not version_id or version_id == "null":
            raise RuntimeError(f"bucket {self.bucket} does not keep versions; run `db init`")
        head = self.client.head_object(Bucket=self.bucket, Key=key, VersionId=version_id)
        return BlobVersion(key, version_id, len(data), _iso(head["LastModified"]), True)

    def put_stream(self, key: str, stream: BinaryIO, content_type: str) -> BlobVersion:
        """A multipart upload (boto3's managed transfer): parts of 8 MB go out as they are
        read, so memory stays at a few parts whatever the size."""
        validate_key(key)
        extra: dict[str, Any] = {"ContentType": content_type, **self._encryption()}
        try:
            self.client.upload_fileobj(stream, self.bucket, key, ExtraArgs=extra)
        except ClientError as exc:
            if not (self._sse and self._unsupported(exc, "server-side encryption")):
                raise
            self._sse = False
            stream.seek(0)
            self.client.upload_fileobj(
                stream, self.bucket, key, ExtraArgs={"ContentType": content_type}
            )
        head = self.client.head_object(Bucket=self.bucket, Key=key)
        version_id = head.get("VersionId")
        if not version_id or version_id == "null":
            raise RuntimeError(f"bucket {self.bucket} does not keep versions; run `db init`")
        return BlobVersion(
            key, version_id, int(head["ContentLength"]), _iso(head["LastModified"]), True
        )

    def open(self, key: str, version_id: str | None = None) -> BinaryIO:
        validate_key(key)
        args: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if version_id:
            args["VersionId"] = version_id
        try:
            resp = self.client.get_object(**args)
        except ClientError as exc:
            if _code(exc) in _NOT_FOUND:
                raise BlobNotFound(f"no blob {key} version {version_id or 'latest'}") from None
            raise
        body: BinaryIO = resp["Body"]  # botocore's StreamingBody reads from the socket
        return body

    def content_type(self, key: str, version_id: str | None = None) -> str:
        """The content type a version was stored with."""
        return str(self._head(key, version_id).get("ContentType") or "application/octet-stream")

    def _head(self, key: str, version_id: str | None) -> dict[str, Any]:
        validate_key(key)
        args: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if version_id:
            args["VersionId"] = version_id
        try:
            return dict(self.client.head_object(**args))
        except ClientError as exc:
            if _code(exc) in _NOT_FOUND or _code(exc) == "405":  # 405: a delete marker
                raise BlobNotFound(f"no blob {key} version {version_id or 'latest'}") from None
            raise

    def _versions(self, prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """("version" | "marker", entry) for everything stored under a prefix."""
        paginator = self.client.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            for v in page.get("Versions", []):
                yield "version", dict(v)
            for m in page.get("DeleteMarkers", []):
                yield "marker", dict(m)

    def list_versions(self, key: str) -> list[BlobVersion]:
        validate_key(key)
        found = [v for kind, v in self._versions(key) if kind == "version" and v["Key"] == key]
        # S3 lists one key's versions newest first; the sort only makes the latest lead if
        # a look-alike server orders differently.
        found.sort(key=lambda v: (bool(v.get("IsLatest")), v["LastModified"]), reverse=True)
        latest_seen = False
        out = []
        for v in found:
            is_latest = bool(v.get("IsLatest")) and not latest_seen
            latest_seen = latest_seen or is_latest
            out.append(
                BlobVersion(key, v["VersionId"], int(v["Size"]), _iso(v["LastModified"]), is_latest)
            )
        return out

    def list_keys(self, prefix: str) -> list[str]:
        """Keys starting with `prefix` that keep at least one version ("" lists all)."""
        return sorted({v["Key"] for kind, v in self._versions(prefix) if kind == "version"})

    def delete_prefix(self, prefix: str) -> int:
        if not prefix:
            raise ValueError("refusing to erase every blob: the prefix is empty")
        removed = 0
        batch: list[dict[str, str]] = []
        for kind, entry in self._versions(prefix):
            batch.append({"Key": entry["Key"], "VersionId": entry["VersionId"]})
            removed += kind == "version"
            if len(batch) == 1000:
                self._delete_batch(batch)
                batch = []
        if batch:
            self._delete_batch(batch)
        return removed

    def delete_version(self, key: str, version_id: str) -> bool:
        try:
            self._head(key, version_id)
        except BlobNotFound:
            return False
        # Deleting by version id removes that version for good; no delete marker is left.
        self.client.delete_object(Bucket=self.bucket, Key=key, VersionId=version_id)
        return True

    def _delete_batch(self, objects: list[dict[str, str]]) -> None:
        resp = self.client.delete_objects(
            Bucket=self.bucket,
            Delete={"Objects": objects, "Quiet": True},
        )
        errors = resp.get("Errors", [])
        if errors:
            first = errors[0]
            raise RuntimeError(
                f"could not delete {len(errors)} blob versions, e.g. {first.get('Key')}: "
                f"{first.get('Message')}"
            )

    def download_url(
        self, key: str, *, version_id: str | None = None, ttl_seconds: int = 300
    ) -> str:
        head = self._head(key, version_id)
        params: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": key,
            "ResponseContentDisposition": content_disposition(key.rsplit("/", 1)[-1]),
        }
        # Pin the version: the link serves what it was made for even if a newer one lands.
        pinned = version_id or head.get("VersionId")
        if pinned and pinned != "null":
            params["VersionId"] = pinned
        return str(
            self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=ttl_seconds)
        )

    def ping(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
