"""A read-only Gmail mailbox through google-api-python-client.

The client is built from the discovery document bundled with the library (no network fetch),
pointed at `GMAIL_API_BASE_URL` when set; batch requests go where the library sends them (the
document's batch path on the same host). Messages are fetched with `format=full` in batches of
up to 50, so attachments are not downloaded (small calendar files are, in a second batch); 429,
5xx and 403 rate-limit answers and network errors are retried (tenacity) with exponential
backoff and full jitter, never sooner than a Retry-After. Access tokens are refreshed by
google-auth against `GOOGLE_TOKEN_URI`.

With a `QuotaPacer`, every call first takes its cost in quota units from the user's bucket
(a batch, the sum of its parts), and a throttled answer pauses the whole account there.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import google_auth_httplib2
import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest, HttpRequest
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_any,
    wait_random_exponential,
)
from tenacity.stop import stop_base

from core.clock import retry_after_seconds
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
from core.gmail.quota import QuotaPacer, cost_of
from core.logs import get_logger
from core.settings import Settings
from integrations.gmail.mime import decode_data, rebuild, wanted_attachments

log = get_logger(__name__)

HTTP_TIMEOUT_SECONDS = 30
MAX_ATTEMPTS = 6
BACKOFF_BASE = 1.0
BACKOFF_CAP = 32.0
# A wait longer than this is not slept through inside a task: the task is retried later.
MAX_INLINE_WAIT = 60.0
BATCH_SIZE = 50
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Error reasons of a 403 that mean "slow down", in the legacy `errors[].reason` spelling and
# the google.rpc.ErrorInfo `details[].reason` one, compared without case or underscores.
_RATE_REASONS = frozenset({"ratelimitexceeded", "userratelimitexceeded", "quotaexceeded"})


def batch_uri(base_url: str | None) -> str:
    """Where the client library sends batch requests for Gmail (the discovery document's
    rootUrl + batchPath), on `base_url`'s host when one is set."""
    document = json.loads(get_static_doc("gmail", "v1") or "{}")
    root = str(document.get("rootUrl") or "https://gmail.googleapis.com/")
    path = str(document.get("batchPath") or "batch")
    return (base_url.rstrip("/") + "/" if base_url else root) + path


def credentials_for(settings: Settings, refresh_token: str) -> Credentials:
    return Credentials(
        token=None,
        refresh_token=refresh_token,
        token_uri=settings.google_token_uri,
        client_id=settings.google_client_id,
        client_secret=settings.google_client_secret,
        scopes=[SCOPE],
    )


T = TypeVar("T")


class _Retry(Exception):
    """An attempt that may be tried again: a throttled or failed answer (`error`), or no
    answer at all (`error` None)."""

    def __init__(self, what: str, error: HttpError | None) -> None:
        super().__init__(what)
        self.what = what
        self.error = error

    @property
    def retry_after(self) -> float | None:
        if self.error is None:
            return None
        return retry_after_seconds(self.error.resp.get("retry-after"))

    @property
    def throttled(self) -> bool:
        return self.error is not None and (
            int(self.error.resp.status) == 429 or _is_rate_limit(self.error)
        )

    def final(self) -> GmailError:
        """What the caller is told once no more attempts are made."""
        if self.throttled:
            return RateLimited(self.what, retry_after=self.retry_after)
        return GmailUnavailable(self.what)


def _last_retry(state: RetryCallState) -> _Retry:
    assert state.outcome is not None
    error = state.outcome.exception()
    assert isinstance(error, _Retry)
    return error


_jitter = wait_random_exponential(multiplier=BACKOFF_BASE, max=BACKOFF_CAP)


def _wait(state: RetryCallState) -> float:
    """Exponential with full jitter, never shorter than what the server asked for."""
    delay = float(_jitter(state))
    retry_after = _last_retry(state).retry_after
    return max(delay, retry_after) if retry_after is not None else delay


