"""The fault-injection ledger: accept many tasks through the API of a real `career-agent serve`,
break its parts while they run, and account for every task and every effect afterwards.

Faults, in order: SIGKILL the Celery workers (each worker's whole process group), twice; kill
Redis and start it again empty; SIGKILL every process of the `career-agent serve` tree and
start it again. The ledger then waits until no run is open and counts: runs per final status,
effects per task (TaskEffects: one per diagnostic, one per analysed resume version), runs lost
or left open, and how long the last fault took to heal.

Used by tests/platform/test_fault_ledger.py (≥300 tasks) and bench/durability (≥1,000).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from core.clock import parse_iso
from integrations.localstack.redis_server import StartedRedis, free_port, start_redis
from integrations.storage.sqlite import SqliteStore
from tests.resume import samples
from tests.resume.builders import build_txt
from tests.support.accounts import bearer, sign_up

ROOT = Path(__file__).resolve().parents[2]
OPEN = frozenset({"queued", "running", "retrying"})
# The ways a run may legitimately end failed (docs/tasks.md); any other failure is a bug.
DOCUMENTED_FAILURES = ("gave up after",)
RESUMES = [
    samples.SOFTWARE_ENGINEER,
    samples.NURSE,
    samples.SALES,
    samples.TEACHER,
    samples.DATA_ANALYST,
]


def tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc; children of every thread, since a
    Celery worker forks its pool processes from more than one)."""
    out = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found = children.read_text().split()
        except OSError:
            continue
        for child in found:
            out.extend(tree(int(child)))
    return out


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@dataclass
class Serve:
    """`career-agent serve` as `make run` starts it, with its own data folder and port."""

    env: dict[str, str]
    log_path: Path
    base_url: str
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--no-seed"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited early:\n{self.log_tail()}")
            if self.ready() and len(self.worker_pids()) == 2:
                return
            time.sleep(0.2)
        raise RuntimeError(f"serve was not ready in {timeout} s:\n{self.log_tail()}")

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.base_url}/api/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def worker_pids(self) -> list[int]:
        """The main process of each Celery worker (each leads its own process group)."""
        if self.process is None:
            return []
        return [
            pid
            for pid in tree(self.process.pid)
            if " worker " in cmdline(pid) and _group_of(pid) == pid
        ]

    def kill_workers(self) -> int:
        """SIGKILL each worker's whole process group (main process and pool children)."""
        killed = 0
        for pid in self.worker_pids():
            try:
                os.killpg(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        return killed

    def kill_tree(self) -> int:
        """SIGKILL every process of the serve tree at once, as a power cut would."""
        if self.process is None:
            return 0
        pids = tree(self.process.pid)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(10)
        return len(pids)

    def stop(self) -> None:
        if self.process is None:
            return
        pids = tree(self.process.pid)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(40)
        for pid in pids:  # whatever outlived a clean stop
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def log_tail(self, n: int = 80) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except FileNotFoundError:
            return ""


@dataclass
class LedgerResult:
    accepted: int
    by_kind: dict[str, int]
    statuses: dict[str, int]
    lost: int  # accepted, but no run in the store
    left_open: int  # still queued/running/retrying at the end
    undocumented_failures: list[str]
    duplicated_effects: int  # tasks (or resume versions) with more than one effect
    missing_effects: int  # succeeded tasks without their effect
    redelivered: int  # runs a worker started more than once
    resent: int  # runs the recovery loop sent again
    faults: list[dict[str, Any]]
    recovery_seconds: float | None  # from the last fault to the last run finished
    total_seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "byKind": self.by_kind,
            "statuses": self.statuses,
            "lost": self.lost,
            "leftOpen": self.left_open,
            "undocumentedFailures": self.undocumented_failures[:10],
            "duplicatedEffects": self.duplicated_effects,
            "missingEffects": self.missing_effects,
            "redelivered": self.redelivered,
            "resent": self.resent,
            "faults": self.faults,
            "recoverySeconds": self.recovery_seconds,
            "totalSeconds": round(self.total_seconds, 1),
        }


# Short recovery bounds, so healing takes seconds here rather than a minute.
SHORT_BOUNDS = {
    "TASK_QUEUED_TIMEOUT_SECONDS": "4",
    "TASK_LEASE_SECONDS": "3",
    "TASK_RECOVERY_INTERVAL_SECONDS": "1",
    "TASK_MAX_RESENDS": "100",
}


