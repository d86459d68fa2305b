"""What the API answers about jobs: pages of jobs with the caller's scores, one job with its
breakdown, and a written explanation of the match.

Each answer is the jobs service's own view (core/jobs/views.py), read by attribute and
closed to unknown fields; the classes here give the wire its names."""

from __future__ import annotations

from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_camel

from core.jobs import views

# Read from the views by attribute name only: looking up camelCase names first would miss on
# every field of every row.
_WIRE = ConfigDict(
    alias_generator=to_camel,
    validate_by_alias=False,
    validate_by_name=True,
    serialize_by_alias=True,
    extra="forbid",
    from_attributes=True,
)


class SalaryOut(views.Pay):
    model_config = _WIRE


class BreakdownOut(views.Breakdown):
    model_config = _WIRE


class JobSummaryOut(views.JobSummary):
    model_config = _WIRE

    salary: SalaryOut | None = None
    score_breakdown: BreakdownOut | None = None


class JobsPageOut(views.JobsPage):
    model_config = _WIRE

    items: tuple[JobSummaryOut, ...]


class ListingOut(views.Listing):
    model_config = _WIRE


class JobDetailOut(views.JobDetail):
    model_config = _WIRE

    salary: SalaryOut | None = None
    score_breakdown: BreakdownOut | None = None
    also_listed_on: tuple[ListingOut, ...] = Field(default_factory=tuple)


class ExplanationOut(views.Explanation):
    model_config = _WIRE


class JobMatchOut(JobDetailOut):
    explanation: ExplanationOut
