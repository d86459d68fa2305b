"""The composition root: builds each adapter once from the settings, and closes them.

Nothing else constructs a client. The API reaches its `Services` through `app.state` (built
and closed by the app's lifespan); a worker process builds its own when it starts
(workers.celery_app, deploy/aws/handlers/runtime).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from core.auth.identity import IdentityProvider
from core.blobs.port import BlobStore
from core.crypto.tokens import TokenCipher
from core.gmail.ports import GmailGateway
from core.llm.port import LLM
from core.settings import Settings, get_settings
from core.storage.port import Store
from core.tasks.queue import TaskQueue

if TYPE_CHECKING:
    from core.auth.issuer import LocalIssuer
    from core.auth.passwords import Passwords
    from core.auth.throttle import SignInThrottle
    from core.auth.verify import TokenVerifier
    from integrations.blobs.s3 import S3BlobStore
    from integrations.jobboards import HttpJobBoards


@dataclass
class Services:
    settings: Settings

    @cached_property
    def store(self) -> Store:
        from integrations.storage import build_store

        store = build_store(self.settings)
        if self.settings.jobs_index_bucket:
            from core.jobs.cache import INDEX_CACHE

            # Jobs are then read through the published index, never a scan per process.
            INDEX_CACHE.serve_snapshots(store, self.job_index_files)
        return store

    @cached_property
    def job_index_files(self) -> S3BlobStore:
        """Where the published job index lives: public postings, so S3's own encryption."""
        from integrations.blobs.s3 import S3BlobStore

        return S3BlobStore(
            self.settings.jobs_index_bucket,
            endpoint_url=self.settings.s3_endpoint_url,
            region=self.settings.aws_region,
        )

    @cached_property
    def blobs(self) -> BlobStore:
        from integrations.blobs import build_blob_store

        return build_blob_store(self.settings)

    @cached_property
    def llm(self) -> LLM:
        from integrations.llm import build_llm

        return build_llm(self.settings)

    @cached_property
    def queue(self) -> TaskQueue:
        if self.settings.queue_backend == "sqs":
            from integrations.queue.sqs import SqsTaskQueue

            return SqsTaskQueue(
                self.settings.sqs_queue_urls,
                endpoint_url=self.settings.sqs_endpoint_url,
                region=self.settings.aws_region,
            )
        from integrations.queue.celery import CeleryTaskQueue, celery_client

        return CeleryTaskQueue(celery_client(self.settings))

    @cached_property
    def redis(self) -> Any:
        if self.settings.queue_backend == "sqs" and not self.settings.redis_url:
            return None
        import redis

        return redis.Redis.from_url(
            self.settings.redis_url, socket_timeout=5, socket_connect_timeout=2
        )

    @cached_property
    def cipher(self) -> TokenCipher:
        """Encrypts the Gmail refresh tokens at rest."""
        from core.crypto.tokens import cipher_from_settings

        return cipher_from_settings(self.settings)

    @cached_property
    def gmail(self) -> GmailGateway:
        from integrations.gmail import build_gmail_gateway

        return build_gmail_gateway(self.settings)

    @cached_property
    def boards(self) -> HttpJobBoards:
        from integrations.jobboards import HttpJobBoards

        return HttpJobBoards(self.settings)

    @cached_property
    def identity(self) -> IdentityProvider:
        if self.settings.is_cognito:
            from integrations.auth.cognito import CognitoIdentity

            return CognitoIdentity(self.settings)
        from core.auth.identity import LocalIdentity

        return LocalIdentity(self.issuer)

    @cached_property
    def passwords(self) -> Passwords:
        from core.auth.passwords import Passwords

        return Passwords(self.identity, self.signin_throttle, self.store)

    @cached_property
    def verifier(self) -> TokenVerifier:
        from core.auth.verify import TokenVerifier
        from integrations.auth import build_jwks_source

        return TokenVerifier.for_settings(self.settings, build_jwks_source(self.settings, self))

    @cached_property
    def signin_throttle(self) -> SignInThrottle:
        from core.auth.throttle import SignInThrottle
        from integrations.ratelimit import build_limit_storage

        storage = build_limit_storage(self.store, self.redis, self.settings.redis_url)
        return SignInThrottle(storage, self.settings.auth_rate_limits)

    @cached_property
    def issuer(self) -> LocalIssuer:
        from core.auth.issuer import LocalIssuer
        from core.auth.keys import load_or_create_signing_key
        from integrations.auth.outbox import FolderOutbox

        assert self.settings.local_jwt_key_path is not None
        assert self.settings.dev_outbox_dir is not None
        return LocalIssuer(
            store=self.store,
            settings=self.settings,
            key=load_or_create_signing_key(self.settings.local_jwt_key_path),
            outbox=FolderOutbox(self.settings.dev_outbox_dir),
            throttle=self.signin_throttle,
        )

    def close(self) -> None:
        """Close every client that was built (a property never read was never built)."""
        built = vars(self)
        for name in ("boards", "identity", "queue", "redis", "llm", "store", "blobs"):
            closer = getattr(built.get(name), "close", None)
            if closer is not None:
                # Shutting down: one client failing to close must not keep the others open.
                with contextlib.suppress(Exception):
                    closer()


_services: Services | None = None


def build_services(settings: Settings | None = None) -> Services:
    return Services(settings or get_settings())


def get_services() -> Services:
    """The worker process's services (Celery worker processes, Lambda containers)."""
    global _services
    if _services is None:
        _services = build_services()
    return _services


def peek_services() -> Services | None:
    """The worker process's services if built, without building them."""
    return _services


def set_services(services: Services | None) -> None:
    """Replace the worker process's services (at its start, and in tests)."""
    global _services
    _services = services
