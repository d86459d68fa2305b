from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    model_validator,
)
from pydantic.alias_generators import to_camel

from core.clock import iso


class CamelModel(BaseModel):
    """A model whose JSON names are camelCase (the API's contract) and which also accepts the
    Python names."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


UNSTORABLE_TEXT = "text must be valid Unicode without NUL characters"


def _unstorable(value: Any) -> bool:
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable(v) for v in value)
    return False


class RequestModel(CamelModel):
    """A request body: closed (unknown fields refused) and holding only what every store can
    keep. JSON allows lone UTF-16 surrogates ("\\ud800"), which no UTF-8 store can write, and
    the NUL character, which ends a string in many of the tools that read the data later."""

    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, data: Any) -> Any:
        if _unstorable(data):
            raise ValueError(UNSTORABLE_TEXT)
        return data


def _refuse_unstorable(value: str) -> str:
    if _unstorable(value):
        raise ValueError(UNSTORABLE_TEXT)
    return value


# Text from the query string, held to what a request body may hold. (A percent-encoded NUL
# decodes to one; bytes that are not UTF-8 decode to U+FFFD, which is storable.)
QueryText = Annotated[str, AfterValidator(_refuse_unstorable)]


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omissible(**constraints: Any) -> Any:
    """A field that may be left out (left unchanged) but not sent as null: its stored value is
    never null."""
    return Field(default=None, json_schema_extra=_drop_default, **constraints)


def _text_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 date or date-time string")
    return value


def _plausible_year(value: datetime | date) -> datetime | date:
    # Years near 1 or 9999 overflow when moved to UTC; no one applied to a job then.
    if not 1900 <= value.year <= 2200:
        raise ValueError("the year must be between 1900 and 2200")
    return value


# Numbers must be JSON numbers (not booleans or strings) and finite: NaN, Infinity and 1e999
# (which JSON parsers read as infinity) have no place in any store.
FiniteNumber = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Integer = Annotated[int, Strict()]
DateText = Annotated[datetime | date, BeforeValidator(_text_only), AfterValidator(_plausible_year)]
# A stored instant, answered as the stores keep it: UTC, to the millisecond, with a Z.
Timestamp = Annotated[datetime, PlainSerializer(iso, return_type=str)]
# A time in the zone it happens in, answered with that zone's UTC offset ("+00:00", never "Z").
LocalTime = Annotated[datetime, PlainSerializer(datetime.isoformat, return_type=str)]


class ErrorBody(BaseModel):
    code: str
    message: str
    details: object | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


ERROR_DESCRIPTIONS = {
    400: "the body is not valid JSON",
    401: "not signed in, the token is invalid, or the account no longer exists",
    403: "not allowed",
    404: "not found, or not yours",
    409: "conflict with the stored state; reload and try again",
    413: "the request body is over the size limit",
    415: "unsupported media type",
    422: "invalid input",
    429: "rate limited, or too many of your tasks in progress; see the Retry-After header",
    503: "a required service is not configured or not reachable",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Error answers an operation declares beyond those that follow from its parameters (all
    in the error shape)."""
    return {s: {"model": ErrorResponse, "description": ERROR_DESCRIPTIONS[s]} for s in statuses}


def fields_of(record: BaseModel, shape: type[BaseModel]) -> dict[str, Any]:
    """The fields of a stored record that a response `shape` declares, by their Python names:
    a record's other attributes (bookkeeping, secrets) are left out, not refused."""
    return record.model_dump(include=set(shape.model_fields))
