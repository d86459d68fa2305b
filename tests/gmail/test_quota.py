"""Pacing under Gmail's per-user quota: the fake Google enforces it as Google does (a moving
window, 429 with Google's error body), and a scan paced by the token bucket stays under it."""

from __future__ import annotations

import contextlib
import threading
import time
from email.message import EmailMessage

import httpx
import pytest

from core.gmail.quota import LocalQuota, QuotaPacer, QuotaSpec
from core.tasks.errors import TransientError
from integrations.container import Services
from integrations.gmail.quota import RedisQuota
from tests.fakes.gmail_server import FakeGoogle
from tests.gmail.conftest import MAILBOX, Scanner


def _message(n: int) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = f"Receipt {n}"
    msg["From"] = "shop@example.com"
    msg["To"] = MAILBOX
    msg["Message-ID"] = f"<receipt-{n}@example.com>"
    msg.set_content("Thanks for your order.")
    return msg.as_bytes()


def test_the_fake_refuses_calls_over_the_per_user_window(fake_google: FakeGoogle) -> None:
    fake_google.quota_units, fake_google.quota_window_seconds = 12, 2.0
    fake_google.add_account(MAILBOX)
    fake_google.add_account("other@example.com")
    mine = {"Authorization": "Bearer " + fake_google._new_access_token(MAILBOX)}
    theirs = {"Authorization": "Bearer " + fake_google._new_access_token("other@example.com")}
    url = f"{fake_google.url}/gmail/v1/users/me/messages"

    answers = [httpx.get(url, headers=mine) for _ in range(3)]  # 5 units each

    assert [a.status_code for a in answers] == [200, 200, 429]
    error = answers[2].json()["error"]
    assert error["code"] == 429 and error["status"] == "RESOURCE_EXHAUSTED"
    assert error["errors"][0]["reason"] == "rateLimitExceeded"
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 2
    # A profile (1 unit) still fits; another account has its own window.
    assert httpx.get(f"{url[:-9]}/profile", headers=mine).status_code == 200
    assert httpx.get(url, headers=theirs).status_code == 200
    assert [(c.method, c.units, c.status) for c in fake_google.calls if c.account == MAILBOX] == [
        ("messages.list", 5, 200),
        ("messages.list", 5, 200),
        ("messages.list", 5, 429),
        ("getProfile", 1, 200),
    ]
    time.sleep(2.05)  # the window moves on
    assert httpx.get(url, headers=mine).status_code == 200


@pytest.fixture(params=["redis", "local"])
def make_quota(request: pytest.FixtureRequest, services: Services):
    def make(user_id: str, spec: QuotaSpec) -> QuotaPacer:
        if request.param == "redis":
            return RedisQuota(services.redis, user_id, spec)
        return LocalQuota.for_user(user_id, spec)

    return make


def test_the_bucket_holds_every_holder_to_the_rate(make_quota) -> None:
    spec = QuotaSpec(rate=200.0, burst=20.0)
    taken: list[int] = []
    stop = time.monotonic() + 1.0

    def worker() -> None:
        quota = make_quota("u-shared", spec)  # each worker its own client, one bucket
        while time.monotonic() < stop:
            quota.take(5)
            taken.append(5)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    # At most the burst plus the rate over the time spent (and one call per worker in flight).
    assert sum(taken) <= spec.burst + spec.rate * elapsed + 15
    assert sum(taken) >= spec.rate * 0.8  # and the rate is actually used
    # Another user's bucket is full.
    assert make_quota("u-other", spec).reserve(20) == 0


def test_a_pause_holds_the_whole_account(make_quota) -> None:
    spec = QuotaSpec(rate=1000.0, burst=100.0)
    one, two = make_quota("u-paused", spec), make_quota("u-paused", spec)
    one.pause(0.6)
    assert two.reserve(1) > 0.4
    assert make_quota("u-free", spec).reserve(1) == 0
    time.sleep(0.65)
    assert two.take(1) < 0.1


def test_a_paced_first_scan_stays_under_the_quota(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    # 600 units in any 2 s; the bucket allows at most 250 + 150 x 2 = 550 in 2 s.
    fake_google.quota_units, fake_google.quota_window_seconds = 600, 2.0
    box = fake_google.add_account(MAILBOX)
    for n in range(150):
        box.deliver(_message(n))
    user = connect()
    quota = RedisQuota(services.redis, user["userId"], QuotaSpec(rate=150.0, burst=250.0))

    before = len(fake_google.calls)  # connecting read the profile
    started = time.monotonic()
    result = scanner(user["userId"], quota=quota)
    elapsed = time.monotonic() - started

    assert result.complete and result.processed == 150
    assert fake_google.quota_rejections() == 0 and scanner.slept == []
    units = sum(c.units for c in fake_google.calls[before:])
    assert units == 1 + 5 + 150 * 5  # profile, one listing, 150 gets
    assert elapsed >= (units - 250) / 150 * 0.9  # the bucket did the pacing


def test_unpaced_the_same_scan_meets_429s(
    connect, fake_google: FakeGoogle, scanner: Scanner
) -> None:
    fake_google.quota_units, fake_google.quota_window_seconds = 600, 2.0
    box = fake_google.add_account(MAILBOX)
    for n in range(150):
        box.deliver(_message(n))
    user = connect()
    # Throttled until it gives up, or through with retries: either way Google said 429.
    with contextlib.suppress(TransientError):
        scanner(user["userId"])
    assert fake_google.quota_rejections() > 0


def test_a_429_pauses_the_account_for_its_retry_after(
    connect, fake_google: FakeGoogle, scanner: Scanner, services: Services
) -> None:
    box = fake_google.add_account(MAILBOX)
    box.deliver(_message(1))
    user = connect()
    quota = RedisQuota(services.redis, user["userId"], QuotaSpec())
    fake_google.fail_next("(batch part)", 429, retry_after="2")

    started = time.monotonic()
    result = scanner(user["userId"], quota=quota)

    assert result.complete and scanner.slept and scanner.slept[0] >= 2
    # The test's sleep returns at once, so the time spent is the account's pause in Redis,
    # which every worker calling Gmail for this account waits out.
    assert time.monotonic() - started >= 1.8
