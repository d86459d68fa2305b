"""A read-only Gmail mailbox through google-api-python-client.

The client is built from the discovery document bundled with the library (no network fetch),
pointed at `GMAIL_API_BASE_URL` when set. Messages are fetched in batch requests of up to 50;
429 and 5xx answers are retried with exponential backoff and jitter, honouring Retry-After.
Access tokens are refreshed by google-auth against `GOOGLE_TOKEN_URI`.
"""

from __future__ import annotations

import base64
import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import google_auth_httplib2
import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest, HttpRequest

from core.gmail.ports import (
    SCOPE,
    AuthRevoked,
    FetchedMessage,
    GmailError,
    GmailUnavailable,
    HistoryExpired,
    Mailbox,
    MessageRef,
    Profile,
    RateLimited,
)
from core.logs import get_logger
from core.settings import Settings

log = get_logger(__name__)

DEFAULT_BASE_URL = "https://gmail.googleapis.com/"
DEFAULT_BATCH_URL = "https://www.googleapis.com/batch/gmail/v1"
HTTP_TIMEOUT_SECONDS = 30
MAX_ATTEMPTS = 6
BACKOFF_BASE = 1.0
BACKOFF_CAP = 32.0
# A wait longer than this is not slept through inside a task: the task is retried later.
MAX_INLINE_WAIT = 60.0
BATCH_SIZE = 50
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"})


def credentials_for(settings: Settings, refresh_token: str) -> Credentials:
    return Credentials(  # type: ignore[no-untyped-call]
        token=None,
        refresh_token=refresh_token,
        token_uri=settings.google_token_uri,
        client_id=settings.google_client_id,
        client_secret=settings.google_client_secret,
        scopes=[SCOPE],
    )


