"""Job postings from a JSON, JSON Lines or CSV file: every good row is kept, every bad one is
reported with its line, the field and the reason."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.clock import iso, parse_iso
from core.jobs.model import EMPLOYMENT_TYPES, REMOTE_VALUES, SENIORITY_LEVELS, RawPosting, Source
from core.jobs.money import Salary
from core.jobs.normalise import salary_from_fields

MAX_FIELD = 50_000

# One posting as an import file gives it: whatever JSON (or CSV row) the user wrote, read
# field by field through the aliases below.
JsonObject = dict[str, object]


@dataclass
class RowError:
    line: int
    field: str
    reason: str


@dataclass
class ParsedFile:
    postings: list[tuple[int, RawPosting]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class FileFormatError(ValueError):
    """The file as a whole cannot be read (not JSON, not CSV, no rows)."""


def parse_file(data: bytes, filename: str, *, source: Source = "import") -> ParsedFile:
    name = filename.lower()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError(f"{filename} is not UTF-8 text") from None
    if name.endswith(".csv"):
        rows = list(_csv_rows(text))
    elif name.endswith((".jsonl", ".ndjson")):
        rows = list(_json_lines(text))
    elif name.endswith(".json"):
        rows = list(_json_rows(text, filename))
    else:
        raise FileFormatError(f"{filename}: expected a .json, .jsonl or .csv file")
    if not rows:
        raise FileFormatError(f"{filename} holds no postings")
    out = ParsedFile()
    for line, record in rows:
        if not isinstance(record, dict):
            out.errors.append(RowError(line, "-", "each posting must be an object"))
            continue
        posting, errors = raw_from_record(record, line=line, source=source)
        out.errors.extend(errors)
        if posting is not None:
            out.postings.append((line, posting))
    return out


def _json_rows(text: str, filename: str) -> Iterator[tuple[int, Any]]:
    stripped = text.strip()
    if not stripped:
        return
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError as exc:
        lines = [ln for ln in stripped.splitlines() if ln.strip()]
        if len(lines) > 1 and lines[0].lstrip().startswith("{"):
            yield from _json_lines(text)  # JSON Lines, with a bad line somewhere
            return
        raise FileFormatError(
            f"{filename} is not valid JSON (line {exc.lineno}: {exc.msg})"
        ) from None
    if isinstance(whole, dict):
        jobs = whole.get("jobs")
        if isinstance(jobs, list):
            # Positions are lost through the wrapper: rows are numbered by element instead.
            yield from enumerate(jobs, start=1)
        else:
            yield 1, whole
        return
    if not isinstance(whole, list):
        raise FileFormatError(f"{filename} is not a JSON array of postings")
    # Decode element by element to know the line each posting starts on.
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    for _ in whole:
        pos = _skip_ws(text, pos)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
        line = text.count("\n", 0, pos) + 1
        value, pos = decoder.raw_decode(text, pos)
        yield line, value


def _json_lines(text: str) -> Iterator[tuple[int, Any]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, _Invalid(exc.msg)


class _Invalid(JsonObject):
    """A JSON Lines row that did not parse; reported like any other bad row."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _csv_rows(text: str) -> Iterator[tuple[int, JsonObject]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        return
    fields = [f.strip() for f in reader.fieldnames]
    reader.fieldnames = fields
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        if None in row:
            yield line, _Invalid(f"{len(row[None])} more values than columns")
            continue
        yield line, {k: v for k, v in row.items() if k}


_ALIASES = {
    "id": ("sourceId", "source_id", "id", "jobId", "job_id", "externalId", "ref", "reference"),
    "title": ("title", "jobTitle", "job_title", "position", "role", "name"),
    "company": ("company", "companyName", "company_name", "employer", "organization"),
    "location": ("location", "city", "jobLocation", "job_location"),
    "description": ("description", "descriptionHtml", "description_html", "body", "content",
                    "summary"),
    "requirements": ("requirements", "qualifications", "mustHave", "must_have"),
    "nice": ("niceToHave", "nice_to_have", "preferred", "bonus"),
    "remote": ("remote", "workplaceType", "workplace_type", "remoteType", "remote_type"),
    "employment": ("employmentType", "employment_type", "type", "commitment", "jobType",
                   "job_type"),
    "seniority": ("seniority", "level", "experienceLevel", "experience_level"),
    "salary": ("salary", "compensation", "pay"),
    "salaryMin": ("salaryMin", "salary_min", "minSalary", "min_salary"),
    "salaryMax": ("salaryMax", "salary_max", "maxSalary", "max_salary"),
    "currency": ("salaryCurrency", "salary_currency", "currency"),
    "period": ("salaryPeriod", "salary_period", "period", "payPeriod", "interval"),
    "url": ("url", "applyUrl", "apply_url", "link", "hostedUrl", "jobUrl"),
    "posted": ("postedDate", "posted_date", "postedAt", "posted_at", "datePosted", "date",
               "publishedAt", "published_at", "createdAt"),
    "department": ("department", "team"),
    "country": ("country", "countryCode", "country_code"),
}  # fmt: skip


def _get(record: Mapping[str, object], key: str) -> Any:
    for alias in _ALIASES[key]:
        if alias in record and record[alias] not in (None, ""):
            return record[alias]
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return None
    s = str(value).strip()
    return s[:MAX_FIELD] if s else None


def _list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str):
        parts = re.split(r"\n|;|\s\|\s", value)
        return [re.sub(r"^[-•*]\s*", "", p).strip() for p in parts if p.strip()]
    return None


