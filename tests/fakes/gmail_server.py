"""A fake Google on 127.0.0.1: the OAuth authorization, token and revoke endpoints and the parts
of the Gmail REST API that Career Agent uses, speaking the real wire format so that the real
google-auth, google-auth-oauthlib and google-api-python-client libraries can talk to it.

    fake = FakeGoogle(client_id="cid", client_secret="secret").start()
    mailbox = fake.add_account("jamie@example.com")
    mailbox.deliver(raw_bytes)
    ...
    fake.stop()

Messages come back as Gmail sends them: `format=raw` is the whole RFC 822 message,
`format=full` carries text parts inline and names attachments by an `attachmentId` (fetched
with messages.attachments.get). Batch requests are answered where the client library sends
them: the discovery document's batch path (`POST /batch`).

Fault injection: `fake.fail_next(...)` answers the next matching requests with an error
(429 with Retry-After, 500, ...); `mailbox.expire_history()` makes older historyIds answer 404;
`fake.revoke_refresh_tokens(email)` makes refreshes answer invalid_grant.

Quota: every Gmail call costs Google's quota units for its method (a batch, each part), and
each account may spend at most `quota_units` in any `quota_window_seconds` (a moving window;
Google's figures, 15,000 units a minute, by default; None turns it off). A call over it answers
429 `rateLimitExceeded` with Google's error body and a Retry-After, and costs nothing. Every
call is recorded in `fake.calls` with its time, account, method, units and status.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import itertools
import json
import secrets
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

SCOPE = "https://www.googleapis.com/auth/gmail.readonly"
PAGE_SIZE_CAP = 500
# Quota units per method (Google's Gmail usage-limits page).
QUOTA_COSTS = {
    "getProfile": 1,
    "history.list": 2,
    "messages.list": 5,
    "messages.get": 5,
    "messages.attachments.get": 5,
}


@dataclass(frozen=True)
class Call:
    at: float  # time.monotonic()
    account: str
    method: str
    units: int
    status: int


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


@dataclass
class FakeMessage:
    id: str
    thread_id: str
    raw: bytes
    label_ids: list[str]
    internal_date_ms: int
    history_id: int
    raw_b64: str = ""


@dataclass
class FakeMailbox:
    email: str
    server: FakeGoogle
    messages: dict[str, FakeMessage] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # newest last
    history: list[tuple[int, str]] = field(default_factory=list)  # (historyId, message id)
    history_id: int = 1000
    min_history_id: int = 0
    spent: deque[tuple[float, int]] = field(default_factory=deque)  # (time, units) in window

    def deliver(
        self,
        raw: bytes,
        *,
        labels: tuple[str, ...] = ("INBOX", "UNREAD"),
        thread_id: str | None = None,
        message_id: str | None = None,
        received_ms: int | None = None,
    ) -> str:
        """Add a message as Gmail would on arrival (a messageAdded history record)."""
        with self.server.lock:
            self.history_id += 1
            mid = message_id or f"{next(self.server.ids):016x}"
            msg = FakeMessage(
                id=mid,
                thread_id=thread_id or mid,
                raw=raw,
                label_ids=list(labels),
                internal_date_ms=received_ms or int(time.time() * 1000),
                history_id=self.history_id,
                raw_b64=_b64url(raw),
            )
            if mid not in self.messages:
                self.order.append(mid)
            self.messages[mid] = msg
            self.history.append((self.history_id, mid))
            return mid

    def expire_history(self) -> None:
        """Every historyId issued so far answers 404, as they do after a week or so on Gmail."""
        with self.server.lock:
            self.min_history_id = self.history_id + 1


@dataclass
class Fault:
    match: str  # substring of "METHOD /path"
    status: int
    times: int
    retry_after: str | None = None
    body: dict[str, Any] | None = None


class FakeGoogle:
    def __init__(
        self,
        *,
        client_id: str = "fake-client-id.apps.googleusercontent.com",
        client_secret: str = "fake-client-secret",  # noqa: S107
        latency_seconds: float = 0.0,
        quota_units: int | None = 15_000,
        quota_window_seconds: float = 60.0,
    ) -> None:
        self.quota_units = quota_units
        self.quota_window_seconds = quota_window_seconds
        self.calls: list[Call] = []
        self.client_id = client_id
        self.client_secret = client_secret
        self.latency_seconds = latency_seconds
        self.lock = threading.RLock()
        self.ids = itertools.count(0x18E0000000000000)
        self.accounts: dict[str, FakeMailbox] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.refresh_tokens: dict[str, str] = {}  # token -> email
        self.revoked_refresh_tokens: set[str] = set()
        self.access_tokens: dict[str, tuple[str, float]] = {}  # token -> (email, expiry)
        self.issued: list[str] = []  # every refresh and access token ever handed out
        self.faults: list[Fault] = []
        self.requests: list[str] = []
        self.fetch_counts: Counter[str] = Counter()
        self.formats: Counter[str] = Counter()  # messages.get calls by format
        self.attachment_fetches: list[tuple[str, str]] = []  # (message id, attachment id)
        self.body_bytes_served = 0  # message and attachment content sent, decoded
        self.token_requests: list[dict[str, str]] = []
        self.authorization_requests: list[dict[str, str]] = []
        self.consent_email: str | None = None
        self.consent_denied = False
        self.consent_scope: str = SCOPE
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> FakeGoogle:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def settings_overrides(self) -> dict[str, Any]:
        """Settings fields that point Career Agent at this fake."""
        return {
            "google_client_id": self.client_id,
            "google_client_secret": self.client_secret,
            "google_auth_uri": f"{self.url}/o/oauth2/auth",
            "google_token_uri": f"{self.url}/token",
            "google_revoke_uri": f"{self.url}/revoke",
            "gmail_api_base_url": f"{self.url}/",
        }

    # --- test controls ----------------------------------------------------------------------

    def add_account(self, address: str) -> FakeMailbox:
        with self.lock:
            box = self.accounts.get(address) or FakeMailbox(address, self)
            self.accounts[address] = box
            if self.consent_email is None:
                self.consent_email = address
            return box

    def issue_refresh_token(self, address: str) -> str:
        """A refresh token for an account, as if it had been granted earlier."""
        token = "1//" + secrets.token_urlsafe(40)
        with self.lock:
            self.refresh_tokens[token] = address
            self.issued.append(token)
        return token

    def revoke_refresh_tokens(self, address: str) -> None:
        with self.lock:
            for token, owner in list(self.refresh_tokens.items()):
                if owner == address:
                    self.revoked_refresh_tokens.add(token)
            for token, (owner, _) in list(self.access_tokens.items()):
                if owner == address:
                    del self.access_tokens[token]

    def fail_next(
        self,
        match: str,
        status: int = 429,
        *,
        times: int = 1,
        retry_after: str | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        with self.lock:
            self.faults.append(Fault(match, status, times, retry_after, body))

    def _take_fault(self, request_line: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.match in request_line and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    # --- OAuth ------------------------------------------------------------------------------

    def _authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.authorization_requests.append(query)
        redirect = query.get("redirect_uri", "")
        problems = []
        if query.get("client_id") != self.client_id:
            problems.append("client_id")
        if query.get("response_type") != "code":
            problems.append("response_type")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            problems.append("pkce")
        if problems or not redirect:
            return _json(400, {"error": "invalid_request", "error_description": ",".join(problems)})
        params: dict[str, str] = {"state": query.get("state", "")}
        if self.consent_denied:
            params["error"] = "access_denied"
        else:
            code = "4/" + secrets.token_urlsafe(30)
            with self.lock:
                self.codes[code] = {
                    "email": self.consent_email,
                    "challenge": query["code_challenge"],
                    "redirect_uri": redirect,
                    "scope": self.consent_scope,
                    "offline": query.get("access_type") == "offline",
                }
            params["code"] = code
            params["scope"] = self.consent_scope
        return 302, {"Location": f"{redirect}?{urlencode(params)}"}, b""

    def _token(self, form: dict[str, str], auth_header: str) -> tuple[int, dict[str, str], bytes]:
        self.token_requests.append({k: v for k, v in form.items() if k != "client_secret"})
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if auth_header.lower().startswith("basic "):
            decoded = base64.b64decode(auth_header[6:]).decode()
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self.client_id or client_secret != self.client_secret:
            return _json(401, {"error": "invalid_client", "error_description": "Unauthorized"})
        grant = form.get("grant_type")
        if grant == "authorization_code":
            with self.lock:
                entry = self.codes.pop(form.get("code", ""), None)
            if entry is None:
                return _json(400, {"error": "invalid_grant", "error_description": "Bad Request"})
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .decode()
                .rstrip("=")
            )
            if challenge != entry["challenge"] or form.get("redirect_uri") != entry["redirect_uri"]:
                return _json(400, {"error": "invalid_grant", "error_description": "Bad Request"})
            access = self._new_access_token(entry["email"])
            body: dict[str, Any] = {
                "access_token": access,
                "expires_in": 3599,
                "scope": entry["scope"],
                "token_type": "Bearer",
            }
            if entry["offline"]:
                body["refresh_token"] = self.issue_refresh_token(entry["email"])
            return _json(200, body)
        if grant == "refresh_token":
            token = form.get("refresh_token", "")
            with self.lock:
                owner = self.refresh_tokens.get(token)
                revoked = token in self.revoked_refresh_tokens
            if owner is None or revoked:
                return _json(
                    400,
                    {
                        "error": "invalid_grant",
                        "error_description": "Token has been expired or revoked.",
                    },
                )
            return _json(
                200,
                {
                    "access_token": self._new_access_token(owner),
                    "expires_in": 3599,
                    "scope": SCOPE,
                    "token_type": "Bearer",
                },
            )
        return _json(400, {"error": "unsupported_grant_type"})

    def _new_access_token(self, address: str) -> str:
        token = "ya29." + secrets.token_urlsafe(40)
        with self.lock:
            self.access_tokens[token] = (address, time.time() + 3599)
            self.issued.append(token)
        return token

    def _revoke(self, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        token = form.get("token", "")
        with self.lock:
            if token in self.refresh_tokens and token not in self.revoked_refresh_tokens:
                self.revoked_refresh_tokens.add(token)
                owner = self.refresh_tokens[token]
                for access, (who, _) in list(self.access_tokens.items()):
                    if who == owner:
                        del self.access_tokens[access]
                return _json(200, {})
            if token in self.access_tokens:
                del self.access_tokens[token]
                return _json(200, {})
        return _json(
            400, {"error": "invalid_token", "error_description": "Token expired or revoked"}
        )

    # --- Gmail ------------------------------------------------------------------------------

    def _gmail(
        self, method: str, path: str, query: dict[str, str], authorization: str
    ) -> tuple[int, dict[str, str], bytes]:
        token = authorization[7:] if authorization.lower().startswith("bearer ") else ""
        with self.lock:
            owner = self.access_tokens.get(token)
        if owner is None or owner[1] < time.time():
            return _google_error(
                401,
                "Request had invalid authentication credentials.",
                "UNAUTHENTICATED",
                "authError",
            )
        box = self.accounts[owner[0]]
        parts = path.strip("/").split("/")  # gmail v1 users me ...
        if (
            len(parts) < 5
            or parts[:3] != ["gmail", "v1", "users"]
            or parts[3] not in ("me", box.email)
        ):
            return _google_error(404, "Not Found", "NOT_FOUND", "notFound")
        rest = parts[4:]
        name = _method_name(method, rest)
        if name is not None:
            refused = self._spend(box, name)
            if refused is not None:
                return refused
        if method == "GET" and rest == ["profile"]:
            return _json(
                200,
                {
                    "emailAddress": box.email,
                    "messagesTotal": len(box.messages),
                    "threadsTotal": len({m.thread_id for m in box.messages.values()}),
                    "historyId": str(box.history_id),
                },
            )
        if method == "GET" and rest == ["messages"]:
            return self._list_messages(box, query)
        if method == "GET" and len(rest) == 2 and rest[0] == "messages":
            return self._get_message(box, rest[1], query.get("format", "full"))
        if method == "GET" and len(rest) == 4 and rest[::2] == ["messages", "attachments"]:
            return self._get_attachment(box, rest[1], rest[3])
        if method == "GET" and rest == ["history"]:
            return self._history(box, query)
        return _google_error(404, "Not Found", "NOT_FOUND", "notFound")

    def _spend(self, box: FakeMailbox, name: str) -> tuple[int, dict, bytes] | None:
        """Charge a call to the account's moving window; the 429 answer when it is full."""
        units = QUOTA_COSTS[name]
        now = time.monotonic()
        with self.lock:
            window = box.spent
            while window and window[0][0] <= now - self.quota_window_seconds:
                window.popleft()
            used = sum(u for _, u in window)
            if self.quota_units is not None and used + units > self.quota_units:
                # The moment enough of the window has expired for this call to fit.
                freed, wait = used, self.quota_window_seconds
                for at, spent in window:
                    freed -= spent
                    if freed + units <= self.quota_units:
                        wait = at + self.quota_window_seconds - now
                        break
                self.calls.append(Call(now, box.email, name, units, 429))
                status, headers, body = _google_error(
                    429,
                    "User-rate limit exceeded.",
                    "RESOURCE_EXHAUSTED",
                    "rateLimitExceeded",
                )
                return status, {**headers, "Retry-After": str(max(1, round(wait + 0.5)))}, body
            window.append((now, units))
            self.calls.append(Call(now, box.email, name, units, 200))
        return None

    def quota_rejections(self) -> int:
        with self.lock:
            return sum(1 for c in self.calls if c.status == 429)

    def _list_messages(self, box: FakeMailbox, query: dict[str, str]) -> tuple[int, dict, bytes]:
        q = query.get("q", "")
        newest_first = list(reversed(box.order))
        selected = [box.messages[i] for i in newest_first if _matches(box.messages[i], q)]
        if query.get("includeSpamTrash", "false").lower() != "true":
            selected = [m for m in selected if not {"SPAM", "TRASH"} & set(m.label_ids)]
        start = int(query.get("pageToken") or 0)
        size = min(int(query.get("maxResults") or 100), PAGE_SIZE_CAP)
        page = selected[start : start + size]
        body: dict[str, Any] = {"resultSizeEstimate": len(selected)}
        if page:
            body["messages"] = [{"id": m.id, "threadId": m.thread_id} for m in page]
        if start + size < len(selected):
            body["nextPageToken"] = str(start + size)
        return _json(200, body)

    def _get_message(self, box: FakeMailbox, mid: str, fmt: str) -> tuple[int, dict, bytes]:
        msg = box.messages.get(mid)
        if msg is None:
            return _google_error(404, "Requested entity was not found.", "NOT_FOUND", "notFound")
        with self.lock:
            self.fetch_counts[mid] += 1
            self.formats[fmt] += 1
        body: dict[str, Any] = {
            "id": msg.id,
            "threadId": msg.thread_id,
            "labelIds": msg.label_ids,
            "snippet": "",
            "sizeEstimate": len(msg.raw),
            "historyId": str(msg.history_id),
            "internalDate": str(msg.internal_date_ms),
        }
        if fmt == "raw":
            body["raw"] = msg.raw_b64
            served = len(msg.raw)
        elif fmt in ("full", "metadata"):
            parsed = email.message_from_bytes(msg.raw, policy=email.policy.compat32)
            body["payload"] = _payload(parsed, "", with_bodies=fmt == "full")
            served = sum(len(d) for d in _inline_bodies(body["payload"]))
        else:
            return _google_error(
                400, f"Invalid format: {fmt}", "INVALID_ARGUMENT", "invalidArgument"
            )
        with self.lock:
            self.body_bytes_served += served
        return _json(200, body)

    def _get_attachment(self, box: FakeMailbox, mid: str, aid: str) -> tuple[int, dict, bytes]:
        msg = box.messages.get(mid)
        data = None
        if msg is not None:
            parsed = email.message_from_bytes(msg.raw, policy=email.policy.compat32)
            for part in parsed.walk():
                if not part.is_multipart() and _attachment_id(part) == aid:
                    data = part.get_payload(decode=True) or b""
        if data is None:
            return _google_error(404, "Requested entity was not found.", "NOT_FOUND", "notFound")
        with self.lock:
            self.attachment_fetches.append((mid, aid))
            self.body_bytes_served += len(data)
        return _json(200, {"size": len(data), "data": _b64url(data)})

    def _history(self, box: FakeMailbox, query: dict[str, str]) -> tuple[int, dict, bytes]:
        try:
            start = int(query.get("startHistoryId", ""))
        except ValueError:
            return _google_error(
                400, "Invalid startHistoryId", "INVALID_ARGUMENT", "invalidArgument"
            )
        if start < box.min_history_id:
            return _google_error(404, "Requested entity was not found.", "NOT_FOUND", "notFound")
        records = [(h, mid) for h, mid in box.history if h > start]
        offset = int(query.get("pageToken") or 0)
        size = min(int(query.get("maxResults") or 100), PAGE_SIZE_CAP)
        page = records[offset : offset + size]
        body: dict[str, Any] = {"historyId": str(box.history_id)}
        if page:
            history = []
            for h, mid in page:
                m = box.messages[mid]
                ref = {"id": m.id, "threadId": m.thread_id}
                history.append(
                    {
                        "id": str(h),
                        "messages": [ref],
                        "messagesAdded": [{"message": {**ref, "labelIds": m.label_ids}}],
                    }
                )
            body["history"] = history
        if offset + size < len(records):
            body["nextPageToken"] = str(offset + size)
        return _json(200, body)

    def _batch(self, content_type: str, body: bytes, authorization: str) -> tuple[int, dict, bytes]:
        container = email.message_from_bytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body,
            policy=email.policy.compat32,
        )
        if not container.is_multipart():
            return _google_error(400, "Bad batch request", "INVALID_ARGUMENT", "badRequest")
        boundary = "batch_" + uuid.uuid4().hex
        out: list[bytes] = []
        parts = container.get_payload()
        assert isinstance(parts, list)
        for part in parts:
            # Unfolded (RFC 5322 §2.2.3): a long Content-ID may arrive over several lines.
            content_id = str(part.get("Content-ID", "")).replace("\r", "").replace("\n", "")
            raw_request = part.get_payload(decode=False)
            if isinstance(raw_request, list):
                raw_request = raw_request[0].as_string()
            head, _, _ = str(raw_request).replace("\r\n", "\n").partition("\n\n")
            lines = head.split("\n")
            method, target, _version = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            parsed = urlparse(target)
            query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
            fault = self._take_fault(f"{method} {parsed.path} (batch part)")
            if fault is not None:
                status, extra, payload = _fault_response(fault)
            else:
                status, extra, payload = self._gmail(
                    method, parsed.path, query, headers.get("authorization", authorization)
                )
            reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}.get(status, "Error")
            inner = (
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=UTF-8\r\n"
            )
            for k, v in extra.items():
                if k.lower() != "content-type":
                    inner += f"{k}: {v}\r\n"
            inner += f"Content-Length: {len(payload)}\r\n\r\n"
            response_id = content_id.replace("<", "<response-", 1)
            out.append(
                (
                    f"--{boundary}\r\nContent-Type: application/http\r\n"
                    f"Content-ID: {response_id}\r\n\r\n{inner}"
                ).encode()
                + payload
                + b"\r\n"
            )
        out.append(f"--{boundary}--\r\n".encode())
        return 200, {"Content-Type": f"multipart/mixed; boundary={boundary}"}, b"".join(out)


