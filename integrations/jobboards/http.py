"""What every job board connector shares: one HTTP client (timeouts, a size cap, errors mapped
to the port's BoardNotFound / BoardUnavailable) and the fetch-then-convert loop."""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod
from typing import Any

import httpx

from core.clock import retry_after_seconds
from core.jobs.model import RawPosting
from core.jobs.sources import BoardError, BoardNotFound, BoardUnavailable

USER_AGENT = "CareerAgent/0.1 (+job-board-ingestion)"
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
ATTEMPTS = 2


def make_client(timeout: float = 30.0) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(timeout, connect=10.0),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        follow_redirects=True,
    )


def get_json(client: httpx.Client, url: str, params: dict[str, str], *, what: str) -> Any:
    """GET a JSON document; a connection blip is retried once straight away, anything else is
    left to the task's backoff."""
    last: Exception | None = None
    for attempt in range(ATTEMPTS):
        try:
            with client.stream("GET", url, params=params) as response:
                if response.status_code == 404:
                    raise BoardNotFound(f"{what}: not found (HTTP 404)")
                if response.status_code == 429 or response.status_code >= 500:
                    retry_after = retry_after_seconds(response.headers.get("retry-after"))
                    raise BoardUnavailable(
                        f"{what}: HTTP {response.status_code}", retry_after=retry_after
                    )
                if response.status_code >= 400:
                    raise BoardError(f"{what}: HTTP {response.status_code}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > MAX_RESPONSE_BYTES:
                        raise BoardError(f"{what}: response larger than {MAX_RESPONSE_BYTES} bytes")
            try:
                return json.loads(bytes(body))
            except ValueError:
                raise BoardUnavailable(f"{what}: the response is not JSON") from None
        except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError) as exc:
            last = exc
            if attempt + 1 < ATTEMPTS:
                time.sleep(0.2)
                continue
        except httpx.TimeoutException as exc:
            raise BoardUnavailable(f"{what}: timed out ({type(exc).__name__})") from None
    raise BoardUnavailable(f"{what}: {type(last).__name__}: {last}")


def company_from_token(token: str) -> str:
    """ "acme-robotics" -> "Acme Robotics": the boards' public APIs do not name the company."""
    words = token.replace("_", "-").replace(".", "-").split("-")
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or token


def fetch_job_list(
    client: httpx.Client, url: str, params: dict[str, str], *, kind: str, token: str
) -> list[Any]:
    """The `jobs` array of a board's JSON answer (Greenhouse and Ashby share this shape)."""
    data = get_json(client, url, params, what=f"{kind} board {token}")
    jobs = data.get("jobs") if isinstance(data, dict) else None
    if not isinstance(jobs, list):
        raise BoardError(f"{kind} board {token}: no 'jobs' list in the response")
    return jobs


class HttpBoard(ABC):
    """A board read over HTTP: list its jobs as JSON, convert each to a RawPosting (jobs that
    cannot be converted are skipped)."""

    kind: str

    def __init__(self, base_url: str, client: httpx.Client | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = client or make_client()

    def fetch(self, token: str) -> list[RawPosting]:
        postings = (self.posting(job, token) for job in self.list_jobs(token))
        return [p for p in postings if p is not None]

    @abstractmethod
    def list_jobs(self, token: str) -> list[Any]:
        """The board's jobs as its API sends them."""

    @abstractmethod
    def posting(self, job: Any, token: str) -> RawPosting | None: ...

    def job_list(self, url: str, params: dict[str, str], token: str) -> list[Any]:
        return fetch_job_list(self.client, url, params, kind=self.kind, token=token)
