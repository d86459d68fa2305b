"""`career-agent email import`: saved mail through the scan's pipeline, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from core.settings import Settings
from integrations.container import Services
from tests.emailimport.mail import (
    BINARY,
    DEMO,
    MALFORMED_MIME,
    UNKNOWN_CHARSET,
    big_attachment,
    mbox,
    message,
)
from tests.support.env import settings_env

ROOT = Path(__file__).resolve().parents[2]


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "email", "import", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=settings_env(settings),
        timeout=120,
        check=False,
    )


def _interviews(services: Services, user_id: str) -> list[dict]:
    return services.store.query("Interviews", user_id, index="UserIdIndex")


def test_the_demo_mailbox_updates_interviews_once(
    settings: Settings, services: Services, signup_and_login: Callable[..., dict]
) -> None:
    user = signup_and_login()
    r = _run(settings, "--demo", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["total"] == out["read"] == 15
    assert out["processed"] == 15 and out["skipped"] == 0 and out["alreadyImported"] == 0
    assert out["interviews"] == 6  # five invitations and the reschedule of one
    # The rejection and the acknowledgement of an application changed the tracker too.
    assert out["applications"] == 2 and out["toReview"] == 0
    interviews = {i["company"]: i for i in _interviews(services, user["userId"])}
    assert set(interviews) == {
        "Northwind Analytics",
        "Bluebird Health",
        "Quarry Labs",
        "Fernway Logistics",
        "Kestrel Games",
    }
    # The reschedule moved the Northwind interview instead of adding one.
    assert interviews["Northwind Analytics"]["startsAt"] == "2026-12-11T16:00:00.000Z"
    row = services.store.get(
        "EmailImports", {"userId": user["userId"], "importId": out["importId"]}
    )
    assert row is not None and row["status"] == "done" and row["processed"] == 15

    again = _run(settings, "--demo", "--json", "--user", user["email"])
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    assert second["alreadyImported"] == 15 and second["processed"] == 0
    assert len(_interviews(services, user["userId"])) == 5


def test_bad_messages_are_counted_and_the_import_goes_on(
    tmp_path: Path, settings: Settings, services: Services, signup_and_login: Callable[..., dict]
) -> None:
    user = signup_and_login()
    invitation = (DEMO / "01_northwind_invitation_zoom.eml").read_bytes()
    path = tmp_path / "takeout.mbox"
    path.write_bytes(
        mbox(
            [
                message(1),
                MALFORMED_MIME,
                UNKNOWN_CHARSET,
                big_attachment(4),
                BINARY,
                message(6, X_Gmail_Labels="Sent,Important"),
                b"",
                invitation,
            ],
            leading=b"half a message cut off by a broken copy\n",
        )
    )
    r = _run(settings, str(path), "--json", "--user", user["email"])
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["read"] == 9 and out["total"] == 9
    assert out["skippedReasons"] == {
        "larger than 25 MB": 1,
        "not an email message": 1,
        "sent mail, draft, chat, spam or trash": 1,
        "empty message": 1,
        "text before the first mbox separator": 1,
    }
    # The malformed and the undecodable ones are still read: their text is what it is.
    assert out["processed"] == 4 and out["interviews"] == 1
    assert [i["company"] for i in _interviews(services, user["userId"])] == ["Northwind Analytics"]


def test_a_folder_of_eml_files_and_plain_output(
    tmp_path: Path, settings: Settings, signup_and_login: Callable[..., dict]
) -> None:
    signup_and_login()
    folder = tmp_path / "saved"
    (folder / "nested").mkdir(parents=True)
    for name in ("03_quarry_phone_screen.eml", "nested/08_job_alert.eml"):
        (folder / name).write_bytes((DEMO / Path(name).name).read_bytes())
    r = _run(settings, str(folder))
    assert r.returncode == 0, r.stderr
    assert "read 2 messages" in r.stdout and "1 about interviews" in r.stdout


def test_bad_paths_end_with_one_line_and_exit_2(
    tmp_path: Path, settings: Settings, signup_and_login: Callable[..., dict]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [
        ((str(tmp_path / "missing.mbox"),), "no such file or folder"),
        ((str(empty),), "no .eml files"),
        ((), "give a PATH"),
        ((str(empty), "--demo"), "not both"),
        (("--demo", "--user", "nobody@example.com"), "no account with the email"),
    ]
    signup_and_login()
    for args, words in cases:
        r = _run(settings, *args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stderr.count("\n") == 1 and words in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
