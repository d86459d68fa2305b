"""docker-compose.yml, started without Docker: each service's command runs natively with the
environment the file gives it, against local stand-ins for its neighbours — a private
redis-server with the file's persistence flags, moto for DynamoDB Local, and moto answering
NotImplemented where MinIO does (public-access block, server-side encryption)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis as redis_lib
import yaml

from cli.serve import process_commands
from core.settings import Settings
from integrations.blobs.s3 import S3BlobStore
from integrations.localstack.redis_server import free_port, redis_binary
from tests.resume import samples
from tests.resume.builders import build_pdf
from tests.support.accounts import bearer, sign_up
from tests.support.minio_like import MinioLikeServer

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("init", "api", "worker-interactive", "worker-background", "beat")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


@pytest.fixture
def minio() -> Iterator[MinioLikeServer]:
    server = MinioLikeServer()
    server.start()
    yield server
    server.stop()


def interpolate(value: str) -> str:
    """Compose's ${NAME:-default} with NAME unset, as on a fresh machine."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def app_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The long-running services of the application: those that wait for `init`."""
    return {
        name: service
        for name, service in compose["services"].items()
        if "init" in service.get("depends_on", {})
    }


def test_the_services_run_what_career_agent_serve_runs(compose: dict[str, Any]) -> None:
    services = app_services(compose)
    env = compose["services"]["api"]["environment"]
    settings = Settings(_env_file=None, host=env["HOST"], port=int(env["PORT"]))  # type: ignore[call-arg]

    def concurrency(name: str) -> int:
        found = re.search(r"--concurrency=(\d+)", " ".join(services[name]["command"]))
        assert found, name
        return int(found.group(1))

    expected = process_commands(
        settings, concurrency("worker-interactive"), concurrency("worker-background")
    )
    assert {name: service["command"] for name, service in services.items()} == expected


