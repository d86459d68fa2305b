"""Typed values that travel inside records and results: a stored analysis, a computed report.

They share the records' naming: snake_case attributes, camelCase names as stored and as the
HTTP API and the command line show them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class Value(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")

    def to_item(self) -> dict[str, Any]:
        """The camelCase JSON form, every declared field included."""
        return self.model_dump(by_alias=True, mode="json")


class StoredValue(Value):
    """A value kept inside a stored item: names it does not declare (written by another
    version) are kept, as `Record` keeps them."""

    model_config = ConfigDict(extra="allow")
