"""Accepted work finishes, whatever crashes: 300 tasks of two kinds through the API of a real
`career-agent serve`; its workers SIGKILLed twice, Redis killed and started again empty, the
whole serve tree SIGKILLed and started again. Every task must end succeeded (or failed for a
documented reason), no effect may happen twice, nothing may stay open, and it must all heal
within 3 minutes of the last fault. See tests/support/ledger.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.ledger import Ledger

pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]


def test_every_accepted_task_finishes_once_through_every_fault(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, diagnostics=160, resumes=140)
    result = ledger.run()
    report = result.to_json()
    print(report)

    assert result.accepted == 300 and set(result.by_kind) == {
        "system.diagnostics",
        "resume.analyze",
    }
    assert result.lost == 0, report
    assert result.left_open == 0, report
    assert result.undocumented_failures == [], report
    assert result.duplicated_effects == 0, report
    assert result.missing_effects == 0, report
    assert result.recovery_seconds is not None and result.recovery_seconds <= 180, report
    # The faults happened, and hit work in flight: runs were open at each, and some had to
    # be sent again.
    killed = [fault["killed"] for fault in result.faults]
    # The tree: serve, api, beat, both workers (and their pools, unless they are restarting).
    assert killed[:3] == [2, 2, 1] and killed[3] >= 5, report
    assert all(fault["openRuns"] > 0 for fault in result.faults), report
    # Crashed workers and a lost Redis never took the API down with them.
    assert [fault["apiUp"] for fault in result.faults] == [True, True, True, False], report
    assert result.resent > 0, report
