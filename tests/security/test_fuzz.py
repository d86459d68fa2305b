"""The running API fuzzed from its own OpenAPI document with schemathesis, signed in as a real
user: every operation with valid and invalid input, then stateful sequences that follow the
document's links. Any 5xx, or any answer the document does not describe (status, content
type, headers, body), fails the run.

The product runs as it does for a person (API server, worker, Redis, seeded jobs); the run is
deterministic and bounded by the example count below (about two minutes on two cores).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.stack import Stack, start_stack
from tests.support.accounts import bearer, sign_up

MAX_EXAMPLES = 80
# Erasing the account would sign the fuzzer out for the rest of the run; it has its own tests.
EXCLUDED_OPERATIONS = ("deleteMe",)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # A per-user limit high enough that the fuzzer explores instead of meeting 429s; the
    # sign-in throttles keep their defaults (their 429s are documented answers).
    # Gmail is configured (with an OAuth client that is never reached), so that its routes
    # answer as they do for a real deployment instead of "not configured".
    started = start_stack(
        tmp_path_factory.mktemp("fuzz") / "data",
        worker_concurrency=1,
        rate_limit_per_minute=1_000_000,
        google_client_id="fuzz-client.apps.googleusercontent.com",
        google_client_secret="fuzz-secret",
        google_token_uri="http://127.0.0.1:9/token",
        google_revoke_uri="http://127.0.0.1:9/revoke",
    )
    yield started
    started.stop()


@pytest.mark.slow
def test_the_api_answers_every_fuzzed_request_as_documented(stack: Stack, tmp_path: Path) -> None:
    assert stack.settings.dev_outbox_dir is not None
    with httpx.Client(base_url=stack.base_url, timeout=30) as client:
        tokens = sign_up(client, stack.settings.dev_outbox_dir, "fuzz@example.com", "Fuzz")
    token = bearer(tokens)["Authorization"]
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{stack.base_url}/api/openapi.json",
        "--header",
        f"Authorization: {token}",
        "--checks",
        "all",
        # A schema-valid request may still be refused by a rule the schema cannot state (an
        # address that is not an email, a job that does not exist, an unreadable file): those
        # are documented 4xx answers, not failures.
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "20240601",
        "--generation-deterministic",
        "--no-shrink",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
        *(f"--exclude-operation-id={op}" for op in EXCLUDED_OPERATIONS),
    ]
    started = time.monotonic()
    # Run from a scratch folder: schemathesis keeps a cache in its working directory.
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    elapsed = time.monotonic() - started
    print(done.stdout[-3000:])  # the run's summary: operations, cases, time
    assert done.returncode == 0, f"schemathesis failed after {elapsed:.0f} s:\n{done.stdout}"