def _remote(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    s = str(value).strip().lower().replace("_", "-")
    mapping = {
        "yes": "yes", "true": "yes", "remote": "yes", "fully remote": "yes", "1": "yes",
        "hybrid": "hybrid", "partial": "hybrid", "partially remote": "hybrid",
        "no": "no", "false": "no", "0": "no", "on-site": "no", "onsite": "no",
        "in-office": "no", "office": "no", "on site": "no",
    }  # fmt: skip
    return mapping.get(s, "?")


def raw_from_record(
    record: Mapping[str, object], *, line: int = 1, source: Source = "import"
) -> tuple[RawPosting | None, list[RowError]]:
    """One posting from a loosely shaped record (camelCase, snake_case or common synonyms)."""
    if isinstance(record, _Invalid):
        return None, [RowError(line, "-", f"invalid JSON: {record.reason}")]
    errors: list[RowError] = []
    title = _text(_get(record, "title"))
    company = _text(_get(record, "company"))
    if not title:
        errors.append(RowError(line, "title", "is required"))
    if not company:
        errors.append(RowError(line, "company", "is required"))

    remote = _remote(_get(record, "remote"))
    if remote == "?":
        errors.append(RowError(line, "remote", f"must be one of {', '.join(REMOTE_VALUES)}"))

    employment_raw = _text(_get(record, "employment"))
    seniority = _text(_get(record, "seniority"))
    if seniority is not None:
        seniority = seniority.lower()
        if seniority not in SENIORITY_LEVELS:
            errors.append(
                RowError(line, "seniority", f"must be one of {', '.join(SENIORITY_LEVELS)}")
            )

    salary_obj = _get(record, "salary")
    salary = None
    salary_text = None
    if isinstance(salary_obj, dict):
        salary, err = _salary_dict(salary_obj)
        if err:
            errors.append(RowError(line, "salary", err))
    elif salary_obj is not None:
        salary_text = _text(salary_obj)
    lo, hi = _get(record, "salaryMin"), _get(record, "salaryMax")
    bad_number = next((v for v in (lo, hi) if v is not None and _number(v) is None), None)
    if bad_number is not None:
        errors.append(RowError(line, "salary", f"{bad_number!r} is not a number"))
    elif salary is None and (lo is not None or hi is not None):
        salary = salary_from_fields(lo, hi, _get(record, "currency"), _get(record, "period"))
        if salary is None:
            errors.append(
                RowError(line, "salary", "needs numeric min/max and a 3-letter currency code")
            )

    url = _text(_get(record, "url"))
    if url and not re.match(r"^https?://", url, re.I):
        errors.append(RowError(line, "url", "must start with http:// or https://"))

    posted = _text(_get(record, "posted"))
    posted_iso = None
    if posted:
        posted_iso = _date(posted)
        if posted_iso is None:
            errors.append(RowError(line, "postedDate", "is not a date (use YYYY-MM-DD)"))

    country = _text(_get(record, "country"))
    if country and not re.fullmatch(r"[A-Za-z]{2}", country):
        errors.append(RowError(line, "country", "must be a 2-letter ISO country code"))

    if errors:
        return None, errors
    assert title and company
    description = _text(_get(record, "description")) or ""
    is_html = bool(re.search(r"<\s*[a-zA-Z][^>]*>|&lt;", description))
    location = _text(_get(record, "location"))
    source_id = _text(_get(record, "id"))
    if not source_id:
        # No id in the file: the same posting imported twice must still be one job.
        basis = "\x1f".join([company.lower(), title.lower(), (location or "").lower()])
        source_id = "h-" + hashlib.sha256(basis.encode()).hexdigest()[:20]
    employment = None
    if employment_raw:
        low = employment_raw.lower()
        employment = next(
            (
                t
                for t in EMPLOYMENT_TYPES
                if t.replace("-", "") in low.replace("-", "").replace(" ", "")
            ),
            employment_raw,
        )
    return (
        RawPosting(
            source=source,
            source_id=source_id,
            title=title,
            company=company,
            location=location,
            description_html=description if is_html else None,
            description_text=None if is_html else description,
            requirements=_list(_get(record, "requirements")),
            nice_to_have=_list(_get(record, "nice")),
            remote=remote,
            employment_type=employment,
            seniority=seniority,
            salary=salary,
            salary_text=salary_text,
            url=url,
            posted_date=posted_iso,
            department=_text(_get(record, "department")),
            country=country.upper() if country else None,
        ),
        [],
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def _salary_dict(obj: Mapping[str, object]) -> tuple[Salary | None, str | None]:
    lo, hi = obj.get("min"), obj.get("max")
    currency = obj.get("currency") or obj.get("currencyCode")
    if lo is None and hi is None:
        return None, "needs min or max"
    for label, v in (("min", lo), ("max", hi)):
        if v is not None and not isinstance(v, (int, float)):
            try:
                float(str(v).replace(",", ""))
            except ValueError:
                return None, f"{label} must be a number"
    salary = salary_from_fields(lo, hi, currency, obj.get("period") or obj.get("interval"))
    if salary is None:
        return None, "currency must be a 3-letter code such as USD"
    if salary.min is not None and salary.max is not None and salary.min > salary.max:
        return None, "min is above max"
    return salary, None


def _date(text: str) -> str | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return iso(parse_iso(text + "T00:00:00+00:00"))
        return iso(parse_iso(text))
    except ValueError:
        return None
