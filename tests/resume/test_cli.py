"""`career-agent resume analyze`: the command-line contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cli.main import main
from core.resume.analyze_local import analyze
from core.resume.extract import extract_text
from tests.resume import hostile, samples
from tests.resume.builders import build_docx, build_pdf

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "atsScore", "scoreBreakdown", "strengths", "weaknesses", "suggestions", "skills",
    "contact", "sections", "experience", "yearsExperience",
}  # fmt: skip


@pytest.fixture(autouse=True)
def local_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The command reads settings from the environment, like any user's shell.
    from core.settings import get_settings

    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LLM_BACKEND", "local")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["resume", "analyze", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_is_exactly_the_result_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nurse.docx"
    path.write_bytes(build_docx(samples.NURSE))
    code, out, err = run(capsys, str(path), "--json", "--target-role", "ICU nurse")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert set(result) >= REQUIRED
    assert result["analyzer"] == "local"
    assert result["contact"]["name"] == "Maria Gonzalez"
    assert result["target"]["label"] == "ICU nurse"
    expected = analyze(extract_text(path.read_bytes()), today=date.today()).to_item()
    assert result["skills"] == expected["skills"]


def test_readable_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(build_pdf(samples.SOFTWARE_ENGINEER))
    code, out, err = run(capsys, str(path))
    assert code == 0 and err == ""
    assert out.startswith("Resume analysis: cv.pdf\n\nATS score: ")
    assert "Senior Software Engineer — Stripe" in out
    assert "Suggestions\n  1. " in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("locked.pdf", hostile.encrypted_pdf(), "remove the password and upload it again"),
        ("scan.pdf", hostile.image_only_pdf(), "no text layer"),
        ("photo.pdf", hostile.PNG_1x1, "PNG image"),
        ("tool.pdf", hostile.ELF_HEADER, "Linux program"),
        ("empty.pdf", b"", "the file is empty"),
        ("broken.pdf", hostile.truncated_pdf(), "damaged or incomplete"),
        ("bomb.docx", hostile.zip_bomb_docx(), "Word document was refused"),
        ("long.pdf", hostile.many_pages_pdf(500), "500 pages"),
    ],
)
def test_bad_files_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(capsys, str(path), "--json")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"career-agent: {name}: ")
    assert message in err
    assert "Traceback" not in err


def test_path_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "missing.pdf"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, str(tmp_path))
    assert code == 2 and "is a folder" in err
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024 + 10))
    code, _, err = run(capsys, str(big))
    assert code == 2 and "larger than the 5 MB limit" in err
    code, _, err = run(capsys)
    assert code == 2 and err.count("\n") == 1


def test_the_installed_command(tmp_path: Path) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(build_pdf(samples.TEACHER))
    env = {**os.environ, "DATA_DIR": str(tmp_path / "data"), "LLM_BACKEND": "local"}
    ok = subprocess.run(
        [sys.executable, "-m", "cli.main", "resume", "analyze", str(path), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["contact"]["email"] == "emily.chen.teach@example.com"
    bad = tmp_path / "photo.pdf"
    bad.write_bytes(hostile.PNG_1x1)
    refused = subprocess.run(
        [sys.executable, "-m", "cli.main", "resume", "analyze", str(bad)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "PNG image" in refused.stderr