@dataclass
class Ledger:
    workdir: Path
    diagnostics: int
    resumes: int
    users: int = 6
    delay_seconds: float = 0.3
    deadline_after_last_fault: float = 180.0
    bounds: dict[str, str] = field(default_factory=lambda: dict(SHORT_BOUNDS))
    say: Callable[[str], None] = field(default=lambda text: print(text, flush=True))

    def __post_init__(self) -> None:
        self.data = self.workdir / "data"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.redis_port = free_port()
        self.redis: StartedRedis | None = None
        self.accepted: dict[str, str] = {}  # taskId -> kind
        self.faults: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    # --- parts ----------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "ENVIRONMENT": "development",
            "DATA_DIR": str(self.data),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "PORT": str(self.port),
            "FRONTEND_DIST_DIR": str(self.data / "no-frontend"),
            "LOG_LEVEL": "WARNING",
            "LOG_JSON": "true",
            "RATE_LIMIT_PER_MINUTE": "1000000",
            **self.bounds,
            # The ledger is one load, not a fairness test: the per-person limits stand aside.
            "TASK_MAX_OPEN_INTERACTIVE_PER_USER": "100000",
            "TASK_MAX_OPEN_BACKGROUND_PER_USER": "100000",
            "GMAIL_SCAN_INTERVAL_MINUTES": "0",
            "JOB_INGEST_INTERVAL_MINUTES": "0",
        }

    def start_redis(self) -> None:
        """A Redis without persistence: when killed, it comes back empty."""
        workdir = self.workdir / f"redis-{len(self.faults)}"
        self.redis = start_redis(workdir, port=self.redis_port)

    def store(self) -> SqliteStore:
        return SqliteStore(self.data / "career-agent.db")

    # --- work -----------------------------------------------------------------------------

    def _sign_up(self) -> list[dict[str, str]]:
        with httpx.Client(base_url=self.base_url, timeout=60) as client:
            return [
                bearer(sign_up(client, self.data / "outbox", f"ledger{n}@example.com", f"L{n}"))
                for n in range(self.users)
            ]

    def _enqueue(self, headers: list[dict[str, str]]) -> None:
        jobs: list[tuple[str, int]] = [("diagnostics", n) for n in range(self.diagnostics)]
        jobs += [("resume", n) for n in range(self.resumes)]
        jobs.sort(key=lambda job: job[1])  # interleave the kinds
        files = [build_txt(spec) for spec in RESUMES]

        def one(job: tuple[str, int]) -> None:
            kind, n = job
            with httpx.Client(base_url=self.base_url, timeout=60) as client:
                if kind == "diagnostics":
                    r = client.post(
                        "/api/tasks/diagnostics",
                        json={"delaySeconds": self.delay_seconds},
                        headers=headers[n % len(headers)],
                    )
                    task_kind = "system.diagnostics"
                else:
                    r = client.post(
                        "/api/resume",
                        files={"file": (f"cv{n}.txt", files[n % len(files)], "text/plain")},
                        headers=headers[n % len(headers)],
                    )
                    task_kind = "resume.analyze"
            if r.status_code != 202:
                raise AssertionError(f"{kind} refused: {r.status_code} {r.text[:200]}")
            with self._lock:
                self.accepted[r.json()["taskId"]] = task_kind

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(one, jobs))

    def _open_ids(self) -> set[str]:
        store = self.store()
        try:
            return {
                run["taskId"]
                for run in store.scan("TaskRuns")
                if run["taskId"] in self.accepted and run["status"] in OPEN
            }
        finally:
            store.close()

    def _api_answers(self) -> bool:
        try:
            return httpx.get(f"{self.base_url}/api/health", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    def _open_count(self) -> int:
        return len(self._open_ids())

    def _fault(self, name: str, action: Callable[[], object]) -> None:
        open_before = self._open_ids()
        wall = time.time()
        killed = action()
        # The API answers while the rest is down (health, not readiness: the broker may be).
        api_up = self._api_answers()
        self.faults.append(
            {"fault": name, "at": round(time.monotonic() - self._t0, 1), "killed": killed,
             "openRuns": len(open_before), "wall": wall, "open": open_before, "apiUp": api_up}
        )  # fmt: skip
        self.say(f"  fault: {name} ({len(open_before)} runs open)")

    # --- the run --------------------------------------------------------------------------

    def run(self, pause: float = 5.0) -> LedgerResult:
        self._t0 = time.monotonic()
        self.start_redis()
        serve = Serve(self.env(), self.workdir / "serve.log", self.base_url)
        try:
            serve.start()
            headers = self._sign_up()
            self._enqueue(headers)
            self.say(f"  accepted {len(self.accepted)} tasks")
            self._fault("SIGKILL both workers", serve.kill_workers)
            time.sleep(pause)
            self._fault("SIGKILL both workers again", serve.kill_workers)
            time.sleep(pause)
            self._fault("kill Redis, start it again empty", self._restart_redis_empty)
            time.sleep(pause)
            self._fault("SIGKILL the whole serve tree", serve.kill_tree)
            last_fault = time.monotonic()
            serve.start()
            finished_at = self._wait_until_settled(last_fault, serve)
            result = self._account(last_fault, finished_at)
        finally:
            serve.stop()
            if self.redis is not None:
                self.redis.stop()
        return result

    def _restart_redis_empty(self) -> int:
        assert self.redis is not None
        self.redis.process.kill()
        self.redis.process.wait(10)
        time.sleep(1.0)  # down for a moment: sends fail, workers lose their connection
        self.start_redis()
        return 1

    def _wait_until_settled(self, last_fault: float, serve: Serve) -> float | None:
        deadline = last_fault + self.deadline_after_last_fault
        while time.monotonic() < deadline:
            if self._open_count() == 0:
                return time.monotonic()
            time.sleep(0.5)
        self.say(serve.log_tail(40))
        return None

    def _account(self, last_fault: float, finished_at: float | None) -> LedgerResult:
        store = self.store()
        try:
            runs = {r["taskId"]: r for r in store.scan("TaskRuns") if r["taskId"] in self.accepted}
            effects = list(store.scan("TaskEffects"))
            versions = list(store.scan("ResumeVersions"))
        finally:
            store.close()
        statuses = Counter(run["status"] for run in runs.values())
        undocumented = [
            f"{run['kind']}: {run.get('error')}"
            for run in runs.values()
            if run["status"] == "failed"
            and not str(run.get("error") or "").startswith(DOCUMENTED_FAILURES)
        ]
        per_task = Counter(e["taskId"] for e in effects if e["kind"] == "diagnostics")
        per_version = Counter(e["effectId"] for e in effects if e["kind"] == "resume.analyze")
        per_resume = Counter(v["resumeId"] for v in versions)
        duplicated = (
            sum(1 for n in per_task.values() if n > 1)
            + sum(1 for n in per_version.values() if n > 1)
            + sum(1 for n in per_resume.values() if n > 1)
        )
        missing = 0
        for task_id, run in runs.items():
            if run["status"] != "succeeded":
                continue
            if run["kind"] == "system.diagnostics":
                missing += per_task[task_id] != 1
            else:
                params = run["params"]
                key = f"resume.analyze:{params['resumeId']}:{params['versionNumber']}"
                missing += per_version[key] != 1
        faults = []
        for fault in self.faults:
            # How long until every run that was open at this fault had finished.
            ends = [
                parse_iso(runs[t]["finishedAt"]).timestamp()
                for t in fault["open"]
                if t in runs and runs[t].get("finishedAt")
            ]
            settled = round(max(ends) - fault["wall"], 1) if ends else None
            faults.append(
                {"fault": fault["fault"], "at": fault["at"], "killed": fault["killed"],
                 "apiUp": fault["apiUp"], "openRuns": fault["openRuns"],
                 "allOfThemFinishedAfterSeconds": settled}
            )  # fmt: skip
        return LedgerResult(
            accepted=len(self.accepted),
            by_kind=dict(Counter(self.accepted.values())),
            statuses=dict(statuses),
            lost=len(self.accepted) - len(runs),
            left_open=sum(statuses[s] for s in OPEN),
            undocumented_failures=undocumented,
            duplicated_effects=duplicated,
            missing_effects=missing,
            redelivered=sum(1 for run in runs.values() if int(run.get("deliveries", 0)) > 1),
            resent=sum(1 for run in runs.values() if int(run.get("resends") or 0) > 0),
            faults=faults,
            recovery_seconds=(
                round(finished_at - last_fault, 1) if finished_at is not None else None
            ),
            total_seconds=time.monotonic() - self._t0,
        )