def backoff_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential with full jitter, never shorter than what the server asked for."""
    delay = random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * (2**attempt)))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class GoogleMailbox(Mailbox):
    def __init__(
        self,
        settings: Settings,
        credentials: Credentials,
        *,
        sleep: Callable[[float], None] = time.sleep,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._credentials = credentials
        self._sleep = sleep
        self._batch_size = batch_size
        base = settings.gmail_api_base_url
        http = google_auth_httplib2.AuthorizedHttp(
            credentials, http=httplib2.Http(timeout=HTTP_TIMEOUT_SECONDS)
        )
        self._service = build(
            "gmail",
            "v1",
            http=http,
            static_discovery=True,
            cache_discovery=False,
            client_options={"api_endpoint": base} if base else None,
        )
        self._batch_uri = (base.rstrip("/") + "/batch/gmail/v1") if base else DEFAULT_BATCH_URL
        # Building a resource object walks the discovery document: once per mailbox, not per call.
        self._users = self._service.users()
        self._messages = self._users.messages()
        self._history = self._users.history()

    # --- Mailbox ---------------------------------------------------------------------------

    def profile(self) -> Profile:
        body = self._execute(self._users.getProfile(userId="me"))
        return Profile(email=str(body["emailAddress"]), history_id=str(body["historyId"]))

    def list_messages(
        self, query: str, page_token: str | None = None
    ) -> tuple[list[MessageRef], str | None]:
        request = (
            self._service.users()
            .messages()
            .list(
                userId="me", q=query, maxResults=500, pageToken=page_token, includeSpamTrash=False
            )
        )
        body = self._execute(request)
        refs = [MessageRef(m["id"], m.get("threadId")) for m in body.get("messages", [])]
        return refs, body.get("nextPageToken")

    def list_history(
        self, start_history_id: str, page_token: str | None = None
    ) -> tuple[list[MessageRef], str | None, str]:
        request = (
            self._service.users()
            .history()
            .list(
                userId="me",
                startHistoryId=start_history_id,
                historyTypes="messageAdded",
                maxResults=500,
                pageToken=page_token,
            )
        )
        body = self._execute(request, history=True)
        refs: list[MessageRef] = []
        for record in body.get("history", []):
            for added in record.get("messagesAdded", []):
                message = added.get("message") or {}
                if "id" in message:
                    refs.append(
                        MessageRef(
                            message["id"],
                            message.get("threadId"),
                            tuple(message.get("labelIds", [])),
                        )
                    )
        return refs, body.get("nextPageToken"), str(body.get("historyId", start_history_id))

    def fetch_raw(self, message_ids: list[str]) -> list[FetchedMessage]:
        out: dict[str, FetchedMessage] = {}
        for i in range(0, len(message_ids), self._batch_size):
            out.update(self._fetch_batch(message_ids[i : i + self._batch_size]))
        return list(out.values())

    # --- requests --------------------------------------------------------------------------

    def _execute(self, request: HttpRequest, *, history: bool = False) -> dict[str, Any]:
        for attempt in range(MAX_ATTEMPTS):
            try:
                body: dict[str, Any] = request.execute(num_retries=0)
                return body
            except HttpError as exc:
                status = int(exc.resp.status)
                if history and status == 404:
                    raise HistoryExpired("startHistoryId is too old") from exc
                if not _retryable(exc):
                    raise GmailError(f"Gmail answered {status}: {_reason(exc)}") from exc
                self._wait(attempt, exc, f"Gmail answered {status}")
            except RefreshError as exc:
                raise _refresh_failure(exc) from exc
            except (TransportError, httplib2.HttpLib2Error, OSError) as exc:
                if attempt == MAX_ATTEMPTS - 1:
                    raise GmailUnavailable(f"cannot reach Gmail: {type(exc).__name__}") from exc
                self._sleep(backoff_delay(attempt, None))
        raise GmailUnavailable("Gmail kept failing")

    def _wait(self, attempt: int, exc: HttpError, what: str) -> None:
        status = int(exc.resp.status)
        retry_after = parse_retry_after(exc.resp.get("retry-after"))
        last = attempt == MAX_ATTEMPTS - 1
        if last or (retry_after is not None and retry_after > MAX_INLINE_WAIT):
            if status == 429 or _is_rate_limit(exc):
                raise RateLimited(what, retry_after=retry_after) from exc
            raise GmailUnavailable(what) from exc
        delay = backoff_delay(attempt, retry_after)
        log.info("gmail_backoff", status=status, delay=round(delay, 2), attempt=attempt + 1)
        self._sleep(delay)

    def _fetch_batch(self, ids: list[str]) -> dict[str, FetchedMessage]:
        done: dict[str, FetchedMessage] = {}
        pending = list(ids)
        failures: dict[str, HttpError] = {}

        def callback(request_id: str, response: Any, exception: Exception | None) -> None:
            if exception is None:
                raw = base64.urlsafe_b64decode(_padded(response.get("raw", "")))
                done[request_id] = FetchedMessage(
                    request_id,
                    response.get("threadId"),
                    raw,
                    tuple(response.get("labelIds", [])),
                    int(response.get("internalDate") or 0),
                )
            elif isinstance(exception, HttpError) and int(exception.resp.status) == 404:
                done[request_id] = FetchedMessage(request_id, None, None)  # deleted since
            elif isinstance(exception, HttpError):
                failures[request_id] = exception
            else:
                raise exception

        for attempt in range(MAX_ATTEMPTS):
            failures.clear()
            batch = BatchHttpRequest(callback=callback, batch_uri=self._batch_uri)
            for message_id in pending:
                batch.add(
                    self._messages.get(userId="me", id=message_id, format="raw"),
                    request_id=message_id,
                )
            try:
                batch.execute()
            except HttpError as exc:
                if not _retryable(exc):
                    raise GmailError(f"Gmail batch answered {exc.resp.status}") from exc
                self._wait(attempt, exc, f"Gmail batch answered {exc.resp.status}")
                continue
            except RefreshError as exc:
                raise _refresh_failure(exc) from exc
            except (TransportError, httplib2.HttpLib2Error, OSError) as exc:
                if attempt == MAX_ATTEMPTS - 1:
                    raise GmailUnavailable(f"cannot reach Gmail: {type(exc).__name__}") from exc
                self._sleep(backoff_delay(attempt, None))
                continue
            if not failures:
                return done
            hard = [e for e in failures.values() if not _retryable(e)]
            if hard:
                raise GmailError(f"Gmail answered {hard[0].resp.status} for a message")
            pending = [i for i in pending if i in failures]
            self._wait(attempt, next(iter(failures.values())), "Gmail throttled a batch")
        raise GmailUnavailable("Gmail kept failing")


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 4)


def _reason(exc: HttpError) -> str:
    try:
        details = exc.error_details
        if isinstance(details, list) and details and isinstance(details[0], dict):
            return str(details[0].get("reason") or details[0].get("message") or "")
    except (AttributeError, TypeError, ValueError):
        pass
    return str(getattr(exc, "reason", "") or "")


def _is_rate_limit(exc: HttpError) -> bool:
    return int(exc.resp.status) == 403 and _reason(exc) in _RATE_REASONS


def _retryable(exc: HttpError) -> bool:
    return int(exc.resp.status) in _RETRY_STATUSES or _is_rate_limit(exc)


def _refresh_failure(exc: RefreshError) -> GmailError:
    text = str(exc)
    if "invalid_grant" in text:
        return AuthRevoked("invalid_grant")
    if getattr(exc, "retryable", False):
        return GmailUnavailable("the token endpoint failed")
    return AuthRevoked(text.split(":", 1)[0][:80] or "refresh failed")
