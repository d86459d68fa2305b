"""`career-agent email detect`: the command-line contract, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "email", "detect", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_json_contract_for_an_invitation() -> None:
    r = _run(str(CORPUS / "p01_recruiter_plain_zoom.eml"), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["isInterview"] is True and 0 <= out["confidence"] <= 1
    interview = out["interview"]
    assert {
        "startsAt",
        "durationMinutes",
        "company",
        "role",
        "meetingUrl",
        "kind",
        "location",
    } <= set(interview)
    assert interview["startsAt"] == "2024-03-12T14:00:00-07:00"
    assert interview["company"] == "Acme Robotics" and interview["kind"] == "video"


def test_json_contract_for_an_invitation_without_a_time() -> None:
    out = json.loads(_run(str(CORPUS / "p05_scheduling_link_no_time.eml"), "--json").stdout)
    assert out["isInterview"] is True and out["interview"]["startsAt"] is None


def test_json_contract_for_a_negative() -> None:
    r = _run(str(CORPUS / "n01_rejection_after_interview.eml"), "--json")
    out = json.loads(r.stdout)
    assert out["isInterview"] is False and out["interview"] is None and out["confidence"] < 0.5


def test_plain_output_is_readable() -> None:
    r = _run(str(CORPUS / "p16_fr_onsite_base64.eml"))
    assert r.returncode == 0
    assert r.stdout.startswith("Interview invitation")
    assert "12 rue de la Paix" in r.stdout


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "photo.eml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    text = tmp_path / "notes.eml"
    text.write_text("remember to buy milk\n")
    for target in (tmp_path / "missing.eml", tmp_path, binary, text, tmp_path / "empty.eml"):
        if target.name == "empty.eml":
            target.write_bytes(b"")
        r = _run(str(target), "--json")
        assert r.returncode == 2, (target, r.stdout, r.stderr)
        assert r.stdout == ""
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
