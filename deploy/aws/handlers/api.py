"""API Gateway (REST, proxy integration) → the FastAPI app, through Mangum.

The Cognito authorizer in front has already checked the token, but the app verifies it again
on every request (signature, issuer, client id, expiry, token use) and takes the caller's
identity only from its own verification; the authorizer's claims in the event are not trusted.
The Authorization header reaches the app unchanged.
"""

from __future__ import annotations

import os
from typing import Any

from mangum import Mangum

from core.jobs.cache import INDEX_CACHE
from core.once import once
from deploy.aws.handlers import runtime


@once
def adapter() -> Mangum:
    """The app wrapped once per container; its clients are reused by every invocation."""
    services = runtime.services()
    # The job index loads (S3, decompression) while the web app is imported and built;
    # Mangum runs no startup events that would do it.
    INDEX_CACHE.warm_in_background(services.store)
    from api.app import create_app

    return Mangum(create_app(services=services), lifespan="off")


def reset() -> None:
    """Forget the wrapped app (tests, after replacing the services)."""
    adapter.reset()


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    result: dict[str, Any] = adapter()(event, context)
    return result


if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
    # In a Lambda container the app is built during its init phase, before the first request.
    adapter()
