"""Bulk SQL per database: id lists and multi-row inserts, written for SQLite and PostgreSQL
separately where SQLAlchemy's general path cost a push more than the database's own work."""

from __future__ import annotations

import json
import operator
from typing import Any

from sqlalchemy import ARRAY, JSON, Connection, String, Table, any_, bindparam


def chunks(values: list[str], size: int = 500) -> list[list[str]]:
    """`values` in lists of at most `size` (SQLite's limit on parameters is far above it)."""
    return [values[i:i + size] for i in range(0, len(values), size)]


def among(conn: Connection, column: Any, values: list[str]) -> Any:
    """`column IN values`; on PostgreSQL `column = ANY(one array parameter)`, which sends
    and plans faster than hundreds of parameters (measured ~2.5x for 200 ids)."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(String)))
    return column.in_(values)


def known_ids(conn: Connection, query: str, org_id: str | None, ids: list[str]) -> set[str]:
    """The first column of `query` for `ids`, sent as plain SQL (SQLAlchemy's compiling of
    an IN list cost more than the lookup): `{among}` becomes `= ANY(one binary array)` on
    PostgreSQL, `IN (?, ...)` on SQLite; `{p}` the parameter for `org_id`. Only for
    statements written here, with fixed table and column names."""
    found: set[str] = set()
    if not ids:
        return found
    head = () if org_id is None else (org_id,)
    if conn.dialect.name == "postgresql":
        sql = query.format(p="%s", among="= ANY(%b::text[])")
        found.update(r[0] for r in conn.exec_driver_sql(sql, (*head, ids)))
        return found
    for chunk in chunks(ids):
        sql = query.format(p="?", among=f"IN ({', '.join('?' * len(chunk))})")
        found.update(r[0] for r in conn.exec_driver_sql(sql, (*head, *chunk)))
    return found


_INSERTS: dict[tuple[str, str, tuple[str, ...]], tuple[str, tuple[int, ...]]] = {}


def _insert_statement(conn: Connection, table: Table, names: tuple[str, ...]
                      ) -> tuple[str, tuple[int, ...]]:
    """The batch INSERT for `names` on this dialect, and where its JSON columns are."""
    key = (conn.dialect.name, table.name, names)
    if key not in _INSERTS:
        quote = conn.dialect.identifier_preparer.quote
        columns = ", ".join(quote(n) for n in names)
        json_at = tuple(i for i, n in enumerate(names) if isinstance(table.c[n].type, JSON))
        if conn.dialect.name == "postgresql":
            # one array parameter per column: a short statement, whatever the batch size
            types = ["TEXT" if i in json_at else table.c[n].type.compile(dialect=conn.dialect)
                     for i, n in enumerate(names)]
            picks = ", ".join(f"u{i}::json" if i in json_at else f"u{i}"
                              for i in range(len(names)))
            arrays = ", ".join(f"%b::{kind}[]" for kind in types)  # binary: no text escaping
            sql = (f"INSERT INTO {quote(table.name)} ({columns}) SELECT {picks} FROM "
                   f"unnest({arrays}) AS u({', '.join(f'u{i}' for i in range(len(names)))})")
        else:
            mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
            sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({', '.join([mark] * len(names))})"
        _INSERTS[key] = (sql, json_at)
    return _INSERTS[key]


def _json(value: Any) -> str:
    """`json.dumps(value)`, without the encoder for the two values most rows carry."""
    if value is None:
        return "null"
    if isinstance(value, dict) and not value:
        return "{}"
    return json.dumps(value)


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """`conn.execute(insert(table), rows)` without SQLAlchemy's per-row parameter
    processing, which cost a push more than the database's own work. SQLite: the driver's
    executemany with plain tuples. PostgreSQL: one `INSERT ... SELECT FROM unnest(arrays)`
    with one array per column (psycopg's executemany sends one statement per row, ~5x
    slower for 200 rows). JSON columns are encoded here, with `json.dumps` as SQLAlchemy's
    JSON type does. Every row must have the same keys, all of them columns of `table`."""
    names = tuple(rows[0])
    sql, json_at = _insert_statement(conn, table, names)
    if conn.dialect.name == "postgresql":
        columns = [[row[n] for row in rows] for n in names]
        for i in json_at:
            columns[i] = [_json(v) for v in columns[i]]
        conn.exec_driver_sql(sql, tuple(columns))
        return
    values = operator.itemgetter(*names)
    params: list[Any] = [values(row) for row in rows]
    if json_at:
        rows_out = []
        for p in params:
            row = list(p)
            for i in json_at:
                row[i] = _json(row[i])
            rows_out.append(tuple(row))  # SQLAlchemy takes a list of tuples as executemany
        params = rows_out
    conn.exec_driver_sql(sql, params)
