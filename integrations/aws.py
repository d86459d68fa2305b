"""Every boto3 client of the application is made here, so that each one is configured the same
way and can be observed in one place (`on_client_created`: tracing, or a test recording which
AWS calls each function makes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

_hooks: list[Callable[[Any], None]] = []


def aws_client(
    service: str,
    *,
    region: str | None = None,
    endpoint_url: str | None = None,
    config: Config | None = None,
) -> Any:
    """A new client on its own session (sessions are not thread-safe; clients are)."""
    client = boto3.session.Session().client(
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
