"""docker-compose.yml cannot run here (no Docker engine), so check it against the code: the
services exist, their commands name real entry points, and every setting they pass is real."""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml

from cli.main import build_parser
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SETTING_NAMES = {name.upper() for name in Settings.model_fields}
# Read by boto3 itself, not by our settings.
AWS_SDK_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_the_stack_has_every_part(compose: dict) -> None:
    parts = {"redis", "dynamodb", "minio", "api", "worker-interactive", "worker-background", "beat"}
    assert parts <= set(compose["services"])


def test_every_environment_variable_is_a_real_setting(compose: dict) -> None:
    for name, service in compose["services"].items():
        if service.get("image", "").startswith("career-agent") or "build" in service:
            for var in service.get("environment", {}):
                assert var in SETTING_NAMES | AWS_SDK_VARIABLES, f"{name}: {var} is not a setting"


def test_commands_name_real_entry_points(compose: dict) -> None:
    parser = build_parser()
    for name, service in compose["services"].items():
        command = service.get("command")
        if not (service.get("image", "").startswith("career-agent") or "build" in service):
            continue
        assert command, f"{name} has no command"
        if command[0] == "uvicorn":
            module, _, attr = command[1].partition(":")
            assert callable(getattr(importlib.import_module(module), attr))
            assert "--factory" in command
        elif command[0] == "celery":
            module = command[command.index("-A") + 1]
            app = importlib.import_module(module).app
            assert command[command.index("-A") + 2] in {"worker", "beat"}
            assert app.conf.task_acks_late is True
        elif command[0] == "career-agent":
            parser.parse_args(command[1:])  # exits non-zero on an unknown command
        elif command[:2] == ["sh", "-c"]:
            for step in command[2].split("&&"):
                words = shlex.split(step)
                assert words[0] == "career-agent", f"{name}: {step}"
                parser.parse_args(words[1:])
        else:
            pytest.fail(f"{name}: unexpected command {command}")


def test_dockerfile_installs_from_the_lock_file() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "uv sync --frozen" in text and "uv.lock" in text


def test_env_example_lists_every_setting() -> None:
    text = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))
    assert SETTING_NAMES - listed == set(), "settings missing from .env.example"
    assert listed - SETTING_NAMES == set(), ".env.example lists unknown settings"


def test_celery_reliability_settings() -> None:
    from workers.celery_app import app, backoff_cap, backoff_seconds

    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    assert conf.task_ignore_result and not conf.result_backend  # the store holds results
    vt = conf.broker_transport_options["visibility_timeout"]
    assert vt > conf.task_time_limit > conf.task_soft_time_limit
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    # Derived from the hard limit, not a fixed hour: the limit, the longest countdown, a margin.
    assert settings.visibility_timeout_seconds == 90 + 120 + 30
    cap = backoff_cap(settings)
    delays = [backoff_seconds(n, cap=cap) for n in range(12)]
    assert max(delays) <= cap < vt
    assert delays[0] < 2.01 and delays[5] > 16  # exponential, with jitter


def test_every_task_kind_has_a_lane_and_beat_runs_the_recovery_loop() -> None:
    from core.tasks.registry import handler_names
    from workers.celery_app import app

    router = app.amqp.router
    queue_of = {name: router.route({}, name)["queue"].name for name in handler_names()}
    assert queue_of["resume.analyze"] == queue_of["roadmap.generate"] == "interactive"
    assert {queue_of[n] for n in ("gmail.scan", "jobs.ingest_board", "system.diagnostics")} == {
        "background"
    }
    assert router.route({}, "system.recover")["queue"].name == "control"
    # A worker started without -Q serves every lane (compose, tests).
    assert {q.name for q in app.conf.task_queues} == {"interactive", "background", "control"}
    entry = app.conf.beat_schedule["recover-stalled-runs"]
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert entry["task"] == "system.recover"
    assert entry["schedule"] == settings.task_recovery_interval_seconds
    # A dead worker's runs come back within about a minute: lease + one pass.
    assert settings.task_lease_seconds + settings.task_recovery_interval_seconds <= 60
