"""Every boto3 client of the application is made here, so that each one is configured the same
way and can be observed in one place (`on_client_created`: tracing, or a test recording which
AWS calls each function makes)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

_hooks: list[Callable[[Any], None]] = []
_lock = threading.Lock()
_session: boto3.session.Session | None = None


def aws_client(
    service: str,
    *,
    region: str | None = None,
    endpoint_url: str | None = None,
    config: Config | None = None,
) -> Any:
    """A new client. All come from one session, so the service models and credentials are
    loaded once per process (a cold start makes several clients); sessions are not
    thread-safe, so clients are made one at a time (clients themselves are)."""
    global _session
    with _lock:
        if _session is None:
            _session = boto3.session.Session()
        # The stubs type one overload per literal service name; this factory serves any name.
        session: Any = _session
        client = session.client(
            service, region_name=region, endpoint_url=endpoint_url or None, config=config
        )
    for hook in list(_hooks):
        hook(client)
    return client


def on_client_created(hook: Callable[[Any], None]) -> Callable[[], None]:
    """Call `hook(client)` for every client made from now on; returns a function that stops."""
    _hooks.append(hook)

    def stop() -> None:
        if hook in _hooks:
            _hooks.remove(hook)

    return stop