def _method_name(method: str, rest: list[str]) -> str | None:
    if method != "GET":
        return None
    if rest == ["profile"]:
        return "getProfile"
    if rest == ["messages"]:
        return "messages.list"
    if rest == ["history"]:
        return "history.list"
    if len(rest) == 2 and rest[0] == "messages":
        return "messages.get"
    if len(rest) == 4 and rest[::2] == ["messages", "attachments"]:
        return "messages.attachments.get"
    return None


def _matches(msg: FakeMessage, q: str) -> bool:
    for term in q.split():
        negate = term.startswith("-")
        term = term.lstrip("-")
        if term.startswith("newer_than:") and term.endswith("d"):
            days = int(term[len("newer_than:") : -1])
            ok = msg.internal_date_ms >= (time.time() - days * 86400) * 1000
        elif term.startswith("category:"):
            ok = f"CATEGORY_{term.split(':', 1)[1].upper()}" in msg.label_ids
        elif term.startswith("in:"):
            name = term.split(":", 1)[1].lower()
            ok = _IN_LABELS.get(name, name.upper()) in msg.label_ids
        else:
            continue
        if ok == negate:
            return False
    return True


# Gmail's search names for system labels that differ from the label ids.
_IN_LABELS = {"drafts": "DRAFT", "chats": "CHAT", "chat": "CHAT"}
# Bodies larger than this are left out of format=full even without a filename, as Gmail does.
INLINE_BODY_LIMIT = 64 * 1024


