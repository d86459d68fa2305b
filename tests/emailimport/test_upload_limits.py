"""Uploads over the size limit answer 413 (declared or counted as they stream), and bad
uploads 422, with nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.settings import Settings
from integrations.container import Services
from tests.emailimport.mail import mbox, message
from tests.support.env import make_settings


@pytest.fixture
def settings(tmp_path: Path, redis_url: str) -> Settings:
    return make_settings(tmp_path / "data", redis_url, email_import_max_bytes=100_000)


def test_uploads_over_the_limit_and_bad_uploads_are_refused(
    client: TestClient, services: Services, signup_and_login: Callable[..., dict]
) -> None:
    user = signup_and_login()
    big = mbox([message(n, body="x" * 2000) for n in range(100)])  # about 230 KB
    r = client.post(
        "/api/email/imports", headers=user["headers"], files={"file": ("big.mbox", big)}
    )
    assert r.status_code == 413, r.text
    error = r.json()["error"]
    assert error["code"] == "file_too_large" and "98 KB limit" in error["message"]

    # Without a declared length the body is counted as it streams.
    def chunks():
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.mbox"\r\n\r\n'
        for _ in range(40):
            yield b"y" * 8192
        yield b"\r\n--b--\r\n"

    r = client.post(
        "/api/email/imports",
        headers={**user["headers"], "Content-Type": "multipart/form-data; boundary=b"},
        content=chunks(),
    )
    assert r.status_code == 413, r.text

    r = client.post("/api/email/imports", headers=user["headers"], content=b"From x")
    assert r.status_code == 422 and "multipart" in r.json()["error"]["message"]
    r = client.post("/api/email/imports", headers=user["headers"], data={"note": "no file"})
    assert r.status_code == 422, r.text
    r = client.post(
        "/api/email/imports", headers=user["headers"], files={"file": ("empty.mbox", b"")}
    )
    assert r.status_code == 422, r.text
    # The web app capitalises a message's first letter: the file's name must not come first,
    # or it would read "Empty.mbox".
    assert r.json()["error"]["message"].startswith("the file “empty.mbox” is empty")
    assert services.store.query("EmailImports", user["userId"]) == []
