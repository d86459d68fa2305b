"""Component configs read from the settings by name, and values built once per process."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import pytest

from core.llm.port import CallPolicy
from core.once import once
from core.resume.extract_base import ExtractLimits
from core.resume.pipeline import limits_from_settings
from core.settings import Settings, SettingsError
from core.tasks.runs import RunPolicy
from integrations.llm.bedrock import BedrockConfig
from integrations.llm.openai_compatible import OpenAIConfig


def test_each_component_reads_its_own_settings() -> None:
    settings = Settings(
        resume_max_pages=3,
        resume_extract_timeout_seconds=2.5,
        resume_ocr="off",
        task_lease_seconds=12,
        task_max_resends=2,
        bedrock_model_id="m",
        aws_region="eu-west-1",
        bedrock_max_attempts=4,
        openai_model="o",
        openai_max_attempts=1,
        llm_interactive_timeout_seconds=3.0,
    )
    limits = limits_from_settings(settings)
    assert (limits.max_pages, limits.timeout_seconds, limits.ocr) == (3, 2.5, "off")
    # What is not a setting keeps the component's own default.
    assert limits.memory_bytes == ExtractLimits().memory_bytes
    policy = RunPolicy.from_settings(settings)
    assert (policy.lease_seconds, policy.max_resends) == (12, 2)
    bedrock = BedrockConfig.from_settings(settings)
    assert (bedrock.model_id, bedrock.region, bedrock.max_attempts) == ("m", "eu-west-1", 4)
    assert bedrock.policy(interactive=True) == CallPolicy(attempts=1, timeout_seconds=3.0)
    openai = OpenAIConfig.from_settings(settings)
    assert (openai.model, openai.max_attempts, openai.interactive_timeout_seconds) == ("o", 1, 3.0)


def test_a_field_without_a_setting_fails_at_once() -> None:
    @dataclass(frozen=True)
    class Widget:
        max_pages: int
        colour: str = "blue"

    settings = Settings()
    with pytest.raises(AttributeError, match="resume_colour"):
        settings.section(Widget, "resume_")
    assert settings.section(Widget, "resume_", fixed=("colour",)) == Widget(20, "blue")


def test_no_attempts_is_refused_rather_than_read_as_one() -> None:
    with pytest.raises(
        SettingsError,
        match="BEDROCK_MAX_ATTEMPTS: Input should be greater than or equal to 1",
    ):
        Settings(bedrock_max_attempts=0)


def test_concurrent_first_callers_share_one_build() -> None:
    builds: list[int] = []

    @once
    def slow() -> object:
        builds.append(1)
        time.sleep(0.05)
        return object()

    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(slow())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert all(r is results[0] for r in results)
    slow.reset()
    assert slow() is not results[0]
    assert len(builds) == 2
