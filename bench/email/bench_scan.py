"""A first Gmail scan of 10,000 messages in a real Celery worker, against the fake Google.

Measures messages per second from enqueueing the scan until every message is processed, and
the peak resident memory of the worker's pool process. Writes the "firstScan" section of
bench/results/email.json.

    uv run python -m bench.email.bench_scan [--messages 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.clock import iso  # noqa: E402
from core.crypto.tokens import cipher_from_settings  # noqa: E402
from core.tasks.runs import enqueue  # noqa: E402
from integrations.container import build_services  # noqa: E402
from tests.fakes.gmail_server import FakeGoogle  # noqa: E402
from tests.support.env import make_settings, settings_env  # noqa: E402
from tests.support.processes import CeleryWorker, start_redis  # noqa: E402

CORPUS = ROOT / "tests" / "email" / "corpus"
RESULTS = ROOT / "bench" / "results" / "email.json"
ADDRESS = "bench@example.com"
INTERVIEW_SHARE = 0.02  # about one message in fifty is about an interview


def _synthetic(n: int, rng: random.Random) -> bytes:
    kinds = [
        ("Your order #{n} has shipped", "Your package is on its way and arrives Thursday."),
        ("Weekly team update {n}", "Sprint demo on Friday at 3pm in the big room. Agenda below."),
        ("Re: dinner plans", "Sounds good, see you Saturday at 7:30pm!"),
        ("Receipt for your payment", "We received your payment of $42.00 on March 3."),
        ("New comment on your post", "Someone replied to your post. Reply or view it online."),
    ]
    subject, body = kinds[n % len(kinds)]
    msg = EmailMessage()
    msg["Subject"] = subject.format(n=n)
    msg["From"] = f"Sender {n % 97} <sender{n % 97}@example{n % 13}.com>"
    msg["To"] = ADDRESS
    msg["Date"] = "Mon, 11 Mar 2024 09:00:00 +0000"
    msg["Message-ID"] = f"<bench-{n}@example.com>"
    msg.set_content((body + "\n") * rng.randint(1, 6))
    return msg.as_bytes()


def _mailbox(fake: FakeGoogle, count: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    labels = json.loads((CORPUS / "labels.json").read_text("utf-8"))
    positives = [CORPUS / n for n, v in labels.items() if v["isInterview"]]
    negatives = [CORPUS / n for n, v in labels.items() if not v["isInterview"]]
    box = fake.add_account(ADDRESS)
    interviews = 0
    for n in range(count):
        roll = rng.random()
        if roll < INTERVIEW_SHARE:
            raw = rng.choice(positives).read_bytes()
            interviews += 1
        elif roll < 0.25:
            raw = rng.choice(negatives).read_bytes()
        else:
            raw = _synthetic(n, rng)
        box.deliver(raw)
    return interviews


def _peak_rss_kib(pids: list[int]) -> int:
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak


def run(count: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    redis_server = start_redis(work / "redis")
    fake = FakeGoogle().start()
    worker: CeleryWorker | None = None
    try:
        settings = make_settings(work / "data", redis_server.url, **fake.settings_overrides())
        services = build_services(settings)
        services.store.init()
        built = time.perf_counter()
        _mailbox(fake, count)
        print(f"mailbox of {count} messages built in {time.perf_counter() - built:.1f} s")
        user_id = "bench-user"
        services.store.put(
            "GmailAccounts",
            {
                "userId": user_id,
                "email": ADDRESS,
                "status": "connected",
                "refreshTokenEncrypted": cipher_from_settings(settings).encrypt(
                    fake.issue_refresh_token(ADDRESS)
                ),
                "connectedAt": iso(),
                "historyId": None,
                "counts": {"messagesScanned": 0, "interviewsFound": 0, "scans": 0},
            },
            expected_version=0,
        )
        worker = CeleryWorker(env=settings_env(settings), log_path=work / "worker.log")
        worker.start()
        children = worker.child_pids()
        started = time.perf_counter()
        enqueue(
            services.store,
            services.queue,
            user_id=user_id,
            kind="gmail.scan",
            params={"userId": user_id},
        )
        deadline = time.monotonic() + 1800
        while time.monotonic() < deadline:
            runs = [
                r
                for r in services.store.query("TaskRuns", user_id, index="UserIdIndex")
                if r["kind"] == "gmail.scan"
            ]
            done = runs and all(r["status"] in ("succeeded", "failed") for r in runs)
            if done and any(r.get("result", {}) and r["result"].get("complete") for r in runs):
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"the scan did not finish:\n{worker.log_tail()}")
        elapsed = time.perf_counter() - started
        children = sorted(set(children) | set(worker.child_pids()))
        peak_kib = _peak_rss_kib(children)
        processed = len(services.store.query("ProcessedMessages", user_id))
        interviews = len(services.store.query("Interviews", user_id, index="UserIdIndex"))
        failed = [r for r in runs if r["status"] == "failed"]
        if processed != count or failed:
            raise RuntimeError(f"processed {processed} of {count}; failed runs: {failed}")
        return {
            "messages": count,
            "seconds": round(elapsed, 1),
            "messagesPerSecond": round(count / elapsed, 1),
            "workerPeakRssMiB": round(peak_kib / 1024, 1),
            "taskRuns": len(runs),
            "interviewsRecorded": interviews,
            "batchRequests": sum(1 for r in fake.requests if r == "POST /batch/gmail/v1"),
            "note": "one worker process (prefork, concurrency 1), SQLite store, fake Gmail on "
            "127.0.0.1 without network latency; a run hands over to a new run after 60% of the "
            "soft time limit",
        }
    finally:
        if worker is not None:
            worker.stop()
        fake.stop()
        redis_server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    result = run(args.messages)
    print(json.dumps(result, indent=2))
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        current = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
        current["firstScan"] = result
        RESULTS.write_text(json.dumps(current, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
