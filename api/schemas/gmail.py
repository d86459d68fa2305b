"""What the API answers about a person's Gmail connection."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from api.schemas.base import CamelModel, Timestamp, fields_of
from core.gmail.accounts import AccountStatus
from core.gmail.repository import ScanCounts


class ConnectOut(CamelModel):
    authorization_url: str


class GmailStatusOut(CamelModel):
    configured: bool = True
    connected: bool
    status: Literal["connected", "disconnected", "not_connected"]
    email: str | None = None
    connected_at: Timestamp | None = None
    last_scan_at: Timestamp | None = None
    last_error: str | None = None
    disconnected_reason: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    scan_task_id: str | None = Field(
        default=None, description="the scan still queued or running, to follow its progress"
    )


class DisconnectOut(CamelModel):
    disconnected: bool
    revoked_at_google: bool


def gmail_status_out(found: AccountStatus) -> GmailStatusOut:
    account = found.account
    if account is None:
        return GmailStatusOut(
            connected=False,
            status="not_connected",
            counts=ScanCounts().model_dump(by_alias=True),
            scan_task_id=found.scan_task_id,
        )
    return GmailStatusOut.model_validate(
        {
            **fields_of(account, GmailStatusOut),
            "connected": account.connected,
            "counts": account.counts.model_dump(by_alias=True),
            "scan_task_id": found.scan_task_id,
        }
    )
