"""Job-board connectors (Greenhouse, Lever, Ashby) behind the `core.jobs.sources` port."""

from __future__ import annotations

import httpx

from core.jobs.sources import JobBoard, parse_board_spec
from core.settings import Settings
from integrations.jobboards.http import make_client


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


class HttpJobBoards:
    """Every board's connector over one HTTP client (its connection pool), closed with it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._client: httpx.Client | None = None

    def for_spec(self, spec: str) -> tuple[JobBoard, str]:
        kind, token = parse_board_spec(spec)
        if self._client is None:
            self._client = make_client()
        return build_board(self._settings, kind, self._client), token

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
