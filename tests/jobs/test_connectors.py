"""The connectors through the real httpx client against a fake board server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from core.clock import retry_after_seconds, utcnow
from core.jobs.normalise import normalise
from core.jobs.sources import BoardNotFound, BoardUnavailable, parse_board_spec
from core.settings import Settings
from integrations.jobboards import HttpJobBoards
from tests.fakes.jobboards_server import FakeBoards


def _settings(fake: FakeBoards) -> Settings:
    return Settings(_env_file=None, **fake.base_urls())  # type: ignore[call-arg]


def test_greenhouse(fake_boards: FakeBoards) -> None:
    fake_boards.load_fixture("greenhouse", "acme")
    board, token = HttpJobBoards(_settings(fake_boards)).for_spec("greenhouse:acme")
    postings = board.fetch(token)
    listing, *details = fake_boards.requests
    assert listing == ("greenhouse", "acme", {"content": ["true"]})
    # Pay ranges come from each job's own document, asked for with pay_transparency.
    assert sorted(details) == [
        ("greenhouse", f"acme/jobs/{i}", {"pay_transparency": ["true"]})
        for i in ("4012345007", "4012345008", "4012345009")
    ]
    assert [p.source_id for p in postings] == ["4012345007", "4012345008", "4012345009"]
    first = normalise(postings[0]).to_item()
    assert first["company"] == "Acme Payments"
    assert first["remote"] == "hybrid"  # from the "Workplace Type" custom field
    assert first["salary"] == {"min": 185000, "max": 220000, "currency": "USD", "period": "year"}
    assert first["url"] == "https://boards.greenhouse.io/acme/jobs/4012345007"
    assert "Go" not in first["description"] or "<" not in first["description"]
    assert first["requirements"][0] == "6+ years of experience building backend systems"
    second = normalise(postings[1]).to_item()
    assert second["remote"] == "yes" and second["country"] == "US"
    assert second["salary"]["min"] == 95000  # read from the text
    assert normalise(postings[2]).employment_type == "part-time"


def test_lever(fake_boards: FakeBoards) -> None:
    fake_boards.load_fixture("lever", "foo")
    board, token = HttpJobBoards(_settings(fake_boards)).for_spec("lever:foo")
    postings = board.fetch(token)
    assert fake_boards.requests[-1] == ("lever", "foo", {"mode": ["json"]})
    frontend, devops, office = (normalise(p).to_item() for p in postings)
    assert frontend["title"] == "Senior Frontend Engineer"
    assert frontend["country"] == "GB" and frontend["remote"] == "hybrid"
    assert frontend["salary"]["currency"] == "GBP"
    assert frontend["requirements"] == [
        "5+ years of frontend development",
        "React and TypeScript",
        "Accessibility (WCAG)",
    ]
    assert frontend["niceToHave"] == ["Next.js", "GraphQL"]
    assert frontend["postedDate"].startswith("2026-10-")
    assert devops["remote"] == "yes" and devops["employmentType"] == "contract"
    assert devops["salary"] == {"min": 650, "max": 650, "currency": "EUR", "period": "day"}
    assert office["employmentType"] == "part-time" and office["remote"] == "no"


def test_ashby(fake_boards: FakeBoards) -> None:
    fake_boards.load_fixture("ashby", "bar")
    board, token = HttpJobBoards(_settings(fake_boards)).for_spec("ashby:bar")
    postings = board.fetch(token)
    assert fake_boards.requests[-1] == ("ashby", "bar", {"includeCompensation": ["true"]})
    assert len(postings) == 2  # the unlisted posting is left out
    ml, ae = (normalise(p).to_item() for p in postings)
    assert ml["salary"] == {"min": 85000, "max": 105000, "currency": "GBP", "period": "year"}
    assert ml["country"] == "GB" and ml["remote"] == "hybrid"
    assert "PyTorch" in ml["features"]["required"]
    assert "Natural Language Processing" in ml["features"]["nice"]
    assert ae["salary"]["currency"] == "AUD"  # from the tier summary text
    assert ae["country"] == "AU"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, BoardNotFound),
        (500, BoardUnavailable),
        (503, BoardUnavailable),
        (429, BoardUnavailable),
    ],
)
def test_board_errors(fake_boards: FakeBoards, status: int, error: type) -> None:
    fake_boards.load_fixture("lever", "foo")
    fake_boards.fail("lever", "foo", status)
    board, token = HttpJobBoards(_settings(fake_boards)).for_spec("lever:foo")
    with pytest.raises(error) as info:
        board.fetch(token)
    if status == 429:
        assert info.value.retry_after == 1


def test_retry_after_as_an_http_date(fake_boards: FakeBoards) -> None:
    fake_boards.load_fixture("lever", "foo")
    fake_boards.fail("lever", "foo", 429)
    fake_boards.retry_after = format_datetime(utcnow() + timedelta(seconds=90), usegmt=True)
    board, token = HttpJobBoards(_settings(fake_boards)).for_spec("lever:foo")
    with pytest.raises(BoardUnavailable) as info:
        board.fetch(token)
    assert info.value.retry_after is not None and 85 <= info.value.retry_after <= 90


def test_greenhouse_pay_is_asked_again_only_for_changed_jobs(fake_boards: FakeBoards) -> None:
    jobs = fake_boards.load_fixture("greenhouse", "acme")
    board, token = HttpJobBoards(_settings(fake_boards)).for_spec("greenhouse:acme")
    first = board.fetch(token)
    fake_boards.requests.clear()
    assert board.fetch(token) == first
    assert fake_boards.requests == [("greenhouse", "acme", {"content": ["true"]})]
    edited = [{**jobs[0], "updated_at": "2026-11-30T08:00:00-05:00"}, *jobs[1:]]
    fake_boards.set_board("greenhouse", "acme", edited)
    fake_boards.requests.clear()
    board.fetch(token)
    details = [r for r in fake_boards.requests if "/jobs/" in r[1]]
    assert details == [("greenhouse", f"acme/jobs/{jobs[0]['id']}", {"pay_transparency": ["true"]})]


def test_a_greenhouse_job_gone_since_the_list_keeps_no_pay(fake_boards: FakeBoards) -> None:
    fake_boards.load_fixture("greenhouse", "acme")
    # The first job closes between the list and its own document's request.
    fake_boards.unlisted_details.add("4012345007")
    board, token = HttpJobBoards(_settings(fake_boards)).for_spec("greenhouse:acme")
    postings = board.fetch(token)
    assert [p.source_id for p in postings] == ["4012345007", "4012345008", "4012345009"]
    assert postings[0].salary is None


def test_unknown_board_is_not_found(fake_boards: FakeBoards) -> None:
    board, token = HttpJobBoards(_settings(fake_boards)).for_spec("ashby:nobody")
    with pytest.raises(BoardNotFound):
        board.fetch(token)


def test_unreachable_board_is_unavailable() -> None:
    settings = Settings(_env_file=None, greenhouse_base_url="http://127.0.0.1:9/v1/boards")  # type: ignore[call-arg]
    board, token = HttpJobBoards(settings).for_spec("greenhouse:acme")
    with pytest.raises(BoardUnavailable):
        board.fetch(token)


@pytest.mark.parametrize("spec", ["acme", "monster:acme", "lever:", "lever:a/b", "greenhouse:a b"])
def test_bad_board_specs(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_board_spec(spec)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        ("  7 ", 7.0),
        ("Wed, 21 Oct 2026 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2026 07:27:00 GMT", 0.0),  # already past
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_header_forms(header: str | None, expected: float | None) -> None:
    now = datetime(2026, 10, 21, 7, 28, tzinfo=UTC)
    assert retry_after_seconds(header, now=now) == expected
