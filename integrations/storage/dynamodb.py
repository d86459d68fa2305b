"""The production store: one DynamoDB table per logical table, GSIs named as in the schema.

Items go through a small converter instead of boto3's resource layer: floats become Decimals
on the way in, and numbers come back as `int` when integral and `float` otherwise, so callers
see the same JSON types the SQLite store gives them.

DynamoDB refuses an item whose index key attribute is null, empty or of the wrong type. Such
values are parked in a hidden map (`UNINDEXED_ATTRIBUTE`) and put back on read, which keeps the
item out of that index exactly as a sparse index would, and keeps the write from failing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Literal

from botocore.config import Config
from botocore.exceptions import ClientError

from core.storage.port import (
    VERSION_ATTRIBUTE,
    ConditionFailed,
    KeyQuery,
    Store,
    check_item_size,
    check_key_value,
)
from core.storage.schema import EXPIRY_ATTRIBUTE, TABLES, Table
from core.storage.schema import table as schema_table
from integrations.aws import aws_client

UNINDEXED_ATTRIBUTE = "__unindexed"
# Key attributes holding numbers; every other key attribute is a string. Shared with the AWS
# template through `table_definitions()`.
NUMERIC_KEY_ATTRIBUTES = frozenset({"versionNumber"})
_BATCH = 25
_WAIT_SECONDS = 300.0


def key_attribute_type(attribute: str) -> Literal["S", "N"]:
    return "N" if attribute in NUMERIC_KEY_ATTRIBUTES else "S"


def table_definitions(prefix: str = "") -> list[dict[str, Any]]:
    """`CreateTable` arguments for every table of the schema (also what the template holds)."""
    return [_definition(t, prefix) for t in TABLES.values()]


def _definition(t: Table, prefix: str) -> dict[str, Any]:
    attributes: dict[str, str] = {}

    def key_schema(partition: str, sort: str | None) -> list[dict[str, str]]:
        keys = [{"AttributeName": partition, "KeyType": "HASH"}]
        attributes[partition] = key_attribute_type(partition)
        if sort:
            keys.append({"AttributeName": sort, "KeyType": "RANGE"})
            attributes[sort] = key_attribute_type(sort)
        return keys

    definition: dict[str, Any] = {
        "TableName": prefix + t.name,
        "KeySchema": key_schema(t.partition_key, t.sort_key),
        "BillingMode": "PAY_PER_REQUEST",
    }
    if t.indexes:
        definition["GlobalSecondaryIndexes"] = [
            {
                "IndexName": idx.name,
                "KeySchema": key_schema(idx.partition_key, idx.sort_key),
                "Projection": {"ProjectionType": "ALL"},
            }
            for idx in t.indexes
        ]
    definition["AttributeDefinitions"] = [
        {"AttributeName": name, "AttributeType": kind} for name, kind in attributes.items()
    ]
    return definition


# --- conversion -------------------------------------------------------------------------------


def _number(value: int | float) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"DynamoDB cannot store {value!r}")
        return str(Decimal(repr(value)))
    return str(value)


def to_attribute(value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, int | float):
        return {"N": _number(value)}
    if isinstance(value, Mapping):
        return {"M": {str(k): to_attribute(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [to_attribute(v) for v in value]}
    raise TypeError(f"cannot store a {type(value).__name__} value")


def _from_number(text: str) -> int | float:
    if "." not in text and "e" not in text and "E" not in text:
        return int(text)
    number = Decimal(text)
    if number == number.to_integral_value() and abs(number) < 2**63:
        return int(number)
    return float(number)


def from_attribute(attr: Mapping[str, Any]) -> Any:
    ((kind, value),) = attr.items()
    if kind == "S":
        return value
    if kind == "N":
        return _from_number(value)
    if kind == "M":
        return {k: from_attribute(v) for k, v in value.items()}
    if kind == "L":
        return [from_attribute(v) for v in value]
    if kind == "BOOL":
        return bool(value)
    if kind == "NULL":
        return None
    if kind == "SS":
        return list(value)
    if kind == "NS":
        return [_from_number(v) for v in value]
    raise TypeError(f"unsupported DynamoDB type {kind}")


def _fits_key(attribute: str, value: Any) -> bool:
    if key_attribute_type(attribute) == "N":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str) and value != ""


class DynamoStore(Store):
    def __init__(
        self,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        table_prefix: str = "",
    ) -> None:
        self.prefix = table_prefix
        # What identifies the tables (the job index cache keys stores by them).
        self.table_prefix = table_prefix
        self.endpoint_url = endpoint_url
        self.client = aws_client(
            "dynamodb",
            endpoint_url=endpoint_url,
            region=region,
            config=Config(
                retries={"max_attempts": 8, "mode": "standard"},
                max_pool_connections=32,
                connect_timeout=5,
                read_timeout=30,
            ),
        )

    def _name(self, table: str) -> str:
        return self.prefix + table

    # --- conversion with the table's key rules ---------------------------------------------

    def _to_item(self, t: Table, item: Mapping[str, Any]) -> dict[str, Any]:
        if EXPIRY_ATTRIBUTE in item:
            raise ValueError(f"{EXPIRY_ATTRIBUTE} is a reserved attribute name")
        if t.expire_after_seconds:
            item = {**item, EXPIRY_ATTRIBUTE: int(time.time()) + t.expire_after_seconds}
        check_item_size(t.name, item)
        for attr in (t.partition_key, t.sort_key):
            if attr is None:
                continue
            if attr not in item:
                raise ValueError(f"{t.name} item lacks its key attribute {attr!r}")
            check_key_value(t.name, attr, item[attr])
            if not _fits_key(attr, item[attr]):
                raise ValueError(f"{t.name}.{attr} must be a {key_attribute_type(attr)} value")
        out: dict[str, Any] = {}
        parked: dict[str, Any] = {}
        index_keys = _index_key_attributes(t)
        for name, value in item.items():
            if name == UNINDEXED_ATTRIBUTE:
                raise ValueError(f"{UNINDEXED_ATTRIBUTE} is a reserved attribute name")
            if name in index_keys and not _fits_key(name, value):
                parked[name] = value
                continue
            out[name] = to_attribute(value)
        if parked:
            out[UNINDEXED_ATTRIBUTE] = to_attribute(parked)
        return out

    @staticmethod
    def _from_item(raw: Mapping[str, Any]) -> dict[str, Any]:
        item = {k: from_attribute(v) for k, v in raw.items()}
        item.pop(EXPIRY_ATTRIBUTE, None)
        parked = item.pop(UNINDEXED_ATTRIBUTE, None)
        if parked:
            item.update(parked)
        return item

    def _key(self, t: Table, key: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for attr in (t.partition_key, t.sort_key):
            if attr is None:
                continue
            if attr not in key:
                raise ValueError(f"{t.name} key lacks {attr!r}")
            out[attr] = to_attribute(check_key_value(t.name, attr, key[attr]))
        return out

    # --- schema ----------------------------------------------------------------------------

    def _existing_tables(self) -> set[str]:
        names: set[str] = set()
        for page in self.client.get_paginator("list_tables").paginate():
            names.update(page.get("TableNames", []))
        return names

    def init(self) -> None:
        self.ensure_tables()

    def ensure_tables(self) -> list[str]:
        """Create missing tables and indexes (and switch on expiry where the schema has one),
        wait until usable; returns what it created or changed."""
        existing = self._existing_tables()
        created: list[str] = []
        for definition in table_definitions(self.prefix):
            name = definition["TableName"]
            described: Mapping[str, Any]
            if name in existing:
                described = self._wait_active(name)
            else:
                try:
                    described = self.client.create_table(**definition)["TableDescription"]
                    created.append(name)
                except ClientError as exc:
                    if _code(exc) != "ResourceInUseException":  # created meanwhile
                        raise
                    described = {}
                if not _is_active(described):
                    described = self._wait_active(name)
            created.extend(self._add_missing_indexes(definition, described))
            created.extend(self._enable_expiry(definition["TableName"]))
        return created

    def _enable_expiry(self, name: str) -> list[str]:
        t = TABLES[name.removeprefix(self.prefix)]
        if not t.expire_after_seconds:
            return []
        described = self.client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        if described.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
            return []
        self.client.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": EXPIRY_ATTRIBUTE},
        )
        return [f"{name} expires items by {EXPIRY_ATTRIBUTE}"]

    def _add_missing_indexes(
        self, definition: dict[str, Any], described: Mapping[str, Any]
    ) -> list[str]:
        have = {g["IndexName"] for g in described.get("GlobalSecondaryIndexes", [])}
        added = []
        for gsi in definition.get("GlobalSecondaryIndexes", []):
            if gsi["IndexName"] in have:
                continue
            names = {k["AttributeName"] for k in gsi["KeySchema"]}
            # DynamoDB builds one new index per UpdateTable call, and only on an active table.
            self.client.update_table(
                TableName=definition["TableName"],
                AttributeDefinitions=[
                    a for a in definition["AttributeDefinitions"] if a["AttributeName"] in names
                ],
                GlobalSecondaryIndexUpdates=[{"Create": gsi}],
            )
            self._wait_active(definition["TableName"])
            added.append(f"{definition['TableName']}/{gsi['IndexName']}")
        return added

    def _wait_active(self, name: str) -> dict[str, Any]:
        delay, deadline = 0.05, time.monotonic() + _WAIT_SECONDS
        while True:
            described = self.client.describe_table(TableName=name)["Table"]
            if _is_active(described):
                return dict(described)
            if time.monotonic() > deadline:
                raise TimeoutError(f"DynamoDB table {name} did not become active")
            time.sleep(delay)
            delay = min(delay * 2, 5.0)

    def ping(self) -> None:
        self.client.list_tables(Limit=1)

    def drop_all(self) -> None:
        existing = self._existing_tables()
        doomed = [self._name(t) for t in TABLES if self._name(t) in existing]
        for name in doomed:
            try:
                self.client.delete_table(TableName=name)
            except ClientError as exc:
                if _code(exc) != "ResourceNotFoundException":
                    raise
        delay, deadline = 0.05, time.monotonic() + _WAIT_SECONDS
        while doomed:
            doomed = [n for n in doomed if n in self._existing_tables()]
            if doomed and time.monotonic() > deadline:
                raise TimeoutError(f"DynamoDB tables not deleted: {', '.join(doomed)}")
            if doomed:
                time.sleep(delay)
                delay = min(delay * 2, 5.0)

    # --- items -----------------------------------------------------------------------------

    def get(self, table: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
        t = schema_table(table)
        resp = self.client.get_item(
            TableName=self._name(t.name), Key=self._key(t, key), ConsistentRead=True
        )
        raw = resp.get("Item")
        return None if raw is None else self._from_item(raw)

    def _put(
        self, t: Table, stored: dict[str, Any], if_not_exists: bool, expected_version: int | None
    ) -> None:
        args: dict[str, Any] = {
            "TableName": self._name(t.name),
            "Item": self._to_item(t, stored),
        }
        conditions: list[str] = []
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        if if_not_exists or expected_version == 0:
            conditions.append("attribute_not_exists(#pk)")
            names["#pk"] = t.partition_key
        if expected_version:
            conditions.append("#v = :v")
            names["#v"] = VERSION_ATTRIBUTE
            values[":v"] = to_attribute(expected_version)
        if conditions:
            args["ConditionExpression"] = " AND ".join(conditions)
            args["ExpressionAttributeNames"] = names
            if values:
                args["ExpressionAttributeValues"] = values
        try:
            self.client.put_item(**args)
        except ClientError as exc:
            raise _translate(exc, t.name, expected_version) from exc

    def delete(
        self, table: str, key: Mapping[str, Any], *, expected_version: int | None = None
    ) -> bool:
        t = schema_table(table)
        args: dict[str, Any] = {
            "TableName": self._name(t.name),
            "Key": self._key(t, key),
            "ReturnValues": "ALL_OLD",
        }
        if expected_version == 0:
            args["ConditionExpression"] = "attribute_not_exists(#pk)"
            args["ExpressionAttributeNames"] = {"#pk": t.partition_key}
        elif expected_version is not None:
            args["ConditionExpression"] = "#v = :v"
            args["ExpressionAttributeNames"] = {"#v": VERSION_ATTRIBUTE}
            args["ExpressionAttributeValues"] = {":v": to_attribute(expected_version)}
        try:
            resp = self.client.delete_item(**args)
        except ClientError as exc:
            raise _translate(exc, table, expected_version) from exc
        return bool(resp.get("Attributes"))

    def _query(self, q: KeyQuery) -> list[dict[str, Any]]:
        sort_min, sort_max, limit = q.sort_min, q.sort_max, q.limit
        condition = "#p = :p"
        names = {"#p": q.partition_attribute}
        values = {":p": to_attribute(q.partition_value)}
        if sort_min is not None or sort_max is not None:
            names["#s"] = str(q.sort_attribute)
        if sort_min is not None and sort_max is not None:
            condition += " AND #s BETWEEN :lo AND :hi"
            values[":lo"], values[":hi"] = to_attribute(sort_min), to_attribute(sort_max)
            if _compare(sort_min, sort_max) > 0:
                return []  # DynamoDB refuses an inverted BETWEEN; the answer is empty
        elif sort_min is not None:
            condition += " AND #s >= :lo"
            values[":lo"] = to_attribute(sort_min)
        elif sort_max is not None:
            condition += " AND #s <= :hi"
            values[":hi"] = to_attribute(sort_max)
        args: dict[str, Any] = {
            "TableName": self._name(q.table.name),
            "KeyConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
            "ScanIndexForward": not q.descending,
        }
        if q.index is None:
            args["ConsistentRead"] = True
        else:
            args["IndexName"] = q.index.name
        out: list[dict[str, Any]] = []
        while True:
            if limit is not None:
                args["Limit"] = limit - len(out)
            try:
                resp = self.client.query(**args)
            except ClientError as exc:
                raise _translate(exc, q.table.name, None) from exc
            out.extend(self._from_item(raw) for raw in resp.get("Items", []))
            last = resp.get("LastEvaluatedKey")
            if not last or (limit is not None and len(out) >= limit):
                return out
            args["ExclusiveStartKey"] = last

    def scan(self, table: str) -> Iterator[dict[str, Any]]:
        t = schema_table(table)
        paginator = self.client.get_paginator("scan")
        for page in paginator.paginate(TableName=self._name(t.name), ConsistentRead=True):
            for raw in page.get("Items", []):
                yield self._from_item(raw)

    def put_many(self, table: str, items: Iterable[Mapping[str, Any]]) -> int:
        t = schema_table(table)
        name = self._name(t.name)
        written = 0
        batch: dict[tuple[Any, ...], dict[str, Any]] = {}
        for item in items:
            converted = self._to_item(t, item)
            # A batch may not name one key twice; the later item wins, as it would in order.
            batch[_key_tuple(t, item)] = converted
            written += 1
            if len(batch) == _BATCH:
                self._write_batch(name, list(batch.values()))
                batch = {}
        if batch:
            self._write_batch(name, list(batch.values()))
        return written

    def _write_batch(self, name: str, items: list[dict[str, Any]]) -> None:
        requests: list[Any] = [{"PutRequest": {"Item": item}} for item in items]
        delay = 0.05
        for _ in range(12):
            resp = self.client.batch_write_item(RequestItems={name: requests})
            requests = resp.get("UnprocessedItems", {}).get(name, [])
            if not requests:
                return
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
        raise RuntimeError(f"DynamoDB kept throttling batch writes to {name}")


def _index_key_attributes(t: Table) -> set[str]:
    return {a for idx in t.indexes for a in (idx.partition_key, idx.sort_key) if a}


def _is_active(described: Mapping[str, Any]) -> bool:
    return described.get("TableStatus") == "ACTIVE" and all(
        g.get("IndexStatus", "ACTIVE") == "ACTIVE"
        for g in described.get("GlobalSecondaryIndexes", [])
    )


def _key_tuple(t: Table, item: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(item[a] for a in (t.partition_key, t.sort_key) if a)


def _compare(a: Any, b: Any) -> int:
    if isinstance(a, str) and isinstance(b, str):
        ab, bb = a.encode(), b.encode()
        return (ab > bb) - (ab < bb)
    return (a > b) - (a < b)


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _translate(exc: ClientError, table: str, expected_version: int | None) -> Exception:
    code = _code(exc)
    if code == "ConditionalCheckFailedException":
        if expected_version:
            return ConditionFailed(f"{table}: the item is not at version {expected_version}")
        return ConditionFailed(f"{table}: an item with that key exists already")
    if code == "ValidationException":
        return ValueError(f"{table}: {exc.response['Error'].get('Message', code)}")
    return exc
