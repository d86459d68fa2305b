# SQL text is assembled only from the fixed schema's table and attribute names; every value
# is a bound parameter.
# ruff: noqa: S608
"""The embedded store: every table in one SQLite file.

One SQL table per logical table: `pk`, `sk` (untyped columns, so strings and numbers keep their
own type and order) and the item as JSON in `data`. Secondary indexes are expression indexes on
`json_extract(data, ...)`, ending with `pk` so that ordered, limited index queries walk the
B-tree instead of sorting. SQLite compares text with memcmp over UTF-8, which is the byte order
DynamoDB uses for string keys; numbers compare numerically and sort before strings.

WAL mode lets readers run beside the single writer; each thread (and each forked process) gets
its own connection, and every write runs in `BEGIN IMMEDIATE` so a conditional write's check
and its write are one atomic step.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.storage.port import (
    VERSION_ATTRIBUTE,
    ConditionFailed,
    KeyQuery,
    Store,
    check_item_size,
    check_key_value,
)
from core.storage.schema import TABLES, Index, Table
from core.storage.schema import table as schema_table

# Rows fetched per round trip by scan(); big enough to amortise the statement, small enough to
# keep memory flat on 100k-item tables.
SCAN_PAGE_SIZE = 2000
BUSY_TIMEOUT_MS = 30_000
_NO_SORT_KEY = ""


def _dumps(item: Mapping[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _json_path(attribute: str) -> str:
    return '$."' + attribute.replace('"', '\\"') + '"'


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _attr_expr(attribute: str) -> str:
    # Literal path (not a parameter): the planner only uses an expression index when the
    # query's expression is textually the indexed one.
    return "json_extract(data, '" + _json_path(attribute).replace("'", "''") + "')"


def _key_value(table: Table, attribute: str, item: Mapping[str, Any]) -> Any:
    if attribute not in item:
        raise ValueError(f"{table.name} item lacks its key attribute {attribute!r}")
    return check_key_value(table.name, attribute, item[attribute])


def _index_sql(table: Table, index: Index) -> tuple[str, str]:
    name = f"{table.name}__{index.name}"
    parts = [_attr_expr(index.partition_key)]
    if index.sort_key:
        parts.append(_attr_expr(index.sort_key))
    parts.append("pk")
    sql = f"CREATE INDEX {_ident(name)} ON {_ident(table.name)} ({', '.join(parts)})"
    return name, sql


class SqliteStore(Store):
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()

    # --- connections -----------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        # A connection inherited through fork() must never be used by the child.
        if conn is None or self._local.pid != os.getpid():
            conn = self._connect()
            self._local.conn = conn
            self._local.pid = os.getpid()
        return conn

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RuntimeError(f"SQLite refused WAL mode for {self.path} (got {mode})")
        # NORMAL is durable against crashes of the process in WAL mode; only a power loss can
        # drop the last commits.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -32000")
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # --- schema ----------------------------------------------------------------------------

    def init(self) -> None:
        self.ensure_tables()

    def ensure_tables(self) -> list[str]:
        """Create missing tables and indexes (and rebuild changed indexes); returns what was
        created."""
        created: list[str] = []
        with self._write() as conn:
            existing = {
                name: sql
                for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")
                if kind in ("table", "index")
            }
            for table in TABLES.values():
                if table.name not in existing:
                    conn.execute(
                        f"CREATE TABLE {_ident(table.name)} ("
                        "pk NOT NULL, sk NOT NULL, data TEXT NOT NULL, PRIMARY KEY (pk, sk))"
                    )
                    created.append(table.name)
                for index in table.indexes:
                    name, sql = _index_sql(table, index)
                    if existing.get(name) == sql:
                        continue
                    if name in existing:  # the schema changed this index: rebuild it
                        conn.execute(f"DROP INDEX {_ident(name)}")
                    conn.execute(sql)
                    created.append(f"{table.name}/{index.name}")
        return created

    def ping(self) -> None:
        self._conn().execute("SELECT 1").fetchone()

    def drop_all(self) -> None:
        with self._write() as conn:
            for table in TABLES.values():
                conn.execute(f"DROP TABLE IF EXISTS {_ident(table.name)}")

    # --- items -----------------------------------------------------------------------------

    def _keys(self, table: Table, key: Mapping[str, Any]) -> tuple[Any, Any]:
        pk = _key_value(table, table.partition_key, key)
        sk = _key_value(table, table.sort_key, key) if table.sort_key else _NO_SORT_KEY
        return pk, sk

    def get(self, table: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
        t = schema_table(table)
        row = (
            self._conn()
            .execute(
                f"SELECT data FROM {_ident(t.name)} WHERE pk = ? AND sk = ?", self._keys(t, key)
            )
            .fetchone()
        )
        return None if row is None else json.loads(row[0])

    def _put(
        self, t: Table, stored: dict[str, Any], if_not_exists: bool, expected_version: int | None
    ) -> None:
        pk, sk = self._keys(t, stored)
        check_item_size(t.name, stored)
        data = _dumps(stored)
        name = _ident(t.name)
        with self._write() as conn:
            if expected_version is not None and expected_version > 0:
                cur = conn.execute(
                    f"UPDATE {name} SET data = ? WHERE pk = ? AND sk = ? AND "
                    f"{_attr_expr(VERSION_ATTRIBUTE)} = ?",
                    (data, pk, sk, expected_version),
                )
            elif if_not_exists or expected_version == 0:
                cur = conn.execute(
                    f"INSERT INTO {name} (pk, sk, data) VALUES (?, ?, ?) "
                    "ON CONFLICT (pk, sk) DO NOTHING",
                    (pk, sk, data),
                )
            else:
                cur = conn.execute(
                    f"INSERT INTO {name} (pk, sk, data) VALUES (?, ?, ?) "
                    "ON CONFLICT (pk, sk) DO UPDATE SET data = excluded.data",
                    (pk, sk, data),
                )
            if cur.rowcount != 1:
                raise ConditionFailed(_condition_message(t.name, expected_version))

    def delete(
        self, table: str, key: Mapping[str, Any], *, expected_version: int | None = None
    ) -> bool:
        t = schema_table(table)
        pk, sk = self._keys(t, key)
        name = _ident(t.name)
        with self._write() as conn:
            if expected_version is None:
                cur = conn.execute(f"DELETE FROM {name} WHERE pk = ? AND sk = ?", (pk, sk))
                return cur.rowcount == 1
            if expected_version == 0:
                # "No item yet": deleting nothing is fine, deleting something is a clash.
                found = conn.execute(
                    f"SELECT 1 FROM {name} WHERE pk = ? AND sk = ?", (pk, sk)
                ).fetchone()
                if found:
                    raise ConditionFailed(_condition_message(table, expected_version))
                return False
            cur = conn.execute(
                f"DELETE FROM {name} WHERE pk = ? AND sk = ? AND "
                f"{_attr_expr(VERSION_ATTRIBUTE)} = ?",
                (pk, sk, expected_version),
            )
            if cur.rowcount != 1:
                raise ConditionFailed(_condition_message(table, expected_version))
            return True

    def _query(self, q: KeyQuery) -> list[dict[str, Any]]:
        if q.index is None:
            part_sql, sort_sql = "pk", ("sk" if q.sort_attribute else None)
        else:
            part_sql = _attr_expr(q.partition_attribute)
            sort_sql = _attr_expr(q.sort_attribute) if q.sort_attribute else None
        where = [f"{part_sql} = ?"]
        params: list[Any] = [q.partition_value]
        if q.index is not None and sort_sql is not None:
            # DynamoDB leaves items without a usable sort key out of a (sparse) index.
            where.append(f"{sort_sql} IS NOT NULL AND {sort_sql} <> ''")
        if q.sort_min is not None:
            where.append(f"{sort_sql} >= ?")
            params.append(q.sort_min)
        if q.sort_max is not None:
            where.append(f"{sort_sql} <= ?")
            params.append(q.sort_max)
        direction = "DESC" if q.descending else "ASC"
        order = [f"{sort_sql} {direction}"] if sort_sql else []
        order.append(f"pk {direction}")
        sql = (
            f"SELECT data FROM {_ident(q.table.name)} WHERE {' AND '.join(where)} "
            f"ORDER BY {', '.join(order)}"
        )
        if q.limit is not None:
            sql += " LIMIT ?"
            params.append(q.limit)
        rows = self._conn().execute(sql, params).fetchall()
        return [json.loads(row[0]) for row in rows]

    def scan(self, table: str) -> Iterator[dict[str, Any]]:
        # Keyset pages by rowid rather than one open cursor: no read transaction is held
        # between pages, so callers may write while iterating and WAL checkpoints proceed.
        name = _ident(schema_table(table).name)
        sql = f"SELECT rowid, data FROM {name} WHERE rowid > ? ORDER BY rowid LIMIT ?"
        last = -1
        while True:
            rows = self._conn().execute(sql, (last, SCAN_PAGE_SIZE)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            loads = json.loads
            for row in rows:
                yield loads(row[1])
            if len(rows) < SCAN_PAGE_SIZE:
                return

    def put_many(self, table: str, items: Iterable[Mapping[str, Any]]) -> int:
        t = schema_table(table)
        rows = []
        for item in items:
            pk, sk = self._keys(t, item)
            check_item_size(t.name, item)
            rows.append((pk, sk, _dumps(item)))
        if not rows:
            return 0
        with self._write() as conn:
            conn.executemany(
                f"INSERT INTO {_ident(t.name)} (pk, sk, data) VALUES (?, ?, ?) "
                "ON CONFLICT (pk, sk) DO UPDATE SET data = excluded.data",
                rows,
            )
        return len(rows)

    def count(self, table: str) -> int:
        """Number of items in a table (cheap here; used by backups and benchmarks)."""
        row = self._conn().execute(f"SELECT count(*) FROM {_ident(schema_table(table).name)}")
        return int(row.fetchone()[0])


def _condition_message(table: str, expected_version: int | None) -> str:
    if expected_version is None or expected_version == 0:
        return f"{table}: an item with that key exists already"
    return f"{table}: the item is not at version {expected_version}"
