from __future__ import annotations

import pytest

from core.jobs.money import Salary
from core.jobs.salary import parse_salary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120k–$150k", (120000, 150000, "USD", "year")),
        ("€60.000 – €75.000 a year", (60000, 75000, "EUR", "year")),
        ("$45/hr", (45, 45, "USD", "hour")),
        ("£45,000 - £55,000 per annum", (45000, 55000, "GBP", "year")),
        ("CHF 110'000 – 130'000 per year", (110000, 130000, "CHF", "year")),
        ("₹12,00,000 – ₹18,00,000 per annum", (1200000, 1800000, "INR", "year")),
        ("Salary: 12-18 LPA", (1200000, 1800000, "INR", "year")),
        ("USD 120,000 - 150,000", (120000, 150000, "USD", "year")),
        ("60k-75k EUR", (60000, 75000, "EUR", "year")),
        ("$50-60/hour", (50, 60, "USD", "hour")),
        ("A$120k - A$140k + super", (120000, 140000, "AUD", "year")),
        ("The base salary range is $152,000-$189,000", (152000, 189000, "USD", "year")),
        ("45.000 € – 55.000 € brutto im Jahr", (45000, 55000, "EUR", "year")),
        ("45 000 € – 55 000 € par an", (45000, 55000, "EUR", "year")),
        ("€3.500 per month", (3500, 3500, "EUR", "month")),
        ("550 000 – 650 000 SEK per year", (550000, 650000, "SEK", "year")),
        ("R$ 8.000 – R$ 11.000 por mês", (8000, 11000, "BRL", "month")),
        ("S$7,000 – S$9,000 per month", (7000, 9000, "SGD", "month")),
        ("$120-$150k", (120000, 150000, "USD", "year")),
        ("Pay: $22.50 an hour", (22.5, 22.5, "USD", "hour")),
        ("€650 per day", (650, 650, "EUR", "day")),
        ("Pay up to $90,000", (None, 90000, "USD", "year")),
        ("Salary from £30,000 per year", (30000, None, "GBP", "year")),
        ("Base salary $95,000 + bonus", (95000, 95000, "USD", "year")),
    ],
)
def test_reads_pay_ranges_written_many_ways(text: str, expected: tuple) -> None:
    salary = parse_salary(text)
    assert salary is not None, text
    assert (salary.min, salary.max, salary.currency, salary.period) == expected


@pytest.mark.parametrize(
    "text",
    [
        "5-7 years of experience and a team of 150",
        "We offer a 401k with matching",
        "A $2,000 yearly learning budget and 30 days of holiday",
        "A $5,000 signing bonus",
        "Salary range: 90-110k",  # no currency and no country: unknown money
        "Founded in 2012, 300 employees in 12 countries",
    ],
)
def test_figures_that_are_not_pay_are_ignored(text: str) -> None:
    assert parse_salary(text) is None


def test_a_bare_dollar_follows_the_country_of_the_posting() -> None:
    assert parse_salary("Compensation: $140,000 - $170,000", country="CA").currency == "CAD"
    assert parse_salary("Compensation: $140,000 - $170,000", country="AU").currency == "AUD"
    assert parse_salary("Compensation: $140,000 - $170,000").currency == "USD"
    # A figure with no currency at all takes the posting country's money.
    assert parse_salary("Salary range: 90-110k", country="DE") == Salary(90000, 110000, "EUR")


def test_annual_and_dollar_figures_for_comparison() -> None:
    hourly = Salary(45, 55, "USD", "hour")
    assert hourly.annual() == (45 * 2080, 55 * 2080)
    eur = Salary(60000, 75000, "EUR", "year")
    lo, hi = eur.annual_usd()
    assert lo is not None and hi is not None and 60000 < lo < hi
    assert eur.describe() == "€60k–€75k a year"


@pytest.mark.parametrize(
    ("salary", "said"),
    [
        (Salary(9000, 11500, "PLN", "month"), "PLN 9k–PLN 11.5k a month"),
        (Salary(1_500_000, 1_900_000, "INR", "year"), "₹1.5M–₹1.9M a year"),
        (Salary(95000, 118000, "CAD", "year"), "CA$95k–CA$118k a year"),
        (Salary(45, 55, "EUR", "hour"), "€45–€55 an hour"),
        (Salary(None, 120000, "USD", "year"), "up to $120k a year"),
    ],
)
def test_a_range_is_written_in_one_unit(salary: Salary, said: str) -> None:
    assert salary.describe() == said