def _attachment_id(part: Message) -> str:
    data = part.get_payload(decode=True) or b""
    assert isinstance(data, bytes)
    return "ANGjdJ" + hashlib.sha256((part.get_filename() or "").encode() + data).hexdigest()[:40]


def _inline_bodies(payload: dict[str, Any]) -> list[bytes]:
    found = []
    if "data" in payload.get("body", {}):
        found.append(base64.urlsafe_b64decode(payload["body"]["data"]))
    for part in payload.get("parts", []):
        found.extend(_inline_bodies(part))
    return found


def _payload(msg: Message, part_id: str, *, with_bodies: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "partId": part_id,
        "mimeType": msg.get_content_type(),
        "filename": msg.get_filename() or "",
        "headers": [{"name": k, "value": str(v)} for k, v in msg.items()],
    }
    if msg.is_multipart():
        subparts = msg.get_payload()
        assert isinstance(subparts, list)
        out["body"] = {"size": 0}
        out["parts"] = [
            _payload(p, f"{part_id}.{i}" if part_id else str(i), with_bodies=with_bodies)
            for i, p in enumerate(subparts)
        ]
    else:
        data = msg.get_payload(decode=True) or b""
        assert isinstance(data, bytes)
        out["body"] = {"size": len(data)}
        attached = msg.get_filename() or msg.get_content_disposition() == "attachment"
        if attached or len(data) > INLINE_BODY_LIMIT:
            out["body"]["attachmentId"] = _attachment_id(msg)
        elif with_bodies:
            out["body"]["data"] = _b64url(data)
    return out


