from __future__ import annotations

import json

import pytest

from core.errors import InvalidInput
from core.jobs.importer import FileFormatError, parse_file
from core.jobs.model import job_id
from core.jobs.repository import Job
from core.jobs.service import import_file
from core.storage.port import Store


def _json(rows: list) -> bytes:
    return json.dumps(rows, indent=2).encode()


def test_json_rows_report_line_field_and_reason_and_keep_good_rows(store: Store) -> None:
    data = _json(
        [
            {
                "id": "a1",
                "title": "Data Analyst",
                "company": "Hudson",
                "location": "New York, NY",
                "description": "SQL and Tableau.",
                "requirements": ["SQL", "Tableau"],
                "salary": {"min": 75000, "max": 90000, "currency": "USD"},
            },
            {"id": "a2", "company": "Hudson"},
            {"id": "a3", "title": "Chef", "company": "Bistro", "remote": "sometimes"},
            {
                "id": "a4",
                "title": "Cook",
                "company": "Bistro",
                "salary": {"min": "lots", "currency": "USD"},
            },
            {
                "id": "a5",
                "title": "Nurse",
                "company": "Clinic",
                "postedDate": "yesterday-ish",
                "url": "ftp://nope",
            },
        ]
    )
    report = import_file(store, data, "jobs.json").to_dict()
    assert report["imported"] == 1 and report["created"] == 1 and report["rejected"] == 4
    errors = {(e["line"], e["field"]) for e in report["errors"]}
    lines = data.decode().splitlines()
    second_starts = next(n for n, line in enumerate(lines) if '"a2"' in line)  # 1-based: its "{"
    assert (second_starts, "title") in errors
    assert any(f == "remote" for _, f in errors)
    assert any(f == "salary" for _, f in errors)
    assert any(f == "postedDate" for _, f in errors) and any(f == "url" for _, f in errors)
    assert all(e["reason"] for e in report["errors"])
    item = store.get(Job.table, {"jobId": job_id("import", "a1")})
    assert item is not None and item["salary"]["currency"] == "USD"
    assert item["requirements"] == ["SQL", "Tableau"]


def test_importing_the_same_file_twice_changes_nothing(store: Store) -> None:
    data = _json(
        [{"title": "Electrician", "company": "Windy City Electric", "location": "Chicago, IL"}]
    )
    first = import_file(store, data, "jobs.json").to_dict()
    second = import_file(store, data, "jobs.json").to_dict()
    assert first["created"] == 1
    assert second["created"] == 0 and second["unchanged"] == 1


def test_csv_rows_with_line_numbers(store: Store) -> None:
    csv_text = (
        "title,company,location,salaryMin,salaryMax,salaryCurrency,requirements\n"
        'Staff Accountant,Maple Leaf,"Toronto, ON",65000,78000,CAD,GAAP; QuickBooks\n'
        ",Missing Title Inc,Paris,,,,\n"
        "Cook,Bistro,Lyon,abc,40000,EUR,\n"
    )
    report = import_file(store, csv_text.encode(), "jobs.csv").to_dict()
    assert report["imported"] == 1
    assert {(e["line"], e["field"]) for e in report["errors"]} == {(3, "title"), (4, "salary")}


def test_json_lines(store: Store) -> None:
    text = (
        '{"title": "Recruiter", "company": "Lumen"}\n'
        "not json\n"
        '{"title": "Pharmacist", "company": "Wellmark", "country": "Great Britain"}\n'
    )
    report = import_file(store, text.encode(), "jobs.jsonl").to_dict()
    assert report["imported"] == 1
    assert {(e["line"], e["field"]) for e in report["errors"]} == {(2, "-"), (3, "country")}


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"{not json", "jobs.json"),
        (b"[]", "jobs.json"),
        (b"a,b\n", "jobs.csv"),
        (b"hello", "jobs.txt"),
        (b"\xff\xfe\x00", "jobs.json"),
    ],
)
def test_unreadable_files_are_refused_whole(data: bytes, name: str, store: Store) -> None:
    with pytest.raises(FileFormatError):
        parse_file(data, name)
    with pytest.raises(InvalidInput):
        import_file(store, data, name)
