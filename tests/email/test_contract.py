"""`career-agent email detect PATH.eml --json`: every output over the corpora keeps the
documented contract, checked against a JSON Schema of it (Draft 2020-12, with `jsonschema`).

The dev split of corpora/email and the older regression set are used; the blind split is for
the benchmark only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bench.email.corpus import load
from core.email.detect import detect_bytes
from core.email.model import CATEGORIES

ROOT = Path(__file__).resolve().parents[2]
LEGACY = Path(__file__).parent / "corpus"

_NULLABLE_STRING = {"type": ["string", "null"]}
CONTRACT: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["isInterview", "confidence", "event", "category", "interview", "checkedByLlm"],
    "properties": {
        "isInterview": {"type": "boolean"},
        "checkedByLlm": {"type": "boolean"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "event": {"enum": ["invitation", "reschedule", "cancellation", None]},
        "category": {"enum": list(CATEGORIES)},
        "interview": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [
                        "startsAt",
                        "durationMinutes",
                        "company",
                        "role",
                        "meetingUrl",
                        "kind",
                        "location",
                        "interviewers",
                    ],
                    "properties": {
                        "startsAt": {
                            "type": ["string", "null"],
                            # An instant with its UTC offset, as the CLI documents.
                            "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?[+-]\d\d:\d\d$",
                        },
                        "durationMinutes": {"type": ["integer", "null"], "minimum": 1},
                        "company": _NULLABLE_STRING,
                        "role": _NULLABLE_STRING,
                        "meetingUrl": {"type": ["string", "null"], "pattern": "^https?://"},
                        "kind": {"enum": ["phone", "video", "onsite", "unknown"]},
                        "location": _NULLABLE_STRING,
                        "interviewers": {"type": "array", "items": {"type": "string"}},
                    },
                },
            ]
        },
    },
    # The parts must agree: an interview object exactly when isInterview, an event with it,
    # and the category on the same side.
    "allOf": [
        {
            "if": {"properties": {"isInterview": {"const": True}}},
            "then": {
                "properties": {
                    "interview": {"type": "object"},
                    "event": {"type": "string"},
                    "category": {"enum": list(CATEGORIES[:4])},
                }
            },
            "else": {
                "properties": {
                    "interview": {"type": "null"},
                    "event": {"type": "null"},
                    "category": {"enum": list(CATEGORIES[4:])},
                }
            },
        }
    ],
}
VALIDATOR = Draft202012Validator(CONTRACT)


def _corpus() -> list[tuple[str, bytes]]:
    cases = [(c.file, c.raw) for c in load("dev")]
    cases += [(f"legacy/{p.name}", p.read_bytes()) for p in sorted(LEGACY.glob("*.eml"))]
    return cases


def test_the_schema_itself_is_valid_and_rejects_a_null_kind() -> None:
    Draft202012Validator.check_schema(CONTRACT)
    bad = {
        "isInterview": True,
        "checkedByLlm": False,
        "confidence": 0.9,
        "event": "invitation",
        "category": "interview_scheduled",
        "interview": {
            "startsAt": None,
            "durationMinutes": None,
            "company": None,
            "role": None,
            "meetingUrl": None,
            "kind": None,
            "location": None,
            "interviewers": [],
        },
    }
    assert not VALIDATOR.is_valid(bad)
    bad["interview"]["kind"] = "unknown"  # type: ignore[index]
    assert VALIDATOR.is_valid(bad)


def test_every_output_over_the_corpora_keeps_the_contract() -> None:
    broken = []
    for name, raw in _corpus():
        errors = [e.message for e in VALIDATOR.iter_errors(detect_bytes(raw).to_json())]
        if errors:
            broken.append(f"{name}: {errors[0]}")
    assert broken == []


@pytest.mark.parametrize("name", ["dev/d003.eml", "dev/d251.eml", "dev/d352.eml"])
def test_the_command_prints_the_contract(name: str) -> None:
    path = ROOT / "corpora" / "email" / name
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "email", "detect", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    VALIDATOR.validate(printed)
    assert printed == detect_bytes(path.read_bytes()).to_json()