def _json(status: int, body: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json; charset=UTF-8"}, json.dumps(body).encode()


def _google_error(status: int, message: str, code: str, reason: str) -> tuple[int, dict, bytes]:
    domain = "usageLimits" if status == 429 else "global"
    return _json(
        status,
        {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
                "status": code,
            }
        },
    )


def _fault_response(fault: Fault) -> tuple[int, dict[str, str], bytes]:
    if fault.body is not None:
        status, headers, payload = _json(fault.status, fault.body)
    elif fault.status == 429:
        status, headers, payload = _google_error(
            429, "Too many concurrent requests for user.", "RESOURCE_EXHAUSTED", "rateLimitExceeded"
        )
    else:
        status, headers, payload = _google_error(
            fault.status, "Backend Error", "UNAVAILABLE", "backendError"
        )
    if fault.retry_after is not None:
        headers = {**headers, "Retry-After": fault.retry_after}
    return status, headers, payload


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGoogle
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self, method: str) -> None:
        fake = self.fake
        parsed = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        line = f"{method} {parsed.path}"
        body = self._body() if method == "POST" else b""
        with fake.lock:
            fake.requests.append(line)
        key = "gmail" if parsed.path.startswith(("/gmail", "/batch")) else "oauth"
        with fake.lock:
            fake.in_flight[key] += 1
            fake.max_in_flight[key] = max(fake.max_in_flight[key], fake.in_flight[key])
        try:
            if fake.latency_seconds and key == "gmail":
                time.sleep(fake.latency_seconds)
            fault = fake._take_fault(line)
            if fault is not None:
                self._send(*_fault_response(fault))
                return
            authorization = self.headers.get("Authorization", "")
            if method == "GET" and parsed.path == "/o/oauth2/auth":
                self._send(*fake._authorize(query))
            elif method == "POST" and parsed.path == "/token":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                self._send(*fake._token(form, authorization))
            elif method == "POST" and parsed.path == "/revoke":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                form.update(query)
                self._send(*fake._revoke(form))
            elif method == "POST" and parsed.path == "/batch":
                self._send(*fake._batch(self.headers.get("Content-Type", ""), body, authorization))
            elif parsed.path.startswith("/gmail/v1/"):
                self._send(*fake._gmail(method, parsed.path, query, authorization))
            else:
                self._send(*_google_error(404, "Not Found", "NOT_FOUND", "notFound"))
        finally:
            with fake.lock:
                fake.in_flight[key] -= 1

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")