def test_redis_keeps_an_append_only_file_and_services_say_when_they_are_ready(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    command = services["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--appendfsync") + 1] == "everysec"
    # The image's working directory, where the file is written, is /data: kept in a volume.
    assert any(v.endswith(":/data") for v in services["redis"]["volumes"])
    for name in ("redis", "dynamodb", "minio", "api", "worker-interactive", "worker-background"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name in app_services(compose):
        needs = services[name]["depends_on"]
        assert needs["init"]["condition"] == "service_completed_successfully"
        assert all(
            needs[s]["condition"] == "service_healthy" for s in ("redis", "dynamodb", "minio")
        )


def test_a_bucket_on_an_s3_look_alike_without_public_access_block_or_encryption(
    minio: MinioLikeServer,
) -> None:
    blobs = S3BlobStore(f"b-{uuid.uuid4().hex[:10]}", endpoint_url=minio.url)
    changes = blobs.ensure_bucket()
    assert any("no public access block" in c for c in changes)
    assert any("no server-side encryption" in c for c in changes)
    stored = blobs.put("u1/r1/cv.txt", b"resume", "text/plain")
    assert blobs.get("u1/r1/cv.txt", stored.version_id) == b"resume"
    assert minio.middleware.refused == ["publicAccessBlock", "encryption", "object with SSE AES256"]
    # Against AWS itself (no endpoint URL) the same answers stay errors.
    aws = S3BlobStore(blobs.bucket, endpoint_url=minio.url)
    aws.endpoint_url = None
    with pytest.raises(Exception, match="NotImplemented"):
        aws.put("u1/r1/cv.txt", b"resume", "text/plain")


class Stack:
    """The compose services as native processes, logging to files."""

    def __init__(self, tmp: Path, compose: dict[str, Any], env: dict[str, str]) -> None:
        self.tmp = tmp
        self.compose = compose
        self.env = env
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, name: str, command: list[str]) -> None:
        log = (self.tmp / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def healthcheck(self, name: str, **rewrites: str) -> subprocess.CompletedProcess[str]:
        test = self.compose["services"][name]["healthcheck"]["test"]
        kind, rest = test[0], test[1:]
        if kind == "CMD-SHELL":
            # Compose turns $$ into $, then the container's shell expands the variables.
            command = ["sh", "-c", rest[0].replace("$$", "$")]
        else:
            assert kind == "CMD", test
            command = list(rest)
        for old, new in rewrites.items():
            command = [part.replace(old, new) for part in command]
        return subprocess.run(
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=60
        )

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
        for proc in self.procs.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(5)


@pytest.mark.slow
@pytest.mark.skipif(redis_binary() is None, reason="needs a redis-server binary")
def test_the_stack_starts_and_the_worker_takes_a_task(
    compose: dict[str, Any], minio: MinioLikeServer, moto_server: str, tmp_path: Path
) -> None:
    services = compose["services"]
    redis_port, api_port = free_port(), free_port()
    bin_dir = str(Path(sys.executable).parent)

    # Redis, started with the file's own command (persistence flags included).
    redis_command = [redis_binary() or "redis-server", *services["redis"]["command"][1:]]
    redis_command += ["--dir", str(tmp_path), "--port", str(redis_port), "--bind", "127.0.0.1"]
    base_env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    stack = Stack(tmp_path, compose, base_env)
    stack.start("redis", redis_command)
    try:
        r = redis_lib.Redis(port=redis_port)
        for _ in range(100):
            try:
                r.ping()
                break
            except redis_lib.ConnectionError:
                time.sleep(0.05)
        assert r.config_get("appendfsync") == {"appendfsync": "everysec"}
        assert r.config_get("appendonly") == {"appendonly": "yes"}

        # The application services' environment, each neighbour's host swapped for its
        # stand-in, and its own tables and bucket in the shared moto.
        neighbours = {
            "http://dynamodb:8000": moto_server,
            "http://minio:9000": minio.url,
            "redis://redis:6379/0": f"redis://127.0.0.1:{redis_port}/0",
        }
        app_env = {k: interpolate(str(v)) for k, v in services["api"]["environment"].items()}
        app_env = {k: neighbours.get(v, v) for k, v in app_env.items()}
        assert set(neighbours.values()) <= set(app_env.values())
        app_env.update(
            DATA_DIR=str(tmp_path / "data"),
            HOST="127.0.0.1",
            PORT=str(api_port),
            PUBLIC_URL=f"http://127.0.0.1:{api_port}",
            DYNAMODB_TABLE_PREFIX=f"compose{uuid.uuid4().hex[:8]}-",
            S3_BUCKET=f"compose-{uuid.uuid4().hex[:8]}",
            FRONTEND_DIST_DIR=str(tmp_path / "no-frontend"),
            LOG_JSON="true",
            HOSTNAME=socket.gethostname(),
        )
        stack.env = {**base_env, **app_env}
        (tmp_path / "data").mkdir()  # the appdata volume

        # init: tables, bucket (MinIO's refusals logged, not fatal), demo postings.
        init = subprocess.run(
            services["init"]["command"], cwd=ROOT, env=stack.env, capture_output=True,
            text=True, timeout=300,
        )  # fmt: skip
        assert init.returncode == 0, init.stdout + init.stderr
        report = json.loads(init.stdout[: init.stdout.index("\n}") + 2])
        assert report["storage"] == "dynamodb" and report["created"]
        assert any("no public access block" in c for c in report["blobChanges"])
        assert "s3_feature_not_supported" in init.stdout + init.stderr
        assert {"publicAccessBlock", "encryption"} <= set(minio.middleware.refused)
        assert re.search(r"added [1-9]\d* demo job postings", init.stdout), init.stdout

        api_command = [
            part.replace("0.0.0.0", "127.0.0.1").replace("8000", str(api_port))
            for part in services["api"]["command"]
        ]
        for name, service in app_services(compose).items():
            stack.start(name, api_command if name == "api" else service["command"])

        base = f"http://127.0.0.1:{api_port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            for name, proc in stack.procs.items():
                assert proc.poll() is None, f"{name} exited:\n{stack.log(name)}"
            assert time.monotonic() < deadline, stack.log("api")
            time.sleep(0.3)
        health = stack.healthcheck("api", **{"127.0.0.1:8000": f"127.0.0.1:{api_port}"})
        assert health.returncode == 0, health.stderr
        ready = httpx.get(f"{base}/api/ready", timeout=10)
        assert ready.status_code == 200, ready.text

        with httpx.Client(base_url=base, timeout=30) as client:
            headers = bearer(sign_up(client, tmp_path / "data" / "outbox", "compose@example.com"))
            # A resume goes to "MinIO", stored without SSE as MinIO allows.
            upload = client.post(
                "/api/resume",
                headers=headers,
                files={"file": ("cv.pdf", build_pdf(samples.SOFTWARE_ENGINEER), "application/pdf")},
            )
            assert upload.status_code == 202, upload.text
            assert "object with SSE AES256" in minio.middleware.refused
            # A round trip through Redis and the worker.
            task = client.post("/api/tasks/diagnostics", headers=headers, json={}).json()
            deadline = time.monotonic() + 60
            while (run := client.get(f"/api/tasks/{task['taskId']}", headers=headers).json())[
                "status"
            ] not in ("succeeded", "failed"):
                assert time.monotonic() < deadline, stack.log("worker-background")
                time.sleep(0.2)
            assert run["status"] == "succeeded", run

        for name, service in app_services(compose).items():
            if name != "api" and "healthcheck" in service:
                check = stack.healthcheck(name)
                assert check.returncode == 0, f"{name}: {check.stdout}{check.stderr}"
        assert (tmp_path / "data" / "celerybeat-schedule").exists() or any(
            p.name.startswith("celerybeat-schedule") for p in (tmp_path / "data").iterdir()
        ), stack.log("beat")
        for name, proc in stack.procs.items():
            assert proc.poll() is None, f"{name} exited:\n{stack.log(name)}"
        assert (tmp_path / "appendonlydir").exists() or list(tmp_path.glob("*.aof")), "no AOF"
    finally:
        stack.stop()
