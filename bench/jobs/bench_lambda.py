"""`GET /api/jobs` on a cold API Lambda container, at 100,000 jobs.

What production does, with moto (a separate process) standing in for AWS: ingestion has
published the job index to S3 (setup, not timed: the index is built from synthetic postings and
published as the jobs worker publishes it); each trial starts a new process with the API
function's settings (DynamoDB, S3, Cognito, SQS; no Redis), which imports the Lambda handler,
answers its first `GET /api/jobs` and then a run of warm ones for signed-in users with
different profiles and queries. Nothing reads the Jobs table on this path, so the benchmark
does not fill it. Python's bytecode is compiled first, as the image's build does
(deploy/aws/Dockerfile), so that no trial pays for compiling sources.

Run: `uv run python -m bench.jobs.bench_lambda [--jobs 100000] [--trials 5] [--warm 200]`;
writes the "lambda" section of bench/results/jobs.json. Targets: cold first response ≤ 3 s,
warm p95 ≤ 300 ms, peak memory ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3
from cryptography.fernet import Fernet

from bench.jobs.bench_api import pct
from bench.jobs.queries import PROFILES
from bench.jobs.synthetic import jobs, save
from core.jobs import snapshot
from core.jobs.index import build_index
from core.jobs.meta import bump_generation
from core.settings import Settings
from core.users.repository import ProfileChanges
from core.users.service import create_user, update_profile
from integrations.container import build_services
from integrations.localstack.redis_server import free_port
from tests.support.cognito import create_pool, create_signed_in_user, idp_client

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"coldFirstResponseSeconds": 3.0, "warmP95Ms": 300.0, "peakRssMB": 1024.0}


def start_moto(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            boto3.client("s3", endpoint_url=url, region_name="us-east-1").list_buckets()
            return process
        except Exception:
            time.sleep(0.1)
    raise RuntimeError("moto did not start")


def compile_bytecode() -> None:
    """What `python -m compileall` in the image's build does for the function's code."""
    site = Path(boto3.__file__).resolve().parents[1]
    folders = [ROOT / name for name in ("api", "core", "integrations", "workers", "deploy")]
    for folder in [*folders, ROOT / "bench", ROOT / "tests" / "support", site]:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "-j", "0", str(folder)],
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--warm", type=int, default=200, help="warm requests per trial")
    args = parser.parse_args()
    for name, value in {
        "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
    }.items():  # fmt: skip
        os.environ.setdefault(name, value)

    compile_bytecode()
    moto_port = free_port()
    moto = start_moto(moto_port)
    moto_url = f"http://127.0.0.1:{moto_port}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            idp = idp_client(moto_url)
            pool_id, client_id = create_pool(idp)
            queue = boto3.client("sqs", endpoint_url=moto_url, region_name="us-east-1")
            queue_url = queue.create_queue(QueueName="bench-jobs")["QueueUrl"]
            env = {
                **os.environ,
                "ENVIRONMENT": "production",
                "SECRET_KEY": uuid.uuid4().hex * 2,
                # Production refuses to derive the token key from SECRET_KEY.
                "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
                "LOG_LEVEL": "WARNING",
                "DATA_DIR": str(Path(tmp) / "data"),
                "STORAGE_BACKEND": "dynamodb",
                "DYNAMODB_ENDPOINT_URL": moto_url,
                "DYNAMODB_TABLE_PREFIX": "bench-",
                "BLOB_BACKEND": "s3",
                "S3_ENDPOINT_URL": moto_url,
                "S3_BUCKET": "bench-resumes",
                "JOBS_INDEX_BUCKET": "bench-job-index",
                "AUTH_BACKEND": "cognito",
                "COGNITO_USER_POOL_ID": pool_id,
                "COGNITO_CLIENT_ID": client_id,
                "COGNITO_ENDPOINT_URL": moto_url,
                "QUEUE_BACKEND": "sqs",
                "SQS_QUEUE_URLS": json.dumps({"default": queue_url}),
                "SQS_ENDPOINT_URL": moto_url,
                "REDIS_URL": "",
                "LLM_BACKEND": "local",
            }
            os.environ.update(env)  # this process prepares what the function will read
            services = build_services(Settings(_env_file=None))
            services.store.init()
            services.job_index_files.ensure_bucket()

            # Signed-in users with profiles (Cognito users whose profile exists already).
            tokens = []
            for n in range(args.users):
                user = create_signed_in_user(idp, pool_id, client_id, f"bench{n}@example.com")
                create_user(services.store, user_id=user["sub"], email=user["email"], name="B")
                changes = ProfileChanges.model_validate(PROFILES[n % len(PROFILES)])
                update_profile(services.store, user["sub"], changes)
                tokens.append(user["token"])

            # What ingestion leaves behind: the index of every job, published.
            started = time.perf_counter()
            generation = bump_generation(services.store)
            index = build_index(jobs(args.jobs), generation=generation)
            build_s = time.perf_counter() - started
            started = time.perf_counter()
            pointer = snapshot.publish(services.store, services.job_index_files, index)
            publish_s = time.perf_counter() - started
            del index

            plan = Path(tmp) / "plan.json"
            plan.write_text(json.dumps({"tokens": tokens, "warmRequests": args.warm}))
            trials = []
            for _ in range(args.trials):
                spawned = time.time()
                done = subprocess.run(
                    [sys.executable, "-m", "bench.jobs.lambda_process", str(plan)],
                    cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                )  # fmt: skip
                if done.returncode != 0:
                    raise SystemExit(done.stderr[-3000:])
                result = json.loads(done.stdout.strip().splitlines()[-1])
                result["coldFirstResponseSeconds"] = result["firstResponseAt"] - spawned
                trials.append(result)
                print(
                    f"cold {result['coldFirstResponseSeconds']:.2f} s "
                    f"({result['cpuSecondsToFirstResponse']:.2f} s of CPU) "
                    f"(init {result['initSeconds']:.2f} s, first request "
                    f"{result['firstRequestSeconds']:.2f} s), warm p95 "
                    f"{pct(result['warmSeconds'], 0.95)} ms, {result['peakRssMB']:.0f} MB peak "
                    f"({result['rssAfterInitMB']:.0f} after init, "
                    f"{result['rssAfterFirstMB']:.0f} after the first request, peak by then "
                    f"{result['peakRssAfterFirstMB']:.0f})",
                    flush=True,
                )
    finally:
        moto.terminate()
        moto.wait(15)

    cold = [t["coldFirstResponseSeconds"] for t in trials]
    warm = [s for t in trials for s in t["warmSeconds"]]
    figures = {
        "jobs": args.jobs,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
        "machineLoadAverage": round(os.getloadavg()[0], 2),
        "setup": {
            "indexBuildSeconds": round(build_s, 1),
            "publishSeconds": round(publish_s, 1),
            "snapshotMB": round(pointer.size_bytes / 1e6, 1),
        },
        "trials": args.trials,
        "coldFirstResponseSeconds": {
            "median": round(statistics.median(cold), 2),
            "max": round(max(cold), 2),
            "all": [round(c, 2) for c in cold],
        },
        "coldCpuSecondsToFirstResponse": round(
            statistics.median(t["cpuSecondsToFirstResponse"] for t in trials), 2
        ),
        "coldInitSeconds": round(statistics.median(t["initSeconds"] for t in trials), 2),
        "coldFirstRequestSeconds": round(
            statistics.median(t["firstRequestSeconds"] for t in trials), 2
        ),
        "warmRequests": len(warm),
        "warmLatencyMs": {
            "p50": pct(warm, 0.5),
            "p95": pct(warm, 0.95),
            "p99": pct(warm, 0.99),
            "max": round(max(warm) * 1000, 1),
        },
        "peakRssMB": round(max(t["peakRssMB"] for t in trials), 1),
        "targets": TARGETS,
    }
    figures["metTargets"] = (
        figures["coldFirstResponseSeconds"]["median"] <= TARGETS["coldFirstResponseSeconds"]
        and figures["warmLatencyMs"]["p95"] <= TARGETS["warmP95Ms"]
        and figures["peakRssMB"] <= TARGETS["peakRssMB"]
    )
    assert all(t["firstPageTotal"] > 0 and t["firstPageScored"] for t in trials)
    save("lambda", figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
