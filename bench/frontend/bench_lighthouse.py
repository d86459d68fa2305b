"""The web app as a phone sees it: Lighthouse over the main pages, signed in, against the real
stack (frontend/scripts/lighthouse.mjs), plus first-visit timings and build sizes. Writes the
figures into bench/results/frontend.json, keeping the keys other runs recorded there.
Targets: mobile Performance >= 90, CLS <= 0.1, Accessibility 100, SEO 100 on every page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.e2e.run_browser import chromium_path
from tests.e2e.stack import ROOT, start_stack

RESULTS = ROOT / "bench" / "results" / "frontend.json"


def main() -> int:
    browser = chromium_path()
    if browser is None:
        sys.stderr.write("the Lighthouse bench needs Chromium: install the 'chromium' package\n")
        return 1
    with tempfile.TemporaryDirectory(prefix="career-agent-lighthouse-") as tmp:
        stack = start_stack(Path(tmp) / "data")
        try:
            assert stack.settings.dev_outbox_dir is not None
            env = {
                **os.environ,
                "E2E_BASE_URL": stack.base_url,
                "E2E_OUTBOX_DIR": str(stack.settings.dev_outbox_dir),
                "CHROME_PATH": browser,
            }
            run = subprocess.run(
                ["node", "scripts/lighthouse.mjs"],
                cwd=ROOT / "frontend",
                env=env,
                check=False,
                stdout=subprocess.PIPE,
            )
        finally:
            stack.stop()
    if run.returncode != 0:
        return run.returncode
    figures = json.loads(run.stdout)
    recorded = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    recorded.update(figures)
    RESULTS.write_text(json.dumps(recorded, indent=2) + "\n")
    pages = figures["lighthouse"]["pages"]
    misses = [
        f"{route}: {key} {value}"
        for route, page in pages.items()
        for key, value in page.items()
        if (key == "performance" and value < 90)
        or (key in ("accessibility", "seo") and value < 100)
        or (key == "cumulativeLayoutShift" and value > 0.1)
    ]
    for miss in misses:
        print(f"below target: {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
