"""Reading the audit trail: filter it, check its hash chain, write it as CSV or JSON for the
organisation's information governance."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date as Date
from pathlib import Path

from attune_app.domain.supervision import AuditRow, ChainStatus
from attune_app.services.permissions import require
from attune_app.store import audit
from attune_app.store.errors import InvalidChangeError
from attune_app.store.files import atomic_output
from attune_app.store.library import Library

CSV_COLUMNS = (
    "id",
    "at",
    "person_id",
    "person",
    "action",
    "entity",
    "entity_id",
    "details",
    "hash",
)


@dataclass(frozen=True)
class AuditFilter:
    person_id: int | None = None
    action: str | None = None
    entity: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive


def check_date(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise InvalidChangeError(
            f"{what} '{value}' is not a date; write it as YYYY-MM-DD."
        ) from error


def audit_rows(library: Library, where: AuditFilter | None = None) -> list[AuditRow]:
    """Entries oldest first, filtered; each with the person's name."""
    where = where or AuditFilter()
    clauses: list[str] = []
    params: list[object] = []
    for column, value in (
        ("a.person_id", where.person_id),
        ("a.action", where.action),
        ("a.entity", where.entity),
    ):
        if value is not None and value != "":
            clauses.append(f"{column} = ?")
            params.append(value)
    if where.date_from:
        clauses.append("substr(a.at, 1, 10) >= ?")
        params.append(check_date(where.date_from, "--from"))
    if where.date_to:
        clauses.append("substr(a.at, 1, 10) <= ?")
        params.append(check_date(where.date_to, "--to"))
    sql = (
        "SELECT a.id, a.at, a.person_id, coalesce(p.display_name, ''), a.action, a.entity,"
        " a.entity_id, a.details, a.hash FROM audit_log a LEFT JOIN people p ON p.id = a.person_id"
    )
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY a.id"
    return [
        AuditRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7]), r[8])
        for r in library.db.execute(sql, params).fetchall()
    ]


def distinct_values(library: Library, column: str) -> list[str]:
    if column not in ("action", "entity"):
        raise ValueError(column)
    rows = library.db.execute(f"SELECT DISTINCT {column} FROM audit_log ORDER BY 1").fetchall()
    return [str(r[0]) for r in rows]


def chain_status(library: Library) -> ChainStatus:
    """The whole chain checked; the first break, if any, names its entry."""
    breaks = audit.verify_chain(library.db)
    entries = int(library.db.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    if not breaks:
        return ChainStatus(entries)
    return ChainStatus(entries, breaks[0].entry_id, breaks[0].reason)


def rows_as_csv(rows: Iterable[AuditRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.id,
                row.at,
                "" if row.person_id is None else row.person_id,
                row.person,
                row.action,
                row.entity,
                "" if row.entity_id is None else row.entity_id,
                json.dumps(row.details, sort_keys=True, separators=(",", ":")),
                row.hash,
            ]
        )
    return out.getvalue()


def rows_as_json(rows: Iterable[AuditRow], status: ChainStatus) -> str:
    payload = {
        "chain": {
            "intact": status.intact,
            "entries": status.entries,
            "broken_entry_id": status.broken_entry_id,
            "reason": status.reason,
        },
        "entries": [asdict(row) for row in rows],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def write_csv(
    rows: Sequence[AuditRow],
    target: Path,
    *,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write `rows` as CSV to `target`, atomically (nothing is left when cancelled or failed).
    Touches no database, so it may run on any thread. Returns the number of rows written."""
    with atomic_output(Path(target)) as temp, temp.open("w", encoding="utf-8", newline="") as out:
        step = max(len(rows) // 100, 1)
        for start in range(0, max(len(rows), 1), step):
            if is_cancelled is not None and is_cancelled():
                raise InterruptedError("The audit export was cancelled; no file was written.")
            chunk = rows_as_csv(rows[start : start + step])
            out.write(chunk if start == 0 else chunk.split("\n", 1)[1])
            if progress is not None:
                progress(min((start + step) / max(len(rows), 1), 1.0))
    return len(rows)


def record_export(library: Library, entries: int) -> None:
    """The audit trail was exported (by the actor): itself an audited act."""
    require(library, "view_audit")
    with library.transaction():
        library.audit("export_audit", "audit_log", None, {"entries": entries})
