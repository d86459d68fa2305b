"""API Gateway (REST, proxy integration) → the FastAPI app, through Mangum.

The Cognito authorizer in front has already checked the token, but the app verifies it again
on every request (signature, issuer, client id, expiry, token use) and takes the caller's
identity only from its own verification; the authorizer's claims in the event are not trusted.
The Authorization header reaches the app unchanged.
"""

from __future__ import annotations

import threading
from typing import Any

from mangum import Mangum

from api.app import create_app
from core.jobs.cache import INDEX_CACHE
from deploy.aws.handlers import runtime

_lock = threading.Lock()
_adapter: Mangum | None = None


def adapter() -> Mangum:
    """The app wrapped once per container; its clients are reused by every invocation."""
    global _adapter
    if _adapter is None:
        with _lock:
            if _adapter is None:
                services = runtime.services()
                app = create_app(services=services)
                _adapter = Mangum(app, lifespan="off")
                # Startup events do not run under Mangum: load the job index now, while the
                # container starts, rather than on its first /api/jobs.
                INDEX_CACHE.warm_in_background(services.store)
    return _adapter


def reset() -> None:
    """Forget the wrapped app (tests, after replacing the services)."""
    global _adapter
    with _lock:
        _adapter = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    result: dict[str, Any] = adapter()(event, context)
    return result
