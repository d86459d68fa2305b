"""Runs the web app's browser tests (frontend/e2e, @playwright/test with Debian's Chromium)
against the real stack started here. Exit code: Playwright's. Extra arguments go to
`playwright test` (a spec file, --grep ...)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.e2e.stack import ROOT, start_stack


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
    with tempfile.TemporaryDirectory(prefix="career-agent-e2e-") as tmp:
        stack = start_stack(Path(tmp) / "data")
        try:
            assert stack.settings.dev_outbox_dir is not None
            env = {
                **os.environ,
                "E2E_BASE_URL": stack.base_url,
                "E2E_OUTBOX_DIR": str(stack.settings.dev_outbox_dir),
                "E2E_ARTIFACTS_DIR": str(artifacts),
                "CHROMIUM_PATH": browser,
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


if __name__ == "__main__":
    raise SystemExit(main())
