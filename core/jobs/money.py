"""Salaries: the normalised shape, pay periods, and rough conversion between currencies.

Conversion uses fixed reference rates. They are only good for ordering ("is this offer above my
minimum?") and for filters across currencies; market figures are never converted and are
reported per currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

Period = Literal["year", "month", "week", "day", "hour"]
PERIODS: tuple[Period, ...] = get_args(Period)

# Working time a pay period stands for, in a year (40-hour weeks, 52 weeks).
PERIODS_PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}

# Units of each currency per US dollar, rounded reference values (early 2025). Approximate by
# design: see the module docstring.
UNITS_PER_USD: dict[str, float] = {
    "USD": 1.0, "EUR": 0.92, "GBP": 0.79, "CAD": 1.36, "AUD": 1.52, "NZD": 1.65, "CHF": 0.88,
    "SEK": 10.6, "NOK": 10.8, "DKK": 6.9, "PLN": 4.0, "CZK": 23.0, "HUF": 360.0, "RON": 4.6,
    "INR": 83.0, "JPY": 150.0, "CNY": 7.2, "SGD": 1.34, "HKD": 7.8, "BRL": 5.0, "MXN": 17.0,
    "ZAR": 18.5, "AED": 3.67, "ILS": 3.7, "KRW": 1330.0, "NGN": 1500.0, "KES": 130.0,
    "PHP": 56.0, "TRY": 32.0, "ARS": 900.0, "COP": 3900.0, "CLP": 930.0, "EGP": 48.0,
    "IDR": 15700.0, "MYR": 4.7, "THB": 36.0, "VND": 24800.0, "PKR": 280.0, "SAR": 3.75,
}  # fmt: skip


@dataclass(frozen=True)
class Salary:
    min: float | None
    max: float | None
    currency: str
    period: str = "year"

    def to_item(self) -> dict[str, float | str | None]:
        return {
            "min": _clean_number(self.min),
            "max": _clean_number(self.max),
            "currency": self.currency,
            "period": self.period,
        }

    @classmethod
    def from_item(cls, item: Mapping[str, Any] | None) -> Salary | None:
        if not item or not item.get("currency"):
            return None
        lo, hi = item.get("min"), item.get("max")
        if lo is None and hi is None:
            return None
        period = item.get("period") or "year"
        return cls(
            None if lo is None else float(lo),
            None if hi is None else float(hi),
            str(item["currency"]).upper(),
            period if period in PERIODS else "year",
        )

    def annual(self) -> tuple[float | None, float | None]:
        factor = PERIODS_PER_YEAR.get(self.period, 1)
        return (
            None if self.min is None else self.min * factor,
            None if self.max is None else self.max * factor,
        )

    def annual_usd(self) -> tuple[float | None, float | None]:
        lo, hi = self.annual()
        return to_usd(lo, self.currency), to_usd(hi, self.currency)

    def describe(self) -> str:
        """ "$120k–$150k a year", "€45/hour"."""
        sym = SYMBOLS.get(self.currency, self.currency + " ")
        values = [v for v in (self.min, self.max) if v is not None]
        # Both ends in one unit, chosen by the larger: "PLN 9k–PLN 11.5k", not "9,000–11.5k".
        unit = _unit(max(values)) if values else (1, "")
        parts = [_short(v, unit) for v in values]
        if len(parts) == 2 and parts[0] == parts[1]:
            parts = parts[:1]
        amount = "–".join(sym + p for p in parts)
        if self.min is None and self.max is not None:
            amount = "up to " + amount
        elif self.max is None and self.min is not None:
            amount = "from " + amount
        return f"{amount} {'an' if self.period == 'hour' else 'a'} {self.period}"


# As the web app writes them (the browser's own currency symbols), so that one page agrees.
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$"}


def _unit(largest: float) -> tuple[int, str]:
    if largest >= 1_000_000:
        return 1_000_000, "M"
    if largest >= 10_000:
        return 1000, "k"
    return 1, ""


def _short(value: float, unit: tuple[int, str]) -> str:
    size, suffix = unit
    if size == 1:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    scaled = value / size
    text = f"{scaled:,.0f}" if scaled == int(scaled) else f"{scaled:,.1f}"
    return text + suffix


def _clean_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def to_usd(amount: float | None, currency: str) -> float | None:
    if amount is None:
        return None
    rate = UNITS_PER_USD.get(currency.upper())
    return None if rate is None else amount / rate


def from_usd(amount: float | None, currency: str) -> float | None:
    if amount is None:
        return None
    rate = UNITS_PER_USD.get(currency.upper())
    return None if rate is None else amount * rate


def convert(amount: float, src: str, dst: str) -> float | None:
    usd = to_usd(amount, src)
    return from_usd(usd, dst)