class _AsksTooLong(stop_base):
    """Stop at a Retry-After too long to sleep through inside a task: it is retried later."""

    def __call__(self, retry_state: RetryCallState) -> bool:
        retry_after = _last_retry(retry_state).retry_after
        return retry_after is not None and retry_after > MAX_INLINE_WAIT


def _give_up(state: RetryCallState) -> Any:
    retry = _last_retry(state)
    raise retry.final() from (retry.error or retry.__cause__)


class GoogleMailbox(Mailbox):
    def __init__(
        self,
        settings: Settings,
        credentials: Credentials,
        *,
        sleep: Callable[[float], None] = time.sleep,
        batch_size: int = BATCH_SIZE,
        quota: QuotaPacer | None = None,
    ) -> None:
        self._quota = quota
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
        self._batch_uri = batch_uri(base)
        # Building a resource object walks the discovery document: once per mailbox, not per call.
        self._users = self._service.users()
        self._messages = self._users.messages()
        self._history = self._users.history()
        self._attachments = self._messages.attachments()

    # --- Mailbox ---------------------------------------------------------------------------

    def profile(self) -> Profile:
        body = self._execute(self._users.getProfile(userId="me"), cost=cost_of("getProfile"))
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
        body = self._execute(request, cost=cost_of("messages.list"))
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
        body = self._execute(request, cost=cost_of("history.list"), history=True)
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

    def _fetch_batch(self, ids: list[str]) -> dict[str, FetchedMessage]:
        found = self._batch(
            {mid: self._messages.get(userId="me", id=mid, format="full") for mid in ids},
            cost=cost_of("messages.get"),
        )
        # Attachment ids run to hundreds of characters: the batch names them by number.
        wanted = [
            (mid, aid)
            for mid, message in found.items()
            if message is not None
            for aid in wanted_attachments(message.get("payload") or {})
        ]
        answers = self._batch(
            {
                str(n): self._attachments.get(userId="me", messageId=mid, id=aid)
                for n, (mid, aid) in enumerate(wanted)
            },
            cost=cost_of("messages.attachments.get"),
        )
        files: dict[str, dict[str, bytes]] = {}
        for n, (mid, aid) in enumerate(wanted):
            body = answers.get(str(n))
            if body is not None:
                files.setdefault(mid, {})[aid] = decode_data(str(body.get("data", "")))
        out: dict[str, FetchedMessage] = {}
        for mid in ids:
            message = found.get(mid)
            if message is None:
                out[mid] = FetchedMessage(mid, None, None)  # deleted since it was listed
                continue
            out[mid] = FetchedMessage(
                mid,
                message.get("threadId"),
                rebuild(message.get("payload") or {}, files.get(mid, {})),
                tuple(message.get("labelIds", [])),
                int(message.get("internalDate") or 0),
            )
        return out

    # --- requests --------------------------------------------------------------------------

    def _take(self, units: float) -> None:
        if self._quota is not None:
            self._quota.take(units)

    def _retrying(self, attempt: Callable[[], T]) -> T:
        """`attempt` until it answers, at most MAX_ATTEMPTS times; it raises `_Retry` for what
        is worth another try and anything else for what is not. A Retry-After longer than
        MAX_INLINE_WAIT is not slept through: the caller is told at once."""
        retrying = Retrying(
            stop=stop_any(stop_after_attempt(MAX_ATTEMPTS), _AsksTooLong()),
            wait=_wait,
            retry=retry_if_exception_type(_Retry),
            sleep=self._sleep,
            before_sleep=self._before_sleep,
            retry_error_callback=_give_up,
        )
        result: T = retrying(attempt)
        return result

    def _before_sleep(self, state: RetryCallState) -> None:
        retry = _last_retry(state)
        delay = state.upcoming_sleep
        status = int(retry.error.resp.status) if retry.error is not None else None
        log.info(
            "gmail_backoff", status=status, delay=round(delay, 2), attempt=state.attempt_number
        )
        if self._quota is not None and retry.throttled:
            # Every process calling Gmail for this account waits out the same answer.
            self._quota.pause(delay)

    def _execute(self, request: HttpRequest, *, cost: int, history: bool = False) -> dict[str, Any]:
        def attempt() -> dict[str, Any]:
            self._take(cost)
            with _answers("Gmail", history=history):
                body: dict[str, Any] = request.execute(num_retries=0)
            return body

        return self._retrying(attempt)

    def _batch(
        self, requests: dict[str, HttpRequest], *, cost: int
    ) -> dict[str, dict[str, Any] | None]:
        """Run requests in one batch (retrying the throttled ones); None for a 404."""
        done: dict[str, dict[str, Any] | None] = {}
        if not requests:
            return done
        pending = list(requests)
        failures: dict[str, HttpError] = {}

        def callback(request_id: str, response: Any, exception: Exception | None) -> None:
            if exception is None:
                done[request_id] = response
            elif isinstance(exception, HttpError) and int(exception.resp.status) == 404:
                done[request_id] = None
            elif isinstance(exception, HttpError):
                failures[request_id] = exception
            else:
                raise exception

        def attempt() -> dict[str, dict[str, Any] | None]:
            failures.clear()
            batch = BatchHttpRequest(callback=callback, batch_uri=self._batch_uri)
            for request_id in pending:
                batch.add(requests[request_id], request_id=request_id)
            self._take(cost * len(pending))
            with _answers("Gmail batch"):
                batch.execute()
            if not failures:
                return done
            hard = [e for e in failures.values() if not _retryable(e)]
            if hard:
                raise GmailError(f"Gmail answered {hard[0].resp.status} for a message")
            # Only the throttled parts go again.
            pending[:] = [i for i in pending if i in failures]
            raise _Retry("Gmail throttled a batch", next(iter(failures.values())))

        return self._retrying(attempt)


