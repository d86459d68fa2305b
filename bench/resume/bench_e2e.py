"""Upload → analysis ready, end to end: uvicorn and a real Celery worker in their own
processes, a private Redis, the embedded store; 20 people upload at the same moment and each
polls `GET /api/resume/{id}` (every 250 ms, as the web app does) until it is done. The time
to ready is measured from the start of the upload to the moment the analysis was stored
(`analyzedAt`, same machine clock), so it does not depend on the polling interval. Records the
worker's peak memory.

Run: `uv run python -m bench.resume.bench_e2e [--uploads 20] [--rounds 3]
[--worker-concurrency 2]`; writes the "endToEnd" section of bench/results/resume.json.
Target: p95 under 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.resume.bench_extract import pct, write_section
from bench.resume.corpus import corpus
from bench.support import bench_env
from integrations.localstack.redis_server import free_port, start_redis
from tests.support.accounts import sign_up

ROOT = Path(__file__).resolve().parents[2]


def make_user(base: str, outbox: Path, n: int) -> dict[str, str]:
    email = f"resume-bench{n}@example.com"
    with httpx.Client(base_url=base, timeout=60) as c:
        token = sign_up(c, outbox, email, f"B{n}")
    return {"Authorization": f"Bearer {token['accessToken']}"}


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for child in children:
        out.extend(_tree(int(child)))
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


class MemoryWatch:
    """Samples the resident memory of a process tree (the Celery worker and its children)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_total_kb = 0
        self.peak_process_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            sizes = [_status_kb(p, "VmRSS") for p in pids]
            self.peak_total_kb = max(self.peak_total_kb, sum(sizes))
            self.peak_process_kb = max(
                [self.peak_process_kb, *(_status_kb(p, "VmHWM") for p in pids)]
            )
            self._stop.wait(0.02)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def wait_ready(base: str, url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not come up")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--api-workers", type=int, default=2)
    args = parser.parse_args()
    docs = [d for d in corpus(max(args.uploads, 40)) if not d.name.startswith("sample")]

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        redis = start_redis(Path(tmp) / "redis")
        port = free_port()
        env = bench_env(data, redis.url, port, LLM_BACKEND="local")
        subprocess.run([sys.executable, "-m", "cli.main", "db", "init"], cwd=ROOT, env=env,
                       check=True, capture_output=True)  # fmt: skip
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.api_workers),
             "--no-access-log", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        worker_log = (Path(tmp) / "worker.log").open("wb")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker",
             "--loglevel=WARNING", "--pool=prefork",
             f"--concurrency={args.worker_concurrency}", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        latencies: list[float] = []
        upload_ms: list[float] = []
        failures: list[str] = []
        try:
            wait_ready(base, f"{base}/api/health")
            users = [make_user(base, data / "outbox", n) for n in range(args.uploads)]
            # One warm-up upload so the worker's first-task imports are not in the figures.
            warm = httpx.post(
                f"{base}/api/resume",
                headers=users[0],
                files={"file": ("warm.pdf", docs[0].data, "application/pdf")},
                timeout=60,
            ).json()
            _poll(base, users[0], warm["resumeId"], 120)
            # One at a time, for the unloaded figure.
            sequential: list[float] = []
            sequential_upload: list[float] = []
            for doc in docs[1:9]:
                wall = time.time()
                t = time.perf_counter()
                r = httpx.post(
                    f"{base}/api/resume",
                    headers=users[1],
                    files={"file": (doc.name, doc.data, "application/octet-stream")},
                    timeout=60,
                )
                sequential_upload.append(time.perf_counter() - t)
                _, ready_at = _poll(base, users[1], r.json()["resumeId"], 60)
                sequential.append(ready_at - wall)
            time.sleep(1)
            with MemoryWatch(worker.pid) as memory:
                for round_no in range(args.rounds):
                    barrier = threading.Barrier(args.uploads)
                    lock = threading.Lock()

                    def one(
                        n: int,
                        round_no: int = round_no,
                        barrier: threading.Barrier = barrier,
                        lock: threading.Lock = lock,
                    ) -> None:
                        doc = docs[(round_no * args.uploads + n) % len(docs)]
                        kind = (
                            "application/pdf" if doc.kind == "pdf" else "application/octet-stream"
                        )
                        barrier.wait()
                        wall = time.time()
                        t = time.perf_counter()
                        r = httpx.post(
                            f"{base}/api/resume",
                            headers=users[n],
                            files={"file": (doc.name, doc.data, kind)},
                            timeout=60,
                        )
                        t_up = time.perf_counter()
                        if r.status_code != 202:
                            with lock:
                                failures.append(f"upload {r.status_code}: {r.text[:200]}")
                            return
                        status, ready_at = _poll(base, users[n], r.json()["resumeId"], 60)
                        elapsed = ready_at - wall
                        with lock:
                            if status != "done":
                                failures.append(f"analysis ended {status}")
                            latencies.append(elapsed)
                            upload_ms.append(t_up - t)

                    threads = [threading.Thread(target=one, args=(n,)) for n in range(args.uploads)]
                    for th in threads:
                        th.start()
                    for th in threads:
                        th.join()
        finally:
            for proc in (server, worker):
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
            worker_log.close()
            redis.stop()

    figures = {
        "concurrentUploads": args.uploads,
        "rounds": args.rounds,
        "samples": len(latencies),
        "workerConcurrency": args.worker_concurrency,
        "uvicornWorkers": args.api_workers,
        "pollIntervalMs": 250,
        "analyzer": "local",
        "failures": failures,
        "uploadToReadyMs": {
            "p50": pct(latencies, 0.5),
            "p95": pct(latencies, 0.95),
            "max": round(max(latencies) * 1000, 1),
            "mean": round(statistics.mean(latencies) * 1000, 1),
        },
        "uploadRequestMs": {"p50": pct(upload_ms, 0.5), "p95": pct(upload_ms, 0.95)},
        "oneAtATimeMs": {
            "uploadToReady": {"p50": pct(sequential, 0.5), "max": pct(sequential, 1.0)},
            "uploadRequest": {"p50": pct(sequential_upload, 0.5)},
        },
        "loadAverageAtEnd": os.getloadavg()[0],
        "workerPeakMemoryMB": {
            "allProcessesRss": round(memory.peak_total_kb / 1024, 1),
            "largestProcessHighWater": round(memory.peak_process_kb / 1024, 1),
        },
        "target": {"p95Ms": 2000},
        "metTarget": pct(latencies, 0.95) < 2000 and not failures,
    }
    write_section("endToEnd", figures)
    import json

    print(json.dumps(figures, indent=2))


def _poll(base: str, headers: dict[str, str], rid: str, timeout: float) -> tuple[str, float]:
    """The final status, and when (epoch seconds) the analysis was stored."""
    from core.clock import parse_iso

    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base, timeout=30) as c:
        while time.monotonic() < deadline:
            body = c.get(f"/api/resume/{rid}", headers=headers).json()
            if body.get("status") in ("done", "failed"):
                at = body.get("analyzedAt")
                return str(body["status"]), parse_iso(at).timestamp() if at else time.time()
            time.sleep(0.25)
    return "timeout", time.time()


if __name__ == "__main__":
    main()
