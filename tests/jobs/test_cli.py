"""`career-agent jobs …` and `career-agent roadmap` as a user runs them: a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from tests.fakes.jobboards_server import FakeBoards
from tests.support.env import make_settings, settings_env

ROOT = Path(__file__).resolve().parents[2]
RESUME = ROOT / "tests" / "fixtures" / "ranking" / "resumes" / "R01.txt"
JOB = {
    "title": "Senior Backend Engineer",
    "company": "Kontor Logistics",
    "location": "Berlin, Germany",
    "description": "Build Python services for route planning.",
    "requirements": [
        "5+ years of backend development",
        "Python and Django",
        "PostgreSQL",
        "Kubernetes",
    ],
    "salary": {"min": 80000, "max": 95000, "currency": "EUR"},
}


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=settings_env(settings),
        capture_output=True,
        text=True,
        timeout=120,
    )


def cli_inproc(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
) -> subprocess.CompletedProcess[str]:
    """The same command in this process (faster), with the same environment."""
    from cli.main import main
    from core.settings import get_settings

    for key, value in settings_env(settings).items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    finally:
        get_settings.cache_clear()
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, out, err)


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("career-agent: "), result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def cli_settings(tmp_path: Path) -> Settings:
    # The CLI runs locally: no Redis is needed for these commands.
    return make_settings(tmp_path / "data", "redis://127.0.0.1:1/0")


def test_score_contract(cli_settings: Settings, tmp_path: Path) -> None:
    job = tmp_path / "job.json"
    job.write_text(json.dumps(JOB))
    result = cli(
        cli_settings, "jobs", "score", "--resume", str(RESUME), "--job", str(job), "--json"
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"score", "scoreBreakdown", "matchedSkills", "missingSkills", "reasons"}
    assert 50 <= out["score"] <= 100
    assert {"Python", "Django", "PostgreSQL"} <= set(out["matchedSkills"])
    assert "Kubernetes" in out["missingSkills"]
    assert out["reasons"]
    human = cli(cli_settings, "jobs", "score", "--resume", str(RESUME), "--job", str(job))
    assert human.returncode == 0 and f"Match score: {out['score']}/100" in human.stdout


@pytest.mark.parametrize(
    ("job_text", "resume"),
    [
        ("{not json", None),
        ("[1, 2]", None),
        (json.dumps({"company": "No Title"}), None),
        (json.dumps({**JOB, "salary": {"min": "lots", "currency": "EUR"}}), None),
        (json.dumps(JOB), "missing.pdf"),
        (json.dumps(JOB), "empty.txt"),
    ],
)
def test_score_bad_input(
    cli_settings: Settings,
    tmp_path: Path,
    job_text: str,
    resume: str | None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    job = tmp_path / "job.json"
    job.write_text(job_text)
    resume_path = RESUME
    if resume == "empty.txt":
        resume_path = tmp_path / "empty.txt"
        resume_path.write_text("")
    elif resume:
        resume_path = tmp_path / resume
    assert_one_line_error(
        cli_inproc(
            cli_settings,
            monkeypatch,
            capsys,
            "jobs",
            "score",
            "--resume",
            str(resume_path),
            "--job",
            str(job),
        )
    )


def test_score_missing_arguments(cli_settings: Settings) -> None:
    assert_one_line_error(cli(cli_settings, "jobs", "score", "--job", "x.json"))


def test_seed_and_import(
    cli_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
        return cli_inproc(settings, monkeypatch, capsys, *args)

    first = cli(cli_settings, "jobs", "seed", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["added"] >= 300
    again = cli(cli_settings, "jobs", "seed", "--json")
    assert json.loads(again.stdout)["added"] == 0

    good_and_bad = tmp_path / "jobs.csv"
    good_and_bad.write_text("title,company,location\nPlumber,Summit,Denver\n,Nobody,Paris\n")
    result = cli(cli_settings, "jobs", "import", str(good_and_bad), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["imported"] == 1
    assert report["errors"] == [{"line": 3, "field": "title", "reason": "is required"}]

    all_bad = tmp_path / "bad.csv"
    all_bad.write_text("title,company\n,Nobody\n")
    assert cli(cli_settings, "jobs", "import", str(all_bad)).returncode == 2
    assert_one_line_error(cli(cli_settings, "jobs", "import", str(tmp_path / "nope.json")))
    broken = tmp_path / "broken.json"
    broken.write_text("{oops")
    assert_one_line_error(cli(cli_settings, "jobs", "import", str(broken)))


def test_sync_boards(
    tmp_path: Path,
    fake_boards: FakeBoards,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
        return cli_inproc(settings, monkeypatch, capsys, *args)

    fake_boards.load_fixture("ashby", "bar")
    settings = make_settings(tmp_path / "data", "redis://127.0.0.1:1/0", **fake_boards.base_urls())
    result = cli(settings, "jobs", "sync", "--board", "ashby:bar")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["boards"][0]["created"] == 2
    assert_one_line_error(cli(settings, "jobs", "sync", "--board", "nope"))
    assert_one_line_error(cli(settings, "jobs", "sync"))  # none configured


def test_roadmap(
    cli_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = cli(
        cli_settings,
        "roadmap",
        "--current",
        "Data Analyst",
        "--target",
        "Data Scientist",
        "--skills",
        "SQL, Excel, Tableau",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    roadmap = json.loads(result.stdout)
    assert set(roadmap) >= {"timeline", "requiredSkills", "milestones"}
    assert {"name", "importance", "have"} <= set(roadmap["requiredSkills"][0])
    assert {"title", "weeks", "skills", "outcome"} <= set(roadmap["milestones"][0])
    text = cli_inproc(cli_settings, monkeypatch, capsys, "roadmap", "--target", "Data Scientist")
    assert text.returncode == 0 and "Milestones" in text.stdout
    assert_one_line_error(
        cli_inproc(cli_settings, monkeypatch, capsys, "roadmap", "--target", "   ")
    )
    assert_one_line_error(cli_inproc(cli_settings, monkeypatch, capsys, "roadmap"))
