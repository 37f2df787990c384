"""The append-only, hash-chained audit log.

Each entry's hash covers the previous entry's hash and its own fields, so removing, changing
or reordering an entry breaks the chain from that point. Entries are written inside the
transaction of the change they record: both commit, or neither.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from attune_app.domain.models import AuditEntry

GENESIS_HASH = "0" * 64

# Words about a family (notes, a parent's reflections, comments, captions, names) are never
# copied into the log: it cannot be edited, so a family's data could not be erased from it.
# The log keeps that such a field was set or changed, and its length.
# A family's reference and a clip's content hash identify the family too: once the family is
# erased neither may be found anywhere in the library, so the log never holds them either.
FREE_TEXT_KEYS = frozenset(
    {
        "note", "text", "caption", "name", "original_name", "display_name", "ref", "media_hash",
        "title_text", "prompt",
    }
)  # fmt: skip
# An entry written before that rule whose details named an erased family is overwritten with
# this at the erasure (its hash and links stay): `verify_chain` reports it as erased, not broken.
ERASED_KEY = "erased_by_erasure"


def redact_free_text(details: Any) -> Any:
    """`details` with every free-text value replaced by a marker; ids, frames, codes stay."""
    if isinstance(details, dict):
        return {
            key: _marker(value) if key in FREE_TEXT_KEYS else redact_free_text(value)
            for key, value in details.items()
        }
    if isinstance(details, list):
        return [redact_free_text(value) for value in details]
    return details


def _marker(value: Any) -> Any:
    if isinstance(value, str):
        return f"<text, {len(value)} characters>" if value else ""
    return redact_free_text(value)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def entry_hash(
    prev_hash: str,
    at: str,
    person_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    details_json: str,
) -> str:
    fields = [prev_hash, at, person_id, action, entity, entity_id, details_json]
    payload = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def head_hash(db: Database) -> str:
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else GENESIS_HASH


def append(
    db: Database,
    *,
    person_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    details: dict[str, Any],
) -> AuditEntry:
    """Add an entry; must be called inside the change's transaction."""
    if not db.conn.in_transaction:
        raise RuntimeError("audit entries are written inside the change's transaction")
    details = redact_free_text(details)
    prev = head_hash(db)
    at = now_iso()
    details_json = json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = entry_hash(prev, at, person_id, action, entity, entity_id, details_json)
    cursor = db.execute(
        "INSERT INTO audit_log (at, person_id, action, entity, entity_id, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [at, person_id, action, entity, entity_id, details_json, prev, digest],
    )
    entry_id = int(cursor.lastrowid or 0)
    return AuditEntry(entry_id, at, person_id, action, entity, entity_id, details, prev, digest)


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


def verify_chain(db: Database) -> list[ChainBreak]:
    """Every place where the chain does not check out (empty when it is intact)."""
    breaks: list[ChainBreak] = []
    erasures = dict(
        db.execute(
            "SELECT entity_id, id FROM audit_log WHERE action = 'erase_family'"
            " AND entity = 'erasure'"
        ).fetchall()
    )
    expected_prev = GENESIS_HASH
    for row in _rows(db):
        entry_id, at, person_id, action, entity, entity_id, details, prev, digest = row
        if prev != expected_prev:
            breaks.append(ChainBreak(entry_id, "does not follow the entry before it"))
        if entry_hash(
            prev, at, person_id, action, entity, entity_id, details
        ) != digest and not _erased_by_later_erasure(entry_id, details, erasures):
            breaks.append(ChainBreak(entry_id, "its contents do not match its hash"))
        expected_prev = digest
    return breaks


def _erased_by_later_erasure(entry_id: int, details_json: str, erasures: dict[int, int]) -> bool:
    """Whether an entry's details were overwritten by an erasure recorded after it (an
    overwrite that no later erasure entry accounts for is a break like any other)."""
    try:
        erasure_id = json.loads(details_json).get(ERASED_KEY)
    except (ValueError, AttributeError):
        return False
    return (
        isinstance(erasure_id, int)
        and details_json == erased_details(erasure_id)
        and erasures.get(erasure_id, 0) > entry_id
    )


def erased_details(erasure_id: int) -> str:
    return json.dumps({ERASED_KEY: erasure_id}, separators=(",", ":"))


def entries_for(db: Database, entity: str, entity_id: int) -> list[AuditEntry]:
    rows = db.execute(
        "SELECT id, at, person_id, action, entity, entity_id, details, prev_hash, hash "
        "FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id",
        [entity, entity_id],
    ).fetchall()
    return [_entry(row) for row in rows]


def _entry(r: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], r[8])


def _rows(db: Database) -> Iterator[tuple[Any, ...]]:
    cursor = db.execute(
        "SELECT id, at, person_id, action, entity, entity_id, details, prev_hash, hash "
        "FROM audit_log ORDER BY id"
    )
    while batch := cursor.fetchmany(5000):
        yield from batch