@contextmanager
def _answers(who: str, *, history: bool = False) -> Iterator[None]:
    """A call's failures, as the retry loop and the scan read them: worth another try
    (`_Retry`: throttled, 5xx, no connection), or final (`GmailError`, `AuthRevoked`, and
    `HistoryExpired` for a history listing's 404)."""
    try:
        yield
    except HttpError as exc:
        status = int(exc.resp.status)
        if history and status == 404:
            raise HistoryExpired("startHistoryId is too old") from exc
        if not _retryable(exc):
            raise GmailError(f"{who} answered {status}: {_reason(exc)}") from exc
        raise _Retry(f"{who} answered {status}", exc) from exc
    except RefreshError as exc:
        raise _refresh_failure(exc) from exc
    except (TransportError, httplib2.HttpLib2Error, OSError) as exc:
        raise _Retry(f"cannot reach Gmail: {type(exc).__name__}", None) from exc


def _reasons(exc: HttpError) -> list[str]:
    """Every reason an error names: `errors[].reason` (the legacy form) and
    `details[].reason` (google.rpc.ErrorInfo), whichever the answer carries."""
    try:
        error = json.loads(exc.content.decode("utf-8")).get("error") or {}
    except (AttributeError, UnicodeDecodeError, ValueError):
        return []
    if not isinstance(error, dict):
        return []
    found = []
    for key in ("details", "errors"):
        for entry in error.get(key) or []:
            if isinstance(entry, dict) and entry.get("reason"):
                found.append(str(entry["reason"]))
    return found


def _reason(exc: HttpError) -> str:
    reasons = _reasons(exc)
    return reasons[0] if reasons else str(getattr(exc, "reason", "") or "")


def _is_rate_limit(exc: HttpError) -> bool:
    if int(exc.resp.status) != 403:
        return False
    return any(r.replace("_", "").lower() in _RATE_REASONS for r in _reasons(exc))


def _retryable(exc: HttpError) -> bool:
    return int(exc.resp.status) in _RETRY_STATUSES or _is_rate_limit(exc)


def _refresh_failure(exc: RefreshError) -> GmailError:
    text = str(exc)
    if "invalid_grant" in text:
        return AuthRevoked("invalid_grant")
    if getattr(exc, "retryable", False):
        return GmailUnavailable("the token endpoint failed")
    return AuthRevoked(text.split(":", 1)[0][:80] or "refresh failed")
