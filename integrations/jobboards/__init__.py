"""Job-board connectors (Greenhouse, Lever, Ashby) behind the `core.jobs.sources` port."""

from __future__ import annotations

import httpx

from core.jobs.sources import JobBoard, parse_board_spec
from core.settings import Settings


def build_board(settings: Settings, kind: str, client: httpx.Client | None = None) -> JobBoard:
    if kind == "greenhouse":
        from integrations.jobboards.greenhouse import GreenhouseBoard

        return GreenhouseBoard(settings.greenhouse_base_url, client)
    if kind == "lever":
        from integrations.jobboards.lever import LeverBoard

        return LeverBoard(settings.lever_base_url, client)
    if kind == "ashby":
        from integrations.jobboards.ashby import AshbyBoard

        return AshbyBoard(settings.ashby_base_url, client)
    raise ValueError(f"unknown job board kind {kind!r}")


def board_for_spec(settings: Settings, spec: str) -> tuple[JobBoard, str]:
    """The connector and token for a settings entry such as "lever:foo"."""
    kind, token = parse_board_spec(spec)
    return build_board(settings, kind), token
