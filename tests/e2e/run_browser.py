"""Runs the web app's browser tests (frontend/e2e, @playwright/test with Debian's Chromium)
against the real stack started here, with a fake Google holding a job seeker's mailbox. Exit
code: Playwright's. Extra arguments go to `playwright test` (a spec file, --grep ...)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.e2e.stack import ROOT, start_stack
from tests.fakes.gmail_server import FakeGoogle
from tests.gmail.tracker_mailbox import build

MAILBOX = "jamie.rivera@gmail.com"
# Each Gmail request waits this long, so that the first scan's progress can be watched.
GMAIL_LATENCY_SECONDS = 0.4


def fake_google_with_mailbox() -> FakeGoogle:
    fake = FakeGoogle(latency_seconds=GMAIL_LATENCY_SECONDS).start()
    box = fake.add_account(MAILBOX)
    fake.consent_email = MAILBOX
    for mail in sorted(build(datetime.now(UTC)).mails, key=lambda m: m.sent):
        box.deliver(mail.raw, thread_id=mail.thread, received_ms=int(mail.sent.timestamp() * 1000))
    return fake


def control_server(fake: FakeGoogle) -> ThreadingHTTPServer:
    """What the journey may ask of the fake Google: POST /revoke makes it refuse the saved
    authorization from then on, as Google does after the person revokes access."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != "/revoke":
                self.send_error(404)
                return
            fake.revoke_refresh_tokens(MAILBOX)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def main() -> int:
    browser = chromium_path()
    if browser is None:
        sys.stderr.write("browser tests need Chromium: install the 'chromium' package\n")
        return 1
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    # oauthlib refuses a plain-http token endpoint (the fake Google's) unless told it is local.
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    fake = fake_google_with_mailbox()
    control = control_server(fake)
    with tempfile.TemporaryDirectory(prefix="career-agent-e2e-") as tmp:
        stack = start_stack(Path(tmp) / "data", **fake.settings_overrides())
        try:
            assert stack.settings.dev_outbox_dir is not None
            env = {
                **os.environ,
                "E2E_BASE_URL": stack.base_url,
                "E2E_OUTBOX_DIR": str(stack.settings.dev_outbox_dir),
                "E2E_ARTIFACTS_DIR": str(artifacts),
                "CHROMIUM_PATH": browser,
                "E2E_GOOGLE_CONTROL_URL": f"http://127.0.0.1:{control.server_address[1]}",
                "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
            }
            result = subprocess.run(
                ["npx", "--no-install", "playwright", "test", *sys.argv[1:]],
                cwd=ROOT / "frontend",
                env=env,
                check=False,
            )
            if result.returncode != 0:
                log = Path(tmp) / "data" / "stack.log"
                tail = log.read_text(errors="replace").splitlines()[-40:] if log.exists() else []
                sys.stderr.write("stack log (last lines):\n" + "\n".join(tail) + "\n")
            return result.returncode
        finally:
            stack.stop()
            control.shutdown()
            fake.stop()


if __name__ == "__main__":
    raise SystemExit(main())
